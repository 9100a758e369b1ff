// DTLS roles across renegotiation: kpeer keeps the roles negotiated first when a remote answer
// claims this side's role (Firefox answers every re-offer with a=setup:active), and a refused
// remote answer is rolled back so the peer is never left in have-local-offer.
#include <doctest/doctest.h>

#include "CoreOutputs.h"
#include "FakeBrowser.h"
#include "core/DtlsRoles.h"
#include "json/JsonValue.h"
#include "json/WireFormat.h"

using namespace kpeer;
using namespace kpeer::sim;

namespace {

const char* kAnswer =
    "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\n"
    "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=mid:0\r\na=setup:active\r\n"
    "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=mid:1\r\na=setup:active\r\n";

int traced(const FakeBrowser& b, const std::string& line) { return b.count(line); }

bool loggedWarning(const SimPeer& p, const std::string& part) {
  for (const auto& e : p.events)
    if (auto* log = std::get_if<ev::Log>(&e); log && log->level == LogLevel::Warn && log->message.find(part) != std::string::npos)
      return true;
  return false;
}

// An initiator whose first offer got a refused answer, rolled back: 'stable' again at t = 4.
void refuseFirstAnswer(PeerCore& core) {
  REQUIRE(core.createChannel(JsonValue::parse(R"({"label":"x"})"), 0).ok());
  auto sld = test::only<cmd::SetLocalDescription>(test::drain(core).commands);
  core.onOperationDone(sld.at(0).op, OpOutcome{true, "", Description{SignalType::Offer, "v=0\r\n"}}, 1);
  core.onSignalingState(SignalingState::HaveLocalOffer, 1);
  test::drain(core);
  REQUIRE(core.signal(JsonValue::text(R"({"type":"answer","sdp":"v=0\r\n"})"), RequestId(1), 2).ok());
  auto srd = test::only<cmd::SetRemoteDescription>(test::drain(core).commands);
  core.onOperationDone(srd.at(0).op, OpOutcome{false, "refused", std::nullopt}, 3);
  auto rollback = test::only<cmd::RollbackLocalOffer>(test::drain(core).commands);
  core.onOperationDone(rollback.at(0).op, OpOutcome{}, 4);
  core.onSignalingState(SignalingState::Stable, 4);
}

}  // namespace

TEST_CASE("a=setup is read from the first section and rewritten in every section") {
  CHECK(sdpSetup(kAnswer) == DtlsSetup::Active);
  CHECK(sdpSetup("v=0\r\n") == std::nullopt);
  CHECK(sdpSetup("v=0\r\nx=a=setup:passive\r\n") == std::nullopt);  // only at a line start
  const std::string passive = withSetup(kAnswer, DtlsSetup::Passive);
  CHECK(passive.find("a=setup:active") == std::string::npos);
  CHECK(passive.size() == std::string(kAnswer).size() + 2);  // two sections, "passive" is 1 longer each
  CHECK(withSetup("v=0\r\n", DtlsSetup::Passive) == "v=0\r\n");
}

TEST_CASE("DtlsRoles: an answer that claims our role is corrected to the remote's own; others pass") {
  DtlsRoles roles;
  CHECK_FALSE(roles.corrected(kAnswer));  // nothing negotiated yet: the first answer decides
  roles.onRemoteAnswer(kAnswer);          // the remote is active: we are the DTLS server
  CHECK(roles.ours() == DtlsSetup::Passive);
  CHECK_FALSE(roles.corrected(kAnswer));  // the same role again: fine

  DtlsRoles answerer;
  answerer.onLocalAnswer(kAnswer);  // we answered active: we are the client
  auto fixed = answerer.corrected(kAnswer);
  REQUIRE(fixed);
  CHECK(sdpSetup(*fixed) == DtlsSetup::Passive);
}

TEST_CASE("a Firefox-like initiator answers kpeer's ICE restart with the wrong DTLS role: kpeer keeps the roles and stays connected") {
  TwoPeers sim(10, R"({"initiator":false})", R"({"initiator":true})");
  sim.b.browser.answerAlwaysActive();
  sim.b.createChannel(R"({"label":"chat"})");
  REQUIRE(sim.runUntil(5000, [&] {
    return sim.a.connected() && sim.b.connected() && sim.a.channelState("chat") == ChannelState::Open;
  }));
  const std::string ufragBefore = sim.a.browser.localUfrag();

  REQUIRE(sim.a.core.restartIce(sim.loop.now()).ok());
  sim.a.pump();
  REQUIRE(sim.runUntil(sim.loop.now() + 2000, [&] {
    return traced(sim.a.browser, "remote answer " + sim.b.browser.localUfrag()) == 1 &&
           sim.a.browser.localUfrag() != ufragBefore && sim.a.browser.iceState() == IceConnectionState::Connected;
  }));
  CHECK(traced(sim.a.browser, "answer refused: DTLS role") == 0);
  CHECK(sim.a.browser.signalingState() == SignalingState::Stable);
  CHECK(loggedWarning(sim.a, "DTLS role"));
  CHECK(sim.a.signalErrors.empty());

  // Still a working connection: a message goes through after the restart.
  auto chat = sim.a.channelId("chat");
  REQUIRE(chat);
  sim.a.send(*chat, Bytes{"after restart", true});
  REQUIRE(sim.runUntil(sim.loop.now() + 1000, [&] { return !sim.b.browser.received.empty(); }));
  CHECK(sim.b.browser.received.back().bytes.data == "after restart");
}

TEST_CASE("a refused remote answer is rolled back: back to stable, the signal() rejects, and the peer can offer again") {
  PeerCore core(peerConfigFromJson(R"({"initiator":true,"iceServers":[]})").value(), 0);
  REQUIRE(core.createChannel(JsonValue::parse(R"({"label":"x"})"), 0).ok());
  auto out = test::drain(core);
  auto sld = test::only<cmd::SetLocalDescription>(out.commands);
  REQUIRE(sld.size() == 1);
  core.onOperationDone(sld[0].op, OpOutcome{true, "", Description{SignalType::Offer, "v=0\r\na=setup:actpass\r\n"}}, 1);
  core.onSignalingState(SignalingState::HaveLocalOffer, 1);
  test::drain(core);

  REQUIRE(core.signal(JsonValue::text(R"({"type":"answer","sdp":"v=0\r\na=setup:active\r\n"})"), RequestId(7), 2).ok());
  auto srd = test::only<cmd::SetRemoteDescription>(test::drain(core).commands);
  REQUIRE(srd.size() == 1);
  core.onOperationDone(srd[0].op, OpOutcome{false, "OperationError: Failed to set SSL role for the transport.", std::nullopt}, 3);
  out = test::drain(core);
  auto settled = test::only<ev::RequestSettled>(out.events);
  REQUIRE(settled.size() == 1);
  REQUIRE(settled[0].error);
  CHECK(settled[0].error->code == ErrorCode::NegotiationFailed);
  CHECK(settled[0].error->message.find("rolled its offer back") != std::string::npos);
  auto rollback = test::only<cmd::RollbackLocalOffer>(out.commands);
  REQUIRE(rollback.size() == 1);

  core.onOperationDone(rollback[0].op, OpOutcome{}, 4);
  core.onSignalingState(SignalingState::Stable, 4);
  test::drain(core);
  // Stable again. The browser asks to negotiate at once (its restart is still pending); with a
  // remote that keeps refusing that would loop, so the offer waits 1 s (then 2, 4, ... 30 s).
  core.onNegotiationNeeded(5);
  CHECK(test::only<cmd::SetLocalDescription>(test::drain(core).commands).empty());
  REQUIRE(core.pollTimeout());
  CHECK(*core.pollTimeout() == 3 + 1000);
  core.handleTimeout(1003);
  CHECK(test::only<cmd::SetLocalDescription>(test::drain(core).commands).size() == 1);
}

TEST_CASE("after a refused answer, restartIce() offers at once instead of waiting") {
  PeerCore core(peerConfigFromJson(R"({"initiator":true,"iceServers":[]})").value(), 0);
  refuseFirstAnswer(core);
  core.onNegotiationNeeded(5);  // held
  test::drain(core);
  REQUIRE(core.restartIce(6).ok());
  auto out = test::drain(core).commands;
  CHECK(test::only<cmd::RestartIce>(out).size() == 1);
  CHECK(test::only<cmd::SetLocalDescription>(out).size() == 1);
}

TEST_CASE("a held offer is dropped when a remote offer arrived meanwhile: no offer from 'have-remote-offer'") {
  PeerCore core(peerConfigFromJson(R"({"initiator":true,"iceServers":[]})").value(), 0);
  refuseFirstAnswer(core);
  core.onNegotiationNeeded(5);  // held for 1 s
  test::drain(core);
  core.onSignalingState(SignalingState::HaveRemoteOffer, 500);  // the other side offers meanwhile
  core.handleTimeout(1003);
  CHECK(test::only<cmd::SetLocalDescription>(test::drain(core).commands).empty());
}
