// The one table of live peers: JS names a peer by the handle peerCreate returned, and so do the
// browser's event handlers (by handle, not pointer: an event after peerDelete finds nothing).
#pragma once
#include <cstdint>
#include <memory>

namespace kpeer::web {

class WebPeer;
using PeerHandle = std::uint32_t;

PeerHandle addPeer(std::unique_ptr<WebPeer> (*make)(PeerHandle handle, void* context), void* context);
WebPeer* findPeer(PeerHandle handle);
void removePeer(PeerHandle handle);
int livePeers();

}  // namespace kpeer::web
