// Chunked channels carry messages of any size (up to a cap) over SCTP's per-message limit by
// splitting each into frames. Both sides agree through the channel's protocol, kChunkedProtocol.
// A frame starts with one flags byte; a message's first frame adds its total length:
//   first frame: [flags][total: u64 little-endian][payload...]   other frames: [flags][payload...]
// The channel is ordered and reliable, and one sender's frames never interleave, so no ids needed.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "Error.h"

namespace kpeer {

constexpr const char* kChunkedProtocol = "kpeer-chunked/1";
constexpr std::size_t kFirstFrameHeader = 9;
constexpr std::size_t kFrameHeader = 1;
constexpr std::uint64_t kDefaultChunkedMaxMessage = 64ull * 1024 * 1024;
constexpr std::size_t kMaxFramePayload = 64 * 1024 - kFirstFrameHeader;

enum FrameFlags : std::uint8_t { FrameFirst = 1, FrameLast = 2, FrameText = 4 };

// The header bytes of one frame of a message of `total` bytes whose payload starts at `offset`.
struct FrameHeader {
  std::array<std::uint8_t, kFirstFrameHeader> bytes{};
  std::size_t size = 0;
};
FrameHeader encodeFrameHeader(std::uint64_t total, std::uint64_t offset, std::size_t payload, bool text);
// Payload bytes per frame for a connection whose largest message is maxMessageSize.
std::size_t framePayloadSize(double maxMessageSize);

// Receiving side: fed each frame's leading bytes and length, says where its payload goes.
class ChunkAssembler {
 public:
  explicit ChunkAssembler(std::uint64_t maxMessage) : max_(maxMessage) {}

  struct Step {
    bool start = false;       // allocate a buffer of `total` bytes first
    bool complete = false;    // the message is whole after this payload
    bool text = false;
    std::uint64_t total = 0;
    std::uint64_t offset = 0;          // where the payload goes in the message
    std::size_t payloadOffset = 0;     // where the payload starts in the frame
    std::size_t payloadLength = 0;
    std::optional<Error> error;        // frame refused; the message it belongs to is dropped
  };

  // head: the frame's first bytes (at least min(frameLength, kFirstFrameHeader) of them).
  Step onFrame(const std::uint8_t* head, std::size_t headLength, std::size_t frameLength);

 private:
  std::uint64_t max_;
  bool inMessage_ = false;
  bool discarding_ = false;
  bool text_ = false;
  std::uint64_t total_ = 0;
  std::uint64_t received_ = 0;
};

}  // namespace kpeer
