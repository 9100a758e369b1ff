#include "BrowserEvent.h"

#include <emscripten/emscripten.h>

#include "PeerHandles.h"
#include "WebPeer.h"

using emscripten::EM_VAL;

// clang-format off
// A handler calling kpeerBrowserEvent(peer, kind, arg, event), made in JS: smaller in wasm than a
// val::call. The event is null when the caller passes none (werift calls onopen() bare), since
// embind wants all four arguments.
EM_JS(EM_VAL, kp_bind_browser_event, (unsigned peer, unsigned kind, unsigned arg), {
  var f = Module['kpeerBrowserEvent'];
  peer >>>= 0; kind >>>= 0; arg >>>= 0;
  return Emval.toHandle(function(e) { f(peer, kind, arg, e === undefined ? null : e); });
});

// Timers are called with no argument; embind wants all four, so the event is bound as null.
EM_JS(double, kp_start_timer, (unsigned peer, unsigned kind, double delay), {
  return setTimeout(Module['kpeerBrowserEvent'].bind(null, peer >>> 0, kind >>> 0, 0, null), delay);
});

EM_JS(void, kp_stop_timer, (double id), { clearTimeout(id); });
// clang-format on

namespace kpeer::web {

emscripten::val bindBrowserEvent(std::uint32_t peer, BrowserEventKind kind, std::uint32_t arg) {
  return emscripten::val::take_ownership(kp_bind_browser_event(peer, static_cast<std::uint32_t>(kind), arg));
}

double startBrowserTimer(std::uint32_t peer, double delayMs) {
  return kp_start_timer(peer, static_cast<std::uint32_t>(BrowserEventKind::Timer), delayMs);
}

void stopBrowserTimer(double timerId) { kp_stop_timer(timerId); }

void dispatchBrowserEvent(std::uint32_t peer, std::uint32_t kind, std::uint32_t arg, emscripten::val event) {
  if (WebPeer* p = findPeer(peer)) p->onBrowserEvent(static_cast<BrowserEventKind>(kind), arg, std::move(event));
}

}  // namespace kpeer::web
