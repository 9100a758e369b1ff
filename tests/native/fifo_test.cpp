// Fifo (core/Fifo.h): the queue behind a transport's pending writes (WriteQueue).
#include <doctest/doctest.h>

#include <string>

#include "core/Fifo.h"

using kpeer::Fifo;

TEST_CASE("Fifo pops in push order across slot reclaiming") {
  Fifo<std::string> q;
  CHECK(q.empty());
  int next = 0, expect = 0;
  // Keep the queue non-empty for a long run, so reclaiming happens while elements wait.
  for (int round = 0; round < 500; ++round) {
    for (int i = 0; i < 3; ++i) q.push_back(std::to_string(next++));
    for (int i = 0; i < 2; ++i) {
      REQUIRE(q.front() == std::to_string(expect++));
      q.pop_front();
    }
    CHECK(q.size() == static_cast<std::size_t>(next - expect));
  }
  std::size_t seen = 0;
  for (auto& s : q) CHECK(s == std::to_string(expect + static_cast<int>(seen++)));
  CHECK(seen == q.size());
  while (!q.empty()) {
    CHECK(q.front() == std::to_string(expect++));
    q.pop_front();
  }
  CHECK(expect == next);
  q.push_back("again");
  CHECK(q.size() == 1);
  CHECK(q.front() == "again");
}
