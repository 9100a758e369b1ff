#include "PeerCore.h"

#include "Text.h"
#include "ReplayLimits.h"
#include "SignalCodec.h"

namespace kpeer {

PeerCore::PeerCore(PeerConfig config, TimeMs now)
    : config_(std::move(config)),
      negotiator_(!config_.initiator, out_, kRollbackGuardMs),
      iceBatcher_(config_.iceEmit),
      monitor_(config_, now, out_),
      channels_(out_),
      dataPlane_(out_, channels_) {
  out_.logFrom(config_.logger ? LogLevel::Debug : LogLevel::Warn);
}

PolledOutput PeerCore::poll() {
  if (out_.empty()) dataPlane_.refreshGrants();
  return out_.poll();
}

void PeerCore::closeChannels() {
  for (ChannelId id : channels_.closeAll()) dataPlane_.onChannelChanged(id);
}

Error PeerCore::closedError() const {
  if (monitor_.timedOut())
    return Error{ErrorCode::Closed, "the connection timed out or was lost; create a new KPeer to try again"};
  return Error{ErrorCode::Closed, "the peer is closed; create a new KPeer to connect again"};
}

Result<Signal> PeerCore::acceptSignal(const Value& signal) const {
  auto decoded = decodeSignal(signal);
  if (!decoded) return decoded.error();
  if (closed_ || monitor_.timedOut()) return closedError();
  return decoded;
}

void PeerCore::applySignal(Signal s, RequestId request, TimeMs now) {
  if (s.type == SignalType::Ice) negotiator_.onRemoteCandidate(std::move(s.ice), request);
  else negotiator_.onRemoteDescription(s.description(), request, now);
}

Status PeerCore::signal(const Value& signal, RequestId request, TimeMs now) {
  auto accepted = acceptSignal(signal);
  if (!accepted) return accepted.error();
  applySignal(std::move(accepted.value()), request, now);
  return okStatus();
}

Result<ChannelId> PeerCore::createChannel(const Value& configValue, TimeMs now, RequestId request) {
  auto config = decodeChannelConfig(configValue);
  if (!config) return config.error();
  if (closed_ || monitor_.timedOut()) return closedError();
  const OpenedChannel opened = channels_.open(config.value());
  if (opened.isNew) {
    const ChannelEntry& entry = *channels_.find(opened.channel);
    if (request) creating_.put(entry.primary, request);
    dataPlane_.addLocal(entry);
  } else {
    out_.settle(request);
  }
  // The initiator's first channel on an untouched connection needs an offer, and the browser would
  // only say so a task later (negotiationneeded): offering now, right after createDataChannel,
  // saves that hop on every connect. The browser then skips its event (not 'stable'), or it is
  // merged. The polite side keeps waiting for the browser: an offer from it is the glare case.
  if (opened.isNew && !negotiator_.polite() && negotiator_.untouched() &&
      negotiator_.signalingState() == SignalingState::Stable)
    negotiator_.onNegotiationNeeded(now);
  return opened.channel;
}

Status PeerCore::closeChannel(ChannelId id, TimeMs) {
  Status s = channels_.close(id);
  dataPlane_.onChannelChanged(id);  // closing: no more fast path
  return s;
}

Status PeerCore::restartIce(TimeMs now) {
  if (closed_ || !monitor_.restartIce(now)) return closedError();
  restartIfDue(now);
  negotiator_.offerNow(now);
  return okStatus();
}

void PeerCore::onRestartIceRefused(const std::string& browserMessage, TimeMs) {
  if (closed_) return;
  out_.error(ErrorCode::NegotiationFailed, "this WebRTC implementation cannot restart ICE: " + browserMessage +
                                               " (the connection goes on)");
}

void PeerCore::onReplayOverflow(std::optional<ChannelId> channel, ReplayDrops drops, TimeMs) {
  if (drops.dropped == 0 || (!drops.taken && drops.dropped > 1)) return;
  const auto number = [](std::uint64_t n) { return decimal(static_cast<long long>(n)); };
  const bool one = drops.dropped == 1;
  if (!channel) {
    out_.error(ErrorCode::LimitExceeded,
               drops.taken ? number(drops.dropped) + (one ? " signal was" : " signals were") +
                                 " dropped before a subscriber attached; it got the last " + number(kSignalReplayLimit)
                           : "more than " + number(kSignalReplayLimit) +
                                 " signals waited for a subscriber; the oldest are dropped until one attaches");
    return;
  }
  const ChannelEntry* entry = channels_.find(*channel);
  if (!entry) return;
  const std::string label = "'" + truncatedForMessage(entry->label) + "'";
  out_.error(ErrorCode::LimitExceeded,
             drops.taken ? number(drops.dropped) + (one ? " message on channel " : " messages on channel ") + label +
                               (one ? " was" : " were") + " dropped before a listener attached; it got the last " +
                               number(kMessageReplayLimit)
                         : "more than " + number(kMessageReplayLimit) + " messages arrived on channel " + label +
                               " before anyone listened; the oldest are dropped until a listener attaches",
             channel);
}

void PeerCore::close(TimeMs) {
  if (closed_) return;
  closed_ = true;
  iceBatcher_.clear();
  negotiator_.close();
  closeChannels();
  monitor_.close();
  out_.command(cmd::ClosePeerConnection{});
}

void PeerCore::onNegotiationNeeded(TimeMs now) {
  if (closed_ || monitor_.timedOut()) return;
  negotiator_.onNegotiationNeeded(now);
}

void PeerCore::emitReadyCandidates() {
  // A batch may hold candidates of an offer rolled back since they were gathered.
  for (auto& c : iceBatcher_.takeReady())
    if (!negotiator_.generations().localDiscarded(c)) out_.event(ev::EmitSignal{Signal::fromCandidate(std::move(c))});
}

void PeerCore::onLocalCandidate(IceCandidate gathered, TimeMs now, const std::optional<std::string>& usernameFragment) {
  if (closed_ || monitor_.timedOut()) return;
  IceCandidate c = IceGenerations::outgoing(std::move(gathered), usernameFragment);
  if (negotiator_.generations().localDiscarded(c)) {
    out_.log(LogLevel::Debug, "dropped a local candidate of a rolled-back offer: " + truncatedForMessage(c.candidate, 60));
    return;
  }
  out_.log(LogLevel::Debug, "local candidate gathered: " + truncatedForMessage(c.candidate, 60));
  iceBatcher_.push(std::move(c), now);
  emitReadyCandidates();
}

void PeerCore::onLocalCandidatesComplete(TimeMs) {
  if (closed_ || monitor_.timedOut()) return;
  iceBatcher_.flush();
  emitReadyCandidates();
}

void PeerCore::onIceConnectionState(IceConnectionState s, TimeMs now) {
  if (closed_) return;
  monitor_.onIceConnectionState(s, now);
  restartIfDue(now);
}

void PeerCore::restartIfDue(TimeMs now) {
  if (monitor_.takeRestart()) negotiator_.restartIce(now);
}

void PeerCore::onSignalingState(SignalingState s, TimeMs now) {
  out_.log(LogLevel::Debug, std::string("signaling state: ") + signalingStateName(s));
  negotiator_.onSignalingState(s, now);
}

void PeerCore::onOperationDone(OpId op, const OpOutcome& outcome, TimeMs now) {
  if (!negotiator_.onOperationDone(op, outcome, now))
    out_.log(LogLevel::Debug, "ignored a browser result no longer wanted");
}

std::optional<RemoteChannelBinding> PeerCore::onRemoteChannel(const std::string& label, const std::string& protocol,
                                                              TimeMs now, bool open, std::optional<double> sctpMaxMessageSize) {
  if (closed_ || monitor_.timedOut()) return std::nullopt;
  RemoteChannelBinding binding = channels_.adoptRemote(label, protocol);
  dataPlane_.attachRemote(*channels_.find(binding.channel), binding.transport);
  if (open) onTransportState(binding.transport, ChannelState::Open, now, sctpMaxMessageSize);
  return binding;
}

void PeerCore::onTransportState(TransportId t, ChannelState s, TimeMs, std::optional<double> sctpMaxMessageSize) {
  if (s == ChannelState::Open && sctpMaxMessageSize) dataPlane_.onMaxMessageSize(*sctpMaxMessageSize);
  auto channel = channels_.onTransportState(t, s);
  if (s == ChannelState::Closed) dataPlane_.forgetTransport(t);
  if (channel) dataPlane_.onChannelChanged(*channel);
}

void PeerCore::onTransportCreated(TransportId t, TimeMs) {
  const RequestId request = creating_.find(t);
  if (!request) return;
  out_.settle(request);
  creating_.erase(t);
}

void PeerCore::onTransportRefused(TransportId t, const std::string& browserMessage, TimeMs now) {
  const RequestId request = creating_.find(t);  // none if the channel was not being created
  creating_.erase(t);
  if (auto channel = channels_.channelOf(t)) {
    const ChannelEntry* entry = channels_.find(*channel);
    Error error{ErrorCode::InvalidChannelConfig, "the browser refused to create channel '" +
                                                     truncatedForMessage(entry ? entry->label : std::string()) +
                                                     "': " + browserMessage};
    out_.event(ev::ErrorRaised{error, *channel});
    out_.settle(request, error);
  }
  onTransportState(t, ChannelState::Closed, now);
}

void PeerCore::onTransportError(TransportId t, const std::string& message, TimeMs, std::optional<int> sctpCauseCode) {
  if (closed_) return;
  // SCTP cause 12 "User-Initiated Abort" is how Chromium reports the remote side's normal close():
  // the close event follows, and it is not an error.
  if (sctpCauseCode == 12) {
    out_.log(LogLevel::Debug, "the remote side closed a data channel");
    return;
  }
  auto channel = channels_.channelOf(t);
  out_.error(ErrorCode::Internal, "data channel error: " + message, channel);
}

void PeerCore::send(ChannelId channel, const Payload& p, RequestId request, double buffered, TimeMs now) {
  dataPlane_.send(channel, p, request, buffered);
  dataPlane_.updatePoll(now);
}

void PeerCore::write(ChannelId channel, const Payload& p, RequestId request, double buffered, TimeMs now) {
  dataPlane_.write(channel, p, request, buffered);
  dataPlane_.updatePoll(now);
}

void PeerCore::watchBufferedAmount(ChannelId channel, bool watching, double buffered, TimeMs now) {
  if (closed_) return;
  dataPlane_.watchBuffered(channel, watching, buffered);
  dataPlane_.updatePoll(now);
}

void PeerCore::onSendResult(TransportId t, bool accepted, double buffered, TimeMs now) {
  dataPlane_.onSendResult(t, accepted, buffered);
  dataPlane_.updatePoll(now);
}

void PeerCore::onBufferedLow(TransportId t, double buffered, TimeMs now) {
  dataPlane_.onBufferedLow(t, buffered);
  dataPlane_.updatePoll(now);
}

void PeerCore::onBufferedAmount(TransportId t, double buffered, TimeMs now) {
  dataPlane_.onBufferedAmount(t, buffered);
  dataPlane_.updatePoll(now);
}

void PeerCore::onFrame(TransportId t, PayloadId frame, const FrameFacts& facts, TimeMs) {
  dataPlane_.onFrame(t, frame, facts);
}

void PeerCore::handleTimeout(TimeMs now) {
  if (closed_) return;
  iceBatcher_.handleTimeout(now);
  emitReadyCandidates();
  negotiator_.handleTimeout(now);
  dataPlane_.handleTimeout(now);  // its reads are answered at once; updatePoll re-arms then
  const bool wasTimedOut = monitor_.timedOut();
  monitor_.handleTimeout(now);
  restartIfDue(now);
  // A timed-out connection is closed: its channels, pending candidates and browser operations with it.
  if (!wasTimedOut && monitor_.timedOut()) {
    closeChannels();
    iceBatcher_.clear();
    negotiator_.close();
  }
}

std::optional<TimeMs> PeerCore::pollTimeout() const {
  if (closed_) return std::nullopt;
  std::optional<TimeMs> next;
  for (auto d : {iceBatcher_.deadline(), monitor_.deadline(), negotiator_.deadline(), dataPlane_.pollDeadline()})
    if (d && (!next || *d < *next)) next = d;
  return next;
}

}  // namespace kpeer
