#include "StatsReport.h"

#include <emscripten/emscripten.h>

#include "JsObject.h"
#include "JsValueSource.h"
#include "core/StatsNormalizer.h"

// clang-format off
EM_JS(unsigned, kp_stats_entries, (unsigned report), { return kpToRef(Array['from'](kpRefs[report]['values']())); });
// clang-format on

namespace kpeer::web {

namespace {

template <class T, class Set>
void setOptional(const JsRef& object, const char* key, const std::optional<T>& v, Set set) {
  if (v) set(object, key, *v);
  else setNull(object, key);
}

JsRef candidateObject(const std::optional<CandidateStats>& c) {
  if (!c) return JsRef::null();
  JsRef v = JsRef::object();
  if (c->candidateType) setString(v, "candidateType", *c->candidateType);
  if (c->address) setString(v, "address", *c->address);
  if (c->port) setNumber(v, "port", *c->port);
  if (c->protocol) setString(v, "protocol", *c->protocol);
  if (c->relayProtocol) setString(v, "relayProtocol", *c->relayProtocol);
  if (c->networkType) setString(v, "networkType", *c->networkType);
  return v;
}

}  // namespace

JsRef normalizeStatsReport(const JsRef& report) {
  StatsNormalizer normalizer;
  {
    Value entries = JsValueSource::view(JsRef::take(kp_stats_entries(report.handle())));
    for (std::size_t i = 0; i < entries.length(); ++i) normalizer.add(entries.item(i));
  }
  const PathStats s = normalizer.result();
  JsRef out = JsRef::object();
  if (s.selectedPair) {
    JsRef pair = JsRef::object();
    setString(pair, "id", s.selectedPair->id);
    setString(pair, "state", s.selectedPair->state);
    setValue(pair, "local", candidateObject(s.selectedPair->local));
    setValue(pair, "remote", candidateObject(s.selectedPair->remote));
    setValue(out, "selectedPair", pair);
  } else {
    setNull(out, "selectedPair");
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

extern "C" EMSCRIPTEN_KEEPALIVE kpeer::web::JsHandle kpNormalizeStats(kpeer::web::JsHandle report) {
  return kpeer::web::normalizeStatsReport(kpeer::web::JsRef::take(report)).release();
}
