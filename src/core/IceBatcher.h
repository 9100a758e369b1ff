// Local ICE candidate batching (KIceCandidateEmitPolicy): the first candidate of a burst opens a
// window of flushInterval ms; when it ends, or when maxBatchSize candidates are waiting, the
// window's candidates become ready together, in gathering order.
#pragma once
#include <optional>
#include <vector>

#include "PeerConfig.h"
#include "Signal.h"
#include "Time.h"

namespace kpeer {

class IceBatcher {
 public:
  explicit IceBatcher(IceEmitPolicy policy) : policy_(policy) {}

  void push(IceCandidate candidate, TimeMs now);
  // End of gathering: nothing more will join the window, so release it now.
  void flush();
  void handleTimeout(TimeMs now);
  std::optional<TimeMs> deadline() const { return deadline_; }
  // Candidates released so far, oldest first; the caller emits them one signal each.
  std::vector<IceCandidate> takeReady();
  void clear();

 private:
  IceEmitPolicy policy_;
  std::vector<IceCandidate> window_;
  std::vector<IceCandidate> ready_;
  std::optional<TimeMs> deadline_;
};

}  // namespace kpeer
