#include "Negotiator.h"

#include <algorithm>
#include <utility>

#include "Text.h"

namespace kpeer {

void Negotiator::setLocalDescription(OpKind kind) {
  OpId op = out_.nextOp();
  pending_.put(op, Pending{kind, RequestId(), {}, std::nullopt, {}});
  std::optional<SignalType> create;
  if (explicitDescriptions_) create = kind == OpKind::LocalOffer ? SignalType::Offer : SignalType::Answer;
  out_.command(cmd::SetLocalDescription{op, create, std::nullopt});
}

void Negotiator::onNegotiationNeeded(TimeMs now) {
  if (closed_) return;
  if (offersHeldUntil_ && now < *offersHeldUntil_) {
    offerWanted_ = true;
    return;
  }
  // The browser fires negotiationneeded only in 'stable'; a second one while our offer is being
  // made is merged into it (the browser re-checks once it is back in 'stable').
  if (offerOut()) return;
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
  bool localOpPending = false;
  for (auto [op, p] : pending_)
    localOpPending |= p.kind == OpKind::LocalOffer || p.kind == OpKind::LocalAnswer || p.kind == OpKind::Rollback ||
                      p.kind == OpKind::DeferredOffer;
  if (s == SignalingState::HaveLocalOffer && before == SignalingState::Stable && !offerOut() && !localOpPending && !closed_) {
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
  // A replayed offer; an answer to our restart offer that is not newer than the last remote
  // description (the restart's answer has new credentials), or that comes while one is applied.
  const bool answer = d.type == SignalType::Answer;
  if ((origin && remoteOrigin_ && origin->isReplayOf(*remoteOrigin_) && (!answer || restartOffer_ == RestartOffer::Sent)) ||
      (answer && (deferredAnswer_ || settingRemoteAnswerPending_))) {
    out_.settle(request, Error{ErrorCode::InvalidSignal, std::string("duplicate ") + signalTypeName(d.type) +
                                                             ": already applied or being applied (signals delivered twice?); ignored"});
    return;
  }
  const bool wouldRollBack = polite_ && d.type == SignalType::Offer &&
                             (makingOffer_ || signaling_ != SignalingState::Stable);
  if (deferredAnswer_ || !held_.empty() ||
      (wouldRollBack && localOfferStartedAt_ && now < *localOfferStartedAt_ + rollbackGuardMs_)) {
    if (held_.empty() && !deferredAnswer_) {
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
  if (offersHeldUntil_ && now >= *offersHeldUntil_) {
    offerNow(now);
    restartIfWanted(now);
  }
  if (restartSentUntil_ && now >= *restartSentUntil_) {
    // No answer: the offer stops blocking negotiation (an impolite side ignores remote offers while
    // it is out); the monitor or the user restarts again if the connection still needs it.
    restartSentUntil_.reset();
    if (restartOffer_ == RestartOffer::Sent) {
      restartOffer_ = RestartOffer::None;
      restartOfferSdp_.clear();
      out_.log(LogLevel::Info, "ICE restart offer dropped: no answer in 10 s");
    }
  }
  if (!heldUntil_ || now < *heldUntil_) return;
  heldUntil_.reset();
  releaseHeld();
}

// Held remote descriptions go in order, unless the answer to a deferred restart offer is still
// being applied (then they wait for it).
void Negotiator::releaseHeld() {
  if (heldUntil_ || deferredAnswer_) return;
  std::vector<Held> held;
  held.swap(held_);
  for (auto& h : held) {
    if (deferredAnswer_) held_.push_back(std::move(h));
    else applyRemoteDescription(h.description, h.request);
  }
  if (mayApplyCandidates()) releaseBufferedCandidates();
}

// Why: a Firefox remote keeps answering ICE checks on its previous credentials until it has
// applied our restart offer, and libwebrtc (Chromium, @roamhq/wrtc), once it has set that offer,
// pairs its new candidates with those old credentials within ~10 ms and keeps the pair: what it
// sends from then on is lost for good (../shared/notes/firefox-esr.md). Sending the offer first
// and setting it only with its answer narrows that window to the hop between the two (raw pages:
// 5 of 6 restarts delivered, 0 of 6 with pc.restartIce(); kpeer's cross-browser tests 15 of 16).
bool Negotiator::defersRestartOffer() const {
  return remoteOrigin_ && startsWith(remoteOrigin_->user, "mozilla") && localUser_ == "-";
}

void Negotiator::restartIce(TimeMs now) {
  if (closed_) return;
  if (!defersRestartOffer()) {
    restartWhenStable_ = false;
    out_.command(cmd::RestartIce{});
    return;
  }
  // Sent: the offer or its answer may be lost; a new restart replaces it (its answer, should it
  // still come, is then refused by the browser or restarted again by the monitor).
  if (restartOffer_ == RestartOffer::Creating) return;
  if (makingOffer_ || signaling_ != SignalingState::Stable || remoteDescriptionInFlight_ || deferredAnswer_ || !held_.empty()) {
    restartWhenStable_ = true;
    return;
  }
  restartWhenStable_ = false;
  restartOffer_ = RestartOffer::Creating;
  restartOfferSdp_.clear();
  restartSentUntil_ = now + kRestartAnswerWaitMs;
  restartOp_ = out_.nextOp();
  pending_.put(restartOp_, Pending{OpKind::RestartOffer, RequestId(), {}, std::nullopt, {}});
  out_.command(cmd::CreateRestartOffer{restartOp_});
}

void Negotiator::restartIfWanted(TimeMs now) {
  if (restartWhenStable_ && !closed_ && signaling_ == SignalingState::Stable && !offerOut() && !remoteDescriptionInFlight_ &&
      !deferredAnswer_ && held_.empty() && (!offersHeldUntil_ || now >= *offersHeldUntil_))
    restartIce(now);
}

void Negotiator::applyDeferredOffer(const Description& answer, RequestId request) {
  restartOffer_ = RestartOffer::None;
  restartSentUntil_.reset();
  deferredAnswer_ = Held{answer, request};
  remoteDescriptionInFlight_ = true;  // remote candidates wait for the answer
  OpId op = out_.nextOp();
  pending_.put(op, Pending{OpKind::DeferredOffer, RequestId(), {}, std::nullopt, {}});
  out_.command(cmd::SetLocalDescription{op, std::nullopt, Description{SignalType::Offer, std::move(restartOfferSdp_)}});
  restartOfferSdp_.clear();
}

std::optional<TimeMs> Negotiator::deadline() const {
  std::optional<TimeMs> next;
  for (auto d : {heldUntil_, offersHeldUntil_, restartSentUntil_})
    if (d && (!next || *d < *next)) next = d;
  return next;
}

void Negotiator::applyRemoteDescription(const Description& d, RequestId request) {
  const bool isOffer = d.type == SignalType::Offer;
  const bool readyForOffer =
      !offerOut() && (signaling_ == SignalingState::Stable || settingRemoteAnswerPending_);
  const bool collision = isOffer && !readyForOffer;
  ignoreOffer_ = !polite_ && collision;
  if (ignoreOffer_) {
    generations_.discardRemote(d.sdp);
    out_.log(LogLevel::Debug, "offer collision: ignoring the remote offer (impolite side)");
    out_.settle(request);
    return;
  }
  if (!isOffer && restartOffer_ == RestartOffer::Sent) return applyDeferredOffer(d, request);
  if (!isOffer && signaling_ != SignalingState::HaveLocalOffer && !makingOffer_) {
    out_.settle(request, Error{ErrorCode::InvalidSignal,
                               "ignored an 'answer': no offer is waiting for one (duplicate or late?)"});
    return;
  }
  if (collision && restartOffer_ != RestartOffer::None) {
    // Our restart offer was never set: nothing to roll back. The restart follows this negotiation,
    // unless the remote's offer restarts ICE itself (new credentials).
    restartOffer_ = RestartOffer::None;
    restartOfferSdp_.clear();
    restartSentUntil_.reset();
    const auto ufrag = IceGenerations::sdpUfrag(d.sdp);
    restartWhenStable_ = !(ufrag && !remoteUfrag_.empty() && *ufrag != remoteUfrag_);
  } else if (collision) {
    // The implicit rollback throws our offer away: its candidates are stale from now on.
    if (makingOffer_) rolledBackWhileMaking_ = true;
    else generations_.discardLocal(localOfferSdp_);
    // An implementation without implicit descriptions has no implicit rollback either
    // (@roamhq/wrtc refuses the offer in have-local-offer): roll back first, explicitly.
    if (explicitDescriptions_ && (signaling_ == SignalingState::HaveLocalOffer || makingOffer_)) {
      OpId rollback = out_.nextOp();
      pending_.put(rollback, Pending{OpKind::Rollback, RequestId(), {}, std::nullopt, {}});
      out_.command(cmd::RollbackLocalOffer{rollback});
    }
  }
  settingRemoteAnswerPending_ = !isOffer;
  remoteDescriptionInFlight_ = true;
  out_.log(LogLevel::Debug, std::string("applying the remote ") + signalTypeName(d.type) +
                                (!collision              ? ""
                                 : restartWhenStable_ ? " (collision: dropping our ICE restart offer, restarting after)"
                                                      : " (collision: rolling back our offer)"));
  Description applied = d;
  if (!isOffer) {
    if (auto kept = dtls_.corrected(d.sdp)) {
      out_.log(LogLevel::Warn, "the remote answer claims this side's DTLS role; kept the first roles (RFC 8842 §5.5)");
      applied.sdp = std::move(*kept);
    }
  }
  if (auto ufrag = IceGenerations::sdpUfrag(d.sdp)) applyingRemoteUfrag_ = *ufrag;
  else applyingRemoteUfrag_.clear();
  OpId op = out_.nextOp();
  pending_.put(op, Pending{isOffer ? OpKind::RemoteOffer : OpKind::RemoteAnswer, request, {}, parseSdpOrigin(d.sdp),
                           isOffer ? std::string() : applied.sdp});
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
  pending_.put(op, Pending{OpKind::Candidate, request, std::move(what), std::nullopt, {}});
  out_.command(cmd::AddIceCandidate{op, std::move(c)});
}

void Negotiator::releaseBufferedCandidates() {
  for (auto& c : remoteIce_.drain())
    if (!generations_.remoteDiscarded(c)) applyCandidate(std::move(c), RequestId());
}

bool Negotiator::onOperationDone(OpId op, const OpOutcome& outcome, TimeMs now) {
  Pending* found = pending_.find(op);
  if (!found) return false;
  Pending p = std::move(*found);
  pending_.erase(op);
  if (closed_) return true;
  if (outcome.local)
    if (auto origin = parseSdpOrigin(outcome.local->sdp)) localUser_ = origin->user;

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
    case OpKind::RemoteAnswer: {
      settingRemoteAnswerPending_ = false;
      remoteDescriptionInFlight_ = false;
      const bool deferred = p.kind == OpKind::RemoteAnswer && std::exchange(answeringDeferredOffer_, false);
      if (!outcome.ok) {
        // The restart was ours to make (no browser restart flag survives the rollback): again,
        // after the refused-answer pause.
        if (deferred) restartWhenStable_ = true;
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
          pending_.put(rollback, Pending{OpKind::Rollback, RequestId(), {}, std::nullopt, {}});
          out_.command(cmd::RollbackLocalOffer{rollback});
        }
        if (remoteDescriptionSet_) releaseBufferedCandidates();
        break;
      }
      remoteDescriptionSet_ = true;
      if (!applyingRemoteUfrag_.empty()) remoteUfrag_ = applyingRemoteUfrag_;
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
    }
    case OpKind::Rollback:
      if (!outcome.ok) out_.error(ErrorCode::NegotiationFailed, "could not roll back our offer: " + outcome.error);
      else {
        signaling_ = SignalingState::Stable;
        out_.log(LogLevel::Info, "rolled back our offer to the last stable description");
      }
      break;
    case OpKind::RestartOffer:
      if (op != restartOp_ || restartOffer_ != RestartOffer::Creating) break;  // lost in a collision meanwhile
      restartOffer_ = RestartOffer::None;
      if (!outcome.ok || !outcome.local || outcome.local->type != SignalType::Offer) {
        out_.log(LogLevel::Info, "createOffer({iceRestart}) failed (" + outcome.error + "): using restartIce()");
        out_.command(cmd::RestartIce{});
        break;
      }
      restartOffer_ = RestartOffer::Sent;
      restartOfferSdp_ = outcome.local->sdp;
      out_.log(LogLevel::Info, "ICE restart toward Firefox: our offer is set with its answer");
      out_.event(ev::EmitSignal{Signal::fromDescription(*outcome.local)});
      break;
    case OpKind::DeferredOffer: {
      Held answer = std::move(*deferredAnswer_);
      deferredAnswer_.reset();
      remoteDescriptionInFlight_ = false;
      if (outcome.ok) {
        signaling_ = SignalingState::HaveLocalOffer;
        if (outcome.local) localOfferSdp_ = outcome.local->sdp;
        answeringDeferredOffer_ = true;
        applyRemoteDescription(answer.description, answer.request);
      } else {
        generations_.discardRemote(answer.description.sdp);  // its candidates have no description to go to
        out_.settle(answer.request, Error{ErrorCode::NegotiationFailed,
                                          "could not set our ICE restart offer: " + outcome.error +
                                              " (answer ignored; restarting with restartIce())"});
        out_.command(cmd::RestartIce{});
      }
      releaseHeld();
      break;
    }
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
  restartIfWanted(now);
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
  if (deferredAnswer_)
    out_.settle(deferredAnswer_->request, Error{ErrorCode::Closed, "the peer closed before this signal was applied"});
  deferredAnswer_.reset();
  restartOffer_ = RestartOffer::None;
  restartSentUntil_.reset();
  restartWhenStable_ = false;
  // Whoever still awaits signal() learns the peer closed instead of waiting forever.
  for (auto [op, p] : pending_)
    out_.settle(p.request, Error{ErrorCode::Closed, "the peer closed before this signal was applied"});
  pending_.clear();
}

}  // namespace kpeer
