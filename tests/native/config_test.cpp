// Validation of KPeerConfig and KChannelConfig, and label → channel identity.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "CoreOutputs.h"
#include "json/JsonValue.h"
#include "json/WireFormat.h"

using namespace kpeer;
using namespace kpeer::test;
using nlohmann::json;

namespace {

// The error for an invalid config, or a failed check when it was accepted.
Error peerConfigError(const std::string& text) {
  auto r = peerConfigFromJson(text);
  if (r.ok()) FAIL_CHECK("accepted: " << text);
  return r.ok() ? Error{ErrorCode::Internal, ""} : r.error();
}

Error channelConfigError(const std::string& text) {
  auto r = channelConfigFromJson(text);
  if (r.ok()) FAIL_CHECK("accepted: " << text);
  return r.ok() ? Error{ErrorCode::Internal, ""} : r.error();
}

bool mentions(const Error& e, const std::string& word) { return e.message.find(word) != std::string::npos; }

}  // namespace

TEST_CASE("peer config: initiator is required and must be a boolean") {
  for (const char* bad : {"{}", R"({"initiator":null})", R"({"iceServers":[]})"}) {
    CAPTURE(bad);
    Error e = peerConfigError(bad);
    CHECK(e.code == ErrorCode::InvalidConfig);
    CHECK(mentions(e, "initiator"));
  }
  CHECK(mentions(peerConfigError(R"({"initiator":"yes"})"), "true or false"));
  for (const char* notAnObject : {"", "[]", "true", "\"initiator\"", "{initiator:true}"})
    CHECK(peerConfigError(notAnObject).code == ErrorCode::InvalidConfig);
}

TEST_CASE("peer config: defaults are KPeer's") {
  auto c = peerConfigFromJson(R"({"initiator":false})");
  REQUIRE(c.ok());
  CHECK_FALSE(c.value().initiator);
  CHECK(c.value().iceEmit.flushInterval == 50);
  CHECK_FALSE(c.value().iceEmit.maxBatchSize);
  CHECK_FALSE(c.value().connectionTimeoutMs);
  CHECK(c.value().iceRestart.enabled);
  auto rtc = rtcConfigurationJson(c.value().rtc);
  REQUIRE(rtc["iceServers"].size() == 4);
  CHECK(rtc["iceServers"][0]["urls"] == json::array({"stun:stun.l.google.com:19302"}));
}

TEST_CASE("peer config: iceCandidateEmitPolicy bounds") {
  CHECK(mentions(peerConfigError(R"({"initiator":true,"iceCandidateEmitPolicy":{"flushInterval":-1}})"), "flushInterval"));
  CHECK(mentions(peerConfigError(R"({"initiator":true,"iceCandidateEmitPolicy":{"maxBatchSize":0}})"), "maxBatchSize"));
  CHECK(mentions(peerConfigError(R"({"initiator":true,"iceCandidateEmitPolicy":{"maxBatchSize":1.5}})"), "whole number"));
  CHECK(mentions(peerConfigError(R"({"initiator":true,"iceCandidateEmitPolicy":{"flushInterval":"50"}})"), "number"));
  CHECK(peerConfigError(R"({"initiator":true,"iceCandidateEmitPolicy":50})").code == ErrorCode::InvalidConfig);

  auto c = peerConfigFromJson(R"({"initiator":true,"iceCandidateEmitPolicy":{"flushInterval":0,"maxBatchSize":3}})");
  REQUIRE(c.ok());
  CHECK(c.value().iceEmit.flushInterval == 0);
  CHECK(c.value().iceEmit.maxBatchSize == std::size_t{3});
  auto nulls = peerConfigFromJson(R"({"initiator":true,"iceCandidateEmitPolicy":{"flushInterval":null,"maxBatchSize":null}})");
  REQUIRE(nulls.ok());
  CHECK(nulls.value().iceEmit.flushInterval == 50);
}

TEST_CASE("peer config: connectionTimeoutMs") {
  CHECK(peerConfigFromJson(R"({"initiator":true,"connectionTimeoutMs":1000})").value().connectionTimeoutMs == 1000);
  CHECK_FALSE(peerConfigFromJson(R"({"initiator":true,"connectionTimeoutMs":0})").value().connectionTimeoutMs);
  CHECK(mentions(peerConfigError(R"({"initiator":true,"connectionTimeoutMs":-5})"), "connectionTimeoutMs"));
  CHECK(mentions(peerConfigError(R"({"initiator":true,"connectionTimeoutMs":1e300})"), "connectionTimeoutMs"));
}

TEST_CASE("peer config: iceServers must be RTCIceServer objects") {
  const char* bad[] = {
      R"("stun:stun.l.google.com:19302")",  // not an array
      R"([{"url":"stun:x:3478"}])",         // no 'urls'
      R"([{"urls":[]}])",
      R"([{"urls":5}])",
      R"([{"urls":["stun:x",7]}])",
      R"(["stun:x:3478"])",
      R"([{"urls":"turn:x:3478","username":1,"credential":"c"}])",
  };
  for (const char* servers : bad) {
    CAPTURE(servers);
    Error e = peerConfigError(std::string(R"({"initiator":true,"iceServers":)") + servers + "}");
    CHECK(e.code == ErrorCode::InvalidConfig);
    CHECK(mentions(e, "iceServers"));
  }
  auto c = peerConfigFromJson(
      R"({"initiator":true,"iceServers":[{"urls":["turn:t.example:3478?transport=udp"],"username":"u","credential":"p"}],"iceTransportPolicy":"relay"})");
  REQUIRE(c.ok());
  auto rtc = rtcConfigurationJson(c.value().rtc);
  CHECK(rtc["iceServers"][0]["username"] == "u");
  CHECK(rtc["iceServers"][0]["urls"] == json::array({"turn:t.example:3478?transport=udp"}));
  // A single URL string becomes a list of one (RTCIceServer.urls takes either).
  auto single = peerConfigFromJson(R"({"initiator":true,"iceServers":[{"urls":"stun:s.example:3478"},{"urls":["stun:a","stun:b"]}]})");
  REQUIRE(single.ok());
  CHECK(single.value().rtc.iceServers[0].urls == std::vector<std::string>{"stun:s.example:3478"});
  CHECK(single.value().rtc.iceServers[1].urls == std::vector<std::string>{"stun:a", "stun:b"});
  CHECK(mentions(peerConfigError(R"({"initiator":true,"iceServers":[{"urls":["stun:a",5]}]})"), "urls"));
  CHECK(mentions(peerConfigError(R"({"initiator":true,"iceServers":[{"urls":[]}]})"), "urls"));
  json many = {{"initiator", true}, {"iceServers", json::array()}};
  for (int i = 0; i < 65; ++i) many["iceServers"].push_back({{"urls", "stun:s.example"}});
  CHECK(mentions(peerConfigError(many.dump()), "at most 64"));
  many["iceServers"].erase(64);
  CHECK(peerConfigFromJson(many.dump()).ok());
  CHECK(mentions(peerConfigError(R"({"initiator":true,"iceServers":[{"urls":"stun:a","username":7}]})"), "username"));
  CHECK(rtc["iceTransportPolicy"] == "relay");
  CHECK(rtcConfigurationJson(peerConfigFromJson(R"({"initiator":true,"iceServers":[]})").value().rtc)["iceServers"].empty());
  CHECK(mentions(peerConfigError(R"({"initiator":true,"iceTransportPolicy":"none"})"), "iceTransportPolicy"));
}

TEST_CASE("peer config: iceRestart is a boolean or a policy object") {
  CHECK_FALSE(peerConfigFromJson(R"({"initiator":true,"iceRestart":false})").value().iceRestart.enabled);
  auto c = peerConfigFromJson(R"({"initiator":true,"iceRestart":{"disconnectedGraceMs":500,"maxAttempts":1}})");
  REQUIRE(c.ok());
  CHECK(c.value().iceRestart.enabled);
  CHECK(c.value().iceRestart.disconnectedGraceMs == 500);
  CHECK(c.value().iceRestart.maxAttempts == 1);
  CHECK(mentions(peerConfigError(R"({"initiator":true,"iceRestart":"no"})"), "iceRestart"));
  CHECK(mentions(peerConfigError(R"({"initiator":true,"iceRestart":{"maxAttempts":-1}})"), "maxAttempts"));
}

TEST_CASE("channel config: reliable false means maxRetransmits 0") {
  auto c = channelConfigFromJson(R"({"label":"game","reliable":false,"ordered":false})");
  REQUIRE(c.ok());
  CHECK(c.value().maxRetransmits == 0);
  CHECK_FALSE(c.value().ordered);
  CHECK(dataChannelInitJson(c.value()) == json::parse(R"({"ordered":false,"maxRetransmits":0})"));
  CHECK(channelConfigFromJson(R"({"label":"x","reliable":false,"maxPacketLifeTime":100})").value().maxRetransmits == std::nullopt);
  CHECK(channelConfigError(R"({"label":"x","reliable":true,"maxRetransmits":2})").code == ErrorCode::InvalidChannelConfig);
}

TEST_CASE("channel config: maxRetransmits and maxPacketLifeTime together are refused") {
  Error e = channelConfigError(R"({"label":"x","maxRetransmits":1,"maxPacketLifeTime":100})");
  CHECK(e.code == ErrorCode::InvalidChannelConfig);
  CHECK(mentions(e, "not both"));
}

TEST_CASE("channel config: negotiated needs an id, and an id needs negotiated") {
  CHECK(mentions(channelConfigError(R"({"label":"x","negotiated":true})"), "id"));
  CHECK(mentions(channelConfigError(R"({"label":"x","id":3})"), "negotiated"));
  CHECK(mentions(channelConfigError(R"({"label":"x","negotiated":true,"id":65535})"), "id"));
  auto c = channelConfigFromJson(R"({"label":"x","negotiated":true,"id":0})");
  REQUIRE(c.ok());
  CHECK(dataChannelInitJson(c.value()) == json::parse(R"({"ordered":true,"negotiated":true,"id":0})"));
}

TEST_CASE("channel config: the label is required and at most 65535 bytes") {
  CHECK(mentions(channelConfigError("{}"), "label"));
  CHECK(mentions(channelConfigError(R"({"label":7})"), "label"));
  CHECK(mentions(channelConfigError(json{{"label", std::string(65536, 'x')}}.dump()), "65535"));
  CHECK(channelConfigFromJson(json{{"label", std::string(65535, 'x')}}.dump()).ok());
  CHECK(channelConfigFromJson(R"({"label":""})").ok());
  CHECK(channelConfigError(json{{"label", "x"}, {"protocol", std::string(65536, 'p')}}.dump()).code ==
        ErrorCode::InvalidChannelConfig);
  CHECK(channelConfigError(R"({"label":"x","maxRetransmits":1e300})").code == ErrorCode::InvalidChannelConfig);
  CHECK(channelConfigError("[]").code == ErrorCode::InvalidChannelConfig);
}

TEST_CASE("createChannel with the same label returns the same channel") {
  PeerCore p(config(R"({"initiator":true})"), 0);
  auto first = p.createChannel(JsonValue::parse(R"({"label":"chat"})"), 0);
  auto again = p.createChannel(JsonValue::parse(R"({"label":"chat","ordered":false})"), 1);
  REQUIRE(first.ok());
  REQUIRE(again.ok());
  CHECK(first.value() == again.value());
  Outputs o = drain(p);
  CHECK(only<cmd::CreateDataChannel>(o.commands).size() == 1);
  CHECK(only<ev::ChannelAdded>(o.events).size() == 1);

  auto other = p.createChannel(JsonValue::parse(R"({"label":"files"})"), 2);
  CHECK(other.value() != first.value());

  // Once closed, the label names a new channel.
  const TransportId t = p.channels().find(first.value())->primary;
  p.closeChannel(first.value(), 3);
  p.onTransportState(t, ChannelState::Closed, 4);
  CHECK(p.createChannel(JsonValue::parse(R"({"label":"chat"})"), 5).value() != first.value());
}

TEST_CASE("createChannel with an invalid config fails and leaves the peer usable") {
  PeerCore p(config(R"({"initiator":true})"), 0);
  CHECK(p.createChannel(JsonValue::parse(R"({"label":"x","negotiated":true})"), 0).error().code == ErrorCode::InvalidChannelConfig);
  CHECK(drain(p).commands.empty());
  CHECK(p.createChannel(JsonValue::parse(R"({"label":"x"})"), 1).ok());
  p.close(2);
  CHECK(p.createChannel(JsonValue::parse(R"({"label":"y"})"), 3).error().code == ErrorCode::Closed);
}

TEST_CASE("config.wrtc: an implementation with an RTCPeerConnection constructor is injected; else a clear error") {
  using nlohmann::json;
  const json function = json::binary({});  // what JSON cannot hold reads as ValueKind::Other, like a JS function
  auto with = [](json wrtc) { return decodePeerConfig(JsonValue(json{{"initiator", true}, {"wrtc", std::move(wrtc)}})); };

  auto injected = with(json{{"RTCPeerConnection", function}, {"RTCIceCandidate", function}});
  REQUIRE(injected.ok());
  CHECK(injected.value().injectedWebRtc);
  CHECK(checkWebRtcSource(injected.value(), false).ok());

  for (const json& bad : {json(5), json("wrtc"), json::object(), json{{"RTCPeerConnection", "x"}}, json::array()}) {
    CAPTURE(bad.dump());
    auto r = with(bad);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::InvalidConfig);
    CHECK(r.error().message.find("config.wrtc must be a WebRTC implementation with an RTCPeerConnection constructor") == 0);
  }

  // Not given (or null): the host's global, and without one an error that says what to pass.
  auto plain = decodePeerConfig(JsonValue(json{{"initiator", true}, {"wrtc", nullptr}}));
  REQUIRE(plain.ok());
  CHECK_FALSE(plain.value().injectedWebRtc);
  CHECK(checkWebRtcSource(plain.value(), true).ok());
  auto none = checkWebRtcSource(plain.value(), false);
  REQUIRE_FALSE(none.ok());
  CHECK(none.error().code == ErrorCode::InvalidConfig);
  CHECK(none.error().message.find("no WebRTC implementation") == 0);
  CHECK(none.error().message.find("config.wrtc") != std::string::npos);
}
