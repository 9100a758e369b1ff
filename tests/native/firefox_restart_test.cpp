// ICE restarts from libwebrtc (Chromium) toward Firefox: the restart offer is sent first and set
// together with its answer, so Chromium never pairs its new candidates with Firefox's previous
// ICE credentials (the FakeBrowser models that loss: BrowserTiming::firefox). Every other pair of
// implementations keeps pc.restartIce().
#include <doctest/doctest.h>

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
      : sim(10, std::string(R"({"initiator":)") + (aInitiates ? "true" : "false") + extra + "}",
            std::string(R"({"initiator":)") + (aInitiates ? "false" : "true") + extra + "}") {
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
                             "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=mid:0\r\na=setup:active\r\n";

std::string answerSignal(const char* sdp) {
  return signalToJson(Signal::fromDescription(Description{SignalType::Answer, sdp}));
}

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
    const std::string before = chromium.browser.localUfrag();
    REQUIRE(chromium.core.restartIce(pair.sim.loop.now()).ok());
    chromium.pump();
    REQUIRE(pair.restarted(chromium, before));
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
    const std::string second = chromium.browser.localUfrag();
    REQUIRE(chromium.core.restartIce(pair.sim.loop.now()).ok());
    chromium.pump();
    REQUIRE(pair.restarted(chromium, second));
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
  for (auto [firefoxA, firefoxB] : {std::pair{false, false}, std::pair{true, false}, std::pair{true, true}}) {
    CAPTURE(firefoxA);
    CAPTURE(firefoxB);
    Pair pair(true, firefoxA, firefoxB);
    const std::string before = pair.sim.a.browser.localUfrag();
    REQUIRE(pair.sim.a.core.restartIce(pair.sim.loop.now()).ok());
    pair.sim.a.pump();
    REQUIRE(pair.restarted(pair.sim.a, before));
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
