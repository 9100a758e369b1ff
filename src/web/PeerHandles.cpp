#include "PeerHandles.h"

#include "WebPeer.h"
#include "core/IdIndex.h"

namespace kpeer::web {

namespace {
void deletePeer(void* peer) { delete static_cast<WebPeer*>(peer); }
// The peers by handle, owned here (an IdIndex of WebPeer*: no map type of its own).
IdIndex& table() {
  static IdIndex peers(&deletePeer);
  return peers;
}
PeerHandle gLastHandle = 0;
}  // namespace

PeerHandle addPeer(std::unique_ptr<WebPeer> (*make)(PeerHandle handle, void* context), void* context) {
  const PeerHandle handle = ++gLastHandle;
  WebPeer* peer = make(handle, context).release();
  table().slot(handle) = peer;  // a new handle: the slot was empty
  return handle;
}

WebPeer* findPeer(PeerHandle handle) { return static_cast<WebPeer*>(table().find(handle)); }

void removePeer(PeerHandle handle) { table().erase(handle); }

int livePeers() { return static_cast<int>(table().size()); }

}  // namespace kpeer::web
