// A deterministic stand-in for two browsers: each FakeBrowser plays one RTCPeerConnection that
// executes its PeerCore's commands, and a TwoPeers simulation links two of them with a virtual
// clock and a signaling "network" with a configurable delay. Browser operations are asynchronous
// like promises: their results arrive as later tasks of the event loop. Only what the tests need
// is modelled: signaling states, implicit offer/answer/rollback, ICE credentials and candidates,
// one SCTP association for data channels, and a network that can go down.
#pragma once
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/PeerCore.h"
#include "core/TimerArming.h"
#include "IdPrinting.h"

namespace kpeer::sim {

// Tasks run in time order, and in posting order at the same time (a browser's task queue).
class Loop {
 public:
  TimeMs now() const { return now_; }
  void after(TimeMs delay, std::function<void()> task) { at(now_ + delay, std::move(task)); }
  void at(TimeMs time, std::function<void()> task);
  std::optional<TimeMs> next() const;
  void advanceTo(TimeMs time);
  void runNext();

 private:
  TimeMs now_ = 0;
  unsigned long seq_ = 0;
  std::map<std::pair<TimeMs, unsigned long>, std::function<void()>> tasks_;
};

// What the fake SDP carries: "v=0" lines, the ICE ufrag, and an m=application section when the
// description negotiates SCTP (data channels).
struct FakeSdp {
  std::string ufrag;
  bool data = false;
  long version = 1;  // o= sess-version: a browser raises it with every new local description
  std::string setup = "actpass";  // a=setup of the data section: actpass (offers), active or passive
  std::string user = "-";         // o= username: "-" from libwebrtc, "mozilla...THIS_IS_SDPARTA-153.0" from Firefox
  std::string text() const;
  static std::optional<FakeSdp> parse(const std::string& sdp);
};

struct BrowserTiming {
  TimeMs opLatency = 1;     // each operation of the operations chain
  TimeMs iceCheck = 5;      // checking → connected
  TimeMs link = 1;          // one way over the peer-to-peer link (channel open / close, messages)
  int candidates = 2;       // gathered per new ICE ufrag, 1 ms apart, then end-of-candidates
  double bytesPerMs = 1000; // how fast a channel's send buffer drains onto the link
  double maxBuffered = 16 * 1024 * 1024;  // dc.send() throws past this (Chromium: 16 MiB)
  // Firefox: answers every offer with a=setup:active, even when it is the DTLS server.
  bool answersAlwaysActive = false;
  // Firefox: candidate lines do not name their ufrag (RTCIceCandidate.usernameFragment does).
  bool candidateLinesWithoutUfrag = false;
  // Firefox: its SDP's o= line says mozilla, and until it has applied a restart offer its previous
  // ICE credentials keep answering checks. A libwebrtc side that set its restart offer pairs its
  // new candidates with those old credentials `stalePairingDelay` ms later if the answer has not
  // come by then, and keeps that pair: what it sends from then on never arrives (measured in
  // Chromium 13x ↔ Firefox 153 ESR, ../shared/notes/firefox-esr.md).
  bool firefox = false;
  TimeMs stalePairingDelay = 8;
  // @roamhq/wrtc: setLocalDescription() without a description throws a TypeError (and a remote
  // offer in have-local-offer is refused: no implicit rollback), and 'bufferedamountlow' never fires.
  bool implicitDescriptions = true;
  bool firesBufferedLow = true;
  // node-datachannel: makes and sets the offer by itself when negotiation is needed, and fires
  // no negotiationneeded.
  bool autoNegotiates = false;
};

// A message as the fake adapter holds it: the bytes and whether they were a string.
struct Bytes {
  std::string data;
  bool text = false;
};

// A message that reached the user: straight from a plain channel, or assembled by the core.
struct Received {
  ChannelId channel;
  Bytes bytes;
};

class FakeBrowser {
 public:
  using Timing = BrowserTiming;
  // `deliver` runs a callback into the core and then drains the core's outputs.
  using Deliver = std::function<void(const std::function<void(PeerCore&, TimeMs)>&)>;
  FakeBrowser(std::string name, Loop& loop, Deliver deliver, Timing timing = {});
  void link(FakeBrowser& remote) { remote_ = &remote; }

  void execute(const Output& command);  // never calls the core synchronously
  void answerAlwaysActive() { timing_.answersAlwaysActive = true; }  // behave like Firefox
  void behaveLikeFirefox() { timing_.answersAlwaysActive = timing_.candidateLinesWithoutUfrag = timing_.firefox = true; }
  // The selected pair uses the remote's previous ICE credentials (see BrowserTiming::firefox).
  bool stalePair() const { return stalePair_; }
  void setNetworkUp(bool up);

  // --- the adapter's side of messages: payloads by id, and what reached the user
  void hold(PayloadId id, Bytes bytes);
  const Bytes* payload(PayloadId id) const;
  std::size_t heldPayloads() const { return payloads_.size(); }
  int releaseErrors() const { return releaseErrors_; }  // released twice, or never held
  double bufferedAmount(TransportId t) const;
  std::vector<Received> received;
  std::vector<std::string> appliedCandidates;  // remote candidate lines given to addIceCandidate
  std::map<ChannelId, cmd::GrantDirectSend> grants;  // the send() fast path, as granted now
  // The fast path itself: the JS layer's dc.send() without the core. False when not granted.
  bool directSend(ChannelId channel, Bytes bytes);

  SignalingState signalingState() const { return signaling_; }
  IceConnectionState iceState() const { return ice_; }
  bool sctpNegotiated() const { return sctpNegotiated_; }
  bool closed() const { return closed_; }
  const std::string& localUfrag() const { return localUfrag_; }
  // One line per notable thing the browser did ("offer ufA1 data", "rollback", "answer refused", ...).
  const std::vector<std::string>& trace() const { return trace_; }
  int count(const std::string& traceLine) const;

 private:
  struct Channel {
    std::string label, protocol;
    bool negotiated = false;
    bool announced = false;   // open sent over SCTP (or opened, for negotiated channels)
    TransportId peerTransport;
    ChannelId channel;        // the core's channel, for messages to the user
    ReceiveMode receive = ReceiveMode::Plain;
    double lowThreshold = 0;
    bool open = false;
    double buffered = 0;
    TimeMs drainedAt = 0;     // when the last queued byte leaves the buffer
  };

  void send(TransportId t, Bytes bytes);
  void arrive(TransportId t, Bytes bytes);
  void release(PayloadId id);

  void operation(OpId op, std::function<OpOutcome()> run);
  OpOutcome setLocalDescription(const std::optional<Description>& given = std::nullopt);
  OpOutcome createRestartOffer();
  FakeSdp localSdp(std::string ufrag, bool data, std::string setup = "actpass");
  OpOutcome setRemoteDescription(const Description& d);
  OpOutcome addIceCandidate(const IceCandidate& c);
  void setSignaling(SignalingState s);
  void setIce(IceConnectionState s);
  void enterStable();
  void rollback();
  std::string nextUfrag() { return "uf" + name_ + std::to_string(++ufrags_); }
  void gather(const std::string& ufrag);
  bool negotiationNeeded() const;
  void checkNegotiationNeeded();
  bool canConnect() const;
  void updateIce();
  bool sctpUp() const { return !closed_ && sctpNegotiated_ && ice_ == IceConnectionState::Connected; }
  void openChannelsIfLinked();
  void acceptRemoteChannel(TransportId remoteTransport, const Channel& remote);
  void channelClosedByPeer(TransportId t);
  void peerClosed();
  void toCore(const std::function<void(PeerCore&, TimeMs)>& f) { deliver_(f); }

  std::string name_;
  Loop& loop_;
  Deliver deliver_;
  Timing timing_;
  FakeBrowser* remote_ = nullptr;
  std::vector<std::string> trace_;

  TimeMs chainFreeAt_ = 0;
  bool closed_ = false;
  SignalingState signaling_ = SignalingState::Stable;
  std::optional<FakeSdp> pendingLocalOffer_, pendingRemoteOffer_;
  long sdpVersion_ = 1;
  bool pendingOfferRestarts_ = false;
  std::string localUfrag_, remoteUfrag_, gatheringUfrag_;  // committed credentials
  bool hasRemoteDescription_ = false;
  bool sctpNegotiated_ = false;
  bool restartPending_ = false;
  std::string dtlsRole_;  // "active" or "passive" once negotiated; a remote answer claiming it is refused
  bool negotiationNeededFired_ = false;
  int ufrags_ = 0;

  IceConnectionState ice_ = IceConnectionState::New;
  std::map<std::string, int> remoteCandidates_;  // per remote ufrag
  bool networkUp_ = true;
  std::string deadPair_;  // the credentials in use when the network went down
  bool iceCheckPending_ = false;
  bool stalePair_ = false;

  std::map<TransportId, Channel> channels_;
  std::map<PayloadId, Bytes> payloads_;
  std::map<TransportId, std::string> assembly_;
  std::map<TransportId, cmd::AttachDataChannel> attachLater_;
  int releaseErrors_ = 0;
};

// One side: its core, its browser, and everything its core told the user.
struct SimPeer {
  SimPeer(std::string name, const std::string& configJson, Loop& loop, BrowserTiming timing = {});
  std::string name;
  Loop& loop;
  PeerCore core;
  FakeBrowser browser;
  std::vector<Output> events;
  std::vector<Error> signalErrors;  // peer.signal() rejections: immediate or settled with an error
  std::function<void(std::string)> sendSignal;

  // User calls, at the current virtual time.
  ChannelId createChannel(const std::string& configJson);
  void receiveSignal(const std::string& json);
  // channel.send() / write(): what the adapter does (hold the bytes, name them, ask the core).
  // send() takes the fast path when it is granted, like the JS layer.
  RequestId send(ChannelId channel, Bytes bytes);
  RequestId write(ChannelId channel, Bytes bytes);
  RequestId writeUnsupported(ChannelId channel);  // write(42)
  std::map<RequestId, std::optional<Error>> settled;  // every settled request: nullopt = success
  int settledTwice = 0;
  void pump();  // commands → browser, events → `events`, signals → the other side
  // The core's deadline as the adapter times it (TimerArming): a kept timer may fire early.
  TimerArming timer;
  int timerArms = 0;       // setTimeout() calls the adapter would have made
  int timerFirings = 0;
  int deadlineChanges = 0; // new deadlines from the core (what re-arming on every change costs)
  std::optional<TimeMs> lastDeadline;

  bool connected() const { return core.connectionState() == ConnectionState::Connected; }
  std::optional<ChannelId> channelId(const std::string& label) const;  // from ChannelAdded
  std::optional<ChannelState> channelState(const std::string& label) const;
  std::vector<std::string> channelLabels() const;
  std::vector<Error> errorsRaised() const;

 private:
  RequestId take(ChannelId channel, Bytes bytes, bool isWrite);
  IdSource<RequestId> requests_;
  std::set<RequestId> signalRequests_;
};

// Two linked peers: `a` is the initiator (impolite), `b` polite, unless the configs say otherwise.
class TwoPeers {
 public:
  explicit TwoPeers(TimeMs signalDelay = 30, const std::string& configA = R"({"initiator":true})",
                    const std::string& configB = R"({"initiator":false})", BrowserTiming timing = {});
  Loop loop;
  TimeMs signalDelay;
  SimPeer a, b;

  // Runs tasks and timers up to `end` (virtual ms), or until `done()` holds; returns done().
  bool runUntil(TimeMs end, const std::function<bool()>& done = [] { return false; });
  void runFor(TimeMs duration) { runUntil(loop.now() + duration); }
  void setNetworkUp(bool up);
};

}  // namespace kpeer::sim
