// A connection that was up and is lost gets disconnectTimeoutMs to come back (ICE restart runs
// meanwhile); then it is 'failed' and closed, so channels do not hang open after the other side died.
#include <doctest/doctest.h>

#include <variant>

#include "CoreOutputs.h"
#include "core/PeerCore.h"
#include "json/JsonValue.h"
#include "json/WireFormat.h"

using namespace kpeer;

namespace {

PeerCore connectedPeer(const char* json) {
  auto c = peerConfigFromJson(json);
  REQUIRE(c.ok());
  PeerCore p(c.value(), 0);
  p.onIceConnectionState(IceConnectionState::Checking, 10);
  p.onIceConnectionState(IceConnectionState::Connected, 20);
  test::drain(p);
  return p;
}

bool sawLost(const test::Outputs& o) {
  bool lost = false;
  for (auto& err : test::only<ev::ErrorRaised>(o.events)) lost = lost || err.error.code == ErrorCode::ConnectionLost;
  return lost;
}

int closes(const test::Outputs& o) { return static_cast<int>(test::only<cmd::ClosePeerConnection>(o.commands).size()); }

}  // namespace

TEST_CASE("lost for disconnectTimeoutMs after 'connected': failed, connection-lost, transport closed") {
  PeerCore p = connectedPeer(R"({"initiator":true,"iceServers":[]})");
  p.onIceConnectionState(IceConnectionState::Disconnected, 1000);
  REQUIRE(p.pollTimeout().has_value());
  p.handleTimeout(1000 + 7999);
  CHECK(p.connectionState() == ConnectionState::Disconnected);
  p.handleTimeout(1000 + 8000);
  CHECK(p.connectionState() == ConnectionState::Failed);
  const auto o = test::drain(p);
  CHECK(sawLost(o));
  CHECK(closes(o) == 1);
  p.onIceConnectionState(IceConnectionState::Connected, 20000);  // too late: ignored
  CHECK(p.connectionState() == ConnectionState::Failed);
}

TEST_CASE("a connection that comes back in time is kept") {
  PeerCore p = connectedPeer(R"({"initiator":true,"iceServers":[]})");
  p.onIceConnectionState(IceConnectionState::Disconnected, 1000);
  p.onIceConnectionState(IceConnectionState::Connected, 5000);
  p.handleTimeout(1000 + 8000);
  CHECK(p.connectionState() == ConnectionState::Connected);
  CHECK_FALSE(sawLost(test::drain(p)));
}

TEST_CASE("disconnectTimeoutMs: null never gives up; a number sets the limit") {
  PeerCore never = connectedPeer(R"({"initiator":true,"iceServers":[],"disconnectTimeoutMs":null})");
  never.onIceConnectionState(IceConnectionState::Disconnected, 1000);
  never.handleTimeout(100000);
  CHECK(never.connectionState() == ConnectionState::Disconnected);

  PeerCore quick = connectedPeer(R"({"initiator":true,"iceServers":[],"disconnectTimeoutMs":500})");
  quick.onIceConnectionState(IceConnectionState::Failed, 1000);
  quick.handleTimeout(1500);
  CHECK(quick.connectionState() == ConnectionState::Failed);
  CHECK(sawLost(test::drain(quick)));

  auto bad = peerConfigFromJson(R"({"initiator":true,"disconnectTimeoutMs":-1})");
  CHECK_FALSE(bad.ok());
}
