#include "BrowserEvent.h"

#include "WebPeer.h"

namespace kpeer::web {

emscripten::val bindBrowserEvent(std::uint32_t peerId, BrowserEventKind kind, std::uint32_t arg) {
  // One handle for the module's lifetime (part of the emval baseline).
  static const emscripten::val dispatch = emscripten::val::module_property("kpeerBrowserEvent");
  const auto k = static_cast<std::uint32_t>(kind);
  // Timers are called with no argument; embind wants all four, so the event is bound as null.
  if (kind == BrowserEventKind::Timer)
    return dispatch.call<emscripten::val>("bind", emscripten::val::null(), peerId, k, arg, emscripten::val::null());
  return dispatch.call<emscripten::val>("bind", emscripten::val::null(), peerId, k, arg);
}

void dispatchBrowserEvent(std::uint32_t peerId, std::uint32_t kind, std::uint32_t arg, emscripten::val event) {
  if (WebPeer* peer = WebPeer::byId(peerId)) peer->onBrowserEvent(kind, arg, std::move(event));
}

}  // namespace kpeer::web
