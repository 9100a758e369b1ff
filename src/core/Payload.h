// A message as the core sees it: an opaque handle to bytes the adapter holds, with their kind
// and size. The core decides what happens to them; it never sees the bytes.
#pragma once
#include "Ids.h"

namespace kpeer {

enum class PayloadKind {
  Text,         // a string (on a chunked channel: already UTF-8 encoded by the adapter)
  Binary,       // an ArrayBuffer or ArrayBufferView
  Blob,         // a Blob: plain channels send it as it is
  Unsupported,  // anything else, or something that threw when looked at
};

struct Payload {
  PayloadId id;
  PayloadKind kind = PayloadKind::Unsupported;
  // Bytes; for text on a plain channel, UTF-16 units when they are at most
  // PayloadRule::measureTextAbove (a lower bound that surely fits), else the exact UTF-8 length.
  double size = 0;
};

// How the adapter takes in a payload for one channel: the core's rule, applied mechanically.
struct PayloadRule {
  bool encodeText = false;        // chunked channels frame bytes: encode strings to UTF-8 now
  double measureTextAbove = 0;    // measure a longer string's UTF-8 length exactly
};

// What the adapter read of one incoming message on a chunked channel.
struct FrameFacts {
  bool text = false;  // a string, not bytes: a peer that does not frame
  std::uint8_t head[9] = {};  // the first bytes (kFirstFrameHeader)
  std::size_t headLength = 0;
  std::uint64_t length = 0;
};

}  // namespace kpeer
