// What js/peer.js and js/channel.js call: one plain function per WebPeer method, the peer named
// by a handle from peerCreate (PeerHandles.h). Plain embind functions instead of class_<WebPeer>
// save ~2.3 KB gzipped of glue JS. An unknown handle (only a bug in js/, which checks _disposed
// first) is answered like a disposed peer.
#pragma once
#include <emscripten/val.h>

#include <cstdint>
#include <string>

#include "PeerHandles.h"

namespace kpeer::web {

using emscripten::val;

// Always returns a handle; peerInitError says whether the peer is usable. Free it with peerDelete.
PeerHandle peerCreate(val config, val hooks);
void peerDelete(PeerHandle peer);

val peerInitError(PeerHandle peer);
val peerSignal(PeerHandle peer, val signal, std::uint32_t request);
val peerCreateChannel(PeerHandle peer, val config, std::uint32_t request);
val peerCloseChannel(PeerHandle peer, std::uint32_t channel);
val peerRestartIce(PeerHandle peer);
bool peerSend(PeerHandle peer, std::uint32_t channel, val data, std::uint32_t request);
val peerWrite(PeerHandle peer, std::uint32_t channel, val data, std::uint32_t request);
double peerBufferedAmount(PeerHandle peer, std::uint32_t channel);
double peerMaxMessageSize(PeerHandle peer);
val peerGetStats(PeerHandle peer);
// channel < 0: the peer's signals flow.
void peerReplayOverflow(PeerHandle peer, double channel, double dropped, bool taken);
// The core's bounds of what JS keeps for late subscribers: 0 signals, 1 messages per flow.
double replayLimit(int which);
void peerClose(PeerHandle peer);
void peerDispose(PeerHandle peer);
int peerLiveCount();

}  // namespace kpeer::web
