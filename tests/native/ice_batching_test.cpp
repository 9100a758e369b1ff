// KIceCandidateEmitPolicy: when local candidates become 'ice' signals, in virtual time.
#include <doctest/doctest.h>

#include "CoreOutputs.h"

using namespace kpeer;
using namespace kpeer::test;

namespace {

std::vector<std::string> emitted(PeerCore& core) {
  std::vector<std::string> out;
  for (const auto& s : only<ev::EmitSignal>(drain(core).events)) {
    CHECK(s.signal.type == SignalType::Ice);
    out.push_back(s.signal.ice.candidate);
  }
  return out;
}

std::vector<std::string> lines(std::initializer_list<int> ns) {
  std::vector<std::string> out;
  for (int n : ns) out.push_back(candidate(n).candidate);
  return out;
}

PeerCore core(const std::string& policy) {
  return PeerCore(config(R"({"initiator":true,"iceCandidateEmitPolicy":)" + policy + "}"), 0);
}

}  // namespace

TEST_CASE("flushInterval 50: candidates at t=0, 10 and 40 are all emitted at t=50, in order") {
  PeerCore p = core(R"({"flushInterval":50})");
  p.onLocalCandidate(candidate(1), 0);
  CHECK(emitted(p).empty());
  p.onLocalCandidate(candidate(2), 10);
  p.onLocalCandidate(candidate(3), 40);
  CHECK(emitted(p).empty());
  CHECK(p.pollTimeout() == 50);  // the window opened by the first candidate

  p.handleTimeout(49);
  CHECK(emitted(p).empty());
  p.handleTimeout(50);
  CHECK(emitted(p) == lines({1, 2, 3}));
  CHECK(p.pollTimeout() == std::nullopt);

  p.onLocalCandidate(candidate(4), 70);  // a new burst opens a new window
  CHECK(p.pollTimeout() == 120);
}

TEST_CASE("maxBatchSize 2: the second candidate of a window flushes both at once") {
  PeerCore p = core(R"({"flushInterval":50,"maxBatchSize":2})");
  p.onLocalCandidate(candidate(1), 0);
  CHECK(emitted(p).empty());
  p.onLocalCandidate(candidate(2), 5);
  CHECK(emitted(p) == lines({1, 2}));
  CHECK(p.pollTimeout() == std::nullopt);
  p.onLocalCandidate(candidate(3), 6);
  CHECK(emitted(p).empty());
  CHECK(p.pollTimeout() == 56);
}

TEST_CASE("flushInterval 0 emits each candidate at once") {
  PeerCore p = core(R"({"flushInterval":0})");
  for (int i = 1; i <= 3; ++i) {
    p.onLocalCandidate(candidate(i), i);
    CHECK(emitted(p) == lines({i}));
    CHECK(p.pollTimeout() == std::nullopt);
  }
}

TEST_CASE("end-of-candidates flushes the open window without waiting for it") {
  PeerCore p = core(R"({"flushInterval":50})");
  p.onLocalCandidate(candidate(1), 0);
  p.onLocalCandidate(candidate(2), 3);
  p.onLocalCandidatesComplete(5);
  CHECK(emitted(p) == lines({1, 2}));
  CHECK(p.pollTimeout() == std::nullopt);
}

TEST_CASE("the default policy batches for 50 ms without a size limit") {
  PeerCore p(config(R"({"initiator":true})"), 100);
  for (int i = 1; i <= 20; ++i) p.onLocalCandidate(candidate(i), 100 + i);
  CHECK(emitted(p).empty());
  p.handleTimeout(150);
  CHECK(emitted(p).empty());
  p.handleTimeout(151);  // 50 ms after the first one
  CHECK(emitted(p).size() == 20);
}

TEST_CASE("candidates waiting in a window are dropped by close()") {
  PeerCore p = core(R"({"flushInterval":50})");
  p.onLocalCandidate(candidate(1), 0);
  p.close(10);
  p.handleTimeout(50);
  p.onLocalCandidate(candidate(2), 60);
  p.onLocalCandidatesComplete(61);
  CHECK(emitted(p).empty());
  CHECK(p.pollTimeout() == std::nullopt);
}
