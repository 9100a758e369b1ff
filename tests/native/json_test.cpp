// The core's own JSON value (it replaced nlohmann_json in the wasm): it must read what JSON.parse
// reads and write what JSON.parse reads back.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "core/Json.h"

using kpeer::Json;

TEST_CASE("Json parses like JSON.parse") {
  auto j = Json::parse(R"( {"a":[1,-2.5,3e2,true,false,null],"b":{"c":"d\n\u00e9"},"a":"last wins"} )");
  REQUIRE(j);
  CHECK(j->find("a")->string() == "last wins");
  CHECK(j->find("b")->find("c")->string() == "d\n\xC3\xA9");
  auto arr = Json::parse("[1,-2.5,3e2,0.002]");
  REQUIRE(arr);
  CHECK(arr->items()[2].number() == 300);
  CHECK(arr->items()[3].number() == doctest::Approx(0.002));
  CHECK(Json::parse("1e999")->number() == INFINITY);  // JSON.parse('1e999') === Infinity
}

TEST_CASE("Json refuses what JSON.parse refuses") {
  for (const char* bad : {"", " ", "01", "1.", ".5", "-", "+1", "[1,]", "{\"a\":1,}", "{a:1}", "'x'", "\"\t\"", "\"\\x\"",
                          "\"\\ud800\"", "\"\\udc00\"", "nul", "[1] x"}) {
    CAPTURE(bad);
    CHECK_FALSE(Json::parse(bad));
  }
  CHECK_FALSE(Json::parse(std::string("5\0", 2)));
}

TEST_CASE("Json limits nesting so hostile input cannot exhaust the stack") {
  CHECK(Json::parse(std::string(64, '[') + std::string(64, ']')));
  CHECK_FALSE(Json::parse(std::string(100000, '[') + std::string(100000, ']')));
}

TEST_CASE("Json writes numbers JSON.parse reads back, huge ones too") {
  for (double d : {0.0, -0.0, 1.0, -7.0, 0.5, 0.002, 2.0000000000000004, 123456.789, 9007199254740991.0, 9007199254740992.0,
                   1.5e20, -1e300, 1e-7}) {
    CAPTURE(d);
    const std::string text = Json(d).dump();
    auto back = Json::parse(text);
    REQUIRE(back);
    CHECK(back->number() == doctest::Approx(d).epsilon(1e-6));
  }
  CHECK(Json(1e300).dump() == "1e300");
  CHECK(Json(NAN).dump() == "null");
  CHECK(Json(INFINITY).dump() == "null");  // as JSON.stringify
}

TEST_CASE("Json strings round-trip, control characters escaped") {
  std::string all;
  for (int c = 1; c < 128; ++c) all += static_cast<char>(c);
  all += "\xC3\xA9\xF0\x9F\x98\x80";
  const std::string text = Json(all).dump();
  for (char c : text) CHECK(static_cast<unsigned char>(c) >= 0x20);
  auto back = Json::parse(text);
  REQUIRE(back);
  CHECK(back->string() == all);
}
