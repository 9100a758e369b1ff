// The core never reads a clock: every input carries `now`, in milliseconds
// on whatever monotonic clock the adapter uses (performance.now() in the browser).
#pragma once
#include <cstdint>

namespace kpeer {
using TimeMs = std::int64_t;
}
