#include "PeerApi.h"

#include <map>
#include <memory>

#include "WebPeer.h"

namespace kpeer::web {

namespace {

std::map<PeerHandle, std::unique_ptr<WebPeer>>& handles() {
  static std::map<PeerHandle, std::unique_ptr<WebPeer>> peers;
  return peers;
}
PeerHandle gLastHandle = 0;

WebPeer* find(PeerHandle peer) {
  auto it = handles().find(peer);
  return it == handles().end() ? nullptr : it->second.get();
}

}  // namespace

PeerHandle peerCreate(std::string configJson, val hooks) {
  handles()[++gLastHandle] = std::make_unique<WebPeer>(std::move(configJson), std::move(hooks));
  return gLastHandle;
}

void peerDelete(PeerHandle peer) { handles().erase(peer); }

val peerInitError(PeerHandle peer) {
  WebPeer* p = find(peer);
  return p ? p->initError() : WebPeer::disposedError();
}

val peerSignal(PeerHandle peer, std::string json, std::uint32_t request) {
  WebPeer* p = find(peer);
  return p ? p->signal(std::move(json), request) : WebPeer::disposedError();
}

val peerCreateChannel(PeerHandle peer, std::string configJson) {
  WebPeer* p = find(peer);
  return p ? p->createChannel(std::move(configJson)) : WebPeer::disposedError();
}

val peerCloseChannel(PeerHandle peer, std::uint32_t channelId) {
  WebPeer* p = find(peer);
  return p ? p->closeChannel(channelId) : WebPeer::disposedError();
}

val peerRestartIce(PeerHandle peer) {
  WebPeer* p = find(peer);
  return p ? p->restartIce() : WebPeer::disposedError();
}

int peerSend(PeerHandle peer, std::uint32_t channelId, val data) {
  WebPeer* p = find(peer);
  return p ? p->send(channelId, std::move(data)) : 0;
}

val peerWrite(PeerHandle peer, std::uint32_t channelId, val data, std::uint32_t request) {
  WebPeer* p = find(peer);
  return p ? p->write(channelId, std::move(data), request) : WebPeer::disposedError();
}

double peerBufferedAmount(PeerHandle peer, std::uint32_t channelId) {
  WebPeer* p = find(peer);
  return p ? p->bufferedAmount(channelId) : 0;
}

double peerMaxMessageSize(PeerHandle peer) {
  WebPeer* p = find(peer);
  return p ? p->maxMessageSize() : 0;
}

val peerGetStats(PeerHandle peer) {
  WebPeer* p = find(peer);
  return p ? p->getStats() : WebPeer::rejectedStats();
}

void peerClose(PeerHandle peer) {
  if (WebPeer* p = find(peer)) p->close();
}

void peerDispose(PeerHandle peer) {
  if (WebPeer* p = find(peer)) p->dispose();
}

}  // namespace kpeer::web
