// The KPeerSignal wire format: {type:'offer'|'answer', sdp} and {type:'ice', candidate, sdpMid, sdpMLineIndex}.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "ChromiumSamples.h"
#include "core/SignalCodec.h"
#include "json/JsonValue.h"
#include "json/WireFormat.h"

using namespace kpeer;
using nlohmann::json;

namespace {

Error refused(const std::string& text) {
  auto r = signalFromJson(text);
  if (r.ok()) FAIL_CHECK("accepted: " << text.substr(0, 80));
  return r.ok() ? Error{ErrorCode::Internal, ""} : r.error();
}

bool mentions(const Error& e, const std::string& word) { return e.message.find(word) != std::string::npos; }

}  // namespace

TEST_CASE("an offer or answer is {type, sdp} on the wire and round-trips") {
  for (auto [type, sdp] : {std::pair{SignalType::Offer, samples::kChromiumOffer}, {SignalType::Answer, samples::kChromiumAnswer}}) {
    const std::string wire = signalToJson(Signal{type, sdp, {}});
    const json j = json::parse(wire);  // an independent parser reads what we write
    CHECK(j == json{{"type", type == SignalType::Offer ? "offer" : "answer"}, {"sdp", sdp}});
    auto decoded = signalFromJson(wire);
    REQUIRE(decoded.ok());
    CHECK(decoded.value().type == type);
    CHECK(decoded.value().sdp == sdp);
  }
}

TEST_CASE("a candidate is {type:'ice', candidate, sdpMid, sdpMLineIndex} on the wire and round-trips") {
  for (const char* line : {samples::kHostCandidate, samples::kSrflxCandidate, samples::kRelayCandidate, samples::kTcpCandidate}) {
    const std::string wire = signalToJson(Signal::fromCandidate(IceCandidate{line, "0", 0}));
    CHECK(json::parse(wire) == json{{"type", "ice"}, {"candidate", line}, {"sdpMid", "0"}, {"sdpMLineIndex", 0}});
    auto decoded = signalFromJson(wire);
    REQUIRE(decoded.ok());
    CHECK(decoded.value().ice.candidate == line);
    CHECK(decoded.value().ice.sdpMid == "0");
    CHECK(decoded.value().ice.sdpMLineIndex == 0);
  }
  // A missing locator is written as null, as JSON.stringify(candidate.toJSON()) does.
  const json j = json::parse(signalToJson(Signal::fromCandidate(IceCandidate{samples::kHostCandidate, "0", std::nullopt})));
  CHECK(j["sdpMLineIndex"].is_null());
}

TEST_CASE("a candidate with sdpMLineIndex null but sdpMid present is accepted (KPeer dropped it)") {
  auto r = signalFromJson(json{{"type", "ice"}, {"candidate", samples::kSrflxCandidate}, {"sdpMid", "0"}, {"sdpMLineIndex", nullptr}}.dump());
  REQUIRE(r.ok());
  CHECK(r.value().ice.sdpMid == "0");
  CHECK_FALSE(r.value().ice.sdpMLineIndex);
  auto indexOnly = signalFromJson(json{{"type", "ice"}, {"candidate", samples::kSrflxCandidate}, {"sdpMLineIndex", 0}}.dump());
  REQUIRE(indexOnly.ok());
  CHECK_FALSE(indexOnly.value().ice.sdpMid);
}

TEST_CASE("a candidate with neither sdpMid nor sdpMLineIndex is refused") {
  for (const json& j : {json{{"type", "ice"}, {"candidate", samples::kHostCandidate}},
                        json{{"type", "ice"}, {"candidate", samples::kHostCandidate}, {"sdpMid", nullptr}, {"sdpMLineIndex", nullptr}}}) {
    Error e = refused(j.dump());
    CHECK(e.code == ErrorCode::InvalidSignal);
    CHECK(mentions(e, "sdpMid"));
  }
}

TEST_CASE("end-of-candidates (an empty candidate) is accepted") {
  auto r = signalFromJson(R"({"type":"ice","candidate":"","sdpMid":"0","sdpMLineIndex":0})");
  REQUIRE(r.ok());
  CHECK(r.value().ice.candidate.empty());
}

TEST_CASE("an unknown or missing type is refused with invalid-signal") {
  Error e = refused(R"({"type":"bye","sdp":"v=0\r\n"})");
  CHECK(e.code == ErrorCode::InvalidSignal);
  CHECK(mentions(e, "'bye'"));
  CHECK(mentions(refused(R"({"sdp":"v=0\r\n"})"), "type"));
  CHECK(mentions(refused(R"({"type":1,"sdp":"v=0\r\n"})"), "type"));
  CHECK(mentions(refused(R"({"type":"Offer","sdp":"v=0\r\n"})"), "Offer"));  // case matters, as in KPeer
  CHECK(refused(json{{"type", std::string(1000, 'x')}}.dump()).message.size() < 200);  // cut in the message
}

TEST_CASE("a signal that is not a JSON object is refused") {
  for (const char* text : {"", "{nope", "[]", R"(["offer"])", "\"offer\"", "42", "null", "true", "{\"type\":\"offer\",}"}) {
    CAPTURE(text);
    CHECK(refused(text).code == ErrorCode::InvalidSignal);
  }
}

TEST_CASE("a 4 MiB SDP is refused before parsing; a large real one is not") {
  const std::string big = json{{"type", "offer"}, {"sdp", "v=0\r\n" + std::string(4 * 1024 * 1024, 'a')}}.dump();
  Error e = refused(big);
  CHECK(e.code == ErrorCode::InvalidSignal);
  CHECK(mentions(e, std::to_string(kMaxSignalBytes)));
  std::string sdp = "v=0\r\n";
  while (sdp.size() < 200 * 1024) sdp += "a=candidate:1 1 udp 1 192.0.2.1 9 typ host\r\n";
  CHECK(signalFromJson(json{{"type", "offer"}, {"sdp", sdp}}.dump()).ok());
}

TEST_CASE("fields of the wrong type are refused with a message naming the field") {
  const std::pair<const char*, const char*> cases[] = {
      {R"({"type":"offer","sdp":5})", "sdp"},
      {R"({"type":"answer","sdp":null})", "sdp"},
      {R"({"type":"offer"})", "sdp"},
      {R"({"type":"offer","sdp":"o=- 1 2 IN IP4 127.0.0.1"})", "v=0"},
      {R"({"type":"ice","candidate":5,"sdpMid":"0"})", "candidate"},
      {R"({"type":"ice","sdpMid":"0"})", "candidate"},
      {R"({"type":"ice","candidate":"a=cand:1 1 udp 1 192.0.2.1 9 typ host","sdpMid":"0"})", "candidate:"},
      {R"({"type":"ice","candidate":"host 192.0.2.1","sdpMid":"0"})", "candidate:"},
      {R"({"type":"ice","candidate":"","sdpMid":0})", "sdpMid"},
      {R"({"type":"ice","candidate":"","sdpMLineIndex":"0"})", "sdpMLineIndex"},
      {R"({"type":"ice","candidate":"","sdpMLineIndex":-1})", "sdpMLineIndex"},
      {R"({"type":"ice","candidate":"","sdpMLineIndex":65536})", "sdpMLineIndex"},
      {R"({"type":"ice","candidate":"","sdpMLineIndex":1.5})", "sdpMLineIndex"},
      {R"({"type":"ice","candidate":"","sdpMLineIndex":1e300})", "sdpMLineIndex"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.first);
    Error e = refused(c.first);
    CHECK(e.code == ErrorCode::InvalidSignal);
    CHECK(mentions(e, c.second));
  }
}

TEST_CASE("JSON escapes in a signal decode to the same text JSON.parse gives") {
  auto r = signalFromJson(R"({"type":"ice","candidate":"candidate:1 1 udp 1 caf\u00e9.local 9 typ host \ud83d\ude00","sdpMid":"\/0"})");
  REQUIRE(r.ok());
  CHECK(r.value().ice.candidate == "candidate:1 1 udp 1 caf\xC3\xA9.local 9 typ host \xF0\x9F\x98\x80");
  CHECK(r.value().ice.sdpMid == "/0");
  CHECK(refused(R"({"type":"ice","candidate":"candidate:\ud83d","sdpMid":"0"})").code == ErrorCode::InvalidSignal);
}
