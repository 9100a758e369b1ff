// End-to-end behaviour of two PeerCores driven through FakeBrowser in virtual time.
#include <doctest/doctest.h>

#include "CoreOutputs.h"
#include "FakeBrowser.h"

using namespace kpeer;
using namespace kpeer::sim;
using test::only;

namespace {

bool open(const SimPeer& p, const std::string& label) { return p.channelState(label) == ChannelState::Open; }

int linesStartingWith(const FakeBrowser& b, const std::string& prefix) {
  int n = 0;
  for (const auto& line : b.trace()) n += line.rfind(prefix, 0) == 0;
  return n;
}

void checkNoErrors(const SimPeer& p) {
  CAPTURE(p.name);
  for (const auto& e : p.signalErrors) FAIL_CHECK("signal rejected: " << e.message);
  for (const auto& e : p.errorsRaised()) FAIL_CHECK("error raised: " << e.message);
}

}  // namespace

TEST_CASE("two peers reach 'connected' and an open channel") {
  TwoPeers sim(30);
  sim.a.createChannel(R"({"label":"chat"})");

  REQUIRE(sim.runUntil(5000, [&] {
    return sim.a.connected() && sim.b.connected() && open(sim.a, "chat") && open(sim.b, "chat");
  }));
  CHECK(sim.loop.now() < 200);  // one offer/answer round trip over 30 ms signaling, plus trickle
  CHECK(sim.b.channelLabels() == std::vector<std::string>{"chat"});
  CHECK(linesStartingWith(sim.a.browser, "offer") == 1);
  CHECK(linesStartingWith(sim.b.browser, "answer") == 1);
  checkNoErrors(sim.a);
  checkNoErrors(sim.b);
}

TEST_CASE("without a logger a connect makes no debug or info logs; with one it does") {
  // js/ prints only warnings when config.logger is absent, so the core does not make the rest.
  TwoPeers sim(30, R"({"initiator":true})", R"({"initiator":false,"logger":{}})");
  sim.a.createChannel(R"({"label":"chat"})");
  REQUIRE(sim.runUntil(5000, [&] { return open(sim.a, "chat") && open(sim.b, "chat"); }));
  for (const auto& log : only<ev::Log>(sim.a.events)) {
    CAPTURE(log.message);
    CHECK(log.level == LogLevel::Warn);
  }
  bool debugLogged = false;
  for (const auto& log : only<ev::Log>(sim.b.events)) debugLogged |= log.level == LogLevel::Debug;
  CHECK(debugLogged);
}

TEST_CASE("the answerer opens a channel after connect and the initiator gets it in ChannelAdded") {
  TwoPeers sim(30);
  sim.a.createChannel(R"({"label":"chat"})");
  REQUIRE(sim.runUntil(5000, [&] { return open(sim.a, "chat") && open(sim.b, "chat"); }));

  sim.b.createChannel(R"({"label":"files","ordered":false})");
  REQUIRE(sim.runUntil(sim.loop.now() + 1000, [&] { return open(sim.a, "files") && open(sim.b, "files"); }));

  auto added = only<ev::ChannelAdded>(sim.a.events);
  REQUIRE(added.size() == 2);
  CHECK(added[1].label == "files");
  CHECK_FALSE(added[1].local);
  // SCTP is already up: the channel opened in-band, without another offer.
  CHECK(linesStartingWith(sim.a.browser, "offer") + linesStartingWith(sim.b.browser, "offer") == 1);
  checkNoErrors(sim.a);
  checkNoErrors(sim.b);
}

TEST_CASE("glare: both sides create their first channel at once; impolite ignores, polite rolls back") {
  TwoPeers sim(30, R"({"initiator":true,"logger":{}})");  // both offers cross on the wire
  sim.a.createChannel(R"({"label":"from-a"})");
  sim.b.createChannel(R"({"label":"from-b"})");

  REQUIRE(sim.runUntil(5000, [&] {
    return open(sim.a, "from-a") && open(sim.a, "from-b") && open(sim.b, "from-a") && open(sim.b, "from-b");
  }));
  // Both made an offer; A (initiator, impolite) ignored B's, B (polite) rolled its own back.
  CHECK(linesStartingWith(sim.a.browser, "offer") == 1);
  CHECK(linesStartingWith(sim.b.browser, "offer") == 1);
  CHECK(linesStartingWith(sim.a.browser, "remote offer") == 0);
  CHECK(sim.b.browser.count("rollback") == 1);
  CHECK(sim.a.browser.count("rollback") == 0);
  bool ignoredLogged = false;
  for (const auto& log : only<ev::Log>(sim.a.events))
    ignoredLogged |= log.message.find("offer collision: ignoring") != std::string::npos;
  CHECK(ignoredLogged);
  CHECK(sim.a.connected());
  CHECK(sim.b.connected());
  checkNoErrors(sim.a);
  checkNoErrors(sim.b);
}

TEST_CASE("glare on the same label gives one channel per side that receives on both streams") {
  TwoPeers sim(30);
  ChannelId onA = sim.a.createChannel(R"({"label":"chat"})");
  ChannelId onB = sim.b.createChannel(R"({"label":"chat"})");

  REQUIRE(sim.runUntil(5000, [&] { return open(sim.a, "chat") && open(sim.b, "chat"); }));
  sim.runFor(100);
  CHECK(sim.a.channelLabels() == std::vector<std::string>{"chat"});
  CHECK(sim.b.channelLabels() == std::vector<std::string>{"chat"});
  REQUIRE(sim.a.core.channels().find(onA));
  REQUIRE(sim.b.core.channels().find(onB));
  CHECK(sim.a.core.channels().find(onA)->transports.size() == 2);
  CHECK(sim.b.core.channels().find(onB)->transports.size() == 2);
}

TEST_CASE("closing one peer closes its channels on the other side") {
  TwoPeers sim(30);
  sim.a.createChannel(R"({"label":"chat"})");
  REQUIRE(sim.runUntil(5000, [&] { return open(sim.a, "chat") && open(sim.b, "chat"); }));

  sim.a.core.close(sim.loop.now());
  sim.a.pump();
  sim.runFor(100);
  CHECK(sim.a.core.connectionState() == ConnectionState::Closed);
  CHECK(sim.a.channelState("chat") == ChannelState::Closed);
  CHECK(sim.b.channelState("chat") == ChannelState::Closed);
  CHECK(sim.b.core.connectionState() == ConnectionState::Disconnected);
}

TEST_CASE("results of browser operations still in flight at close() are ignored") {
  TwoPeers sim(30, R"({"initiator":true,"logger":{}})");
  sim.a.createChannel(R"({"label":"chat"})");
  // negotiationneeded → setLocalDescription is now in the browser's operations chain.
  REQUIRE(sim.runUntil(100, [&] { return sim.a.core.negotiator().makingOffer(); }));
  sim.a.core.close(sim.loop.now());
  sim.a.pump();
  sim.runFor(1000);

  CHECK(only<ev::EmitSignal>(sim.a.events).empty());
  CHECK(sim.a.errorsRaised().empty());  // the rejected operation is not a negotiation failure
  bool staleLogged = false;
  for (const auto& log : only<ev::Log>(sim.a.events))
    staleLogged |= log.message.find("no longer wanted") != std::string::npos;
  CHECK(staleLogged);
}

TEST_CASE("an outage longer than the grace period restarts ICE and the peers reconnect") {
  const std::string restart = R"("iceRestart":{"disconnectedGraceMs":3000,"maxAttempts":3})";
  TwoPeers sim(30, R"({"initiator":true,)" + restart + "}", R"({"initiator":false,)" + restart + "}");
  sim.a.createChannel(R"({"label":"chat"})");
  REQUIRE(sim.runUntil(5000, [&] { return open(sim.a, "chat") && open(sim.b, "chat"); }));
  const std::string ufragBefore = sim.a.browser.localUfrag();

  const TimeMs down = sim.loop.now();
  sim.setNetworkUp(false);
  sim.runFor(1000);
  CHECK(sim.a.core.connectionState() == ConnectionState::Disconnected);
  sim.setNetworkUp(true);  // back, but the old candidate pair stays dead
  sim.runUntil(down + 2999);
  CHECK(sim.a.browser.count("restartIce") == 0);

  REQUIRE(sim.runUntil(down + 5000, [&] { return sim.a.connected() && sim.b.connected(); }));
  CHECK(sim.loop.now() > down + 3000);
  CHECK(sim.a.browser.count("restartIce") == 1);  // both monitors fired at once: a restart glare
  CHECK(sim.b.browser.count("restartIce") == 1);
  CHECK(sim.a.browser.localUfrag() != ufragBefore);
  CHECK(open(sim.a, "chat"));
  CHECK(open(sim.b, "chat"));
  CHECK(sim.a.core.pollTimeout() == std::nullopt);
}

TEST_CASE("peers that connect before connectionTimeoutMs never time out") {
  TwoPeers sim(30, R"({"initiator":true,"connectionTimeoutMs":1000})",
               R"({"initiator":false,"connectionTimeoutMs":1000})");
  sim.a.createChannel(R"({"label":"chat"})");
  sim.runUntil(5000);
  CHECK(sim.a.connected());
  CHECK(sim.b.connected());
  checkNoErrors(sim.a);
  checkNoErrors(sim.b);
}

TEST_CASE("a peer whose signals never arrive times out at connectionTimeoutMs") {
  TwoPeers sim(60000, R"({"initiator":true,"connectionTimeoutMs":1000})");
  sim.a.createChannel(R"({"label":"chat"})");
  sim.runUntil(999);
  CHECK(sim.a.core.connectionState() == ConnectionState::Connecting);
  sim.runUntil(1000);
  CHECK(sim.a.core.connectionState() == ConnectionState::Failed);
  REQUIRE(sim.a.errorsRaised().size() == 1);
  CHECK(sim.a.errorsRaised()[0].code == ErrorCode::ConnectionTimeout);
  CHECK(sim.a.browser.closed());
}

TEST_CASE("both sides opening channels converge for any signaling delay and any offset between them") {
  for (TimeMs delay : {0, 1, 5, 30, 200}) {
    for (TimeMs offset : {TimeMs{0}, TimeMs{1}, delay / 2, delay, delay + 3}) {
      CAPTURE(delay);
      CAPTURE(offset);
      TwoPeers sim(delay);
      sim.a.createChannel(R"({"label":"from-a"})");
      sim.runUntil(offset);
      sim.b.createChannel(R"({"label":"from-b"})");
      CHECK(sim.runUntil(10000, [&] {
        return open(sim.a, "from-a") && open(sim.a, "from-b") && open(sim.b, "from-a") && open(sim.b, "from-b");
      }));
      CHECK(sim.a.signalErrors.empty());
      CHECK(sim.b.signalErrors.empty());
      CHECK(sim.a.errorsRaised().empty());
      CHECK(sim.b.errorsRaised().empty());
    }
  }
}
