// write()'s high-water mark: fixed when the user sets one, otherwise deep for small messages and
// shallow for large ones.
#include <doctest/doctest.h>

#include "core/HighWaterMark.h"

using kpeer::HighWaterMark;

TEST_CASE("a user's highWaterMark stays as set, whatever is written") {
  HighWaterMark m(300000.0, std::nullopt);
  CHECK_FALSE(m.adaptive());
  CHECK_FALSE(m.observe(64));
  CHECK_FALSE(m.observe(1 << 20));
  CHECK(m.mark() == 300000.0);
  CHECK(m.lowThreshold() == 150000.0);
}

TEST_CASE("the adaptive mark starts at 64 KiB and fits the first message at once") {
  HighWaterMark small(std::nullopt, std::nullopt);
  CHECK(small.mark() == 65536.0);
  CHECK(small.observe(64));  // 64-byte messages: the deepest queue
  CHECK(small.mark() == 1048576.0);
  CHECK(small.lowThreshold() == 524288.0);
  CHECK_FALSE(small.observe(64));  // unchanged: nothing for the adapter to do

  HighWaterMark bulk(std::nullopt, std::nullopt);
  CHECK_FALSE(bulk.observe(65536));  // 64 KiB messages: the shallowest, which is where it started
  CHECK(bulk.mark() == 65536.0);
}

TEST_CASE("the adaptive mark is a power of two between 64 KiB and 1 MiB, mark × message size ≈ 2^30") {
  auto markFor = [](double bytes) {
    HighWaterMark m(std::nullopt, std::nullopt);
    m.observe(bytes);
    return m.mark();
  };
  CHECK(markFor(0) == 1048576.0);
  CHECK(markFor(1024) == 1048576.0);
  CHECK(markFor(2048) == 524288.0);
  CHECK(markFor(3000) == 524288.0);  // 2^(30 - floor(log2 3000))
  CHECK(markFor(5000) == 262144.0);
  CHECK(markFor(16384) == 65536.0);
  CHECK(markFor(256.0 * 1024 * 1024) == 65536.0);
}

TEST_CASE("the adaptive mark follows a change of message size, smoothed") {
  HighWaterMark m(std::nullopt, std::nullopt);
  m.observe(64);
  REQUIRE(m.mark() == 1048576.0);
  CHECK_FALSE(m.observe(65536));  // one large message among small ones moves the average only a little
  CHECK(m.mark() == 1048576.0);
  int writes = 1;
  while (m.mark() != 65536.0 && writes < 100) {
    m.observe(65536);
    ++writes;
  }
  CHECK(m.mark() == 65536.0);
  CHECK(writes < 40);  // a stream that switched to 64 KiB messages gets the shallow queue soon
}

TEST_CASE("the low threshold: half a deep mark, a quarter of a shallow one, or the user's when lower") {
  HighWaterMark m(std::nullopt, 1000.0);
  CHECK(m.lowThreshold() == 1000.0);
  m.observe(64);
  CHECK(m.lowThreshold() == 1000.0);
  HighWaterMark high(std::nullopt, 1e9);
  CHECK(high.lowThreshold() == 16384.0);  // a quarter of the shallow 64 KiB mark
}
