#include "TimerArming.h"

namespace kpeer {

TimerArming::Action TimerArming::update(std::optional<TimeMs> wanted, TimeMs now) {
  if (armedAt_) {
    const bool keep = wanted ? *armedAt_ <= *wanted : *armedAt_ - now <= kKeepMs;
    if (keep) return {};
  }
  Action a;
  a.cancel = armedAt_.has_value();
  a.armAt = wanted;
  armedAt_ = wanted;
  return a;
}

}  // namespace kpeer
