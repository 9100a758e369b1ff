// OutputQueue (core/OutputQueue.h): the core's outputs, a linked list of nodes polled in order.
#include <doctest/doctest.h>

#include <string>
#include <utility>

#include "core/OutputQueue.h"

using namespace kpeer;

TEST_CASE("OutputQueue polls in push order, and again after running dry") {
  OutputQueue q;
  CHECK(q.empty());
  CHECK(!q.poll());
  for (int round = 0; round < 2; ++round) {
    q.command(cmd::ReleasePayload{PayloadId(1)});
    q.log(LogLevel::Info, "two");
    q.command(cmd::CloseDataChannel{TransportId(3)});
    auto first = q.poll();
    REQUIRE(first);
    CHECK(std::get<cmd::ReleasePayload>(*first).payload == PayloadId(1));
    auto second = q.poll();
    REQUIRE(second);
    CHECK(std::get<ev::Log>(*second).message == "two");
    auto third = q.poll();
    REQUIRE(third);
    CHECK(std::get<cmd::CloseDataChannel>(*third).transport == TransportId(3));
    CHECK(q.empty());
    CHECK(!q.poll());
  }
}

TEST_CASE("OutputQueue moved: the new one keeps the outputs, the old one starts empty") {
  OutputQueue a;
  a.log(LogLevel::Debug, "kept");
  OutputQueue b(std::move(a));
  a.log(LogLevel::Debug, "fresh");  // a moved-from queue is empty and usable
  auto kept = b.poll();
  REQUIRE(kept);
  CHECK(std::get<ev::Log>(*kept).message == "kept");
  CHECK(!b.poll());
  auto fresh = a.poll();
  REQUIRE(fresh);
  CHECK(std::get<ev::Log>(*fresh).message == "fresh");
  CHECK(!a.poll());
}

TEST_CASE("OutputQueue destroyed with a long queue: no recursion as deep as the list") {
  OutputQueue q;
  for (int i = 0; i < 200000; ++i) q.command(cmd::ReleasePayload{PayloadId(static_cast<std::uint32_t>(i + 1))});
  CHECK(!q.empty());
}
