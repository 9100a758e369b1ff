// Replayed offers and over-deep JSON are refused with messages that say so.
#include <doctest/doctest.h>

#include "CoreOutputs.h"

#include <string>
#include <variant>

#include "core/Text.h"
#include "core/PeerCore.h"
#include "core/SdpOrigin.h"
#include "core/SignalCodec.h"
#include "json/JsonValue.h"
#include "json/WireFormat.h"

using namespace kpeer;

namespace {

std::string offerWithVersion(int version) {
  return signalToJson(Signal{SignalType::Offer, "v=0\r\no=- 99 " + std::to_string(version) + " IN IP4 127.0.0.1\r\n", {}});
}

// Drains the core, completing each setRemoteDescription as the browser would; returns the events.
std::vector<Output> completeSetRemoteDescription(PeerCore& p) {
  std::vector<Output> events;
  while (auto o = p.poll()) {
    if (!isCommand(*o)) events.push_back(*o);
    else if (auto* srd = std::get_if<cmd::SetRemoteDescription>(&*o)) p.onOperationDone(srd->op, OpOutcome{}, 0);
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
  CHECK(o->user == "-");  // libwebrtc
  CHECK(parseSdpOrigin("v=0\r\no=mozilla...THIS_IS_SDPARTA-153.0 77 0 IN IP4 0.0.0.0\r\n")->user ==
        "mozilla...THIS_IS_SDPARTA-153.0");
  CHECK(SdpOrigin{"1", "2", "-"}.isReplayOf(SdpOrigin{"1", "2", "-"}));
  CHECK(SdpOrigin{"1", "9", "-"}.isReplayOf(SdpOrigin{"1", "10", "-"}));
  CHECK_FALSE(SdpOrigin{"1", "10", "-"}.isReplayOf(SdpOrigin{"1", "9", "-"}));
  CHECK_FALSE(SdpOrigin{"2", "1", "-"}.isReplayOf(SdpOrigin{"1", "9", "-"}));
  CHECK_FALSE(parseSdpOrigin("v=0\r\ns=-\r\n").has_value());
  CHECK_FALSE(parseSdpOrigin("v=0\r\no=- 1\r\n").has_value());
}

TEST_CASE("an offer delivered twice is refused as a duplicate; a newer one is applied") {
  auto config = peerConfigFromJson(R"({"initiator":false,"iceServers":[]})");
  REQUIRE(config.ok());
  PeerCore peer(config.value(), 0);
  REQUIRE(peer.signal(JsonValue::text(offerWithVersion(2)), RequestId(1), 0).ok());
  CHECK_FALSE(settledError(peer, RequestId(1)).has_value());

  REQUIRE(peer.signal(JsonValue::text(offerWithVersion(2)), RequestId(2), 1).ok());
  auto dup = settledError(peer, RequestId(2));
  REQUIRE(dup.has_value());
  CHECK(dup->code == ErrorCode::InvalidSignal);
  CHECK(dup->message.find("duplicate offer") != std::string::npos);

  REQUIRE(peer.signal(JsonValue::text(offerWithVersion(3)), RequestId(3), 2).ok());
  CHECK(test::only<cmd::SetRemoteDescription>(test::drain(peer).commands).size() == 1);
}

TEST_CASE("deeply nested JSON text: unterminated is not JSON, valid but deep in an extra field is read by its fields") {
  // The host parses (nlohmann here, JSON.parse in the browser); neither recurses on the stack.
  auto unterminated = signalFromJson(std::string(100000, '['));
  REQUIRE_FALSE(unterminated.ok());
  CHECK(unterminated.error().message == "signal is not valid JSON");

  std::string deep = R"({"type":"offer","sdp":"v=0\r\n","extra":)" + std::string(100000, '[') + std::string(100000, ']') + "}";
  CHECK(signalFromJson(deep).ok());
}

TEST_CASE("messages cut long user strings at a character boundary") {
  std::string s(39, 'a');
  s += "é";  // bytes 39 and 40: the cut at 40 would split it
  s += "tail";
  auto cut = truncatedForMessage(s);
  CHECK(cut == std::string(39, 'a') + "...");
}
