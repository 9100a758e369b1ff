#include "FakeBrowser.h"

#include <cstdlib>

#include <algorithm>
#include <stdexcept>

#include "core/SignalCodec.h"
#include "json/JsonValue.h"
#include "json/WireFormat.h"

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
  std::string s = "v=0\r\no=" + user + " 4611731400430051336 " + std::to_string(version) +
                  " IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=ice-ufrag:" + ufrag + "\r\n";
  if (data) s += "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=mid:0\r\na=setup:" + setup + "\r\na=sctp-port:5000\r\n";
  return s;
}

std::optional<FakeSdp> FakeSdp::parse(const std::string& sdp) {
  const std::string key = "a=ice-ufrag:";
  auto at = sdp.find(key);
  if (sdp.rfind("v=0", 0) != 0 || at == std::string::npos) return std::nullopt;
  auto start = at + key.size();
  FakeSdp parsed{sdp.substr(start, sdp.find("\r\n", start) - start), sdp.find("m=application") != std::string::npos};
  if (auto s = sdp.find("a=setup:"); s != std::string::npos) parsed.setup = sdp.substr(s + 8, sdp.find("\r\n", s) - s - 8);
  return parsed;
}

// --- FakeBrowser

namespace {
OpOutcome failure(std::string message) { return OpOutcome{false, std::move(message), std::nullopt}; }

// Chromium's line names its ufrag; Firefox's does not (it gives usernameFragment beside it).
// The port tells the generation apart either way: each ufrag gathers on its own sockets.
std::string candidateLine(int n, const std::string& ufrag, bool namesUfrag) {
  const int generation = std::atoi(ufrag.c_str() + ufrag.find_first_of("0123456789"));
  return "candidate:" + std::to_string(842163040 + n) + " 1 udp " + std::to_string(2122260224 - n) + " 192.168.1." +
         std::to_string(10 + n) + " " + std::to_string(50000 + 100 * generation + n) + " typ host" +
         (namesUfrag ? " generation 0 ufrag " + ufrag + " network-id 1" : "");
}
}  // namespace

FakeBrowser::FakeBrowser(std::string name, Loop& loop, Deliver deliver, Timing timing)
    : name_(std::move(name)), loop_(loop), deliver_(std::move(deliver)), timing_(timing) {}

int FakeBrowser::count(const std::string& line) const {
  return static_cast<int>(std::count(trace_.begin(), trace_.end(), line));
}

void FakeBrowser::execute(const Output& command) {
  if (auto* c = std::get_if<cmd::SetLocalDescription>(&command)) {
    if (!c->create && !timing_.implicitDescriptions) {
      trace_.push_back("implicit setLocalDescription refused");
      OpOutcome refused = failure("TypeError: Expected an object");
      refused.typeError = true;
      return operation(c->op, [refused] { return refused; });
    }
    operation(c->op, [this, given = c->given] { return setLocalDescription(given); });
  } else if (auto* c = std::get_if<cmd::CreateRestartOffer>(&command)) {
    operation(c->op, [this] { return createRestartOffer(); });
  } else if (auto* c = std::get_if<cmd::SetRemoteDescription>(&command)) {
    operation(c->op, [this, d = c->description] { return setRemoteDescription(d); });
  } else if (auto* c = std::get_if<cmd::RollbackLocalOffer>(&command)) {
    operation(c->op, [this] {
      if (signaling_ != SignalingState::HaveLocalOffer) return failure("InvalidStateError: no local offer to roll back");
      rollback();
      return OpOutcome{};
    });
  } else if (auto* c = std::get_if<cmd::AddIceCandidate>(&command)) {
    operation(c->op, [this, cand = c->candidate] { return addIceCandidate(cand); });
  } else if (std::holds_alternative<cmd::RestartIce>(command)) {
    trace_.push_back("restartIce");
    restartPending_ = true;
    checkNegotiationNeeded();
  } else if (auto* c = std::get_if<cmd::CreateDataChannel>(&command)) {
    Channel ch;
    ch.label = c->config.label;
    ch.protocol = c->config.protocol;
    ch.negotiated = c->config.negotiated;
    ch.channel = c->channel;
    ch.receive = c->receive;
    ch.lowThreshold = c->lowThreshold;
    channels_[c->transport] = ch;
    checkNegotiationNeeded();
    openChannelsIfLinked();
  } else if (auto* c = std::get_if<cmd::AttachDataChannel>(&command)) {
    if (auto it = channels_.find(c->transport); it != channels_.end()) {
      it->second.channel = c->channel;
      it->second.receive = c->receive;
      it->second.lowThreshold = c->lowThreshold;
    } else {
      attachLater_[c->transport] = *c;
    }
  } else if (std::holds_alternative<cmd::CloseDataChannel>(command) ||
             std::holds_alternative<cmd::ReleaseDataChannel>(command)) {
    // Release is close without the close event: its handlers are gone.
    const bool released = std::holds_alternative<cmd::ReleaseDataChannel>(command);
    TransportId t = released ? std::get<cmd::ReleaseDataChannel>(command).transport : std::get<cmd::CloseDataChannel>(command).transport;
    auto it = channels_.find(t);
    if (it == channels_.end()) return;
    TransportId peerT = it->second.peerTransport;
    channels_.erase(it);
    assembly_.erase(t);
    if (!released)
      loop_.after(0, [this, t] { if (!closed_) toCore([t](PeerCore& p, TimeMs now) { p.onTransportState(t, ChannelState::Closed, now); }); });
    if (peerT && remote_) loop_.after(timing_.link, [r = remote_, peerT] { r->channelClosedByPeer(peerT); });
  } else if (auto* c = std::get_if<cmd::Send>(&command)) {
    const Bytes* p = payload(c->payload);
    send(c->transport, p ? *p : Bytes{});
  } else if (auto* c = std::get_if<cmd::SendFrame>(&command)) {
    const Bytes* p = payload(c->payload);
    Bytes frame{std::string(c->header.bytes.begin(), c->header.bytes.begin() + c->header.size), false};
    if (p) frame.data += p->data.substr(static_cast<std::size_t>(c->offset), static_cast<std::size_t>(c->length));
    send(c->transport, frame);
  } else if (auto* c = std::get_if<cmd::ReadBufferedAmount>(&command)) {
    trace_.push_back("read bufferedAmount");
    loop_.after(0, [this, t = c->transport] { toCore([t, b = bufferedAmount(t)](PeerCore& p, TimeMs now) { p.onBufferedAmount(t, b, now); }); });
  } else if (auto* c = std::get_if<cmd::SetLowThreshold>(&command)) {
    if (auto it = channels_.find(c->transport); it != channels_.end()) it->second.lowThreshold = c->bytes;
  } else if (auto* c = std::get_if<cmd::ReleasePayload>(&command)) {
    release(c->payload);
  } else if (auto* c = std::get_if<cmd::GrantDirectSend>(&command)) {
    grants[c->channel] = *c;
  } else if (auto* c = std::get_if<cmd::RevokeDirectSend>(&command)) {
    grants.erase(c->channel);
  } else if (auto* c = std::get_if<cmd::AssembleStart>(&command)) {
    assembly_[c->transport] = std::string(static_cast<std::size_t>(c->total), '\0');
  } else if (auto* c = std::get_if<cmd::AssembleCopy>(&command)) {
    const Bytes* frame = payload(c->frame);
    auto it = assembly_.find(c->transport);
    if (frame && it != assembly_.end())
      it->second.replace(static_cast<std::size_t>(c->offset), static_cast<std::size_t>(c->length),
                         frame->data.substr(static_cast<std::size_t>(c->from), static_cast<std::size_t>(c->length)));
  } else if (auto* c = std::get_if<cmd::AssembleFinish>(&command)) {
    hold(c->into, Bytes{std::move(assembly_[c->transport]), c->text});
    assembly_.erase(c->transport);
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

// --- messages: the adapter's payload table and a send buffer that drains onto the link

void FakeBrowser::hold(PayloadId id, Bytes bytes) {
  if (!payloads_.emplace(id, std::move(bytes)).second) ++releaseErrors_;  // an id reused while held
}

const Bytes* FakeBrowser::payload(PayloadId id) const {
  auto it = payloads_.find(id);
  return it == payloads_.end() ? nullptr : &it->second;
}

void FakeBrowser::release(PayloadId id) {
  if (payloads_.erase(id) == 0) ++releaseErrors_;
}

double FakeBrowser::bufferedAmount(TransportId t) const {
  auto it = channels_.find(t);
  return it == channels_.end() ? 0 : it->second.buffered;
}

// dc.send(): throws (accepted = false) unless open and under the browser's buffer limit; the
// verdict and bufferedAmount go back to the core as a task, like every other browser answer.
void FakeBrowser::send(TransportId t, Bytes bytes) {
  auto it = channels_.find(t);
  const bool accepted = it != channels_.end() && it->second.open && !closed_ &&
                        it->second.buffered + static_cast<double>(bytes.data.size()) <= timing_.maxBuffered;
  double buffered = 0;
  if (accepted) {
    Channel& ch = it->second;
    const auto size = static_cast<double>(bytes.data.size());
    ch.buffered += size;
    buffered = ch.buffered;
    ch.drainedAt = std::max(ch.drainedAt, loop_.now()) + static_cast<TimeMs>(size / timing_.bytesPerMs);
    loop_.at(ch.drainedAt, [this, t, size] {
      auto it = channels_.find(t);
      if (it == channels_.end()) return;
      Channel& ch = it->second;
      const double before = ch.buffered;
      ch.buffered -= size;
      if (timing_.firesBufferedLow && before > ch.lowThreshold && ch.buffered <= ch.lowThreshold)
        toCore([t, b = ch.buffered](PeerCore& p, TimeMs now) { p.onBufferedLow(t, b, now); });
    });
    if (remote_ && ch.peerTransport && !stalePair_)
      loop_.at(ch.drainedAt + timing_.link, [r = remote_, peerT = ch.peerTransport, bytes] { r->arrive(peerT, bytes); });
  } else if (it != channels_.end()) {
    buffered = it->second.buffered;
  }
  loop_.after(0, [this, t, accepted, buffered] {
    if (!closed_) toCore([=](PeerCore& p, TimeMs now) { p.onSendResult(t, accepted, buffered, now); });
  });
}

void FakeBrowser::arrive(TransportId t, Bytes bytes) {
  auto it = channels_.find(t);
  if (closed_ || it == channels_.end()) return;
  if (it->second.receive == ReceiveMode::Plain) {
    received.push_back(Received{it->second.channel, std::move(bytes)});  // straight to the user
    return;
  }
  FrameFacts facts;
  facts.text = bytes.text;
  facts.length = bytes.data.size();
  facts.headLength = std::min<std::size_t>(bytes.data.size(), kFirstFrameHeader);
  std::copy(bytes.data.begin(), bytes.data.begin() + static_cast<long>(facts.headLength), facts.head);
  toCore([&](PeerCore& p, TimeMs now) {
    PayloadId id = p.newPayload();
    hold(id, std::move(bytes));
    p.onFrame(t, id, facts, now);
  });
}

bool FakeBrowser::directSend(ChannelId channel, Bytes bytes) {
  auto g = grants.find(channel);
  if (g == grants.end()) return false;
  const double size = static_cast<double>(bytes.data.size());
  if (size > (bytes.text ? g->second.maxTextUnits : g->second.maxBytes)) return false;
  auto it = channels_.find(g->second.transport);
  if (it == channels_.end() || !it->second.open) return false;
  it->second.buffered += size;
  it->second.drainedAt = std::max(it->second.drainedAt, loop_.now()) + static_cast<TimeMs>(size / timing_.bytesPerMs);
  loop_.at(it->second.drainedAt, [this, t = g->second.transport, size] {
    if (auto it = channels_.find(t); it != channels_.end()) it->second.buffered -= size;
  });
  if (remote_ && it->second.peerTransport && !stalePair_)
    loop_.at(it->second.drainedAt + timing_.link, [r = remote_, peerT = it->second.peerTransport, bytes] { r->arrive(peerT, bytes); });
  return true;
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

FakeSdp FakeBrowser::localSdp(std::string ufrag, bool data, std::string setup) {
  FakeSdp sdp{std::move(ufrag), data, ++sdpVersion_, std::move(setup)};
  if (timing_.firefox) sdp.user = "mozilla...THIS_IS_SDPARTA-153.0";
  return sdp;
}

// pc.createOffer({iceRestart: true}): new credentials, nothing applied, nothing gathered.
OpOutcome FakeBrowser::createRestartOffer() {
  if (signaling_ != SignalingState::Stable) return failure("InvalidStateError: createOffer in the wrong state");
  FakeSdp offer = localSdp(nextUfrag(), !channels_.empty() || sctpNegotiated_);
  trace_.push_back("created restart offer " + offer.ufrag);
  return OpOutcome{true, "", Description{SignalType::Offer, offer.text()}};
}

OpOutcome FakeBrowser::setLocalDescription(const std::optional<Description>& given) {
  if (given) {  // an offer created earlier (createRestartOffer)
    auto offer = FakeSdp::parse(given->sdp);
    if (signaling_ != SignalingState::Stable || !offer)
      return failure("InvalidStateError: Failed to set local offer sdp: Called in wrong state");
    pendingLocalOffer_ = *offer;
    pendingOfferRestarts_ = offer->ufrag != localUfrag_;
  }
  if (signaling_ == SignalingState::Stable || signaling_ == SignalingState::HaveLocalOffer) {
    if (!pendingLocalOffer_) {
      const bool newCredentials = restartPending_ || localUfrag_.empty();
      pendingLocalOffer_ = localSdp(newCredentials ? nextUfrag() : localUfrag_, !channels_.empty() || sctpNegotiated_);
      pendingOfferRestarts_ = restartPending_;
      restartPending_ = false;
    }
    trace_.push_back("offer " + pendingLocalOffer_->ufrag + (pendingLocalOffer_->data ? " data" : ""));
    setSignaling(SignalingState::HaveLocalOffer);
    gather(pendingLocalOffer_->ufrag);
    if (pendingOfferRestarts_ && remote_ && remote_->timing_.firefox && !timing_.firefox) {
      // libwebrtc pairs the new candidates with what it knows of the remote: its old credentials.
      loop_.after(timing_.stalePairingDelay, [this, ufrag = pendingLocalOffer_->ufrag] {
        const bool answered = signaling_ == SignalingState::Stable && localUfrag_ == ufrag;
        if (answered == !stalePair_) return;
        stalePair_ = !answered;
        trace_.push_back(stalePair_ ? "stale pair: the remote's previous ICE credentials" : "fresh pair");
      });
    }
    return OpOutcome{true, "", Description{SignalType::Offer, pendingLocalOffer_->text()}};
  }
  if (signaling_ == SignalingState::HaveRemoteOffer) {
    const FakeSdp offer = *pendingRemoteOffer_;
    // An offer with new remote credentials is an ICE restart: the answer gets new ones too.
    const bool newCredentials =
        localUfrag_.empty() || restartPending_ || (!remoteUfrag_.empty() && offer.ufrag != remoteUfrag_);
    if (newCredentials) restartPending_ = false;
    // An answerer keeps its DTLS role (Chromium); a first answer takes the client role.
    FakeSdp answer = localSdp(newCredentials ? nextUfrag() : localUfrag_, offer.data,
                              timing_.answersAlwaysActive || dtlsRole_.empty() ? "active" : dtlsRole_);
    if (answer.data && dtlsRole_.empty()) dtlsRole_ = answer.setup;
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
    if (signaling_ == SignalingState::HaveLocalOffer) {
      if (!timing_.implicitDescriptions) {  // @roamhq/wrtc: no implicit rollback either
        trace_.push_back("remote offer refused");
        return failure("InvalidStateError: Failed to set remote offer sdp: Called in wrong state: have-local-offer");
      }
      rollback();  // implicit rollback (polite side)
    }
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
  if (pendingLocalOffer_->data && sdp->data && sdp->setup == dtlsRole_) {
    trace_.push_back("answer refused: DTLS role");
    return failure("OperationError: Failed to set remote answer sdp: Failed to apply the description for m= section with "
                   "mid='0': Failed to set SSL role for the transport.");
  }
  trace_.push_back("remote answer " + sdp->ufrag);
  if (pendingLocalOffer_->data && sdp->data) dtlsRole_ = sdp->setup == "active" ? "passive" : "active";
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
  appliedCandidates.push_back(c.candidate);
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
        toCore([c = IceCandidate{candidateLine(i, ufrag, !timing_.candidateLinesWithoutUfrag), "0", 0},
                ufrag](PeerCore& p, TimeMs now) { p.onLocalCandidate(c, now, ufrag); });
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
    if (timing_.autoNegotiates) {  // node-datachannel: sets the offer itself, no event
      trace_.push_back("automatic offer");
      setLocalDescription();
      return;
    }
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
      it->second.open = true;
      const Channel ch = it->second;
      toCore([t](PeerCore& p, TimeMs now) { p.onTransportState(t, ChannelState::Open, now, 262144.0); });
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
  Channel ch;
  ch.label = remote.label;
  ch.protocol = remote.protocol;
  ch.announced = true;
  ch.open = true;
  ch.peerTransport = remoteTransport;
  ch.channel = binding->channel;
  channels_[t] = ch;
  if (auto it = remote_->channels_.find(remoteTransport); it != remote_->channels_.end()) it->second.peerTransport = t;
  // The core answered the adoption with AttachDataChannel before the channel was known here.
  if (auto a = attachLater_.find(t); a != attachLater_.end()) {
    channels_[t].receive = a->second.receive;
    channels_[t].lowThreshold = a->second.lowThreshold;
    attachLater_.erase(a);
  }
  toCore([t](PeerCore& p, TimeMs now) { p.onTransportState(t, ChannelState::Open, now, 262144.0); });
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

SimPeer::SimPeer(std::string name_, const std::string& configJson, Loop& loop_, BrowserTiming timing)
    : name(std::move(name_)),
      loop(loop_),
      core(
          [&] {
            auto c = peerConfigFromJson(configJson);
            if (!c) throw std::runtime_error("bad test config: " + c.error().message);
            return c.value();
          }(),
          loop_.now()),
      browser(name, loop_, [this](const std::function<void(PeerCore&, TimeMs)>& f) {
        f(core, loop.now());
        pump();
      }, timing) {}

ChannelId SimPeer::createChannel(const std::string& configJson) {
  auto id = core.createChannel(JsonValue::parse(configJson), loop.now());
  if (!id) throw std::runtime_error("createChannel failed: " + id.error().message);
  pump();
  return id.value();
}

void SimPeer::receiveSignal(const std::string& json) {
  const RequestId request = requests_.next();
  signalRequests_.insert(request);
  auto status = core.signal(JsonValue::text(json), request, loop.now());
  if (!status) signalErrors.push_back(status.error());
  pump();
}

RequestId SimPeer::take(ChannelId channel, Bytes bytes, bool isWrite) {
  const RequestId request = requests_.next();
  const PayloadRule rule = core.payloadRule(channel);
  Payload p;
  p.id = core.newPayload();
  p.kind = bytes.text ? PayloadKind::Text : PayloadKind::Binary;
  // Test strings are ASCII: UTF-16 units and UTF-8 bytes are the same count.
  p.size = static_cast<double>(bytes.data.size());
  (void)rule;
  const ChannelEntry* entry = core.channels().find(channel);
  const double buffered = entry ? browser.bufferedAmount(entry->primary) : 0;
  browser.hold(p.id, std::move(bytes));
  if (isWrite) core.write(channel, p, request, buffered, loop.now());
  else core.send(channel, p, request, buffered, loop.now());
  pump();
  return request;
}

RequestId SimPeer::send(ChannelId channel, Bytes bytes) {
  if (browser.directSend(channel, bytes)) {
    const RequestId request = requests_.next();
    settled[request] = std::nullopt;
    return request;
  }
  return take(channel, std::move(bytes), false);
}

RequestId SimPeer::write(ChannelId channel, Bytes bytes) { return take(channel, std::move(bytes), true); }

RequestId SimPeer::writeUnsupported(ChannelId channel) {
  const RequestId request = requests_.next();
  Payload p;
  p.id = core.newPayload();
  p.kind = PayloadKind::Unsupported;
  browser.hold(p.id, Bytes{});
  core.write(channel, p, request, 0, loop.now());
  pump();
  return request;
}

void SimPeer::pump() {
  while (auto o = core.poll()) {
    if (isCommand(*o)) {
      browser.execute(*o);
      continue;
    }
    Output& e = *o;
    if (auto* s = std::get_if<ev::EmitSignal>(&e)) sendSignal(signalToJson(s->signal));
    if (auto* r = std::get_if<ev::RequestSettled>(&e)) {
      if (r->error && signalRequests_.count(r->request)) signalErrors.push_back(*r->error);
      if (settled.count(r->request)) ++settledTwice;
      settled[r->request] = r->error;
    }
    if (auto* m = std::get_if<ev::Message>(&e))
      if (const Bytes* b = browser.payload(m->payload)) browser.received.push_back(Received{m->channel, *b});
    events.push_back(std::move(e));
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

TwoPeers::TwoPeers(TimeMs delay, const std::string& configA, const std::string& configB, BrowserTiming timing)
    : signalDelay(delay), a("A", configA, loop, timing), b("B", configB, loop, timing) {
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
    // As the adapter does after every input: the browser timer follows the core's deadline.
    for (SimPeer* p : {&a, &b}) {
      const std::optional<TimeMs> wanted = p->core.pollTimeout();
      if (wanted && wanted != p->lastDeadline) ++p->deadlineChanges;
      p->lastDeadline = wanted;
      if (p->timer.update(wanted, loop.now()).armAt) ++p->timerArms;
      if (auto t = p->timer.armedAt(); t && (!next || *t < *next)) next = t, timer = p;
    }
    if (!next || *next > end) {
      loop.advanceTo(end);
      return done();
    }
    if (timer) {
      loop.advanceTo(*next);
      timer->timer.disarm();
      ++timer->timerFirings;
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
