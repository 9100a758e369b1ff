// The shared table of bad signals (tests/shared/bad-signals.json), through nlohmann_json: each as
// the object and as its JSON text. tests/e2e/hardening.test.mjs checks the same table in the
// browser, so both paths give the same code and message.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <fstream>

#include "core/SignalCodec.h"
#include "json/JsonValue.h"

using namespace kpeer;
using nlohmann::json;

TEST_CASE("the shared bad-signal table: the same code and message as the object and as its JSON text") {
  std::ifstream file(KPEER_TESTS_DIR "/shared/bad-signals.json");
  REQUIRE(file.good());
  const json table = json::parse(file);
  REQUIRE(table["cases"].size() >= 20);
  for (const json& c : table["cases"]) {
    CAPTURE(c["name"].get<std::string>());
    std::vector<Result<Signal>> outcomes;
    if (c.contains("text")) {
      outcomes.push_back(decodeSignal(JsonValue::text(c["text"].get<std::string>())));
    } else {
      outcomes.push_back(decodeSignal(JsonValue(c["value"])));
      outcomes.push_back(decodeSignal(JsonValue::text(c["value"].dump())));
    }
    for (const auto& r : outcomes) {
      REQUIRE_FALSE(r.ok());
      CHECK(errorCodeName(r.error().code) == c["code"].get<std::string>());
      CHECK(r.error().message == c["message"].get<std::string>());
    }
  }
}
