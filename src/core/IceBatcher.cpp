#include "IceBatcher.h"

namespace kpeer {

void IceBatcher::push(IceCandidate candidate, TimeMs now) {
  window_.push_back(std::move(candidate));
  if (policy_.flushInterval <= 0 || (policy_.maxBatchSize && window_.size() >= *policy_.maxBatchSize)) {
    flush();
    return;
  }
  if (!deadline_) deadline_ = now + policy_.flushInterval;
}

void IceBatcher::flush() {
  for (auto& c : window_) ready_.push_back(std::move(c));
  window_.clear();
  deadline_.reset();
}

void IceBatcher::handleTimeout(TimeMs now) {
  if (deadline_ && now >= *deadline_) flush();
}

std::vector<IceCandidate> IceBatcher::takeReady() {
  std::vector<IceCandidate> out;
  out.swap(ready_);
  return out;
}

void IceBatcher::clear() {
  window_.clear();
  ready_.clear();
  deadline_.reset();
}

}  // namespace kpeer
