// What the JS layer keeps for late subscribers is bounded by the core, and the core says what
// happened when a bound was passed (js/ only reports that it dropped the oldest value).
#include <doctest/doctest.h>

#include "CoreOutputs.h"
#include "core/PeerCore.h"
#include "core/ReplayLimits.h"
#include "json/JsonValue.h"
#include "json/WireFormat.h"

using namespace kpeer;

TEST_CASE("dropping kept values is reported when it starts and, with the count, when a subscriber takes the rest") {
  PeerCore core(peerConfigFromJson(R"({"initiator":true,"iceServers":[]})").value(), 0);
  auto id = core.createChannel(JsonValue::parse(R"({"label":"chat"})"), 0);
  REQUIRE(id.ok());
  test::drain(core);

  for (std::uint64_t n = 1; n <= 500; ++n) core.onReplayOverflow(std::nullopt, ReplayDrops{n, false}, 1);
  for (std::uint64_t n = 1; n <= 3; ++n) core.onReplayOverflow(id.value(), ReplayDrops{n, false}, 2);
  core.onReplayOverflow(ChannelId(999), ReplayDrops{1, false}, 3);  // a channel the core does not know: nothing to say
  auto errors = test::only<ev::ErrorRaised>(test::drain(core).events);
  REQUIRE(errors.size() == 2);  // one per flow, not one per dropped value
  CHECK(errors[0].error.code == ErrorCode::LimitExceeded);
  CHECK(errors[0].error.message == "more than 10000 signals waited for a subscriber; the oldest are dropped until one attaches");
  CHECK_FALSE(errors[0].channel);
  CHECK(errors[1].error.message ==
        "more than 4096 messages arrived on channel 'chat' before anyone listened; the oldest are dropped until a listener attaches");
  CHECK(errors[1].channel == id.value());

  core.onReplayOverflow(std::nullopt, ReplayDrops{500, true}, 4);
  core.onReplayOverflow(id.value(), ReplayDrops{1, true}, 5);
  errors = test::only<ev::ErrorRaised>(test::drain(core).events);
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].error.message == "500 signals were dropped before a subscriber attached; it got the last 10000");
  CHECK(errors[1].error.message == "1 message on channel 'chat' was dropped before a listener attached; it got the last 4096");
  CHECK(errors[1].channel == id.value());

  // A new episode (nobody listening again after the subscriber left) is reported again.
  core.onReplayOverflow(id.value(), ReplayDrops{1, false}, 6);
  CHECK(test::only<ev::ErrorRaised>(test::drain(core).events).size() == 1);
  CHECK(kSignalReplayLimit == 10000);
  CHECK(kMessageReplayLimit == 4096);
}
