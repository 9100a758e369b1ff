#include "PeerCore.h"

#include "JsonFields.h"
#include "SignalCodec.h"

namespace kpeer {

PeerCore::PeerCore(PeerConfig config, TimeMs now)
    : config_(std::move(config)),
      negotiator_(!config_.initiator, out_, kRollbackGuardMs),
      iceBatcher_(config_.iceEmit),
      monitor_(config_, now, out_),
      channels_(out_) {}

Error PeerCore::closedError() const {
  if (monitor_.timedOut())
    return Error{ErrorCode::Closed, "the connection timed out or was lost, and was closed; create a new KPeer to try again"};
  return Error{ErrorCode::Closed, "the peer is closed; create a new KPeer to connect again"};
}

Result<Signal> PeerCore::acceptSignal(std::string_view json) const {
  auto decoded = decodeSignal(json);
  if (!decoded) return decoded.error();
  if (closed_ || monitor_.timedOut()) return closedError();
  return decoded;
}

void PeerCore::applySignal(Signal s, RequestId request, TimeMs now) {
  if (s.type == SignalType::Ice) negotiator_.onRemoteCandidate(std::move(s.ice), request);
  else negotiator_.onRemoteDescription(s.description(), request, now);
}

Status PeerCore::signal(std::string_view json, RequestId request, TimeMs now) {
  auto accepted = acceptSignal(json);
  if (!accepted) return accepted.error();
  applySignal(std::move(accepted.value()), request, now);
  return okStatus();
}

Result<ChannelId> PeerCore::createChannel(std::string_view configJson, TimeMs now) {
  auto config = decodeChannelConfig(configJson);
  if (!config) return config.error();
  if (closed_ || monitor_.timedOut()) return closedError();
  const std::size_t before = channels_.size();
  ChannelId id = channels_.open(config.value());
  // The initiator's first channel on an untouched connection needs an offer, and the browser would
  // only say so a task later (negotiationneeded): offering now, right after createDataChannel,
  // saves that hop on every connect. The browser then skips its event (not 'stable'), or it is
  // merged. The polite side keeps waiting for the browser: an offer from it is the glare case.
  if (channels_.size() > before && !negotiator_.polite() && negotiator_.untouched() &&
      negotiator_.signalingState() == SignalingState::Stable)
    negotiator_.onNegotiationNeeded(now);
  return id;
}

Status PeerCore::closeChannel(ChannelId id, TimeMs) { return channels_.close(id); }

Status PeerCore::restartIce(TimeMs now) {
  if (closed_ || !monitor_.restartIce(now)) return closedError();
  return okStatus();
}

void PeerCore::close(TimeMs) {
  if (closed_) return;
  closed_ = true;
  iceBatcher_.clear();
  negotiator_.close();
  channels_.closeAll();
  monitor_.close();
  out_.command(cmd::ClosePeerConnection{});
}

void PeerCore::onNegotiationNeeded(TimeMs now) {
  if (closed_ || monitor_.timedOut()) return;
  negotiator_.onNegotiationNeeded(now);
}

void PeerCore::emitReadyCandidates() {
  for (auto& c : iceBatcher_.takeReady()) out_.event(ev::EmitSignal{Signal::fromCandidate(std::move(c))});
}

void PeerCore::onLocalCandidate(IceCandidate c, TimeMs now) {
  if (closed_ || monitor_.timedOut()) return;
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
}

void PeerCore::onSignalingState(SignalingState s, TimeMs) {
  out_.log(LogLevel::Debug, std::string("signaling state: ") + signalingStateName(s));
  negotiator_.onSignalingState(s);
}

void PeerCore::onOperationDone(OpId op, const OpOutcome& outcome, TimeMs) {
  if (!negotiator_.onOperationDone(op, outcome))
    out_.log(LogLevel::Debug, "ignored the result of a browser operation that is no longer wanted");
}

std::optional<RemoteChannelBinding> PeerCore::onRemoteChannel(const std::string& label, const std::string& protocol,
                                                              TimeMs) {
  if (closed_ || monitor_.timedOut()) return std::nullopt;
  return channels_.adoptRemote(label, protocol);
}

void PeerCore::onTransportState(TransportId t, ChannelState s, TimeMs) { channels_.onTransportState(t, s); }

void PeerCore::onTransportError(TransportId t, const std::string& message, TimeMs) {
  if (closed_) return;
  auto channel = channels_.channelOf(t);
  out_.error(ErrorCode::Internal, "data channel error: " + message, channel);
}

void PeerCore::handleTimeout(TimeMs now) {
  if (closed_) return;
  iceBatcher_.handleTimeout(now);
  emitReadyCandidates();
  negotiator_.handleTimeout(now);
  const bool wasTimedOut = monitor_.timedOut();
  monitor_.handleTimeout(now);
  // A timed-out connection is closed: its channels, pending candidates and browser operations with it.
  if (!wasTimedOut && monitor_.timedOut()) {
    channels_.closeAll();
    iceBatcher_.clear();
    negotiator_.close();
  }
}

std::optional<TimeMs> PeerCore::pollTimeout() const {
  if (closed_) return std::nullopt;
  std::optional<TimeMs> next;
  for (auto d : {iceBatcher_.deadline(), monitor_.deadline(), negotiator_.deadline()})
    if (d && (!next || *d < *next)) next = d;
  return next;
}

}  // namespace kpeer
