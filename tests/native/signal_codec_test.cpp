#include <doctest/doctest.h>

#include "core/SignalCodec.h"

using namespace kpeer;

TEST_CASE("an offer round-trips through the wire format") {
  Signal s{SignalType::Offer, "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n", {}};
  auto decoded = decodeSignal(encodeSignal(s));
  REQUIRE(decoded.ok());
  CHECK(decoded.value().type == SignalType::Offer);
  CHECK(decoded.value().sdp == s.sdp);
}

TEST_CASE("a signal that is not JSON is refused with invalid-signal") {
  auto r = decodeSignal("{nope");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == ErrorCode::InvalidSignal);
}
