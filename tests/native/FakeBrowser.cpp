#include "FakeBrowser.h"

#include <algorithm>
#include <stdexcept>

#include "core/SignalCodec.h"

namespace kpeer::sim {

// --- Loop

void Loop::at(TimeMs time, std::function<void()> task) {
  tasks_.emplace(std::make_pair(std::max(time, now_), seq_++), std::move(task));
}

std::optional<TimeMs> Loop::next() const {
  if (tasks_.empty()) return std::nullopt;
  return tasks_.begin()->first.first;
}

void Loop::advanceTo(TimeMs time) { now_ = std::max(now_, time); }

void Loop::runNext() {
  auto it = tasks_.begin();
  now_ = it->first.first;
  auto task = std::move(it->second);
  tasks_.erase(it);
  task();
}

// --- FakeSdp

std::string FakeSdp::text() const {
  std::string s = "v=0\r\no=- 4611731400430051336 " + std::to_string(version) +
                  " IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=ice-ufrag:" + ufrag + "\r\n";
  if (data) s += "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=mid:0\r\na=sctp-port:5000\r\n";
  return s;
}

std::optional<FakeSdp> FakeSdp::parse(const std::string& sdp) {
  const std::string key = "a=ice-ufrag:";
  auto at = sdp.find(key);
  if (sdp.rfind("v=0", 0) != 0 || at == std::string::npos) return std::nullopt;
  auto start = at + key.size();
  return FakeSdp{sdp.substr(start, sdp.find("\r\n", start) - start), sdp.find("m=application") != std::string::npos};
}

// --- FakeBrowser

namespace {
OpOutcome failure(std::string message) { return OpOutcome{false, std::move(message), std::nullopt}; }

std::string candidateLine(int n, const std::string& ufrag) {
  return "candidate:" + std::to_string(842163040 + n) + " 1 udp " + std::to_string(2122260224 - n) +
         " 192.168.1." + std::to_string(10 + n) + " " + std::to_string(50000 + n) + " typ host generation 0 ufrag " +
         ufrag + " network-id 1";
}
}  // namespace

FakeBrowser::FakeBrowser(std::string name, Loop& loop, Deliver deliver, Timing timing)
    : name_(std::move(name)), loop_(loop), deliver_(std::move(deliver)), timing_(timing) {}

int FakeBrowser::count(const std::string& line) const {
  return static_cast<int>(std::count(trace_.begin(), trace_.end(), line));
}

void FakeBrowser::execute(const Command& command) {
  if (auto* c = std::get_if<cmd::SetLocalDescription>(&command)) {
    operation(c->op, [this] { return setLocalDescription(); });
  } else if (auto* c = std::get_if<cmd::SetRemoteDescription>(&command)) {
    operation(c->op, [this, d = c->description] { return setRemoteDescription(d); });
  } else if (auto* c = std::get_if<cmd::AddIceCandidate>(&command)) {
    operation(c->op, [this, cand = c->candidate] { return addIceCandidate(cand); });
  } else if (std::holds_alternative<cmd::RestartIce>(command)) {
    trace_.push_back("restartIce");
    restartPending_ = true;
    checkNegotiationNeeded();
  } else if (auto* c = std::get_if<cmd::CreateDataChannel>(&command)) {
    channels_[c->transport] = Channel{c->config.label, c->config.protocol, c->config.negotiated, false, 0};
    checkNegotiationNeeded();
    openChannelsIfLinked();
  } else if (auto* c = std::get_if<cmd::CloseDataChannel>(&command)) {
    auto it = channels_.find(c->transport);
    if (it == channels_.end()) return;
    TransportId t = c->transport, peerT = it->second.peerTransport;
    channels_.erase(it);
    loop_.after(0, [this, t] { if (!closed_) toCore([t](PeerCore& p, TimeMs now) { p.onTransportState(t, ChannelState::Closed, now); }); });
    if (peerT && remote_) loop_.after(timing_.link, [r = remote_, peerT] { r->channelClosedByPeer(peerT); });
  } else if (std::holds_alternative<cmd::ClosePeerConnection>(command)) {
    if (closed_) return;
    // pc.close() fires no state events; the other side notices over the link.
    trace_.push_back("close");
    closed_ = true;
    signaling_ = SignalingState::Closed;
    ice_ = IceConnectionState::Closed;
    channels_.clear();
    if (remote_) loop_.after(timing_.link, [r = remote_] { r->peerClosed(); });
  }
}

// The operations chain: one operation at a time, each result delivered as a later task.
// Results of operations still in flight at close() arrive as failures, like rejected promises.
void FakeBrowser::operation(OpId op, std::function<OpOutcome()> run) {
  chainFreeAt_ = std::max(chainFreeAt_, loop_.now()) + timing_.opLatency;
  loop_.at(chainFreeAt_, [this, op, run = std::move(run)] {
    OpOutcome r = closed_ ? failure("InvalidStateError: The RTCPeerConnection's signalingState is 'closed'.") : run();
    toCore([&](PeerCore& p, TimeMs now) { p.onOperationDone(op, r, now); });
  });
}

OpOutcome FakeBrowser::setLocalDescription() {
  if (signaling_ == SignalingState::Stable || signaling_ == SignalingState::HaveLocalOffer) {
    if (!pendingLocalOffer_) {
      const bool newCredentials = restartPending_ || localUfrag_.empty();
      pendingLocalOffer_ = FakeSdp{newCredentials ? nextUfrag() : localUfrag_, !channels_.empty() || sctpNegotiated_, ++sdpVersion_};
      pendingOfferRestarts_ = restartPending_;
      restartPending_ = false;
    }
    trace_.push_back("offer " + pendingLocalOffer_->ufrag + (pendingLocalOffer_->data ? " data" : ""));
    setSignaling(SignalingState::HaveLocalOffer);
    gather(pendingLocalOffer_->ufrag);
    return OpOutcome{true, "", Description{SignalType::Offer, pendingLocalOffer_->text()}};
  }
  if (signaling_ == SignalingState::HaveRemoteOffer) {
    const FakeSdp offer = *pendingRemoteOffer_;
    // An offer with new remote credentials is an ICE restart: the answer gets new ones too.
    const bool newCredentials =
        localUfrag_.empty() || restartPending_ || (!remoteUfrag_.empty() && offer.ufrag != remoteUfrag_);
    if (newCredentials) restartPending_ = false;
    FakeSdp answer{newCredentials ? nextUfrag() : localUfrag_, offer.data, ++sdpVersion_};
    trace_.push_back("answer " + answer.ufrag + (answer.data ? " data" : ""));
    localUfrag_ = answer.ufrag;
    remoteUfrag_ = offer.ufrag;
    sctpNegotiated_ = sctpNegotiated_ || answer.data;
    pendingRemoteOffer_.reset();
    gather(answer.ufrag);
    enterStable();
    return OpOutcome{true, "", Description{SignalType::Answer, answer.text()}};
  }
  return failure("InvalidStateError: Failed to execute 'setLocalDescription' on 'RTCPeerConnection': wrong state");
}

OpOutcome FakeBrowser::setRemoteDescription(const Description& d) {
  auto sdp = FakeSdp::parse(d.sdp);
  if (!sdp) return failure("OperationError: Failed to parse SessionDescription.");
  if (d.type == SignalType::Offer) {
    if (signaling_ == SignalingState::HaveLocalOffer) rollback();  // implicit rollback (polite side)
    trace_.push_back("remote offer " + sdp->ufrag);
    pendingRemoteOffer_ = *sdp;
    hasRemoteDescription_ = true;
    setSignaling(SignalingState::HaveRemoteOffer);
    return OpOutcome{};
  }
  if (signaling_ != SignalingState::HaveLocalOffer) {
    trace_.push_back("answer refused");
    return failure("InvalidStateError: Failed to set remote answer sdp: Called in wrong state: stable");
  }
  trace_.push_back("remote answer " + sdp->ufrag);
  localUfrag_ = pendingLocalOffer_->ufrag;
  remoteUfrag_ = sdp->ufrag;
  sctpNegotiated_ = sctpNegotiated_ || (pendingLocalOffer_->data && sdp->data);
  pendingLocalOffer_.reset();
  hasRemoteDescription_ = true;
  enterStable();
  return OpOutcome{};
}

OpOutcome FakeBrowser::addIceCandidate(const IceCandidate& c) {
  if (!hasRemoteDescription_)
    return failure("InvalidStateError: Failed to execute 'addIceCandidate' on 'RTCPeerConnection': The remote description was null");
  if (c.candidate.empty()) return OpOutcome{};  // end-of-candidates
  auto at = c.candidate.find(" ufrag ");
  std::string ufrag = at == std::string::npos ? "" : c.candidate.substr(at + 7, c.candidate.find(' ', at + 7) - at - 7);
  ++remoteCandidates_[ufrag];
  updateIce();
  return OpOutcome{};
}

void FakeBrowser::rollback() {
  trace_.push_back("rollback");
  if (pendingOfferRestarts_) restartPending_ = true;  // the restart is still to be done
  pendingLocalOffer_.reset();
  setSignaling(SignalingState::Stable);
}

void FakeBrowser::setSignaling(SignalingState s) {
  if (s == signaling_) return;
  signaling_ = s;
  toCore([s](PeerCore& p, TimeMs now) { p.onSignalingState(s, now); });
}

void FakeBrowser::setIce(IceConnectionState s) {
  if (s == ice_) return;
  ice_ = s;
  toCore([s](PeerCore& p, TimeMs now) { p.onIceConnectionState(s, now); });
}

void FakeBrowser::enterStable() {
  setSignaling(SignalingState::Stable);
  negotiationNeededFired_ = false;
  checkNegotiationNeeded();
  updateIce();
  openChannelsIfLinked();
  if (remote_) remote_->openChannelsIfLinked();
}

void FakeBrowser::gather(const std::string& ufrag) {
  if (ufrag == gatheringUfrag_) return;
  gatheringUfrag_ = ufrag;
  for (int i = 1; i <= timing_.candidates + 1; ++i)
    loop_.after(i, [this, ufrag, i] {
      if (closed_ || gatheringUfrag_ != ufrag) return;
      if (i > timing_.candidates)
        toCore([](PeerCore& p, TimeMs now) { p.onLocalCandidatesComplete(now); });
      else
        toCore([c = IceCandidate{candidateLine(i, ufrag), "0", 0}](PeerCore& p, TimeMs now) { p.onLocalCandidate(c, now); });
    });
}

bool FakeBrowser::negotiationNeeded() const {
  return !closed_ && (restartPending_ || (!channels_.empty() && !sctpNegotiated_));
}

// negotiationneeded fires (as a task) only in 'stable', once until the next return to 'stable'.
void FakeBrowser::checkNegotiationNeeded() {
  if (signaling_ != SignalingState::Stable || negotiationNeededFired_ || !negotiationNeeded()) return;
  negotiationNeededFired_ = true;
  loop_.after(0, [this] {
    if (signaling_ != SignalingState::Stable || !negotiationNeeded()) return;
    trace_.push_back("negotiationneeded");
    toCore([](PeerCore& p, TimeMs now) { p.onNegotiationNeeded(now); });
  });
}

// ICE connects once both descriptions are in place and a remote candidate of the current remote
// credentials was added. After an outage the old credentials stay dead: only an ICE restart helps.
bool FakeBrowser::canConnect() const {
  return !closed_ && networkUp_ && remote_ && !remote_->closed_ && signaling_ == SignalingState::Stable &&
         !localUfrag_.empty() && remoteCandidates_.count(remoteUfrag_) && localUfrag_ + "/" + remoteUfrag_ != deadPair_;
}

void FakeBrowser::updateIce() {
  if (iceCheckPending_ || ice_ == IceConnectionState::Connected || !canConnect()) return;
  setIce(IceConnectionState::Checking);
  iceCheckPending_ = true;
  loop_.after(timing_.iceCheck, [this] {
    iceCheckPending_ = false;
    if (!canConnect()) return;
    setIce(IceConnectionState::Connected);
    openChannelsIfLinked();
    if (remote_) remote_->openChannelsIfLinked();
  });
}

void FakeBrowser::setNetworkUp(bool up) {
  loop_.after(0, [this, up] {
    networkUp_ = up;
    if (up) return updateIce();
    deadPair_ = localUfrag_ + "/" + remoteUfrag_;
    if (ice_ == IceConnectionState::Connected || ice_ == IceConnectionState::Checking)
      setIce(IceConnectionState::Disconnected);
  });
}

// Once both ends have an SCTP association, channels open in-band: the creator's channel opens and
// the other side gets it through ondatachannel (negotiated channels just open on both).
void FakeBrowser::openChannelsIfLinked() {
  if (!sctpUp() || !remote_ || !remote_->sctpUp()) return;
  for (auto& [transport, channel] : channels_) {
    if (channel.announced) continue;
    channel.announced = true;
    loop_.after(timing_.link, [this, t = transport] {
      auto it = channels_.find(t);
      if (closed_ || it == channels_.end()) return;
      const Channel ch = it->second;
      toCore([t](PeerCore& p, TimeMs now) { p.onTransportState(t, ChannelState::Open, now); });
      if (!ch.negotiated && remote_) remote_->acceptRemoteChannel(t, ch);
    });
  }
}

void FakeBrowser::acceptRemoteChannel(TransportId remoteTransport, const Channel& remote) {
  if (closed_) return;
  std::optional<RemoteChannelBinding> binding;
  toCore([&](PeerCore& p, TimeMs now) { binding = p.onRemoteChannel(remote.label, remote.protocol, now); });
  if (!binding) return;
  TransportId t = binding->transport;
  channels_[t] = Channel{remote.label, remote.protocol, false, true, remoteTransport};
  if (auto it = remote_->channels_.find(remoteTransport); it != remote_->channels_.end()) it->second.peerTransport = t;
  toCore([t](PeerCore& p, TimeMs now) { p.onTransportState(t, ChannelState::Open, now); });
}

void FakeBrowser::channelClosedByPeer(TransportId t) {
  if (closed_ || channels_.erase(t) == 0) return;
  toCore([t](PeerCore& p, TimeMs now) { p.onTransportState(t, ChannelState::Closed, now); });
}

void FakeBrowser::peerClosed() {
  if (closed_) return;
  std::vector<TransportId> open;
  for (auto& [t, ch] : channels_)
    if (ch.announced) open.push_back(t);
  for (TransportId t : open) channelClosedByPeer(t);
  if (ice_ == IceConnectionState::Connected) setIce(IceConnectionState::Disconnected);
}

// --- SimPeer

SimPeer::SimPeer(std::string name_, const std::string& configJson, Loop& loop_)
    : name(std::move(name_)),
      loop(loop_),
      core(
          [&] {
            auto c = decodePeerConfig(configJson);
            if (!c) throw std::runtime_error("bad test config: " + c.error().message);
            return c.value();
          }(),
          loop_.now()),
      browser(name, loop_, [this](const std::function<void(PeerCore&, TimeMs)>& f) {
        f(core, loop.now());
        pump();
      }) {}

ChannelId SimPeer::createChannel(const std::string& configJson) {
  auto id = core.createChannel(configJson, loop.now());
  if (!id) throw std::runtime_error("createChannel failed: " + id.error().message);
  pump();
  return id.value();
}

void SimPeer::receiveSignal(const std::string& json) {
  auto status = core.signal(json, ++lastRequest_, loop.now());
  if (!status) signalErrors.push_back(status.error());
  pump();
}

void SimPeer::pump() {
  while (auto c = core.pollCommand()) browser.execute(*c);
  while (auto e = core.pollEvent()) {
    if (auto* s = std::get_if<ev::EmitSignal>(&*e)) sendSignal(encodeSignal(s->signal));
    if (auto* r = std::get_if<ev::RequestSettled>(&*e); r && r->error) signalErrors.push_back(*r->error);
    events.push_back(std::move(*e));
  }
}

std::optional<ChannelId> SimPeer::channelId(const std::string& label) const {
  std::optional<ChannelId> id;
  for (const auto& e : events)
    if (auto* added = std::get_if<ev::ChannelAdded>(&e); added && added->label == label) id = added->channel;
  return id;
}

std::optional<ChannelState> SimPeer::channelState(const std::string& label) const {
  auto id = channelId(label);
  if (!id) return std::nullopt;
  ChannelState state = ChannelState::Connecting;
  for (const auto& e : events)
    if (auto* s = std::get_if<ev::ChannelStateChanged>(&e); s && s->channel == *id) state = s->state;
  return state;
}

std::vector<std::string> SimPeer::channelLabels() const {
  std::vector<std::string> labels;
  for (const auto& e : events)
    if (auto* added = std::get_if<ev::ChannelAdded>(&e)) labels.push_back(added->label);
  return labels;
}

std::vector<Error> SimPeer::errorsRaised() const {
  std::vector<Error> errors;
  for (const auto& e : events)
    if (auto* r = std::get_if<ev::ErrorRaised>(&e)) errors.push_back(r->error);
  return errors;
}

// --- TwoPeers

TwoPeers::TwoPeers(TimeMs delay, const std::string& configA, const std::string& configB)
    : signalDelay(delay), a("A", configA, loop), b("B", configB, loop) {
  a.browser.link(b.browser);
  b.browser.link(a.browser);
  a.sendSignal = [this](std::string json) { loop.after(signalDelay, [this, json] { b.receiveSignal(json); }); };
  b.sendSignal = [this](std::string json) { loop.after(signalDelay, [this, json] { a.receiveSignal(json); }); };
}

bool TwoPeers::runUntil(TimeMs end, const std::function<bool()>& done) {
  for (int steps = 0; steps < 1000000; ++steps) {
    if (done()) return true;
    std::optional<TimeMs> next = loop.next();
    SimPeer* timer = nullptr;
    for (SimPeer* p : {&a, &b})
      if (auto t = p->core.pollTimeout(); t && (!next || *t < *next)) next = t, timer = p;
    if (!next || *next > end) {
      loop.advanceTo(end);
      return done();
    }
    if (timer) {
      loop.advanceTo(*next);
      timer->core.handleTimeout(loop.now());
      timer->pump();
    } else {
      loop.runNext();
    }
  }
  throw std::runtime_error("the simulation did not settle (a timer that never expires?)");
}

void TwoPeers::setNetworkUp(bool up) {
  a.browser.setNetworkUp(up);
  b.browser.setNetworkUp(up);
}

}  // namespace kpeer::sim
