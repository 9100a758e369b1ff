// ICE restarts from libwebrtc (Chromium) toward Firefox: the restart offer is sent first and set
// together with its answer, so Chromium never pairs its new candidates with Firefox's previous
// ICE credentials (the FakeBrowser models that loss: BrowserTiming::firefox). Every other pair of
// implementations keeps pc.restartIce().
#include <doctest/doctest.h>

#include <algorithm>

#include "CoreOutputs.h"
#include "FakeBrowser.h"
#include "json/JsonValue.h"
#include "json/WireFormat.h"

using namespace kpeer;
using namespace kpeer::sim;

namespace {

// A connected pair with channel "chat" open on both sides; `firefoxA` / `firefoxB` pick the engines.
struct Pair {
  Pair(bool aInitiates, bool firefoxA, bool firefoxB, const std::string& extra = "")
      : sim(10, std::string(R"({"initiator":)") + (aInitiates ? "true" : "false") + R"(,"logger":{})" + extra + "}",
            std::string(R"({"initiator":)") + (aInitiates ? "false" : "true") + R"(,"logger":{})" + extra + "}") {
    if (firefoxA) sim.a.browser.behaveLikeFirefox();
    if (firefoxB) sim.b.browser.behaveLikeFirefox();
    (aInitiates ? sim.a : sim.b).createChannel(R"({"label":"chat"})");
    REQUIRE(sim.runUntil(5000, [&] {
      return sim.a.connected() && sim.b.connected() && sim.a.channelState("chat") == ChannelState::Open &&
             sim.b.channelState("chat") == ChannelState::Open;
    }));
  }
  // A message each way arrives.
  bool messagesFlowBothWays(const std::string& text) {
    const auto aBefore = sim.a.browser.received.size(), bBefore = sim.b.browser.received.size();
    sim.a.send(*sim.a.channelId("chat"), Bytes{text + " from A", true});
    sim.b.send(*sim.b.channelId("chat"), Bytes{text + " from B", true});
    return sim.runUntil(sim.loop.now() + 1000, [&] {
      return sim.a.browser.received.size() > aBefore && sim.b.browser.received.size() > bBefore;
    });
  }
  // The restart is over: new credentials on `p`'s side, stable and connected on both.
  bool restarted(SimPeer& p, const std::string& ufragBefore) {
    return sim.runUntil(sim.loop.now() + 3000, [&] {
      return p.browser.localUfrag() != ufragBefore && sim.a.browser.signalingState() == SignalingState::Stable &&
             sim.b.browser.signalingState() == SignalingState::Stable && sim.a.browser.iceState() == IceConnectionState::Connected &&
             sim.b.browser.iceState() == IceConnectionState::Connected;
    });
  }
  // `p` calls restartIce(); true once it is over.
  bool restartFrom(SimPeer& p) {
    const std::string before = p.browser.localUfrag();
    if (!p.core.restartIce(sim.loop.now()).ok()) return false;
    p.pump();
    return restarted(p, before);
  }
  TwoPeers sim;
};

bool logged(const SimPeer& p, const std::string& part) {
  for (const auto& e : p.events)
    if (auto* log = std::get_if<ev::Log>(&e); log && log->message.find(part) != std::string::npos) return true;
  return false;
}

const char* kChromiumOffer = "v=0\r\no=- 11 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=setup:actpass\r\n";
const char* kFirefoxAnswer = "v=0\r\no=mozilla...THIS_IS_SDPARTA-153.0 77 0 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n"
                             "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=mid:0\r\na=setup:active\r\n";
const char* kFirefoxRestartAnswer = "v=0\r\no=mozilla...THIS_IS_SDPARTA-153.0 77 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n"
                             "a=ice-ufrag:ffnew\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=mid:0\r\na=setup:active\r\n";

std::string answerSignal(const char* sdp) {
  return signalToJson(Signal::fromDescription(Description{SignalType::Answer, sdp}));
}

const char* kRestartOffer = "v=0\r\no=- 11 3 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=ice-ufrag:new\r\na=setup:actpass\r\n";

std::string descSignal(SignalType t, const char* sdp) { return signalToJson(Signal::fromDescription(Description{t, sdp})); }

// A Chromium initiator connected to a Firefox answerer, driven by hand: stable, remote origin mozilla.
PeerCore chromiumAnsweredByFirefox() {
  PeerCore core(test::config(R"({"initiator":true,"iceServers":[]})"), 0);
  REQUIRE(core.createChannel(JsonValue::parse(R"({"label":"x"})"), 0).ok());
  auto sld = test::only<cmd::SetLocalDescription>(test::drain(core).commands);
  REQUIRE(sld.size() == 1);
  core.onOperationDone(sld[0].op, OpOutcome{true, "", Description{SignalType::Offer, kChromiumOffer}}, 1);
  core.onSignalingState(SignalingState::HaveLocalOffer, 1);
  test::drain(core);
  REQUIRE(core.signal(JsonValue::text(answerSignal(kFirefoxAnswer)), RequestId(1), 2).ok());
  auto srd = test::only<cmd::SetRemoteDescription>(test::drain(core).commands);
  REQUIRE(srd.size() == 1);
  core.onOperationDone(srd[0].op, OpOutcome{}, 3);
  core.onSignalingState(SignalingState::Stable, 3);
  core.onIceConnectionState(IceConnectionState::Connected, 4);
  test::drain(core);
  return core;
}

}  // namespace

TEST_CASE("the fake models the loss: pc.restartIce() from Chromium toward Firefox leaves Chromium on a stale pair") {
  // Not kpeer's path (it never calls pc.restartIce() toward Firefox): the browser's own restart,
  // to show that the simulation loses what the deferred offer saves.
  Pair pair(true, false, true);
  const std::string before = pair.sim.a.browser.localUfrag();
  pair.sim.a.browser.execute(cmd::RestartIce{});
  REQUIRE(pair.restarted(pair.sim.a, before));
  CHECK(pair.sim.a.browser.stalePair());
  CHECK_FALSE(pair.messagesFlowBothWays("after restart"));
}

TEST_CASE("restartIce() from Chromium toward Firefox: the offer is set with its answer, and messages flow both ways") {
  for (bool chromiumInitiates : {true, false}) {
    CAPTURE(chromiumInitiates);
    Pair pair(chromiumInitiates, false, true);
    SimPeer& chromium = pair.sim.a;
    REQUIRE(pair.restartFrom(chromium));
    CHECK(chromium.browser.count("restartIce") == 0);
    CHECK(chromium.browser.count("created restart offer " + chromium.browser.localUfrag()) == 1);
    CHECK_FALSE(chromium.browser.stalePair());
    // With Firefox as initiator its answer claims Chromium's DTLS role: corrected on this path too.
    CHECK(chromium.browser.count("answer refused: DTLS role") == 0);
    CHECK(logged(chromium, "ICE restart toward Firefox"));
    CHECK(pair.messagesFlowBothWays("after restart"));
    CHECK(chromium.signalErrors.empty());
    CHECK(pair.sim.b.signalErrors.empty());
    CHECK(chromium.errorsRaised().empty());
    // And again: a second restart works the same way.
    REQUIRE(pair.restartFrom(chromium));
    CHECK(pair.messagesFlowBothWays("after the second restart"));
  }
}

TEST_CASE("the automatic restart after an outage, from Chromium toward Firefox, takes the same path") {
  Pair pair(false, false, true, R"(,"iceRestart":{"disconnectedGraceMs":200})");
  SimPeer& chromium = pair.sim.a;
  const std::string before = chromium.browser.localUfrag();
  pair.sim.setNetworkUp(false);
  REQUIRE(pair.sim.runUntil(pair.sim.loop.now() + 100, [&] { return chromium.core.connectionState() == ConnectionState::Disconnected; }));
  pair.sim.setNetworkUp(true);
  REQUIRE(pair.restarted(chromium, before));
  CHECK(logged(chromium, "restarting ICE (disconnected for longer than the grace period)"));
  CHECK(chromium.browser.count("restartIce") == 0);
  CHECK_FALSE(chromium.browser.stalePair());
  CHECK(pair.messagesFlowBothWays("after the outage"));
}

TEST_CASE("other pairs keep pc.restartIce(): Chromium ↔ Chromium, Firefox → Chromium, Firefox ↔ Firefox") {
  for (auto engines : {std::pair{false, false}, std::pair{true, false}, std::pair{true, true}}) {
    const bool firefoxA = engines.first, firefoxB = engines.second;
    CAPTURE(firefoxA);
    CAPTURE(firefoxB);
    Pair pair(true, firefoxA, firefoxB);
    REQUIRE(pair.restartFrom(pair.sim.a));
    CHECK(pair.sim.a.browser.count("restartIce") == 1);
    CHECK(pair.sim.a.browser.count("created restart offer " + pair.sim.a.browser.localUfrag()) == 0);
    CHECK(pair.messagesFlowBothWays("after restart"));
  }
}

TEST_CASE("glare with a held restart offer: both sides restart at once, and the connection comes back either way") {
  for (bool chromiumInitiates : {true, false}) {
    CAPTURE(chromiumInitiates);
    Pair pair(chromiumInitiates, false, true);
    SimPeer& chromium = pair.sim.a;
    SimPeer& firefox = pair.sim.b;
    const std::string chromiumBefore = chromium.browser.localUfrag(), firefoxBefore = firefox.browser.localUfrag();
    REQUIRE(chromium.core.restartIce(pair.sim.loop.now()).ok());
    REQUIRE(firefox.core.restartIce(pair.sim.loop.now()).ok());
    chromium.pump();
    firefox.pump();
    REQUIRE(pair.restarted(chromium, chromiumBefore));
    REQUIRE(pair.restarted(firefox, firefoxBefore));
    pair.sim.runFor(500);  // a restart dropped in the collision follows once the other is done
    CHECK_FALSE(chromium.browser.stalePair());
    // Chromium took the deferred path (as impolite side its offer wins; as polite side it answers
    // Firefox's restart, whose new credentials make a second restart unnecessary).
    const auto& trace = chromium.browser.trace();
    CHECK(std::count_if(trace.begin(), trace.end(), [](const std::string& l) { return l.rfind("created restart offer", 0) == 0; }) == 1);
    CHECK(chromium.browser.count("restartIce") == 0);
    CHECK(pair.messagesFlowBothWays("after glare"));
    CHECK(chromium.signalErrors.empty());
    CHECK(firefox.signalErrors.empty());
    CHECK(chromium.errorsRaised().empty());
    CHECK(firefox.errorsRaised().empty());
  }
}

TEST_CASE("a deferred restart offer, step by step: sent unapplied, set on the answer, candidates held meanwhile") {
  PeerCore core = chromiumAnsweredByFirefox();
  REQUIRE(core.restartIce(10).ok());
  auto out = test::drain(core);
  CHECK(test::only<cmd::RestartIce>(out.commands).empty());
  auto create = test::only<cmd::CreateRestartOffer>(out.commands);
  REQUIRE(create.size() == 1);

  // A second restart while the first is being made changes nothing.
  REQUIRE(core.restartIce(11).ok());
  CHECK(test::drain(core).commands.empty());

  const std::string restartOffer = "v=0\r\no=- 11 3 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=ice-ufrag:new\r\na=setup:actpass\r\n";
  core.onOperationDone(create[0].op, OpOutcome{true, "", Description{SignalType::Offer, restartOffer}}, 12);
  out = test::drain(core);
  auto signals = test::only<ev::EmitSignal>(out.events);
  REQUIRE(signals.size() == 1);
  CHECK(signals[0].signal.sdp == restartOffer);
  CHECK(out.commands.empty());  // nothing set locally yet
  CHECK(core.negotiator().signalingState() == SignalingState::Stable);

  REQUIRE(core.signal(JsonValue::text(answerSignal(kFirefoxRestartAnswer)), RequestId(2), 20).ok());
  auto sld = test::only<cmd::SetLocalDescription>(test::drain(core).commands);
  REQUIRE(sld.size() == 1);
  REQUIRE(sld[0].given);
  CHECK(sld[0].given->type == SignalType::Offer);
  CHECK(sld[0].given->sdp == restartOffer);

  // Firefox's candidates of the new generation, before the answer is set: held.
  REQUIRE(core.signal(JsonValue::text(signalToJson(Signal::fromCandidate(test::candidate(1, "ffnew")))), RequestId(3), 21).ok());
  CHECK(test::only<cmd::AddIceCandidate>(test::drain(core).commands).empty());

  core.onOperationDone(sld[0].op, OpOutcome{true, "", Description{SignalType::Offer, restartOffer}}, 22);
  out = test::drain(core);
  auto srd = test::only<cmd::SetRemoteDescription>(out.commands);
  REQUIRE(srd.size() == 1);
  CHECK(srd[0].description.type == SignalType::Answer);
  CHECK(srd[0].description.sdp == kFirefoxRestartAnswer);  // Firefox kept its role (active) here
  CHECK(test::only<ev::EmitSignal>(out.events).empty());  // the offer was sent once, before
  CHECK(test::only<cmd::AddIceCandidate>(out.commands).empty());

  core.onOperationDone(srd[0].op, OpOutcome{}, 23);
  out = test::drain(core);
  CHECK(test::only<cmd::AddIceCandidate>(out.commands).size() == 1);  // released with the answer
  auto settled = test::only<ev::RequestSettled>(out.events);
  REQUIRE(settled.size() == 1);
  CHECK(settled[0].request == RequestId(2));
  CHECK_FALSE(settled[0].error);
}

TEST_CASE("a deferred restart offer the browser refuses to set: the answer's signal() rejects and ICE restarts with pc.restartIce()") {
  PeerCore core = chromiumAnsweredByFirefox();
  REQUIRE(core.restartIce(10).ok());
  auto create = test::only<cmd::CreateRestartOffer>(test::drain(core).commands);
  REQUIRE(create.size() == 1);
  core.onOperationDone(create[0].op, OpOutcome{true, "", Description{SignalType::Offer, kChromiumOffer}}, 11);
  test::drain(core);
  REQUIRE(core.signal(JsonValue::text(answerSignal(kFirefoxRestartAnswer)), RequestId(2), 20).ok());
  auto sld = test::only<cmd::SetLocalDescription>(test::drain(core).commands);
  REQUIRE(sld.size() == 1);
  core.onOperationDone(sld[0].op, OpOutcome{false, "InvalidModificationError: SDP does not match the previous offer", std::nullopt}, 21);
  auto out = test::drain(core);
  auto settled = test::only<ev::RequestSettled>(out.events);
  REQUIRE(settled.size() == 1);
  REQUIRE(settled[0].error);
  CHECK(settled[0].error->code == ErrorCode::NegotiationFailed);
  CHECK(settled[0].error->message.find("InvalidModificationError") != std::string::npos);
  CHECK(test::only<cmd::SetRemoteDescription>(out.commands).empty());
  CHECK(test::only<cmd::RestartIce>(out.commands).size() == 1);
  CHECK(core.negotiator().signalingState() == SignalingState::Stable);
}

TEST_CASE("createOffer({iceRestart}) refused: ICE restarts with pc.restartIce() instead") {
  PeerCore core = chromiumAnsweredByFirefox();
  REQUIRE(core.restartIce(10).ok());
  auto create = test::only<cmd::CreateRestartOffer>(test::drain(core).commands);
  REQUIRE(create.size() == 1);
  core.onOperationDone(create[0].op, OpOutcome{false, "OperationError: no", std::nullopt}, 11);
  auto out = test::drain(core);
  CHECK(test::only<cmd::RestartIce>(out.commands).size() == 1);
  CHECK(test::only<ev::EmitSignal>(out.events).empty());
}

TEST_CASE("close() while a deferred restart's answer is being applied settles that signal() with 'closed'") {
  PeerCore core = chromiumAnsweredByFirefox();
  REQUIRE(core.restartIce(10).ok());
  auto create = test::only<cmd::CreateRestartOffer>(test::drain(core).commands);
  core.onOperationDone(create.at(0).op, OpOutcome{true, "", Description{SignalType::Offer, kChromiumOffer}}, 11);
  test::drain(core);
  REQUIRE(core.signal(JsonValue::text(answerSignal(kFirefoxRestartAnswer)), RequestId(2), 20).ok());
  test::drain(core);
  core.close(21);
  auto settled = test::only<ev::RequestSettled>(test::drain(core).events);
  REQUIRE(settled.size() == 1);
  CHECK(settled[0].request == RequestId(2));
  REQUIRE(settled[0].error);
  CHECK(settled[0].error->code == ErrorCode::Closed);
}

// --- the cases a review found (duplicates, lost offers, refusals), step by step

namespace {

// restartIce() until the restart offer is out (Sent).
void toSent(PeerCore& core, TimeMs now) {
  REQUIRE(core.restartIce(now).ok());
  auto create = test::only<cmd::CreateRestartOffer>(test::drain(core).commands);
  REQUIRE(create.size() == 1);
  core.onOperationDone(create[0].op, OpOutcome{true, "", Description{SignalType::Offer, kRestartOffer}}, now + 1);
  REQUIRE(test::only<ev::EmitSignal>(test::drain(core).events).size() == 1);
}

// The answer arrives; returns the deferred setLocalDescription.
cmd::SetLocalDescription answerArrives(PeerCore& core, RequestId request, TimeMs now) {
  REQUIRE(core.signal(JsonValue::text(descSignal(SignalType::Answer, kFirefoxRestartAnswer)), request, now).ok());
  auto sld = test::only<cmd::SetLocalDescription>(test::drain(core).commands);
  REQUIRE(sld.size() == 1);
  return sld[0];
}

}  // namespace

TEST_CASE("a late copy of the previous answer is not taken for the restart offer's answer") {
  PeerCore core = chromiumAnsweredByFirefox();
  toSent(core, 10);
  REQUIRE(core.signal(JsonValue::text(descSignal(SignalType::Answer, kFirefoxAnswer)), RequestId(2), 20).ok());
  auto out = test::drain(core);
  CHECK(test::only<cmd::SetLocalDescription>(out.commands).empty());
  auto settled = test::only<ev::RequestSettled>(out.events);
  REQUIRE(settled.size() == 1);
  REQUIRE(settled[0].error);
  CHECK(settled[0].error->code == ErrorCode::InvalidSignal);
  CHECK(settled[0].error->message.find("duplicate answer") != std::string::npos);
  // The real answer still works.
  answerArrives(core, RequestId(3), 30);
}

TEST_CASE("an answer delivered twice while the deferred offer is being set is applied once") {
  PeerCore core = chromiumAnsweredByFirefox();
  toSent(core, 10);
  auto sld = answerArrives(core, RequestId(2), 20);
  REQUIRE(core.signal(JsonValue::text(descSignal(SignalType::Answer, kFirefoxRestartAnswer)), RequestId(3), 21).ok());
  auto second = test::only<ev::RequestSettled>(test::drain(core).events);
  REQUIRE(second.size() == 1);
  CHECK(second[0].request == RequestId(3));
  REQUIRE(second[0].error);
  CHECK(second[0].error->code == ErrorCode::InvalidSignal);
  core.onSignalingState(SignalingState::HaveLocalOffer, 22);
  core.onOperationDone(sld.op, OpOutcome{true, "", Description{SignalType::Offer, kRestartOffer}}, 22);
  auto srd = test::only<cmd::SetRemoteDescription>(test::drain(core).commands);
  CHECK(srd.size() == 1);
}

TEST_CASE("a restart offer that got no answer is replaced by the next restart, and dropped after 10 s") {
  PeerCore core = chromiumAnsweredByFirefox();
  toSent(core, 10);
  // The monitor's restart after a failure replaces it with a new offer.
  core.onIceConnectionState(IceConnectionState::Failed, 5000);
  CHECK(test::only<cmd::CreateRestartOffer>(test::drain(core).commands).size() == 1);

  PeerCore quiet = chromiumAnsweredByFirefox();
  toSent(quiet, 10);
  quiet.onNegotiationNeeded(100);  // merged into the restart offer while it waits
  CHECK(test::only<cmd::SetLocalDescription>(test::drain(quiet).commands).empty());
  REQUIRE(quiet.pollTimeout());
  CHECK(*quiet.pollTimeout() == 10 + kRestartAnswerWaitMs);
  quiet.handleTimeout(10 + kRestartAnswerWaitMs);
  test::drain(quiet);
  quiet.onNegotiationNeeded(10 + kRestartAnswerWaitMs + 1);  // no longer blocked
  CHECK(test::only<cmd::SetLocalDescription>(test::drain(quiet).commands).size() == 1);
}

TEST_CASE("the answer to a deferred offer refused: rolled back, and the restart is made again after the pause") {
  PeerCore core = chromiumAnsweredByFirefox();
  toSent(core, 10);
  auto sld = answerArrives(core, RequestId(2), 20);
  core.onOperationDone(sld.op, OpOutcome{true, "", Description{SignalType::Offer, kRestartOffer}}, 21);
  auto srd = test::only<cmd::SetRemoteDescription>(test::drain(core).commands);
  REQUIRE(srd.size() == 1);
  core.onOperationDone(srd[0].op, OpOutcome{false, "OperationError: refused", std::nullopt}, 22);
  auto rollback = test::only<cmd::RollbackLocalOffer>(test::drain(core).commands);
  REQUIRE(rollback.size() == 1);
  core.onOperationDone(rollback[0].op, OpOutcome{}, 23);
  core.onSignalingState(SignalingState::Stable, 23);
  CHECK(test::only<cmd::CreateRestartOffer>(test::drain(core).commands).empty());  // the pause first
  REQUIRE(core.pollTimeout());
  core.handleTimeout(*core.pollTimeout());
  CHECK(test::only<cmd::CreateRestartOffer>(test::drain(core).commands).size() == 1);
}

TEST_CASE("the deferred offer refused: candidates that came for its answer are dropped, not applied") {
  PeerCore core = chromiumAnsweredByFirefox();
  toSent(core, 10);
  auto sld = answerArrives(core, RequestId(2), 20);
  REQUIRE(core.signal(JsonValue::text(signalToJson(Signal::fromCandidate(test::candidate(1, "ffnew")))), RequestId(3), 21).ok());
  test::drain(core);
  core.onOperationDone(sld.op, OpOutcome{false, "InvalidModificationError", std::nullopt}, 22);
  CHECK(test::only<cmd::AddIceCandidate>(test::drain(core).commands).empty());
}

TEST_CASE("a remote offer while the deferred offer is being set waits for the answer, then is answered") {
  PeerCore core = chromiumAnsweredByFirefox();
  toSent(core, 10);
  auto sld = answerArrives(core, RequestId(2), 20);
  const char* offer = "v=0\r\no=mozilla...THIS_IS_SDPARTA-153.0 77 2 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\na=ice-ufrag:ffnew\r\n";
  REQUIRE(core.signal(JsonValue::text(descSignal(SignalType::Offer, offer)), RequestId(3), 21).ok());
  CHECK(test::drain(core).commands.empty());  // held
  core.onOperationDone(sld.op, OpOutcome{true, "", Description{SignalType::Offer, kRestartOffer}}, 22);
  auto srd = test::only<cmd::SetRemoteDescription>(test::drain(core).commands);
  REQUIRE(srd.size() == 2);  // the answer, then the offer behind it
  CHECK(srd[0].description.type == SignalType::Answer);
  CHECK(srd[1].description.type == SignalType::Offer);
}

TEST_CASE("close() while the restart offer is being made: its result is ignored, nothing is sent") {
  PeerCore core = chromiumAnsweredByFirefox();
  REQUIRE(core.restartIce(10).ok());
  auto create = test::only<cmd::CreateRestartOffer>(test::drain(core).commands);
  REQUIRE(create.size() == 1);
  core.close(11);
  test::drain(core);
  core.onOperationDone(create[0].op, OpOutcome{true, "", Description{SignalType::Offer, kRestartOffer}}, 12);
  CHECK(test::only<ev::EmitSignal>(test::drain(core).events).empty());
}
