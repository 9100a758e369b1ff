// Node.js WebRTC implementations differ from browsers (../shared/notes/node-webrtc-implementations.md).
// Each difference is a typed input and a core rule, checked here with the FakeBrowser behaving
// like the implementation.
#include <doctest/doctest.h>

#include <algorithm>

#include "CoreOutputs.h"
#include "FakeBrowser.h"

using namespace kpeer;
using namespace kpeer::sim;
using test::only;

namespace {

bool open(const SimPeer& p, const std::string& label) { return p.channelState(label) == ChannelState::Open; }

bool logged(const SimPeer& p, const std::string& part) {
  for (const auto& log : only<ev::Log>(p.events))
    if (log.message.find(part) != std::string::npos) return true;
  return false;
}

int lowEvents(const SimPeer& p) { return static_cast<int>(only<ev::BufferedLow>(p.events).size()); }

// 40 writes of 32 KiB over a 128 KiB mark: most of them wait for the buffer to drain.
void writeBurst(TwoPeers& sim, std::vector<RequestId>& writes) {
  ChannelId onA = sim.a.createChannel(R"({"label":"bulk","highWaterMark":131072})");
  REQUIRE(sim.runUntil(5000, [&] { return open(sim.a, "bulk") && open(sim.b, "bulk"); }));
  for (int i = 0; i < 40; ++i) writes.push_back(sim.a.write(onA, Bytes{std::string(32768, static_cast<char>('a' + i % 26)), true}));
  REQUIRE(sim.runUntil(sim.loop.now() + 20000, [&] { return sim.b.browser.received.size() == writes.size(); }));
  for (RequestId r : writes) {
    REQUIRE(sim.a.settled.count(r));
    CHECK_FALSE(sim.a.settled[r].has_value());
  }
}

}  // namespace

TEST_CASE("an implementation that refuses setLocalDescription() without a description (@roamhq/wrtc) still negotiates") {
  BrowserTiming wrtc;
  wrtc.implicitDescriptions = false;
  TwoPeers sim(10, R"({"initiator":true,"logger":{}})", R"({"initiator":false})", wrtc);
  sim.a.createChannel(R"({"label":"x"})");
  REQUIRE(sim.runUntil(5000, [&] { return open(sim.a, "x") && open(sim.b, "x"); }));
  // Each side tries the implicit form once, learns, and creates descriptions explicitly after.
  CHECK(sim.a.browser.count("implicit setLocalDescription refused") == 1);
  CHECK(sim.b.browser.count("implicit setLocalDescription refused") == 1);
  CHECK(logged(sim.a, "creating offers and answers explicitly"));
  CHECK(sim.a.errorsRaised().empty());
  CHECK(sim.b.errorsRaised().empty());

  // A renegotiation (restartIce) goes explicitly at once.
  REQUIRE(sim.b.core.restartIce(sim.loop.now()).ok());
  sim.runFor(2000);
  CHECK(sim.b.browser.count("implicit setLocalDescription refused") == 1);
  CHECK(sim.a.connected());
  CHECK(sim.b.connected());
}

TEST_CASE("glare with @roamhq/wrtc: the polite side rolls back explicitly before it takes the remote offer") {
  BrowserTiming wrtc;
  wrtc.implicitDescriptions = false;
  for (TimeMs delay : {1, 30}) {
    CAPTURE(delay);
    TwoPeers sim(delay, R"({"initiator":true})", R"({"initiator":false})", wrtc);
    sim.a.createChannel(R"({"label":"from-a"})");
    sim.b.createChannel(R"({"label":"from-b"})");
    REQUIRE(sim.runUntil(5000, [&] {
      return open(sim.a, "from-a") && open(sim.a, "from-b") && open(sim.b, "from-a") && open(sim.b, "from-b");
    }));
    CHECK(sim.b.browser.count("rollback") == 1);
    CHECK(sim.b.browser.count("remote offer refused") == 0);
    CHECK(sim.a.connected());
    CHECK(sim.b.connected());
    CHECK(sim.a.errorsRaised().empty());
    CHECK(sim.b.errorsRaised().empty());
    CHECK(sim.a.signalErrors.empty());
    CHECK(sim.b.signalErrors.empty());
  }
}

TEST_CASE("an implementation that sets its own offer and fires no negotiationneeded (node-datachannel): the offer is sent") {
  BrowserTiming ndc;
  ndc.autoNegotiates = true;
  for (bool answererFirst : {false, true}) {
    CAPTURE(answererFirst);
    TwoPeers sim(10, R"({"initiator":true})", R"({"initiator":false})", ndc);
    SimPeer& opener = answererFirst ? sim.b : sim.a;
    opener.createChannel(R"({"label":"x"})");
    REQUIRE(sim.runUntil(5000, [&] { return open(sim.a, "x") && open(sim.b, "x"); }));
    CHECK(opener.browser.count("automatic offer") == 1);
    CHECK(opener.browser.count("negotiationneeded") == 0);
    CHECK(sim.a.errorsRaised().empty());
    CHECK(sim.b.errorsRaised().empty());
  }
}

TEST_CASE("an implementation that never fires bufferedamountlow (@roamhq/wrtc): write() finishes by reading bufferedAmount") {
  BrowserTiming wrtc;
  wrtc.firesBufferedLow = false;
  TwoPeers sim(10, R"({"initiator":true,"logger":{}})", R"({"initiator":false})", wrtc);
  std::vector<RequestId> writes;
  writeBurst(sim, writes);
  CHECK(sim.a.browser.count("read bufferedAmount") > 0);
  CHECK(logged(sim.a, "does not fire 'bufferedamountlow': write() polls bufferedAmount every 2 ms while it waits"));
  CHECK(lowEvents(sim.a) > 0);  // the user's 'bufferedamountlow' listeners still hear of it
  // An adaptive mark goes to its deepest (1 MiB) so the queue outlasts a read interval: 64 KiB
  // messages, which would keep it at 64 KiB, now fill the browser's queue well past that.
  ChannelId adaptive = sim.a.createChannel(R"({"label":"adaptive"})");
  REQUIRE(sim.runUntil(sim.loop.now() + 5000, [&] { return open(sim.a, "adaptive") && open(sim.b, "adaptive"); }));
  const TransportId t = sim.a.core.channels().find(adaptive)->primary;
  double maxBuffered = 0;
  for (int i = 0; i < 24; ++i) sim.a.write(adaptive, Bytes{std::string(65536, 'z'), false});
  REQUIRE(sim.runUntil(sim.loop.now() + 20000, [&] {
    maxBuffered = std::max(maxBuffered, sim.a.browser.bufferedAmount(t));
    return sim.b.browser.received.size() == writes.size() + 24;
  }));
  CHECK(maxBuffered > 512 * 1024);
  CHECK(maxBuffered <= (1 << 20) + 65536);
  // Nothing waits any more: the poll stops.
  CHECK_FALSE(sim.a.core.pollTimeout().has_value());
}

TEST_CASE("a browser that fires bufferedamountlow: the events drive write(), reads stay a rare safety net") {
  TwoPeers sim(10);
  std::vector<RequestId> writes;
  writeBurst(sim, writes);
  // 1.3 MB at 1000 B/ms ≈ 1.3 s of draining; a read every 50 ms at most, never the fast poll.
  CHECK(sim.a.browser.count("read bufferedAmount") <= 1300 / kBufferedPollMs + 1);
  CHECK_FALSE(logged(sim.a, "does not fire 'bufferedamountlow'"));
}
