// Chunked channels: frames of a large message are reassembled whole, in order, within the cap.
#include <doctest/doctest.h>

#include <vector>

#include "core/ChunkFraming.h"

using namespace kpeer;

namespace {

// Frames a message of `total` bytes the way the sender does, as header bytes + payload length.
std::vector<std::vector<std::uint8_t>> frames(std::uint64_t total, std::size_t step, bool text = false) {
  std::vector<std::vector<std::uint8_t>> out;
  std::uint64_t offset = 0;
  do {
    std::size_t payload = static_cast<std::size_t>(std::min<std::uint64_t>(step, total - offset));
    FrameHeader h = encodeFrameHeader(total, offset, payload, text);
    std::vector<std::uint8_t> f(h.bytes.begin(), h.bytes.begin() + h.size);
    f.resize(h.size + payload, 0xAB);
    out.push_back(std::move(f));
    offset += payload;
  } while (offset < total);
  return out;
}

ChunkAssembler::Step feed(ChunkAssembler& a, const std::vector<std::uint8_t>& f) {
  return a.onFrame(f.data(), std::min(f.size(), kFirstFrameHeader), f.size());
}

}  // namespace

TEST_CASE("a message split into frames is reassembled with contiguous offsets and one completion") {
  auto fs = frames(100000, 30000, true);
  REQUIRE(fs.size() == 4);
  ChunkAssembler a(1 << 20);
  std::uint64_t expected = 0;
  for (std::size_t i = 0; i < fs.size(); ++i) {
    auto s = feed(a, fs[i]);
    REQUIRE_FALSE(s.error);
    CHECK(s.start == (i == 0));
    CHECK(s.text);
    CHECK(s.total == 100000);
    CHECK(s.offset == expected);
    expected += s.payloadLength;
    CHECK(s.complete == (i + 1 == fs.size()));
  }
  CHECK(expected == 100000);
}

TEST_CASE("a small message is one frame; an empty message too") {
  ChunkAssembler a(1000);
  auto one = feed(a, frames(10, 100)[0]);
  CHECK((one.start && one.complete && one.payloadLength == 10));
  auto empty = feed(a, frames(0, 100)[0]);
  CHECK((empty.start && empty.complete && empty.payloadLength == 0));
}

TEST_CASE("a message over the cap is refused with message-too-big and its other frames are skipped") {
  ChunkAssembler a(50000);
  auto fs = frames(100000, 30000);
  auto first = feed(a, fs[0]);
  REQUIRE(first.error);
  CHECK(first.error->code == ErrorCode::MessageTooBig);
  for (std::size_t i = 1; i < fs.size(); ++i) {
    auto s = feed(a, fs[i]);
    CHECK_FALSE(s.error);
    CHECK(s.payloadLength == 0);
  }
  auto next = feed(a, frames(10, 100)[0]);  // the channel goes on with the next message
  CHECK((next.start && next.complete && !next.error));
}

TEST_CASE("frames that do not fit together are refused as invalid-data") {
  ChunkAssembler a(1 << 20);
  std::vector<std::uint8_t> stray = {FrameLast, 1, 2, 3};
  auto s = feed(a, stray);
  REQUIRE(s.error);
  CHECK(s.error->code == ErrorCode::InvalidData);

  std::vector<std::uint8_t> badFlags = {0x80};
  CHECK(feed(a, badFlags).error);

  auto fs = frames(100000, 30000);
  feed(a, fs[0]);
  auto cut = feed(a, frames(10, 100)[0]);  // a new message before the last frame
  REQUIRE(cut.error);
  CHECK(cut.error->code == ErrorCode::InvalidData);

  std::vector<std::uint8_t> shortFirst = {FrameFirst | FrameLast, 1};
  CHECK(feed(a, shortFirst).error);
}

TEST_CASE("frame payloads fit the connection's maximum message size") {
  CHECK(framePayloadSize(262144) == kMaxFramePayload);
  CHECK(framePayloadSize(16384) == 16384 - kFirstFrameHeader);
  CHECK(framePayloadSize(0) == 1);
}
