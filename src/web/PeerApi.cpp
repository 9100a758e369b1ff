#include "PeerApi.h"

#include <memory>

#include "WebPeer.h"
#include "core/ReplayLimits.h"

namespace kpeer::web {

namespace {

struct NewPeer {
  val config;
  val hooks;
};

std::unique_ptr<WebPeer> makePeer(PeerHandle handle, void* context) {
  auto* args = static_cast<NewPeer*>(context);
  return std::make_unique<WebPeer>(handle, args->config, std::move(args->hooks));
}

}  // namespace

PeerHandle peerCreate(val config, val hooks) {
  NewPeer args{std::move(config), std::move(hooks)};
  return addPeer(&makePeer, &args);
}

void peerDelete(PeerHandle peer) { removePeer(peer); }

int peerLiveCount() { return livePeers(); }

val peerInitError(PeerHandle peer) {
  WebPeer* p = findPeer(peer);
  return p ? p->initError() : WebPeer::disposedError();
}

val peerSignal(PeerHandle peer, val signal, std::uint32_t request) {
  WebPeer* p = findPeer(peer);
  return p ? p->signal(signal, RequestId(request)) : WebPeer::disposedError();
}

val peerCreateChannel(PeerHandle peer, val config, std::uint32_t request) {
  WebPeer* p = findPeer(peer);
  return p ? p->createChannel(config, RequestId(request)) : WebPeer::disposedError();
}

val peerCloseChannel(PeerHandle peer, std::uint32_t channel) {
  WebPeer* p = findPeer(peer);
  return p ? p->closeChannel(ChannelId(channel)) : WebPeer::disposedError();
}

val peerRestartIce(PeerHandle peer) {
  WebPeer* p = findPeer(peer);
  return p ? p->restartIce() : WebPeer::disposedError();
}

bool peerSend(PeerHandle peer, std::uint32_t channel, val data, std::uint32_t request) {
  WebPeer* p = findPeer(peer);
  return p && p->send(ChannelId(channel), data, RequestId(request));
}

val peerWrite(PeerHandle peer, std::uint32_t channel, val data, std::uint32_t request) {
  WebPeer* p = findPeer(peer);
  return p ? p->write(ChannelId(channel), data, RequestId(request)) : WebPeer::disposedError();
}

double peerBufferedAmount(PeerHandle peer, std::uint32_t channel) {
  WebPeer* p = findPeer(peer);
  return p ? p->bufferedAmount(ChannelId(channel)) : 0;
}

double peerMaxMessageSize(PeerHandle peer) {
  WebPeer* p = findPeer(peer);
  return p ? p->maxMessageSize() : 0;
}

val peerGetStats(PeerHandle peer) {
  WebPeer* p = findPeer(peer);
  return p ? p->getStats() : WebPeer::rejectedStats();
}

void peerReplayOverflow(PeerHandle peer, double channel, double dropped, bool taken) {
  if (WebPeer* p = findPeer(peer))
    p->replayOverflow(channel < 0 ? std::nullopt : std::optional<ChannelId>(ChannelId(static_cast<std::uint32_t>(channel))),
                      ReplayDrops{static_cast<std::uint64_t>(dropped), taken});
}

double replayLimit(int which) {
  return static_cast<double>(which == 0 ? kSignalReplayLimit : kMessageReplayLimit);
}

void peerClose(PeerHandle peer) {
  if (WebPeer* p = findPeer(peer)) p->close();
}

void peerDispose(PeerHandle peer) {
  if (WebPeer* p = findPeer(peer)) p->dispose();
}

}  // namespace kpeer::web
