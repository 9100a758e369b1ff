// Perfect negotiation and remote-candidate buffering, driven by hand through Negotiator / PeerCore.
#include <doctest/doctest.h>

#include "CoreOutputs.h"
#include "core/SignalCodec.h"
#include "json/JsonValue.h"
#include "json/WireFormat.h"

using namespace kpeer;
using namespace kpeer::test;

namespace {

const Description kOffer{SignalType::Offer, "v=0\r\na=ice-ufrag:remote\r\n"};
const Description kAnswer{SignalType::Answer, "v=0\r\na=ice-ufrag:remote\r\n"};
const OpOutcome kLocalOffer{true, "", Description{SignalType::Offer, "v=0\r\na=ice-ufrag:local\r\n"}};

OpId onlyOp(const Outputs& o) {
  REQUIRE(o.commands.size() == 1);
  if (auto* c = std::get_if<cmd::SetLocalDescription>(&o.commands[0])) return c->op;
  if (auto* c = std::get_if<cmd::SetRemoteDescription>(&o.commands[0])) return c->op;
  if (auto* c = std::get_if<cmd::AddIceCandidate>(&o.commands[0])) return c->op;
  FAIL("not an operation");
  return OpId();
}

enum class Situation { Stable, MakingOffer, HaveLocalOffer, SettingRemoteAnswerPending };

void enter(Negotiator& n, OutputQueue& q, Situation s) {
  if (s == Situation::Stable) return;
  n.onNegotiationNeeded();  // setLocalDescription() in flight: makingOffer
  OpId sld = onlyOp(drain(q));
  if (s == Situation::MakingOffer) return;
  n.onSignalingState(SignalingState::HaveLocalOffer);
  n.onOperationDone(sld, kLocalOffer);
  drain(q);
  if (s == Situation::HaveLocalOffer) return;
  n.onRemoteDescription(kAnswer, RequestId(1));  // setRemoteDescription(answer) in flight
  drain(q);
}

bool settledOk(const Outputs& o, RequestId r) {
  for (const auto& s : only<ev::RequestSettled>(o.events))
    if (s.request == r) return !s.error;
  return false;
}

std::string iceJson(int n) { return signalToJson(Signal::fromCandidate(candidate(n))); }
std::string offerJson() { return signalToJson(Signal::fromDescription(kOffer)); }

}  // namespace

TEST_CASE("negotiation collision table: who applies a remote offer") {
  struct Row {
    const char* situation;
    Situation s;
    bool readyForOffer;  // !makingOffer && (stable || settingRemoteAnswerPending)
    bool politeApplies;  // polite: always applies (rolling back if needed)
    bool impoliteApplies;
  };
  const Row table[] = {
      {"stable", Situation::Stable, true, true, true},
      {"makingOffer", Situation::MakingOffer, false, true, false},
      {"have-local-offer", Situation::HaveLocalOffer, false, true, false},
      {"settingRemoteAnswerPending", Situation::SettingRemoteAnswerPending, true, true, true},
  };
  for (const Row& row : table) {
    for (bool polite : {true, false}) {
      CAPTURE(row.situation);
      CAPTURE(polite);
      OutputQueue q;
      Negotiator n(polite, q);
      enter(n, q, row.s);

      n.onRemoteDescription(kOffer, RequestId(42));
      Outputs o = drain(q);
      const bool collision = !row.readyForOffer;
      const bool applies = polite ? row.politeApplies : row.impoliteApplies;
      CHECK(applies == (polite || !collision));
      CHECK(n.ignoringOffer() == (!polite && collision));
      if (applies) {
        auto srd = only<cmd::SetRemoteDescription>(o.commands);
        REQUIRE(srd.size() == 1);
        CHECK(srd[0].description.type == SignalType::Offer);
      } else {
        CHECK(o.commands.empty());
        CHECK(settledOk(o, RequestId(42)));  // ignoring is not an error for the caller
      }
    }
  }
}

TEST_CASE("a candidate that fails while an offer is being ignored is dropped silently") {
  OutputQueue q;
  Negotiator n(false, q);  // impolite
  n.onNegotiationNeeded();
  OpId sld = onlyOp(drain(q));
  n.onSignalingState(SignalingState::HaveLocalOffer);
  n.onOperationDone(sld, kLocalOffer);
  n.onRemoteDescription(kAnswer, RequestId(1));
  OpId srd = only<cmd::SetRemoteDescription>(drain(q).commands).at(0).op;
  n.onSignalingState(SignalingState::Stable);
  n.onOperationDone(srd, OpOutcome{});
  drain(q);
  // Both renegotiate at once: ours is in flight, theirs is ignored, then their candidate fails.
  n.onNegotiationNeeded();
  drain(q);
  n.onRemoteDescription(kOffer, RequestId(2));
  REQUIRE(n.ignoringOffer());
  n.onRemoteCandidate(candidate(1), RequestId(3));
  OpId add = onlyOp(drain(q));
  n.onOperationDone(add, OpOutcome{false, "OperationError: Error processing ICE candidate", std::nullopt});
  Outputs o = drain(q);
  CHECK(settledOk(o, RequestId(3)));
  CHECK(only<ev::ErrorRaised>(o.events).empty());
}

TEST_CASE("a candidate the browser refuses otherwise rejects its signal with InvalidSignal") {
  PeerCore core(config(R"({"initiator":false})"), 0);
  core.signal(JsonValue::text(offerJson()), RequestId(1), 0);
  OpId srd = onlyOp(drain(core));
  core.onOperationDone(srd, OpOutcome{}, 1);
  drain(core);
  core.signal(JsonValue::text(iceJson(1)), RequestId(2), 2);
  OpId add = onlyOp(drain(core));
  core.onOperationDone(add, OpOutcome{false, "OperationError: Error processing ICE candidate", std::nullopt}, 3);
  auto settled = only<ev::RequestSettled>(drain(core).events);
  REQUIRE(settled.size() == 1);
  REQUIRE(settled[0].error);
  CHECK(settled[0].error->code == ErrorCode::InvalidSignal);
}

TEST_CASE("an answer when no offer was made is refused with InvalidSignal and the peer stays usable") {
  PeerCore core(config(R"({"initiator":false})"), 0);
  REQUIRE(core.signal(JsonValue::text(signalToJson(Signal::fromDescription(kAnswer))), RequestId(7), 0).ok());
  Outputs o = drain(core);
  CHECK(o.commands.empty());
  auto settled = only<ev::RequestSettled>(o.events);
  REQUIRE(settled.size() == 1);
  CHECK(settled[0].request == RequestId(7));
  REQUIRE(settled[0].error);
  CHECK(settled[0].error->code == ErrorCode::InvalidSignal);

  core.signal(JsonValue::text(offerJson()), RequestId(8), 1);
  CHECK(only<cmd::SetRemoteDescription>(drain(core).commands).size() == 1);
}

TEST_CASE("results of browser operations that arrive after close() are ignored") {
  PeerCore core(config(R"({"initiator":true,"logger":{}})"), 0);
  core.onNegotiationNeeded(0);
  OpId sld = onlyOp(drain(core));
  core.signal(JsonValue::text(iceJson(1)), RequestId(5), 1);  // buffered: no remote description yet
  drain(core);
  core.close(2);
  drain(core);

  core.onOperationDone(sld, kLocalOffer, 3);
  core.onOperationDone(OpId(sld.value() + 100), OpOutcome{false, "unknown op", std::nullopt}, 3);
  Outputs o = drain(core);
  CHECK(o.commands.empty());
  CHECK(only<ev::EmitSignal>(o.events).empty());
  CHECK(only<ev::ErrorRaised>(o.events).empty());
  CHECK(only<ev::RequestSettled>(o.events).empty());
  int ignoredLogged = 0;
  for (const auto& log : only<ev::Log>(o.events)) ignoredLogged += log.message.find("no longer wanted") != std::string::npos;
  CHECK(ignoredLogged == 2);
}

TEST_CASE("a signal awaiting the browser when close() is called is settled with Closed") {
  PeerCore core(config(R"({"initiator":false})"), 0);
  core.signal(JsonValue::text(offerJson()), RequestId(9), 0);
  OpId srd = onlyOp(drain(core));
  core.close(1);
  auto settled = only<ev::RequestSettled>(drain(core).events);
  REQUIRE(settled.size() == 1);
  CHECK(settled[0].request == RequestId(9));
  CHECK(settled[0].error->code == ErrorCode::Closed);
  core.onOperationDone(srd, OpOutcome{}, 2);
  CHECK(only<ev::RequestSettled>(drain(core).events).empty());  // settled once only
  CHECK(core.signal(JsonValue::text(offerJson()), RequestId(10), 3).error().code == ErrorCode::Closed);
}

TEST_CASE("remote candidates that arrive before the offer are applied after it, in arrival order") {
  PeerCore core(config(R"({"initiator":false})"), 0);
  for (int i = 1; i <= 3; ++i) {
    REQUIRE(core.signal(JsonValue::text(iceJson(i)), RequestId(i), i).ok());
    Outputs o = drain(core);
    CHECK(o.commands.empty());
    CHECK(settledOk(o, RequestId(i)));  // buffered counts as accepted
  }
  core.signal(JsonValue::text(offerJson()), RequestId(4), 4);
  OpId srd = onlyOp(drain(core));
  core.signal(JsonValue::text(iceJson(4)), RequestId(5), 5);  // while the offer is being applied: buffered too
  CHECK(drain(core).commands.empty());
  CHECK(core.negotiator().bufferedRemoteCandidates() == 4);

  core.onSignalingState(SignalingState::HaveRemoteOffer, 6);
  core.onOperationDone(srd, OpOutcome{}, 6);
  Outputs o = drain(core);
  auto added = only<cmd::AddIceCandidate>(o.commands);
  REQUIRE(added.size() == 4);
  for (int i = 0; i < 4; ++i) CHECK(added[i].candidate.candidate == candidate(i + 1).candidate);
  CHECK(std::holds_alternative<cmd::SetLocalDescription>(o.commands.back()));  // then the answer
  CHECK(core.negotiator().bufferedRemoteCandidates() == 0);

  core.signal(JsonValue::text(iceJson(5)), RequestId(6), 7);  // once the description is set: applied at once
  CHECK(only<cmd::AddIceCandidate>(drain(core).commands).size() == 1);
}

TEST_CASE("more than kMaxBufferedRemoteCandidates early candidates gives LimitExceeded, none of the rest lost") {
  PeerCore core(config(R"({"initiator":false})"), 0);
  for (std::size_t i = 1; i <= kMaxBufferedRemoteCandidates; ++i) core.signal(JsonValue::text(iceJson(static_cast<int>(i))), RequestId(1), 0);
  drain(core);
  core.signal(JsonValue::text(iceJson(0)), RequestId(2), 1);
  auto settled = only<ev::RequestSettled>(drain(core).events);
  REQUIRE(settled.size() == 1);
  REQUIRE(settled[0].error);
  CHECK(settled[0].error->code == ErrorCode::LimitExceeded);

  core.signal(JsonValue::text(offerJson()), RequestId(3), 2);
  OpId srd = onlyOp(drain(core));
  core.onOperationDone(srd, OpOutcome{}, 3);
  auto added = only<cmd::AddIceCandidate>(drain(core).commands);
  REQUIRE(added.size() == kMaxBufferedRemoteCandidates);
  CHECK(added.front().candidate.candidate == candidate(1).candidate);
  CHECK(added.back().candidate.candidate == candidate(static_cast<int>(kMaxBufferedRemoteCandidates)).candidate);
}

TEST_CASE("the initiator's first channel is offered at once, without waiting for negotiationneeded") {
  PeerCore core(config(R"({"initiator":true,"iceServers":[]})"), 0);
  drain(core);
  REQUIRE(core.createChannel(JsonValue::parse(R"({"label":"first"})"), 5).ok());
  auto o = drain(core);
  REQUIRE(o.commands.size() == 2);
  CHECK(std::holds_alternative<cmd::CreateDataChannel>(o.commands[0]));  // the channel, then the offer that carries it
  CHECK(std::holds_alternative<cmd::SetLocalDescription>(o.commands[1]));

  // The browser's own negotiationneeded (if it still fires) is merged into the offer being made.
  core.onNegotiationNeeded(6);
  CHECK(only<cmd::SetLocalDescription>(drain(core).commands).empty());

  // A second channel rides on the same negotiation; the same label is the same channel.
  REQUIRE(core.createChannel(JsonValue::parse(R"({"label":"second"})"), 7).ok());
  REQUIRE(core.createChannel(JsonValue::parse(R"({"label":"first"})"), 8).ok());
  o = drain(core);
  CHECK(only<cmd::CreateDataChannel>(o.commands).size() == 1);
  CHECK(only<cmd::SetLocalDescription>(o.commands).empty());
}

TEST_CASE("the polite side's first channel, and one after a remote offer, wait for the browser to ask") {
  PeerCore core(config(R"({"initiator":false,"iceServers":[]})"), 0);
  drain(core);
  REQUIRE(core.createChannel(JsonValue::parse(R"({"label":"early"})"), 1).ok());
  CHECK(only<cmd::SetLocalDescription>(drain(core).commands).empty());
  REQUIRE(core.signal(JsonValue::text(R"({"type":"offer","sdp":"v=0\r\na=ice-ufrag:remote\r\n"})"), RequestId(1), 1).ok());
  drain(core);
  REQUIRE(core.createChannel(JsonValue::parse(R"({"label":"late"})"), 2).ok());
  auto o = drain(core);
  CHECK(only<cmd::CreateDataChannel>(o.commands).size() == 1);
  CHECK(only<cmd::SetLocalDescription>(o.commands).empty());
}
