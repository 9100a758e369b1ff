// What the JS layer keeps for late subscribers is bounded by the core, and the core says what
// happened when a bound was passed (js/ only reports that it dropped the oldest value).
#include <doctest/doctest.h>

#include "CoreOutputs.h"
#include "core/PeerCore.h"
#include "core/ReplayLimits.h"
#include "json/JsonValue.h"
#include "json/WireFormat.h"

using namespace kpeer;

TEST_CASE("a dropped signal or message is reported as limit-exceeded, naming the bound and the channel") {
  PeerCore core(peerConfigFromJson(R"({"initiator":true,"iceServers":[]})").value(), 0);
  auto id = core.createChannel(JsonValue::parse(R"({"label":"chat"})"), 0);
  REQUIRE(id.ok());
  test::drain(core);

  core.onReplayOverflow(std::nullopt, 1);
  core.onReplayOverflow(id.value(), 2);
  core.onReplayOverflow(ChannelId(999), 3);  // a channel the core does not know: nothing to say
  auto errors = test::only<ev::ErrorRaised>(test::drain(core).events);
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].error.code == ErrorCode::LimitExceeded);
  CHECK(errors[0].error.message == "more than 10000 signals waited for a subscriber; the oldest was dropped");
  CHECK_FALSE(errors[0].channel);
  CHECK(errors[1].error.message == "more than 4096 messages arrived on channel 'chat' before anyone listened; the oldest was dropped");
  CHECK(errors[1].channel == id.value());
  CHECK(kSignalReplayLimit == 10000);
  CHECK(kMessageReplayLimit == 4096);
}
