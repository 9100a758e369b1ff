#include "StatsReport.h"

#include "core/StatsNormalizer.h"

namespace kpeer::web {

using emscripten::val;

val normalizeStatsReport(val report) {
  val entries = val::global("Array").call<val>("from", report.call<val>("values"));
  std::string json = val::global("JSON").call<std::string>("stringify", entries);
  val normalized = val::global("JSON").call<val>("parse", kpeer::normalizeStats(json));
  normalized.set("raw", report);
  return normalized;
}

}  // namespace kpeer::web
