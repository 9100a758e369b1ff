// One channel's outgoing messages and their flow control. write() settles once its message is
// in the browser's queue and the queue is under the high-water mark; a send() behind waiting
// writes keeps its place, so an ordered channel stays ordered. One dc.send() is in flight at a
// time: the adapter answers each Send at once with the browser's verdict and bufferedAmount, and
// the core decides from those numbers, never from a guess.
#pragma once
#include <cstddef>
#include <cstdint>

#include "Fifo.h"
#include "HighWaterMark.h"
#include "OutputQueue.h"
#include "Payload.h"

namespace kpeer {

constexpr std::size_t kMaxPendingWrites = 4096;

struct Outgoing {
  PayloadId payload;
  RequestId request;         // none: nobody awaits it (a send() queued behind writes)
  bool awaitBuffer = true;   // write(): settles once bufferedAmount < mark; send(): when the browser took it
  bool immediate = false;    // send() on an idle queue: goes now, whatever the mark
  // Chunked channels: the payload goes as frames of at most `step` bytes.
  bool framed = false;
  bool text = false;
  std::uint64_t total = 0;
  std::uint64_t step = 0;
  std::uint64_t offset = 0;  // next frame starts here
};

class WriteQueue {
 public:
  explicit WriteQueue(HighWaterMark mark) : mark_(mark) {}

  bool idle() const { return queue_.empty(); }
  bool full() const { return queue_.size() >= kMaxPendingWrites; }
  HighWaterMark& mark() { return mark_; }
  const HighWaterMark& mark() const { return mark_; }
  double buffered() const { return buffered_; }
  // Something waits for the browser's queue to drain under the mark (no dc.send() in flight).
  bool waitsOnBuffer() const {
    return !queue_.empty() && queue_.front().stage != Stage::InFlight && buffered_ >= mark_.mark();
  }
  // A fresh bufferedAmount from the browser (with a user call or 'bufferedamountlow').
  void observeBuffered(double bytes) { buffered_ = bytes; }

  void push(const Outgoing& o) { queue_.push_back(Entry{o, Stage::Waiting}); }
  // Sends what may go now on `transport`, settles what is done.
  void pump(bool open, TransportId transport, OutputQueue& out);
  // The browser's verdict on the Send in flight.
  void onSendResult(bool accepted, double bufferedAfter, OutputQueue& out);
  // The channel is gone: every waiting message fails, every payload is released.
  void fail(const Error& error, OutputQueue& out);

 private:
  enum class Stage { Waiting, InFlight, Sent };
  struct Entry {
    Outgoing o;
    Stage stage;
  };
  void popFront() { queue_.pop_front(); }

  HighWaterMark mark_;
  Fifo<Entry> queue_;
  double buffered_ = 0;
};

}  // namespace kpeer
