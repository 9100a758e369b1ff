// Candidates of a thrown-away offer are neither sent nor applied, and candidate lines are
// normalized both ways (src/core/IceGenerations.h).
#include <doctest/doctest.h>

#include <algorithm>

#include "CoreOutputs.h"
#include "FakeBrowser.h"
#include "core/IceGenerations.h"

using namespace kpeer;
using namespace kpeer::sim;

namespace {

bool open(const SimPeer& p, const std::string& label) { return p.channelState(label) == ChannelState::Open; }

// A's applied candidates that came from B's sockets of generation `generation` (FakeBrowser ports).
int appliedFromGeneration(const SimPeer& a, int generation) {
  const std::string port = " " + std::to_string(500 + generation);  // " 502" of port 50201
  return static_cast<int>(std::count_if(a.browser.appliedCandidates.begin(), a.browser.appliedCandidates.end(),
                                        [&](const std::string& line) { return line.find(port) != std::string::npos; }));
}

}  // namespace

TEST_CASE("candidate lines: the ufrag is read from the line or the SDP, and added where the line lacks it") {
  CHECK(IceGenerations::candidateUfrag("candidate:1 1 udp 5 10.0.0.1 9 typ host generation 0 ufrag Ab12 network-id 1") == "Ab12");
  CHECK_FALSE(IceGenerations::candidateUfrag("candidate:1 1 UDP 5 10.0.0.1 9 typ host"));
  CHECK(IceGenerations::sdpUfrag("v=0\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=ice-ufrag:x1Y\r\na=ice-pwd:p\r\n") == "x1Y");
  CHECK_FALSE(IceGenerations::sdpUfrag("v=0\r\n"));

  // Firefox: the ufrag comes beside the line; it is appended, once.
  IceCandidate firefox{"candidate:0 1 UDP 2122055935 127.0.0.1 42397 typ host", std::string("0"), 0};
  CHECK(IceGenerations::outgoing(firefox, std::string("3e9a")).candidate ==
        "candidate:0 1 UDP 2122055935 127.0.0.1 42397 typ host ufrag 3e9a");
  IceCandidate chromium{"candidate:1 1 udp 5 10.0.0.1 9 typ host generation 0 ufrag Ab12 network-id 1", std::string("0"), 0};
  CHECK(IceGenerations::outgoing(chromium, std::string("Ab12")).candidate == chromium.candidate);
  CHECK(IceGenerations::outgoing(firefox, std::nullopt).candidate == firefox.candidate);
  CHECK(IceGenerations::outgoing(firefox, std::string("a b")).candidate == firefox.candidate);  // not a token: left alone

  // node-datachannel: "a=candidate:" lines lose the attribute prefix.
  IceCandidate prefixed{"a=candidate:1 1 UDP 5 10.0.0.1 9 typ host", std::string("0"), 0};
  CHECK(IceGenerations::outgoing(prefixed, std::nullopt).candidate == "candidate:1 1 UDP 5 10.0.0.1 9 typ host");
}

TEST_CASE("a remote line with the 'a=' prefix is applied without it") {
  TwoPeers sim(10);
  sim.a.createChannel(R"({"label":"x"})");
  sim.runFor(40);
  sim.a.receiveSignal(R"({"type":"ice","candidate":"a=candidate:9 1 UDP 5 10.0.0.9 9 typ host","sdpMid":"0","sdpMLineIndex":0})");
  REQUIRE(sim.runUntil(3000, [&] { return open(sim.a, "x") && open(sim.b, "x"); }));
  sim.runFor(50);
  CHECK(std::count(sim.a.browser.appliedCandidates.begin(), sim.a.browser.appliedCandidates.end(),
                   "candidate:9 1 UDP 5 10.0.0.9 9 typ host") == 1);
  CHECK(sim.a.signalErrors.empty());
}

TEST_CASE("glare with Firefox-like candidate lines: the rolled-back offer's candidates never reach the remote") {
  // Seen in Firefox: the polite side's stale candidates (no ufrag in the line) were applied to the
  // answer's generation, ICE connected to the rolled-back socket and DTLS never started.
  for (TimeMs delay : {0, 1, 5, 30}) {
    CAPTURE(delay);
    BrowserTiming firefox;
    firefox.candidateLinesWithoutUfrag = true;
    TwoPeers sim(delay, R"({"initiator":true})", R"({"initiator":false})", firefox);
    sim.a.createChannel(R"({"label":"x"})");
    sim.b.createChannel(R"({"label":"y"})");
    REQUIRE(sim.runUntil(5000, [&] { return open(sim.a, "x") && open(sim.a, "y") && open(sim.b, "x") && open(sim.b, "y"); }));
    REQUIRE(sim.b.browser.count("rollback") == 1);  // B's first offer (ufB1, generation 1) was thrown away
    CHECK(appliedFromGeneration(sim.a, 1) == 0);
    CHECK(appliedFromGeneration(sim.a, 2) > 0);  // the answer's candidates were applied
    for (const auto& line : sim.a.browser.appliedCandidates) CHECK(line.find(" ufrag ufB") != std::string::npos);
    CHECK(sim.a.signalErrors.empty());
    CHECK(sim.b.signalErrors.empty());
  }
}
