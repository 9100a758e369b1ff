#include "BrowserEvent.h"

#include <emscripten/emscripten.h>

#include "WebPeer.h"

using emscripten::EM_VAL;

// clang-format off
// kpeerBrowserEvent.bind(null, peer, kind, arg), in JS: smaller in wasm than a val::call per arity.
// Timers are called with no argument; embind wants all four, so the event is bound as null.
EM_JS(EM_VAL, kp_bind_browser_event, (unsigned peer, unsigned kind, unsigned arg, int nullEvent), {
  var f = Module['kpeerBrowserEvent'];
  return Emval.toHandle(nullEvent ? f.bind(null, peer >>> 0, kind >>> 0, arg >>> 0, null)
                                  : f.bind(null, peer >>> 0, kind >>> 0, arg >>> 0));
});
// clang-format on

namespace kpeer::web {

emscripten::val bindBrowserEvent(std::uint32_t peerId, BrowserEventKind kind, std::uint32_t arg) {
  return emscripten::val::take_ownership(kp_bind_browser_event(peerId, static_cast<std::uint32_t>(kind), arg,
                                                               kind == BrowserEventKind::Timer));
}

void dispatchBrowserEvent(std::uint32_t peerId, std::uint32_t kind, std::uint32_t arg, emscripten::val event) {
  if (WebPeer* peer = WebPeer::byId(peerId)) peer->onBrowserEvent(kind, arg, std::move(event));
}

}  // namespace kpeer::web
