#include "PeerHandles.h"

#include "WebPeer.h"
#include "core/IdMap.h"

namespace kpeer::web {

namespace {
IdMap<PeerHandle, std::unique_ptr<WebPeer>>& table() {
  static IdMap<PeerHandle, std::unique_ptr<WebPeer>> peers;
  return peers;
}
PeerHandle gLastHandle = 0;
}  // namespace

PeerHandle addPeer(std::unique_ptr<WebPeer> (*make)(PeerHandle handle, void* context), void* context) {
  const PeerHandle handle = ++gLastHandle;
  table().put(handle, make(handle, context));
  return handle;
}

WebPeer* findPeer(PeerHandle handle) {
  auto* found = table().find(handle);
  return found ? found->get() : nullptr;
}

void removePeer(PeerHandle handle) { table().erase(handle); }

int livePeers() { return static_cast<int>(table().size()); }

}  // namespace kpeer::web
