// normalizeStats: Chromium's RTCStatsReport (as a JSON array) → KPeer's normalized path stats.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "ChromiumSamples.h"
#include "core/StatsNormalizer.h"
#include "json/WireFormat.h"

using namespace kpeer;
using nlohmann::json;

namespace {

// The adapter's one pass, natively: each entry of the report through StatsNormalizer::add.
std::string normalizeStats(std::string_view report) { return pathStatsJson(statsFromJson(report)).dump(); }

json normalized(const json& report) { return json::parse(normalizeStats(report.dump())); }

json withLocalType(std::string type) {
  json report = json::parse(samples::kChromiumStats);
  for (auto& s : report)
    if (s["id"] == "Iabc") s["candidateType"] = type;
  return report;
}

}  // namespace

TEST_CASE("a Chromium report: the selected pair comes from transport.selectedCandidatePairId") {
  const json n = json::parse(normalizeStats(samples::kChromiumStats));
  REQUIRE(n["selectedPair"].is_object());
  CHECK(n["selectedPair"]["id"] == "CPabc_def");  // not the earlier nominated pair
  CHECK(n["selectedPair"]["state"] == "succeeded");
  CHECK(n["selectedPair"]["local"]["address"] == "192.168.1.11");
  CHECK(n["selectedPair"]["remote"]["port"] == 54321);
  CHECK(n["rttMs"].get<double>() == doctest::Approx(2.0));  // currentRoundTripTime is in seconds
  CHECK(n["direct"] == true);
  CHECK(n["relayed"] == false);
  CHECK(n["localCandidateType"] == "host");
  CHECK(n["remoteCandidateType"] == "srflx");
  CHECK(n["bytesSent"] == 702000);  // the transport's counters
  CHECK(n["bytesReceived"] == 12400);
  CHECK(n["dataChannelsOpened"] == 2);
  CHECK(n["messagesSent"] == 13);  // summed over the data channels
  CHECK(n["messagesReceived"] == 3);
}

TEST_CASE("a relay candidate on either end makes the path relayed") {
  json n = normalized(withLocalType("relay"));
  CHECK(n["relayed"] == true);
  CHECK(n["direct"] == false);
  CHECK(n["localCandidateType"] == "relay");

  json report = json::parse(samples::kChromiumStats);
  for (auto& s : report)
    if (s["type"] == "transport") s["selectedCandidatePairId"] = "CPold_xyz";  // local end is the TURN relay
  n = normalized(report);
  CHECK(n["selectedPair"]["id"] == "CPold_xyz");
  CHECK(n["relayed"] == true);
  CHECK(n["rttMs"].get<double>() == doctest::Approx(450.0));
  CHECK(n["selectedPair"]["local"]["relayProtocol"] == "udp");

  CHECK(normalized(withLocalType("prflx"))["direct"] == true);
}

TEST_CASE("without a transport entry the nominated succeeded pair is used") {
  json report = json::array();
  for (const auto& s : json::parse(samples::kChromiumStats))
    if (s["type"] != "transport" && s["id"] != "CPold_xyz") report.push_back(s);
  json n = normalized(report);
  CHECK(n["selectedPair"]["id"] == "CPabc_def");
  CHECK(n["bytesSent"] == 701234);  // the pair's counters then
}

TEST_CASE("a report before connection has no selected pair and zero counters") {
  json n = normalized(json::parse(R"([{"id":"P","type":"peer-connection","dataChannelsOpened":0},
      {"id":"T01","type":"transport","dtlsState":"new","iceState":"checking"}])"));
  CHECK(n["selectedPair"].is_null());
  CHECK(n["direct"].is_null());
  CHECK(n["rttMs"].is_null());
  CHECK(n["bytesSent"] == 0);
}

TEST_CASE("garbage gives the empty normalized shape, never a crash") {
  const char* garbage[] = {
      "", "not json", "{}", "null", "[1,2,\"x\",null,[],{}]", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
      R"([{"type":"transport","selectedCandidatePairId":5}])",
      R"([{"type":"transport","selectedCandidatePairId":"missing"}])",
      R"([{"id":"CP","type":"candidate-pair","nominated":true,"state":"succeeded","localCandidateId":7,"currentRoundTripTime":"fast"}])",
      R"([{"id":"T","type":"transport","selectedCandidatePairId":"T"}])",  // points at itself
      R"([{"id":"P","type":"peer-connection","dataChannelsOpened":"two"},{"type":"data-channel","messagesSent":null}])",
      R"([{"id":"CP","type":"candidate-pair","nominated":true,"state":"succeeded","bytesSent":1e300,"currentRoundTripTime":1e300}])",
  };
  for (const char* text : garbage) {
    CAPTURE(text);
    const std::string out = normalizeStats(text);
    json n = json::parse(out, nullptr, false);
    REQUIRE_FALSE(n.is_discarded());
    CHECK(n.is_object());
    CHECK(n.contains("selectedPair"));
    CHECK(n["messagesSent"].is_number());
  }
  json n = normalized(json::parse(R"([{"id":"CP","type":"candidate-pair","nominated":true,"state":"succeeded","currentRoundTripTime":"fast"}])"));
  CHECK(n["selectedPair"]["id"] == "CP");
  CHECK(n["rttMs"].is_null());
  CHECK(n["selectedPair"]["local"].is_null());
}
