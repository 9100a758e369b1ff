// Remote candidates that arrive while no remote description is in place (or one is being applied)
// wait here and are released in arrival order once it is set. KPeer cleared this queue when the
// description was set and so lost candidates; nothing is dropped here short of the documented cap.
#pragma once
#include <cstddef>
#include <vector>

#include "Signal.h"

namespace kpeer {

constexpr std::size_t kMaxBufferedRemoteCandidates = 1000;

class RemoteIceBuffer {
 public:
  bool full() const { return queue_.size() >= kMaxBufferedRemoteCandidates; }
  std::size_t size() const { return queue_.size(); }
  void push(IceCandidate c) { queue_.push_back(std::move(c)); }
  std::vector<IceCandidate> drain() {
    std::vector<IceCandidate> out = std::move(queue_);
    queue_.clear();
    return out;
  }
  void clear() { queue_.clear(); }

 private:
  std::vector<IceCandidate> queue_;
};

}  // namespace kpeer
