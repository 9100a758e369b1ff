// The write() high-water mark of one channel and the 'bufferedamountlow' threshold that goes
// with it. Fixed when the user set `highWaterMark`; otherwise it follows the messages written.
//
// Why adaptive: one mark cannot suit every message size (bench/, loopback, raw channel and kpeer
// alike). 64-byte messages ran about 2x faster with a 1 MiB queue than with 64 KiB (SCTP bundles
// small messages only when many wait), while 64 KiB messages were 20% slower at 1 MiB than at
// 64 KiB. So mark × typical message size ≈ 2^30 B²: about 16 000 queued 64-byte messages, a
// single queued 64 KiB one, within [64 KiB, 1 MiB]. "Typical" is a moving average of log2(size),
// so one large message among small ones barely moves it, and the mark is a power of two that
// changes (and the browser's threshold with it) only when the sizes really do.
#pragma once
#include <optional>

namespace kpeer {

class HighWaterMark {
 public:
  static constexpr int kMinLog2 = 16;      // 64 KiB, also the mark before anything was written
  static constexpr int kMaxLog2 = 20;      // 1 MiB
  static constexpr int kProductLog2 = 30;  // log2(mark × typical message size)
  // 'bufferedamountlow' (where write() resumes) at half a deep mark and a quarter of a shallow
  // one (64 KiB or less), unless the user's threshold is lower. Measured in bench/: with a quarter
  // of 1 MiB the queue of small messages ran shallow before write() refilled it (0.66 → 0.88 of
  // the raw channel's rate at 1 page, 0.82 → 1.24 at 2 pages with half), while 64 KiB messages
  // did best at a quarter (the raw channel's tuning; half gave 0.95 / 0.88 in a full run).
  static constexpr double kDeepLowFraction = 0.5;
  static constexpr double kShallowLowFraction = 0.25;

  // highWaterMark: the user's fixed mark, or nullopt for the adaptive one.
  HighWaterMark(std::optional<double> highWaterMark, std::optional<double> lowThreshold)
      : adaptive_(!highWaterMark), mark_(highWaterMark.value_or(double(1 << kMinLog2))), userLow_(lowThreshold) {}

  // A message of `bytes` was written. True when the mark moved (so did lowThreshold()).
  bool observe(double bytes);
  // The implementation never fires 'bufferedamountlow' and write() learns of a drained queue by
  // reading bufferedAmount every few ms: an adaptive mark stays at its deepest (1 MiB), so the
  // queue outlasts a read interval (with 64 KiB, 64 KiB messages over @roamhq/wrtc ran at 0.23 of
  // a raw sender polling under 1 MiB). True when the mark moved.
  bool deepenForPolling();
  double mark() const { return mark_; }
  double lowThreshold() const;
  bool adaptive() const { return adaptive_; }

 private:
  bool adaptive_;
  double mark_;
  std::optional<double> userLow_;
  bool polled_ = false;
  double averageLog2_ = -1;  // moving average of floor(log2(bytes)); < 0 until the first message
};

}  // namespace kpeer
