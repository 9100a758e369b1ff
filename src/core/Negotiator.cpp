#include "Negotiator.h"

#include <algorithm>
#include <utility>

#include "Text.h"

namespace kpeer {

void Negotiator::setLocalDescription(OpKind kind) {
  OpId op = out_.nextOp();
  pending_[op] = Pending{kind, RequestId(), {}, std::nullopt, {}};
  std::optional<SignalType> create;
  if (explicitDescriptions_) create = kind == OpKind::LocalOffer ? SignalType::Offer : SignalType::Answer;
  out_.command(cmd::SetLocalDescription{op, create});
}

void Negotiator::onNegotiationNeeded(TimeMs now) {
  if (closed_) return;
  if (offersHeldUntil_ && now < *offersHeldUntil_) {
    offerWanted_ = true;
    return;
  }
  // The browser fires negotiationneeded only in 'stable'; a second one while our offer is being
  // made is merged into it (the browser re-checks once it is back in 'stable').
  if (makingOffer_) return;
  makingOffer_ = true;
  offeredOnce_ = true;
  localOfferStartedAt_ = now;
  out_.log(LogLevel::Debug, "negotiation needed: making an offer");
  setLocalDescription(OpKind::LocalOffer);
}

void Negotiator::onSignalingState(SignalingState s, TimeMs now) {
  const SignalingState before = std::exchange(signaling_, s);
  // node-datachannel: libdatachannel negotiates by itself when a channel is created and fires no
  // negotiationneeded; its setLocalDescription() then just reports the offer already set.
  const bool localOpPending = std::any_of(pending_.begin(), pending_.end(), [](const auto& p) {
    return p.second.kind == OpKind::LocalOffer || p.second.kind == OpKind::LocalAnswer || p.second.kind == OpKind::Rollback;
  });
  if (s == SignalingState::HaveLocalOffer && before == SignalingState::Stable && !makingOffer_ && !localOpPending && !closed_) {
    out_.log(LogLevel::Debug, "the browser set a local offer itself: sending it");
    onNegotiationNeeded(now);
  }
}

void Negotiator::onRemoteDescription(const Description& d, RequestId request, TimeMs now) {
  if (closed_) {
    out_.settle(request, Error{ErrorCode::Closed, "the peer is closed; create a new KPeer to connect again"});
    return;
  }
  auto origin = parseSdpOrigin(d.sdp);
  if (d.type == SignalType::Offer && origin && remoteOrigin_ && origin->isReplayOf(*remoteOrigin_)) {
    out_.settle(request, Error{ErrorCode::InvalidSignal,
                               "duplicate offer: session version " + origin->version +
                                   " was already applied (signals delivered twice?); it was ignored"});
    return;
  }
  const bool wouldRollBack = polite_ && d.type == SignalType::Offer &&
                             (makingOffer_ || signaling_ != SignalingState::Stable);
  if (!held_.empty() ||
      (wouldRollBack && localOfferStartedAt_ && now < *localOfferStartedAt_ + rollbackGuardMs_)) {
    if (held_.empty()) {
      heldUntil_ = *localOfferStartedAt_ + rollbackGuardMs_;
      out_.log(LogLevel::Debug, "offer collision: holding the remote offer briefly");
    }
    held_.push_back(Held{d, request});
    return;
  }
  applyRemoteDescription(d, request);
}

void Negotiator::offerNow(TimeMs now) {
  offersHeldUntil_.reset();
  // Only from 'stable' (where the browser asks): elsewhere the implicit setLocalDescription would
  // answer instead, and the browser asks again once it is back in 'stable'.
  if (std::exchange(offerWanted_, false) && signaling_ == SignalingState::Stable) onNegotiationNeeded(now);
}

void Negotiator::handleTimeout(TimeMs now) {
  if (offersHeldUntil_ && now >= *offersHeldUntil_) offerNow(now);
  if (!heldUntil_ || now < *heldUntil_) return;
  heldUntil_.reset();
  auto held = std::move(held_);
  held_.clear();
  for (auto& h : held) applyRemoteDescription(h.description, h.request);
  if (mayApplyCandidates()) releaseBufferedCandidates();
}

std::optional<TimeMs> Negotiator::deadline() const {
  if (heldUntil_ && offersHeldUntil_) return std::min(*heldUntil_, *offersHeldUntil_);
  return heldUntil_ ? heldUntil_ : offersHeldUntil_;
}

void Negotiator::applyRemoteDescription(const Description& d, RequestId request) {
  const bool isOffer = d.type == SignalType::Offer;
  const bool readyForOffer =
      !makingOffer_ && (signaling_ == SignalingState::Stable || settingRemoteAnswerPending_);
  const bool collision = isOffer && !readyForOffer;
  ignoreOffer_ = !polite_ && collision;
  if (ignoreOffer_) {
    generations_.discardRemote(d.sdp);
    out_.log(LogLevel::Debug, "offer collision: ignoring the remote offer (impolite side)");
    out_.settle(request);
    return;
  }
  if (!isOffer && signaling_ != SignalingState::HaveLocalOffer && !makingOffer_) {
    out_.settle(request, Error{ErrorCode::InvalidSignal,
                               "ignored an 'answer': no offer is waiting for one (duplicate or late?)"});
    return;
  }
  if (collision) {
    // The implicit rollback throws our offer away: its candidates are stale from now on.
    if (makingOffer_) rolledBackWhileMaking_ = true;
    else generations_.discardLocal(localOfferSdp_);
    // An implementation without implicit descriptions has no implicit rollback either
    // (@roamhq/wrtc refuses the offer in have-local-offer): roll back first, explicitly.
    if (explicitDescriptions_ && (signaling_ == SignalingState::HaveLocalOffer || makingOffer_)) {
      OpId rollback = out_.nextOp();
      pending_[rollback] = Pending{OpKind::Rollback, RequestId(), {}, std::nullopt, {}};
      out_.command(cmd::RollbackLocalOffer{rollback});
    }
  }
  settingRemoteAnswerPending_ = !isOffer;
  remoteDescriptionInFlight_ = true;
  out_.log(LogLevel::Debug, std::string("applying the remote ") + signalTypeName(d.type) +
                                (collision ? " (collision: rolling back our offer)" : ""));
  Description applied = d;
  if (!isOffer) {
    if (auto kept = dtls_.corrected(d.sdp)) {
      out_.log(LogLevel::Warn, "the remote answer claims this side's DTLS role; kept the first roles (RFC 8842 §5.5)");
      applied.sdp = std::move(*kept);
    }
  }
  OpId op = out_.nextOp();
  pending_[op] = Pending{isOffer ? OpKind::RemoteOffer : OpKind::RemoteAnswer, request, {}, parseSdpOrigin(d.sdp),
                         isOffer ? std::string() : applied.sdp};
  out_.command(cmd::SetRemoteDescription{op, std::move(applied)});
}

void Negotiator::onRemoteCandidate(IceCandidate c, RequestId request) {
  if (closed_) {
    out_.settle(request, Error{ErrorCode::Closed, "the peer is closed; create a new KPeer to connect again"});
    return;
  }
  if (generations_.remoteDiscarded(c)) {
    out_.log(LogLevel::Debug, "dropped a candidate of an ignored remote offer");
    out_.settle(request);
    return;
  }
  if (mayApplyCandidates()) {
    applyCandidate(std::move(c), request);
    return;
  }
  if (remoteIce_.full()) {
    out_.settle(request, Error{ErrorCode::LimitExceeded,
                               "more than " + decimal(kMaxBufferedRemoteCandidates) +
                                   " remote candidates came before any offer/answer; this one was dropped"});
    return;
  }
  remoteIce_.push(std::move(c));
  out_.settle(request);
}

void Negotiator::applyCandidate(IceCandidate c, RequestId request) {
  OpId op = out_.nextOp();
  std::string what = "the candidate for ";
  what += c.sdpMid ? "sdpMid '" + truncatedForMessage(*c.sdpMid) + "'" : "sdpMLineIndex " + decimal(*c.sdpMLineIndex);
  pending_[op] = Pending{OpKind::Candidate, request, std::move(what), std::nullopt, {}};
  out_.command(cmd::AddIceCandidate{op, std::move(c)});
}

void Negotiator::releaseBufferedCandidates() {
  for (auto& c : remoteIce_.drain()) applyCandidate(std::move(c), RequestId());
}

bool Negotiator::onOperationDone(OpId op, const OpOutcome& outcome, TimeMs now) {
  auto it = pending_.find(op);
  if (it == pending_.end()) return false;
  Pending p = it->second;
  pending_.erase(it);
  if (closed_) return true;

  switch (p.kind) {
    case OpKind::LocalOffer:
    case OpKind::LocalAnswer:
      if (!outcome.ok && outcome.typeError && !explicitDescriptions_) {
        explicitDescriptions_ = true;
        out_.log(LogLevel::Info, "setLocalDescription() needs a description here: creating offers and answers explicitly");
        setLocalDescription(p.kind);  // makingOffer_ stays set for an offer
        break;
      }
      if (p.kind == OpKind::LocalOffer) {
        makingOffer_ = false;
        if (outcome.ok && outcome.local && outcome.local->type == SignalType::Offer) {
          localOfferSdp_ = outcome.local->sdp;
          if (std::exchange(rolledBackWhileMaking_, false)) generations_.discardLocal(localOfferSdp_);
        }
      }
      if (!outcome.ok && explicitDescriptions_ && p.kind == OpKind::LocalOffer && signaling_ != SignalingState::Stable) {
        // createOffer() raced a remote offer (implicit descriptions cannot): this side answers it
        // instead, and the implementation asks to negotiate again if it still needs to.
        out_.log(LogLevel::Debug, "our offer lost the race with a remote offer: " + outcome.error);
      } else if (!outcome.ok) {
        out_.error(ErrorCode::NegotiationFailed, "could not create the local description: " + outcome.error);
      } else if (outcome.local) {
        if (p.kind == OpKind::LocalAnswer && outcome.local->type == SignalType::Answer) dtls_.onLocalAnswer(outcome.local->sdp);
        // The state the description implies: some implementations (node-datachannel) fire
        // signalingstatechange only after the promise resolved.
        if (outcome.local->type == SignalType::Offer) signaling_ = SignalingState::HaveLocalOffer;
        if (outcome.local->type == SignalType::Answer) signaling_ = SignalingState::Stable;
        // After a rollback the implicit setLocalDescription may produce nothing worth sending.
        if (outcome.local->type == SignalType::Offer || outcome.local->type == SignalType::Answer) {
          out_.log(LogLevel::Debug, std::string("local ") + signalTypeName(outcome.local->type) + " set: sending it");
          out_.event(ev::EmitSignal{Signal::fromDescription(*outcome.local)});
        }
      }
      break;
    case OpKind::RemoteOffer:
    case OpKind::RemoteAnswer:
      settingRemoteAnswerPending_ = false;
      remoteDescriptionInFlight_ = false;
      if (!outcome.ok) {
        const bool rollBack = p.kind == OpKind::RemoteAnswer;
        // A refused answer leaves the browser in have-local-offer, where every later offer fails
        // too: back to the last stable state, and the next offer after a pause (offersHeldUntil_).
        const TimeMs wait = rollBack ? std::min<TimeMs>(30000, TimeMs(1000) << std::min(refusedAnswers_++, 5)) : 0;
        out_.settle(p.request, Error{ErrorCode::NegotiationFailed,
                                     "the browser refused the remote " + std::string(rollBack ? "answer" : "offer") +
                                         ": " + outcome.error +
                                         (rollBack ? " (this side rolled its offer back; it offers again in " + decimal(wait / 1000) + " s, or now on restartIce())"
                                                   : "")});
        if (rollBack) {
          generations_.discardLocal(localOfferSdp_);
          offersHeldUntil_ = now + wait;
          OpId rollback = out_.nextOp();
          pending_[rollback] = Pending{OpKind::Rollback, RequestId(), {}, std::nullopt, {}};
          out_.command(cmd::RollbackLocalOffer{rollback});
        }
        if (remoteDescriptionSet_) releaseBufferedCandidates();
        break;
      }
      remoteDescriptionSet_ = true;
      signaling_ = p.kind == OpKind::RemoteOffer ? SignalingState::HaveRemoteOffer : SignalingState::Stable;
      if (p.origin) remoteOrigin_ = p.origin;
      if (p.kind == OpKind::RemoteAnswer) {
        dtls_.onRemoteAnswer(p.sdp);
        refusedAnswers_ = 0;
      }
      out_.settle(p.request);
      releaseBufferedCandidates();
      if (p.kind == OpKind::RemoteOffer) setLocalDescription(OpKind::LocalAnswer);
      break;
    case OpKind::Rollback:
      if (!outcome.ok) out_.error(ErrorCode::NegotiationFailed, "could not roll back our offer: " + outcome.error);
      else {
        signaling_ = SignalingState::Stable;
        out_.log(LogLevel::Info, "rolled back our offer to the last stable description");
      }
      break;
    case OpKind::Candidate:
      if (outcome.ok) {
        out_.settle(p.request);
      } else if (ignoreOffer_) {
        // Candidates of an offer we ignored in a collision are expected to fail.
        out_.settle(p.request);
      } else {
        Error e{ErrorCode::InvalidSignal, "the browser could not add " + p.what +
                                              " (no such media section?): " + outcome.error};
        if (p.request) out_.settle(p.request, e);
        else out_.error(e.code, e.message);
      }
      break;
  }
  return true;
}

void Negotiator::close() {
  if (closed_) return;
  closed_ = true;
  remoteIce_.clear();
  heldUntil_.reset();
  for (auto& h : held_)
    out_.settle(h.request, Error{ErrorCode::Closed, "the peer closed before this signal was applied"});
  held_.clear();
  // Whoever still awaits signal() learns the peer closed instead of waiting forever.
  for (auto& [op, p] : pending_)
    out_.settle(p.request, Error{ErrorCode::Closed, "the peer closed before this signal was applied"});
  pending_.clear();
}

}  // namespace kpeer
