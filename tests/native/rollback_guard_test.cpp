// The polite side holds an offer that collides with the offer it has only just begun, so the
// browser's implicit rollback never lands within a few ms of setLocalDescription(offer).
#include <doctest/doctest.h>

#include "CoreOutputs.h"

#include <variant>

#include "core/PeerCore.h"
#include "core/SignalCodec.h"
#include "json/JsonValue.h"
#include "json/WireFormat.h"

using namespace kpeer;

namespace {

PeerConfig configFor(bool initiator) {
  auto c = peerConfigFromJson(initiator ? R"({"initiator":true,"iceServers":[]})" : R"({"initiator":false,"iceServers":[]})");
  REQUIRE(c.ok());
  return c.value();
}

template <class T>
int countCommands(PeerCore& p) {
  return static_cast<int>(test::only<T>(test::drain(p).commands).size());
}

const std::string kOffer = signalToJson(Signal{SignalType::Offer, "v=0\r\no=- 7 2 IN IP4 127.0.0.1\r\n", {}});

}  // namespace

TEST_CASE("a polite peer holds a colliding offer until kRollbackGuardMs after its own offer began") {
  PeerCore polite(configFor(false), 0);
  polite.onNegotiationNeeded(100);
  CHECK(countCommands<cmd::SetLocalDescription>(polite) == 1);

  REQUIRE(polite.signal(JsonValue::text(kOffer), RequestId(1), 110).ok());
  CHECK(countCommands<cmd::SetRemoteDescription>(polite) == 0);
  REQUIRE(polite.pollTimeout().has_value());
  CHECK(*polite.pollTimeout() == 100 + kRollbackGuardMs);

  polite.handleTimeout(100 + kRollbackGuardMs - 1);
  CHECK(countCommands<cmd::SetRemoteDescription>(polite) == 0);
  polite.handleTimeout(100 + kRollbackGuardMs);
  CHECK(countCommands<cmd::SetRemoteDescription>(polite) == 1);
}

TEST_CASE("candidates that follow a held offer wait behind it") {
  PeerCore polite(configFor(false), 0);
  polite.onNegotiationNeeded(0);
  REQUIRE(polite.signal(JsonValue::text(kOffer), RequestId(1), 5).ok());
  Signal ice = Signal::fromCandidate(IceCandidate{"candidate:1 1 udp 1 192.0.2.1 9 typ host", std::string("0"), 0});
  REQUIRE(polite.signal(JsonValue::text(signalToJson(ice)), RequestId(2), 6).ok());
  CHECK(countCommands<cmd::AddIceCandidate>(polite) == 0);
  polite.handleTimeout(kRollbackGuardMs);
  // The offer goes first; the candidate is still buffered until it is applied.
  const auto o = test::drain(polite);
  CHECK(test::only<cmd::SetRemoteDescription>(o.commands).size() == 1);
  CHECK(test::only<cmd::AddIceCandidate>(o.commands).empty());
}

TEST_CASE("an offer arriving after the guard, or at an impolite peer, is applied at once") {
  PeerCore polite(configFor(false), 0);
  polite.onNegotiationNeeded(0);
  REQUIRE(polite.signal(JsonValue::text(kOffer), RequestId(1), kRollbackGuardMs).ok());
  CHECK(countCommands<cmd::SetRemoteDescription>(polite) == 1);

  PeerCore stablePolite(configFor(false), 0);
  REQUIRE(stablePolite.signal(JsonValue::text(kOffer), RequestId(1), 1).ok());  // no offer of its own: no collision
  CHECK(countCommands<cmd::SetRemoteDescription>(stablePolite) == 1);
}

TEST_CASE("close() settles a held offer with 'closed'") {
  PeerCore polite(configFor(false), 0);
  polite.onNegotiationNeeded(0);
  REQUIRE(polite.signal(JsonValue::text(kOffer), RequestId(9), 1).ok());
  polite.close(2);
  bool settledClosed = false;
  for (auto& s : test::only<ev::RequestSettled>(test::drain(polite).events))
    settledClosed = settledClosed || (s.request == RequestId(9) && s.error && s.error->code == ErrorCode::Closed);
  CHECK(settledClosed);
}
