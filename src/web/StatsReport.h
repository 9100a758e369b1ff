// getStats(): the browser's RTCStatsReport → core's normalized path stats, plus the raw report.
#pragma once
#include <emscripten/val.h>

namespace kpeer::web {
emscripten::val normalizeStatsReport(emscripten::val report);
}
