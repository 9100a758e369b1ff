#include "HighWaterMark.h"

#include <algorithm>

namespace kpeer {

bool HighWaterMark::observe(double bytes) {
  if (!adaptive_) return false;
  int log2 = 0;
  for (double b = bytes; b >= 2 && log2 < 62; b /= 2) ++log2;
  // The first message sets the average: the mark fits a stream from its first write.
  averageLog2_ = averageLog2_ < 0 ? log2 : averageLog2_ + (log2 - averageLog2_) / 8;
  // Rounded by adding 0.5 (the average is never negative): std::lround brings libc's round along.
  int markLog2 = polled_ ? kMaxLog2 : std::clamp(kProductLog2 - static_cast<int>(averageLog2_ + 0.5), kMinLog2, kMaxLog2);
  double mark = static_cast<double>(1 << markLog2);
  if (mark == mark_) return false;
  mark_ = mark;
  return true;
}

bool HighWaterMark::deepenForPolling() {
  if (!adaptive_ || polled_) return false;
  polled_ = true;
  const double deepest = static_cast<double>(1 << kMaxLog2);
  if (mark_ == deepest) return false;
  mark_ = deepest;
  return true;
}

double HighWaterMark::lowThreshold() const {
  double low = mark_ * (mark_ > double(1 << kMinLog2) ? kDeepLowFraction : kShallowLowFraction);
  return userLow_ ? std::min(*userLow_, low) : low;
}

}  // namespace kpeer
