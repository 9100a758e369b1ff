// What js/peer.js and js/channel.js call: one plain function per WebPeer method, the peer named
// by a handle from peerCreate. Plain embind functions instead of class_<WebPeer> save ~2.3 KB
// gzipped of glue JS (no ClassHandle machinery) and ~0.8 KB of wasm. An unknown handle (only a
// bug in js/, which checks _disposed first) is answered like a disposed peer.
#pragma once
#include <emscripten/val.h>

#include <cstdint>
#include <string>

namespace kpeer::web {

using emscripten::val;
using PeerHandle = std::uint32_t;

// Always returns a handle; peerInitError says whether the peer is usable. Free it with peerDelete.
PeerHandle peerCreate(std::string configJson, val hooks);
void peerDelete(PeerHandle peer);

val peerInitError(PeerHandle peer);
val peerSignal(PeerHandle peer, std::string json, std::uint32_t request);
val peerCreateChannel(PeerHandle peer, std::string configJson);
val peerCloseChannel(PeerHandle peer, std::uint32_t channelId);
val peerRestartIce(PeerHandle peer);
int peerSend(PeerHandle peer, std::uint32_t channelId, val data);
val peerWrite(PeerHandle peer, std::uint32_t channelId, val data, std::uint32_t request);
double peerBufferedAmount(PeerHandle peer, std::uint32_t channelId);
double peerMaxMessageSize(PeerHandle peer);
val peerGetStats(PeerHandle peer);
void peerClose(PeerHandle peer);
void peerDispose(PeerHandle peer);

}  // namespace kpeer::web
