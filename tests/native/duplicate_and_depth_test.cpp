// Replayed offers and over-deep JSON are refused with messages that say so.
#include <doctest/doctest.h>

#include "CoreOutputs.h"

#include <string>
#include <variant>

#include "core/Json.h"
#include "core/JsonFields.h"
#include "core/PeerCore.h"
#include "core/SdpOrigin.h"
#include "core/SignalCodec.h"

using namespace kpeer;

namespace {

std::string offerWithVersion(int version) {
  return encodeSignal(Signal{SignalType::Offer, "v=0\r\no=- 99 " + std::to_string(version) + " IN IP4 127.0.0.1\r\n", {}});
}

// Drains the core, completing each setRemoteDescription as the browser would; returns the events.
std::vector<Event> completeSetRemoteDescription(PeerCore& p) {
  std::vector<Event> events;
  while (auto o = p.poll()) {
    if (auto* e = std::get_if<Event>(&*o)) events.push_back(*e);
    else if (auto* srd = std::get_if<cmd::SetRemoteDescription>(&std::get<Command>(*o))) p.onOperationDone(srd->op, OpOutcome{}, 0);
  }
  return events;
}

std::optional<Error> settledError(PeerCore& p, RequestId request) {
  std::optional<Error> found;
  for (auto& e : completeSetRemoteDescription(p))
    if (auto* s = std::get_if<ev::RequestSettled>(&e); s && s->request == request) found = s->error;
  return found;
}

}  // namespace

TEST_CASE("the o= line gives session id and version; a version not higher is a replay") {
  auto o = parseSdpOrigin("v=0\r\no=- 4611731400430051336 002 IN IP4 127.0.0.1\r\ns=-\r\n");
  REQUIRE(o.has_value());
  CHECK(o->sessionId == "4611731400430051336");
  CHECK(o->version == "2");
  CHECK(SdpOrigin{"1", "2"}.isReplayOf(SdpOrigin{"1", "2"}));
  CHECK(SdpOrigin{"1", "9"}.isReplayOf(SdpOrigin{"1", "10"}));
  CHECK_FALSE(SdpOrigin{"1", "10"}.isReplayOf(SdpOrigin{"1", "9"}));
  CHECK_FALSE(SdpOrigin{"2", "1"}.isReplayOf(SdpOrigin{"1", "9"}));
  CHECK_FALSE(parseSdpOrigin("v=0\r\ns=-\r\n").has_value());
  CHECK_FALSE(parseSdpOrigin("v=0\r\no=- 1\r\n").has_value());
}

TEST_CASE("an offer delivered twice is refused as a duplicate; a newer one is applied") {
  auto config = decodePeerConfig(R"({"initiator":false,"iceServers":[]})");
  REQUIRE(config.ok());
  PeerCore peer(config.value(), 0);
  REQUIRE(peer.signal(offerWithVersion(2), RequestId(1), 0).ok());
  CHECK_FALSE(settledError(peer, RequestId(1)).has_value());

  REQUIRE(peer.signal(offerWithVersion(2), RequestId(2), 1).ok());
  auto dup = settledError(peer, RequestId(2));
  REQUIRE(dup.has_value());
  CHECK(dup->code == ErrorCode::InvalidSignal);
  CHECK(dup->message.find("duplicate offer") != std::string::npos);

  REQUIRE(peer.signal(offerWithVersion(3), RequestId(3), 2).ok());
  CHECK(test::only<cmd::SetRemoteDescription>(test::drain(peer).commands).size() == 1);
}

TEST_CASE("JSON nested deeper than the limit is refused as too deep, not as a syntax error") {
  std::string deep(Json::kMaxDepth + 5, '[');
  deep += std::string(Json::kMaxDepth + 5, ']');
  Json::ParseError why = Json::ParseError::Syntax;
  CHECK_FALSE(Json::parse(deep, &why).has_value());
  CHECK(why == Json::ParseError::TooDeep);
  CHECK(Json::parse(std::string(10, '[') + std::string(10, ']')).has_value());

  auto r = decodeSignal(std::string(100000, '['));
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message.find("nested more than") != std::string::npos);
}

TEST_CASE("messages cut long user strings at a character boundary") {
  std::string s(39, 'a');
  s += "é";  // bytes 39 and 40: the cut at 40 would split it
  s += "tail";
  auto cut = truncatedForMessage(s);
  CHECK(cut == std::string(39, 'a') + "...");
}
