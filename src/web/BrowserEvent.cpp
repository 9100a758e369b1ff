#include "BrowserEvent.h"

#include <emscripten/emscripten.h>

#include "PeerHandles.h"
#include "WebPeer.h"

// clang-format off
EM_JS(unsigned, kp_bind_browser_event, (unsigned peer, unsigned kind, unsigned arg), { return kpToRef(kpEvent(peer, kind, arg)); });
EM_JS(double, kp_start_timer, (unsigned peer, unsigned kind, double delay), { return setTimeout(kpEvent(peer, kind, 0), delay); });
EM_JS(void, kp_stop_timer, (double id), { clearTimeout(id); });
// clang-format on

namespace kpeer::web {

JsRef bindBrowserEvent(std::uint32_t peer, BrowserEventKind kind, std::uint32_t arg) {
  return JsRef::take(kp_bind_browser_event(peer, static_cast<std::uint32_t>(kind), arg));
}

double startBrowserTimer(std::uint32_t peer, double delayMs) {
  return kp_start_timer(peer, static_cast<std::uint32_t>(BrowserEventKind::Timer), delayMs);
}

void stopBrowserTimer(double timerId) { kp_stop_timer(timerId); }

}  // namespace kpeer::web

// The one entry for browser events: routes to the live peer or drops the event. `event` is a
// handle this call owns.
extern "C" EMSCRIPTEN_KEEPALIVE void kpBrowserEvent(std::uint32_t peer, std::uint32_t kind, std::uint32_t arg,
                                                    kpeer::web::JsHandle event) {
  using namespace kpeer::web;
  JsRef e = JsRef::take(event);
  if (WebPeer* p = findPeer(peer)) p->onBrowserEvent(static_cast<BrowserEventKind>(kind), arg, e);
}
