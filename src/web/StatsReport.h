// getStats(): the browser's RTCStatsReport → the core's normalized path stats (one pass over the
// report's entries, StatsNormalizer.h), as a JS object with the raw report under `raw`.
#pragma once
#include <emscripten/val.h>

namespace kpeer::web {
emscripten::val normalizeStatsReport(emscripten::val report);
}
