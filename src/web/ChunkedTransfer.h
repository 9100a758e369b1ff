// The browser side of chunked channels (framing in core/ChunkFraming.h): building frames from a
// JS payload, and reassembling frames into a JS string or ArrayBuffer. Bytes stay in JS; only the
// few header bytes of each frame are read into wasm memory.
#pragma once
#include <emscripten/val.h>

#include <optional>
#include <vector>

#include "core/ChunkFraming.h"

namespace kpeer::web {

using emscripten::val;

// Splits a string / ArrayBuffer / ArrayBufferView into frames no larger than maxMessageSize.
Result<std::vector<val>> buildFrames(const val& data, double maxMessageSize, double cap);

class ChunkReceiver {
 public:
  explicit ChunkReceiver(double cap) : assembler_(static_cast<std::uint64_t>(cap)) {}

  struct Outcome {
    val message = val::undefined();  // a whole message: string or ArrayBuffer
    bool progress = false;           // part of a larger message arrived
    double received = 0;
    double total = 0;
    std::optional<Error> error;
  };
  Outcome onFrame(const val& data);

 private:
  ChunkAssembler assembler_;
  val target_ = val::null();
  double received_ = 0;
};

}  // namespace kpeer::web
