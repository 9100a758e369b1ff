// Perfect negotiation (W3C webrtc-pc, "Perfect Negotiation Example") as a state machine:
// the non-initiator is polite, the initiator impolite. Either side may offer; colliding offers
// are resolved by the impolite side ignoring the remote one and the polite side rolling back
// implicitly inside setRemoteDescription. Also owns remote-candidate buffering, because whether a
// candidate may be applied depends on the description state.
#pragma once
#include <optional>
#include <utility>
#include <vector>

#include "DtlsRoles.h"
#include "IceGenerations.h"
#include "IdMap.h"
#include "OutputQueue.h"
#include "RemoteIceBuffer.h"
#include "SdpOrigin.h"
#include "Signal.h"
#include "States.h"
#include "Time.h"

namespace kpeer {

// How long an ICE restart offer sent before it is set waits for its answer (Negotiator::restartIce).
constexpr TimeMs kRestartAnswerWaitMs = 10000;

class Negotiator {
 public:
  // rollbackGuardMs: a polite side holds a colliding remote offer until this long after it began
  // its own offer (0 = off). Why: Chromium's ICE gatherer breaks for good when the implicit
  // rollback lands within a few ms of setLocalDescription(offer) — seen as 'gathering' forever
  // with no candidate, in 3 of 20 in-page glare runs; ICE restart does not revive it.
  Negotiator(bool polite, OutputQueue& out, TimeMs rollbackGuardMs = 0)
      : polite_(polite), out_(out), rollbackGuardMs_(rollbackGuardMs) {}

  void onNegotiationNeeded(TimeMs now = 0);
  // A remote offer or answer; `request` is settled once it is applied (or refused).
  void onRemoteDescription(const Description& d, RequestId request, TimeMs now = 0);
  void handleTimeout(TimeMs now);
  std::optional<TimeMs> deadline() const;
  // A remote candidate; settled at once when buffered, or when the browser has applied it.
  void onRemoteCandidate(IceCandidate c, RequestId request);
  // The browser's signalingState. A local offer the implementation set by itself (stable →
  // have-local-offer with no offer of ours under way) is sent like ours.
  void onSignalingState(SignalingState s, TimeMs now = 0);
  // Returns false when the op is not one of ours (stale after close, or unknown).
  bool onOperationDone(OpId op, const OpOutcome& outcome, TimeMs now = 0);
  // The user asked for a new offer (restartIce()): one held back after a refused answer goes now.
  void offerNow(TimeMs now);
  // An ICE restart, the monitor's or the user's: pc.restartIce(), except from libwebrtc toward a
  // Firefox remote, where the restart offer is sent first and applied together with its answer.
  void restartIce(TimeMs now);
  void close();

  bool polite() const { return polite_; }
  bool makingOffer() const { return makingOffer_; }
  // Nothing was ever offered, answered or received: the connection has no transport yet.
  bool untouched() const { return !remoteDescriptionSet_ && !offeredOnce_ && pending_.empty(); }
  bool ignoringOffer() const { return ignoreOffer_; }
  SignalingState signalingState() const { return signaling_; }
  std::size_t bufferedRemoteCandidates() const { return remoteIce_.size(); }
  // Credentials of thrown-away offers, whose candidates are neither sent nor applied.
  const IceGenerations& generations() const { return generations_; }

 private:
  // RestartOffer: createOffer({iceRestart}) not applied; DeferredOffer: that offer applied (sLD).
  enum class OpKind { LocalOffer, LocalAnswer, RemoteOffer, RemoteAnswer, Rollback, Candidate, RestartOffer, DeferredOffer };
  enum class RestartOffer { None, Creating, Sent };
  struct Pending {
    OpKind kind;
    RequestId request;
    std::string what;  // for messages: which candidate, which description
    std::optional<SdpOrigin> origin;
    std::string sdp;  // of a remote answer: its DTLS role once applied
  };

  bool mayApplyCandidates() const {
    return remoteDescriptionSet_ && !remoteDescriptionInFlight_ && held_.empty();
  }
  void applyRemoteDescription(const Description& d, RequestId request);
  void applyCandidate(IceCandidate c, RequestId request);
  void releaseBufferedCandidates();
  void setLocalDescription(OpKind kind);
  bool defersRestartOffer() const;
  // An offer of ours is under way: being set, or a restart offer being created or waiting for its answer.
  bool offerOut() const { return makingOffer_ || restartOffer_ != RestartOffer::None; }
  void applyDeferredOffer(const Description& answer, RequestId request);
  void releaseHeld();
  void restartIfWanted(TimeMs now);

  struct Held {
    Description description;
    RequestId request;
  };

  bool polite_;
  OutputQueue& out_;
  TimeMs rollbackGuardMs_;
  std::optional<TimeMs> localOfferStartedAt_;
  std::optional<TimeMs> heldUntil_;
  // After a refused answer and its rollback the browser asks to negotiate again at once; with a
  // remote that keeps answering wrongly that would loop. The next offer waits 1 s, doubling up to
  // 30 s while answers keep being refused; restartIce() offers at once.
  int refusedAnswers_ = 0;
  std::optional<TimeMs> offersHeldUntil_;
  bool offerWanted_ = false;
  std::vector<Held> held_;                 // remote descriptions waiting for the rollback guard, in order
  std::optional<SdpOrigin> remoteOrigin_;  // of the last remote description applied
  bool makingOffer_ = false;
  bool ignoreOffer_ = false;
  bool settingRemoteAnswerPending_ = false;
  bool remoteDescriptionSet_ = false;
  bool offeredOnce_ = false;
  bool remoteDescriptionInFlight_ = false;
  bool closed_ = false;
  // The implementation refused setLocalDescription() without arguments (a TypeError): from then on
  // descriptions are created explicitly.
  bool explicitDescriptions_ = false;
  SignalingState signaling_ = SignalingState::Stable;
  IdMap<OpId, Pending> pending_;
  RemoteIceBuffer remoteIce_;
  DtlsRoles dtls_;
  IceGenerations generations_;
  std::string localOfferSdp_;         // the local offer in force (have-local-offer), for its ufrag
  bool rolledBackWhileMaking_ = false;  // a collision rolled back the offer still being set
  std::string localUser_;               // the o= username of our descriptions ("-": libwebrtc)
  // The restart offer sent before it is applied (defersRestartOffer), and the answer that came for
  // it while the offer is being applied (remote descriptions after it are held until then).
  RestartOffer restartOffer_ = RestartOffer::None;
  OpId restartOp_;
  std::string restartOfferSdp_;
  std::optional<Held> deferredAnswer_;
  bool restartWhenStable_ = false;      // a restart asked for mid-negotiation, or lost in a collision
  std::optional<TimeMs> restartSentUntil_;  // a restart offer without an answer by then is dropped
  bool answeringDeferredOffer_ = false;  // the answer in flight is the one to our deferred offer
  std::string remoteUfrag_, applyingRemoteUfrag_;  // ICE ufrag of the remote description in force / in flight
};

}  // namespace kpeer
