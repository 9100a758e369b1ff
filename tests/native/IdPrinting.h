// doctest prints ids by their number.
#pragma once
#include <ostream>

#include "core/Ids.h"

namespace kpeer {
template <class Tag>
std::ostream& operator<<(std::ostream& os, Id<Tag> id) {
  return os << id.value();
}
}  // namespace kpeer
