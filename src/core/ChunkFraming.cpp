#include "ChunkFraming.h"

#include <algorithm>
#include <cmath>

#include "Text.h"

namespace kpeer {

FrameHeader encodeFrameHeader(std::uint64_t total, std::uint64_t offset, std::size_t payload, bool text) {
  FrameHeader h;
  std::uint8_t flags = text ? FrameText : 0;
  if (offset + payload >= total) flags |= FrameLast;
  if (offset == 0) {
    flags |= FrameFirst;
    for (int i = 0; i < 8; ++i) h.bytes[1 + i] = static_cast<std::uint8_t>(total >> (8 * i));
    h.size = kFirstFrameHeader;
  } else {
    h.size = kFrameHeader;
  }
  h.bytes[0] = flags;
  return h;
}

std::size_t framePayloadSize(double maxMessageSize) {
  if (!(maxMessageSize > kFirstFrameHeader + 1)) return 1;
  return std::min(kMaxFramePayload, static_cast<std::size_t>(maxMessageSize) - kFirstFrameHeader);
}

ChunkAssembler::Step ChunkAssembler::onFrame(const std::uint8_t* head, std::size_t headLength, std::size_t frameLength) {
  Step s;
  auto refuse = [&](ErrorCode code, std::string message) {
    s.error = Error{code, std::move(message)};
    return s;
  };
  if (frameLength < kFrameHeader || headLength < 1) return refuse(ErrorCode::InvalidData, "empty frame on a chunked channel");
  const std::uint8_t flags = head[0];
  if (flags & ~(FrameFirst | FrameLast | FrameText))
    return refuse(ErrorCode::InvalidData, "a chunked frame has unknown flags (is the other side kpeer?)");

  if (flags & FrameFirst) {
    if (inMessage_ && !discarding_) {
      inMessage_ = false;
      return refuse(ErrorCode::InvalidData, "a chunked message cut short by the next one was dropped");
    }
    if (frameLength < kFirstFrameHeader || headLength < kFirstFrameHeader)
      return refuse(ErrorCode::InvalidData, "the first frame of a chunked message is too short");
    std::uint64_t total = 0;
    for (int i = 0; i < 8; ++i) total |= static_cast<std::uint64_t>(head[1 + i]) << (8 * i);
    const std::size_t payload = frameLength - kFirstFrameHeader;
    discarding_ = false;
    inMessage_ = !(flags & FrameLast);
    if (total > max_) {
      discarding_ = inMessage_;
      return refuse(ErrorCode::MessageTooBig, "an incoming chunked message of " + decimal(static_cast<long long>(total)) +
                                                  " bytes is larger than this channel's limit of " +
                                                  decimal(static_cast<long long>(max_)) + " bytes; it was dropped");
    }
    if (payload > total || (!inMessage_ && payload != total)) {
      inMessage_ = false;
      return refuse(ErrorCode::InvalidData, "a chunked message's first frame does not match its length");
    }
    total_ = total;
    received_ = payload;
    text_ = flags & FrameText;
    s.start = true;
    s.total = total;
    s.text = text_;
    s.offset = 0;
    s.payloadOffset = kFirstFrameHeader;
    s.payloadLength = payload;
    s.complete = !inMessage_;
    return s;
  }

  if (!inMessage_) return refuse(ErrorCode::InvalidData, "a continuation frame outside any chunked message");
  if (flags & FrameLast) inMessage_ = false;
  if (discarding_) {
    s.payloadLength = 0;  // the rest of a refused message: skip quietly
    if (!inMessage_) discarding_ = false;
    return s;
  }
  const std::size_t payload = frameLength - kFrameHeader;
  if (received_ + payload > total_ || (!inMessage_ && received_ + payload != total_)) {
    inMessage_ = false;
    return refuse(ErrorCode::InvalidData, "a chunked message's frames do not add up to its length; dropped");
  }
  s.total = total_;
  s.text = text_;
  s.offset = received_;
  s.payloadOffset = kFrameHeader;
  s.payloadLength = payload;
  received_ += payload;
  s.complete = !inMessage_;
  return s;
}

}  // namespace kpeer
