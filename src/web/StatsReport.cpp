#include "StatsReport.h"

#include <emscripten/emscripten.h>

#include "JsObject.h"
#include "JsValueSource.h"
#include "core/StatsNormalizer.h"

using emscripten::EM_VAL;

// clang-format off
EM_JS(EM_VAL, kp_stats_entries, (EM_VAL report), { return Emval.toHandle(Array['from'](Emval.toValue(report)['values']())); });
// clang-format on

namespace kpeer::web {

using emscripten::val;

namespace {

template <class T, class Set>
void setOptional(val& object, const char* key, const std::optional<T>& v, Set set) {
  if (v) set(object, key, *v);
  else setValue(object, key, val::null());
}

val candidateObject(const std::optional<CandidateStats>& c) {
  if (!c) return val::null();
  val v = val::object();
  if (c->candidateType) setString(v, "candidateType", *c->candidateType);
  if (c->address) setString(v, "address", *c->address);
  if (c->port) setNumber(v, "port", *c->port);
  if (c->protocol) setString(v, "protocol", *c->protocol);
  if (c->relayProtocol) setString(v, "relayProtocol", *c->relayProtocol);
  if (c->networkType) setString(v, "networkType", *c->networkType);
  return v;
}

}  // namespace

val normalizeStatsReport(val report) {
  StatsNormalizer normalizer;
  {
    Value entries = JsValueSource::view(val::take_ownership(kp_stats_entries(report.as_handle())));
    for (std::size_t i = 0; i < entries.length(); ++i) normalizer.add(entries.item(i));
  }
  const PathStats s = normalizer.result();
  val out = val::object();
  if (s.selectedPair) {
    val pair = val::object();
    setString(pair, "id", s.selectedPair->id);
    setString(pair, "state", s.selectedPair->state);
    setValue(pair, "local", candidateObject(s.selectedPair->local));
    setValue(pair, "remote", candidateObject(s.selectedPair->remote));
    setValue(out, "selectedPair", pair);
  } else {
    setValue(out, "selectedPair", val::null());
  }
  setOptional(out, "direct", s.direct, setFlag);
  setOptional(out, "relayed", s.relayed, setFlag);
  setOptional(out, "rttMs", s.rttMs, setNumber);
  setOptional(out, "localCandidateType", s.localCandidateType, setString);
  setOptional(out, "remoteCandidateType", s.remoteCandidateType, setString);
  setNumber(out, "bytesSent", s.bytesSent);
  setNumber(out, "bytesReceived", s.bytesReceived);
  setNumber(out, "dataChannelsOpened", s.dataChannelsOpened);
  setNumber(out, "messagesSent", s.messagesSent);
  setNumber(out, "messagesReceived", s.messagesReceived);
  setValue(out, "raw", report);
  return out;
}

}  // namespace kpeer::web
