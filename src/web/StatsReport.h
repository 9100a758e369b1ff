// getStats(): the browser's RTCStatsReport → the core's normalized path stats (one pass over the
// report's entries, StatsNormalizer.h), as a JS object with the raw report under `raw`. Exported
// as kpNormalizeStats (BrowserCalls' normalizedStats() chains it onto pc.getStats()).
#pragma once
#include "JsRef.h"

namespace kpeer::web {
JsRef normalizeStatsReport(const JsRef& report);
}
