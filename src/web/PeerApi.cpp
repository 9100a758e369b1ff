#include "PeerApi.h"

#include <memory>

#include "WebPeer.h"
#include "core/ReplayLimits.h"

using namespace kpeer;
using namespace kpeer::web;

namespace {

struct NewPeer {
  JsRef config;
  JsRef hooks;
};

std::unique_ptr<WebPeer> makePeer(PeerHandle handle, void* context) {
  auto* args = static_cast<NewPeer*>(context);
  return std::make_unique<WebPeer>(handle, args->config, std::move(args->hooks));
}

JsHandle disposed() { return WebPeer::disposedError().release(); }

}  // namespace

PeerHandle peerCreate(JsHandle config, JsHandle hooks) {
  NewPeer args{JsRef::take(config), JsRef::take(hooks)};
  return addPeer(&makePeer, &args);
}

void peerDelete(PeerHandle peer) { removePeer(peer); }

int peerLiveCount() { return livePeers(); }

JsHandle peerInitError(PeerHandle peer) {
  WebPeer* p = findPeer(peer);
  return p ? p->initError().release() : disposed();
}

JsHandle peerSignal(PeerHandle peer, JsHandle signal, std::uint32_t request) {
  JsRef s = JsRef::take(signal);
  WebPeer* p = findPeer(peer);
  return p ? p->signal(s, RequestId(request)).release() : disposed();
}

JsHandle peerCreateChannel(PeerHandle peer, JsHandle config, std::uint32_t request) {
  JsRef c = JsRef::take(config);
  WebPeer* p = findPeer(peer);
  return p ? p->createChannel(c, RequestId(request)).release() : disposed();
}

JsHandle peerCloseChannel(PeerHandle peer, std::uint32_t channel) {
  WebPeer* p = findPeer(peer);
  return p ? p->closeChannel(ChannelId(channel)).release() : disposed();
}

JsHandle peerRestartIce(PeerHandle peer) {
  WebPeer* p = findPeer(peer);
  return p ? p->restartIce().release() : disposed();
}

int peerSend(PeerHandle peer, std::uint32_t channel, JsHandle data, std::uint32_t request) {
  JsRef d = JsRef::take(data);
  WebPeer* p = findPeer(peer);
  return p && p->send(ChannelId(channel), d, RequestId(request)) ? 1 : 0;
}

JsHandle peerWrite(PeerHandle peer, std::uint32_t channel, JsHandle data, std::uint32_t request) {
  JsRef d = JsRef::take(data);
  WebPeer* p = findPeer(peer);
  return p ? p->write(ChannelId(channel), d, RequestId(request)).release() : disposed();
}

double peerBufferedAmount(PeerHandle peer, std::uint32_t channel) {
  WebPeer* p = findPeer(peer);
  return p ? p->bufferedAmount(ChannelId(channel)) : 0;
}

double peerMaxMessageSize(PeerHandle peer) {
  WebPeer* p = findPeer(peer);
  return p ? p->maxMessageSize() : 0;
}

JsHandle peerGetStats(PeerHandle peer) {
  WebPeer* p = findPeer(peer);
  return (p ? p->getStats() : WebPeer::rejectedStats()).release();
}

void peerWatchBuffered(PeerHandle peer, std::uint32_t channel, int on) {
  if (WebPeer* p = findPeer(peer)) p->watchBuffered(ChannelId(channel), on != 0);
}

void peerReplayOverflow(PeerHandle peer, double channel, double dropped, int taken) {
  if (WebPeer* p = findPeer(peer))
    p->replayOverflow(channel < 0 ? std::nullopt : std::optional<ChannelId>(ChannelId(static_cast<std::uint32_t>(channel))),
                      ReplayDrops{static_cast<std::uint64_t>(dropped), taken != 0});
}

double replayLimit(int which) { return static_cast<double>(which == 0 ? kSignalReplayLimit : kMessageReplayLimit); }

void peerClose(PeerHandle peer) {
  if (WebPeer* p = findPeer(peer)) p->close();
}

void peerDispose(PeerHandle peer) {
  if (WebPeer* p = findPeer(peer)) p->dispose();
}
