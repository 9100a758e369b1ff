// The adapter's one browser timer for the core's deadline: armed, kept or cancelled
// (core/TimerArming.h), and two simulated peers timed through it the way the adapter times them.
#include <doctest/doctest.h>

#include "FakeBrowser.h"
#include "core/TimerArming.h"

using namespace kpeer;
using namespace kpeer::sim;

TEST_CASE("a deadline is armed once and kept while it stays") {
  TimerArming t;
  auto a = t.update(100, 0);
  CHECK_FALSE(a.cancel);
  CHECK(a.armAt == TimeMs(100));
  auto again = t.update(100, 10);
  CHECK_FALSE(again.cancel);
  CHECK_FALSE(again.armAt);
  CHECK(t.armedAt() == TimeMs(100));
}

TEST_CASE("a timer due no later than the new deadline stays; an earlier deadline re-arms") {
  TimerArming t;
  t.update(100, 0);
  auto later = t.update(150, 20);  // fires early at 100, a no-op for the core, and is re-armed then
  CHECK_FALSE(later.cancel);
  CHECK_FALSE(later.armAt);
  auto earlier = t.update(60, 30);
  CHECK(earlier.cancel);
  CHECK(earlier.armAt == TimeMs(60));
  CHECK(t.armedAt() == TimeMs(60));
}

TEST_CASE("with no deadline, a timer due within 50 ms stays and a later one is cancelled") {
  TimerArming soon;
  soon.update(100, 0);
  auto keep = soon.update(std::nullopt, 50);
  CHECK_FALSE(keep.cancel);
  CHECK(soon.armedAt() == TimeMs(100));

  TimerArming far;  // e.g. connectionTimeoutMs: must not keep a Node process alive
  far.update(30000, 0);
  auto drop = far.update(std::nullopt, 1000);
  CHECK(drop.cancel);
  CHECK_FALSE(drop.armAt);
  CHECK_FALSE(far.armedAt());
  auto none = far.update(std::nullopt, 1001);  // nothing armed, nothing wanted: nothing to do
  CHECK_FALSE(none.cancel);
  CHECK_FALSE(none.armAt);
}

TEST_CASE("after the timer went off, the same deadline is armed again") {
  // Node's timers can fire a millisecond before performance.now() reaches the deadline.
  TimerArming t;
  t.update(100, 0);
  t.disarm();
  auto a = t.update(100, 99);
  CHECK_FALSE(a.cancel);
  CHECK(a.armAt == TimeMs(100));
}

TEST_CASE("a write() loop of 64 KiB messages arms the browser timer a fraction as often as the buffer stalls") {
  BrowserTiming fast;
  fast.bytesPerMs = 16000;  // 16 MB/s: what one Chromium page moved in bench/
  TwoPeers sim(30, R"({"initiator":true})", R"({"initiator":false})", fast);
  ChannelId a = sim.a.createChannel(R"({"label":"bulk"})");
  REQUIRE(sim.runUntil(5000, [&] {
    return sim.a.channelState("bulk") == ChannelState::Open && sim.b.channelState("bulk") == ChannelState::Open;
  }));
  const int armsBefore = sim.a.timerArms;
  const int changesBefore = sim.a.deadlineChanges;
  const int count = 64;
  for (int i = 0; i < count; ++i) {
    const RequestId w = sim.a.write(a, Bytes{std::string(65536, static_cast<char>('a' + i % 26)), true});
    REQUIRE(sim.runUntil(sim.loop.now() + 5000, [&] { return sim.a.settled.count(w) > 0; }));
    CHECK_FALSE(sim.a.settled[w].has_value());
  }
  REQUIRE(sim.runUntil(sim.loop.now() + 5000, [&] { return sim.b.browser.received.size() == std::size_t(count); }));
  for (int i = 0; i < count; ++i) CHECK(sim.b.browser.received[i].bytes.data[0] == static_cast<char>('a' + i % 26));
  const int arms = sim.a.timerArms - armsBefore;
  const int changes = sim.a.deadlineChanges - changesBefore;
  CAPTURE(arms);
  CAPTURE(changes);
  CHECK(changes >= count / 2);  // the 50 ms poll, armed and cleared around most writes
  CHECK(arms * 4 <= changes);
}
