#include "PeerHandles.h"

#include <map>

#include "WebPeer.h"

namespace kpeer::web {

namespace {
std::map<PeerHandle, std::unique_ptr<WebPeer>>& table() {
  static std::map<PeerHandle, std::unique_ptr<WebPeer>> peers;
  return peers;
}
PeerHandle gLastHandle = 0;
}  // namespace

PeerHandle addPeer(std::unique_ptr<WebPeer> (*make)(PeerHandle handle, void* context), void* context) {
  const PeerHandle handle = ++gLastHandle;
  table()[handle] = make(handle, context);
  return handle;
}

WebPeer* findPeer(PeerHandle handle) {
  auto it = table().find(handle);
  return it == table().end() ? nullptr : it->second.get();
}

void removePeer(PeerHandle handle) { table().erase(handle); }

int livePeers() { return static_cast<int>(table().size()); }

}  // namespace kpeer::web
