// What js/wasm.js calls: one exported C function per WebPeer method, the peer named by a handle
// from peerCreate (PeerHandles.h). JS values cross as handles (JsRef.h): an argument handle is
// owned by the callee, a returned one by JS (0 = undefined, 1 = null). An unknown peer handle
// (only a bug in js/, which checks _disposed first) is answered like a disposed peer.
#pragma once
#include <emscripten/emscripten.h>

#include <cstdint>

#include "JsRef.h"
#include "PeerHandles.h"

using kpeer::web::JsHandle;
using kpeer::web::PeerHandle;

#define KPEER_EXPORT extern "C" EMSCRIPTEN_KEEPALIVE

// Always returns a handle; peerInitError says whether the peer is usable. Free it with peerDelete.
KPEER_EXPORT PeerHandle peerCreate(JsHandle config, JsHandle hooks);
KPEER_EXPORT void peerDelete(PeerHandle peer);

KPEER_EXPORT JsHandle peerInitError(PeerHandle peer);
KPEER_EXPORT JsHandle peerSignal(PeerHandle peer, JsHandle signal, std::uint32_t request);
KPEER_EXPORT JsHandle peerCreateChannel(PeerHandle peer, JsHandle config, std::uint32_t request);
KPEER_EXPORT JsHandle peerCloseChannel(PeerHandle peer, std::uint32_t channel);
KPEER_EXPORT JsHandle peerRestartIce(PeerHandle peer);
KPEER_EXPORT int peerSend(PeerHandle peer, std::uint32_t channel, JsHandle data, std::uint32_t request);
KPEER_EXPORT JsHandle peerWrite(PeerHandle peer, std::uint32_t channel, JsHandle data, std::uint32_t request);
KPEER_EXPORT double peerBufferedAmount(PeerHandle peer, std::uint32_t channel);
KPEER_EXPORT double peerMaxMessageSize(PeerHandle peer);
KPEER_EXPORT JsHandle peerGetStats(PeerHandle peer);
// channel < 0: the peer's signals flow.
// The channel's bufferedAmount flow got its first subscriber (on = 1) or lost its last one.
KPEER_EXPORT void peerWatchBuffered(PeerHandle peer, std::uint32_t channel, int on);
KPEER_EXPORT void peerReplayOverflow(PeerHandle peer, double channel, double dropped, int taken);
// The core's bounds of what JS keeps for late subscribers: 0 signals, 1 messages per flow.
KPEER_EXPORT double replayLimit(int which);
KPEER_EXPORT void peerClose(PeerHandle peer);
KPEER_EXPORT void peerDispose(PeerHandle peer);
KPEER_EXPORT int peerLiveCount();
