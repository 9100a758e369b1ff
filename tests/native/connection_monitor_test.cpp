// The connection timeout and automatic ICE restart, driven through PeerCore in virtual time.
#include <doctest/doctest.h>

#include "CoreOutputs.h"
#include "core/SignalCodec.h"
#include "json/JsonValue.h"
#include "json/WireFormat.h"

using namespace kpeer;
using namespace kpeer::test;

namespace {

using Ice = IceConnectionState;

std::size_t restarts(PeerCore& p) { return only<cmd::RestartIce>(drain(p).commands).size(); }

PeerCore connectedPeer(const std::string& restartPolicy, TimeMs at = 0) {
  PeerCore p(config(R"({"initiator":true,"iceRestart":)" + restartPolicy + "}"), 0);
  p.onIceConnectionState(Ice::Checking, at);
  p.onIceConnectionState(Ice::Connected, at);
  drain(p);
  return p;
}

}  // namespace

TEST_CASE("never connected: at connectionTimeoutMs the peer fails, raises ConnectionTimeout and closes the connection") {
  PeerCore p(config(R"({"initiator":true,"connectionTimeoutMs":1000})"), 0);
  p.onIceConnectionState(Ice::Checking, 10);
  drain(p);
  CHECK(p.pollTimeout() == 1000);
  p.handleTimeout(999);
  CHECK(userEvents(drain(p).events).empty());

  p.handleTimeout(1000);
  Outputs o = drain(p);
  CHECK(p.connectionState() == ConnectionState::Failed);
  auto states = only<ev::ConnectionStateChanged>(o.events);
  REQUIRE(states.size() == 1);
  CHECK(states[0].state == ConnectionState::Failed);
  auto errors = only<ev::ErrorRaised>(o.events);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].error.code == ErrorCode::ConnectionTimeout);
  CHECK(only<cmd::ClosePeerConnection>(o.commands).size() == 1);

  // The transport is gone for us: later browser events change nothing.
  p.onIceConnectionState(Ice::Connected, 1100);
  p.onIceConnectionState(Ice::Failed, 1200);
  o = drain(p);
  CHECK(userEvents(o.events).empty());
  CHECK(o.commands.empty());
  CHECK(p.connectionState() == ConnectionState::Failed);
  CHECK(p.signal(JsonValue::text(R"({"type":"offer","sdp":"v=0\r\n"})"), RequestId(1), 1300).error().code == ErrorCode::Closed);
  CHECK(p.restartIce(1300).error().code == ErrorCode::Closed);
}

TEST_CASE("connected before the deadline: no timeout") {
  PeerCore p(config(R"({"initiator":true,"connectionTimeoutMs":1000})"), 0);
  p.onIceConnectionState(Ice::Checking, 100);
  p.onIceConnectionState(Ice::Connected, 500);
  drain(p);
  CHECK(p.pollTimeout() == std::nullopt);
  p.handleTimeout(1000);
  p.handleTimeout(5000);
  CHECK(userEvents(drain(p).events).empty());
  CHECK(p.connectionState() == ConnectionState::Connected);
}

TEST_CASE("connectionTimeoutMs 0 or null waits forever") {
  for (const char* cfg : {R"({"initiator":true,"connectionTimeoutMs":0})", R"({"initiator":true,"connectionTimeoutMs":null})"}) {
    PeerCore p(config(cfg), 0);
    CHECK(p.pollTimeout() == std::nullopt);
  }
}

TEST_CASE("after a timeout, work still in flight is dropped: no late signals, errors or open channels") {
  PeerCore p(config(R"({"initiator":true,"connectionTimeoutMs":1000})"), 0);
  auto channel = p.createChannel(JsonValue::parse(R"({"label":"chat"})"), 0);
  p.onNegotiationNeeded(1);
  OpId sld = only<cmd::SetLocalDescription>(drain(p).commands).at(0).op;
  p.onLocalCandidate(candidate(1), 990);  // its window ends after the deadline
  p.handleTimeout(1000);
  Outputs o = drain(p);
  auto closed = only<ev::ChannelStateChanged>(o.events);
  REQUIRE(closed.size() == 1);  // a channel.write() waiting for 'open' must not wait forever
  CHECK(closed[0].channel == channel.value());
  CHECK(closed[0].state == ChannelState::Closed);

  p.handleTimeout(1040);
  p.onLocalCandidatesComplete(1041);
  p.onOperationDone(sld, OpOutcome{false, "InvalidStateError: The RTCPeerConnection's signalingState is 'closed'.", std::nullopt}, 1050);
  o = drain(p);
  CHECK(only<ev::EmitSignal>(o.events).empty());
  CHECK(only<ev::ErrorRaised>(o.events).empty());
  CHECK(p.pollTimeout() == std::nullopt);
}

TEST_CASE("disconnected for less than the grace period: no restart") {
  PeerCore p = connectedPeer(R"({"disconnectedGraceMs":3000})");
  p.onIceConnectionState(Ice::Disconnected, 100);
  CHECK(p.connectionState() == ConnectionState::Disconnected);
  CHECK(p.pollTimeout() == 3100);
  p.handleTimeout(3099);
  CHECK(restarts(p) == 0);
  p.onIceConnectionState(Ice::Connected, 3000);
  CHECK(p.pollTimeout() == std::nullopt);
  p.handleTimeout(3100);
  CHECK(restarts(p) == 0);
}

TEST_CASE("disconnected for the grace period: ICE restarts") {
  PeerCore p = connectedPeer(R"({"disconnectedGraceMs":3000})");
  p.onIceConnectionState(Ice::Disconnected, 100);
  p.handleTimeout(3100);
  CHECK(restarts(p) == 1);
  // Only the give-up deadline is left: disconnectTimeoutMs (8000) after leaving 'connected'.
  CHECK(p.pollTimeout() == std::optional<TimeMs>(100 + 8000));
}

TEST_CASE("failed: ICE restarts at once") {
  PeerCore p = connectedPeer("true");
  p.onIceConnectionState(Ice::Failed, 100);
  CHECK(p.connectionState() == ConnectionState::Failed);
  CHECK(restarts(p) == 1);
}

TEST_CASE("maxAttempts restarts per outage, counted again after a reconnect") {
  PeerCore p = connectedPeer(R"({"maxAttempts":2})");
  for (int attempt = 1; attempt <= 2; ++attempt) {
    p.onIceConnectionState(Ice::Failed, 100 * attempt);
    CHECK(restarts(p) == 1);
    p.onIceConnectionState(Ice::Checking, 100 * attempt + 1);
  }
  p.onIceConnectionState(Ice::Failed, 300);
  CHECK(restarts(p) == 0);
  p.onIceConnectionState(Ice::Disconnected, 400);
  CHECK(p.pollTimeout() == std::optional<TimeMs>(100 + 8000));  // no restart timer, only the give-up one

  p.onIceConnectionState(Ice::Connected, 500);
  p.onIceConnectionState(Ice::Failed, 600);
  CHECK(restarts(p) == 1);
}

TEST_CASE("iceRestart false never restarts ICE by itself, but restartIce() still works") {
  PeerCore p = connectedPeer("false");
  p.onIceConnectionState(Ice::Disconnected, 100);
  CHECK(p.pollTimeout() == std::optional<TimeMs>(100 + 8000));  // no restart timer, only the give-up one
  p.onIceConnectionState(Ice::Failed, 200);
  CHECK(restarts(p) == 0);
  CHECK(p.restartIce(300).ok());
  CHECK(restarts(p) == 1);
}

TEST_CASE("no restart after close()") {
  PeerCore p = connectedPeer("true");
  p.onIceConnectionState(Ice::Disconnected, 100);
  p.close(200);
  CHECK(p.pollTimeout() == std::nullopt);
  p.handleTimeout(5000);
  p.onIceConnectionState(Ice::Failed, 5001);
  CHECK(restarts(p) == 0);
  CHECK(p.connectionState() == ConnectionState::Closed);
  CHECK(p.restartIce(5002).error().code == ErrorCode::Closed);
}

TEST_CASE("no restart after a connection timeout") {
  PeerCore p(config(R"({"initiator":true,"connectionTimeoutMs":1000,"iceRestart":{"disconnectedGraceMs":500}})"), 0);
  p.onIceConnectionState(Ice::Disconnected, 600);  // restart timer due at 1100, after the deadline
  p.handleTimeout(1000);
  drain(p);
  p.handleTimeout(1100);
  p.onIceConnectionState(Ice::Failed, 1200);
  CHECK(restarts(p) == 0);
}
