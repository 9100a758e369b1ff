// channel.write(): messages wait while the channel is connecting or its send buffer is above the
// high-water mark, and each write settles once its message is queued in the browser and the
// buffer is below the mark again. Holds the JS payloads as vals: no copy into wasm memory.
#pragma once
#include <emscripten/val.h>

#include <cstddef>
#include <optional>

#include "FunctionRef.h"
#include "core/Error.h"
#include "core/Fifo.h"
#include "core/HighWaterMark.h"
#include "core/Outputs.h"

namespace kpeer::web {

constexpr std::size_t kMaxPendingWrites = 4096;

// The RTCDataChannel a writer sends on.
struct WriteTarget {
  emscripten::val dc;  // a copy: stays valid if the transport is detached meanwhile
  double maxMessageSize;
  double bufferedAmount() const;
  // Sends one payload; returns a BrowserCalls SendStatus.
  int send(const emscripten::val& payload) const;
};

class ChannelWriter {
 public:
  using Settle = FunctionRef<void(RequestId, const std::optional<Error>&)>;

  explicit ChannelWriter(HighWaterMark mark) : mark_(mark) {}

  // Returns true when settled at once (error set if it failed), false when it will settle later.
  bool write(emscripten::val data, RequestId request, bool open, const WriteTarget& target, std::optional<Error>& error);
  // After 'open' or 'bufferedamountlow': send what waits, settle what is done.
  void drain(const WriteTarget& target, Settle settle);
  // The channel closed: everything still waiting fails.
  void fail(const Error& error, Settle settle);
  // A message of `bytes` is being written: true when the browser's low threshold must move to
  // lowThreshold().
  bool observe(double bytes) { return mark_.observe(bytes); }
  double lowThreshold() const { return mark_.lowThreshold(); }
  bool hasPending() const { return !queue_.empty(); }
  std::size_t room() const { return kMaxPendingWrites - queue_.size(); }

 private:
  struct Pending {
    emscripten::val data;  // undefined once handed to the browser
    RequestId request;
    bool sent;
  };
  static std::optional<Error> sendError(int status);

  HighWaterMark mark_;
  Fifo<Pending> queue_;
};

}  // namespace kpeer::web
