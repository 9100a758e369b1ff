#include "StatsNormalizer.h"

namespace kpeer {

namespace {

std::string stringOr(const Value& v, const char* key) {
  Value f = v.field(key);
  return f.is(ValueKind::String) ? f.string() : std::string();
}

std::optional<std::string> optionalString(const Value& v, const char* key) {
  Value f = v.field(key);
  if (!f.is(ValueKind::String)) return std::nullopt;
  return f.string();
}

std::optional<double> optionalNumber(const Value& v, const char* key) {
  Value f = v.field(key);
  if (!f.is(ValueKind::Number)) return std::nullopt;
  return f.number();
}

double numberOr(const Value& v, const char* key) { return optionalNumber(v, key).value_or(0); }

}  // namespace

void StatsNormalizer::add(const Value& s) {
  if (!s.is(ValueKind::Object)) return;
  const std::string type = stringOr(s, "type");
  if (type == "local-candidate" || type == "remote-candidate") {
    CandidateStats c{optionalString(s, "candidateType"), optionalString(s, "address"), optionalString(s, "protocol"),
                     optionalString(s, "relayProtocol"), optionalString(s, "networkType"), optionalNumber(s, "port")};
    candidates_.emplace_back(stringOr(s, "id"), std::move(c));
  } else if (type == "candidate-pair") {
    Value nominated = s.field("nominated");
    pairs_.push_back(Pair{stringOr(s, "id"), stringOr(s, "state"), stringOr(s, "localCandidateId"),
                          stringOr(s, "remoteCandidateId"), nominated.is(ValueKind::Bool) && nominated.boolean(),
                          optionalNumber(s, "currentRoundTripTime"), numberOr(s, "bytesSent"), numberOr(s, "bytesReceived")});
  } else if (type == "transport") {
    transports_.push_back(Transport{stringOr(s, "selectedCandidatePairId"), optionalNumber(s, "bytesSent"),
                                    numberOr(s, "bytesReceived")});
  } else if (type == "peer-connection") {
    dataChannelsOpened_ = numberOr(s, "dataChannelsOpened");
  } else if (type == "data-channel") {
    messagesSent_ += numberOr(s, "messagesSent");
    messagesReceived_ += numberOr(s, "messagesReceived");
  }
}

const StatsNormalizer::Pair* StatsNormalizer::pair(const std::string& id) const {
  for (const auto& p : pairs_)
    if (p.id == id) return &p;
  return nullptr;
}

std::optional<CandidateStats> StatsNormalizer::candidate(const std::string& id) const {
  for (const auto& [candidateId, c] : candidates_)
    if (candidateId == id) return c;
  return std::nullopt;
}

PathStats StatsNormalizer::result() const {
  PathStats out;
  out.dataChannelsOpened = dataChannelsOpened_;
  out.messagesSent = messagesSent_;
  out.messagesReceived = messagesReceived_;
  // The first transport whose selected pair is in the report.
  const Transport* transport = nullptr;
  const Pair* selected = nullptr;
  for (const auto& t : transports_) {
    transport = &t;
    if ((selected = pair(t.selectedPairId))) break;
  }
  // Without one, the (last) nominated succeeded pair.
  if (!selected)
    for (const auto& p : pairs_)
      if (p.nominated && p.state == "succeeded") selected = &p;
  if (!selected) return out;

  SelectedPairStats pairStats{selected->id, selected->state, candidate(selected->localId), candidate(selected->remoteId)};
  auto typeOf = [](const std::optional<CandidateStats>& c) { return c ? c->candidateType : std::nullopt; };
  out.localCandidateType = typeOf(pairStats.local);
  out.remoteCandidateType = typeOf(pairStats.remote);
  const bool relayed = out.localCandidateType == "relay" || out.remoteCandidateType == "relay";
  out.direct = !relayed;
  out.relayed = relayed;
  if (selected->rttSeconds) out.rttMs = *selected->rttSeconds * 1000.0;
  // The transport counts every byte of the connection; the pair's counters can lag behind it.
  if (transport && transport->bytesSent) {
    out.bytesSent = *transport->bytesSent;
    out.bytesReceived = transport->bytesReceived;
  } else {
    out.bytesSent = selected->bytesSent;
    out.bytesReceived = selected->bytesReceived;
  }
  out.selectedPair = std::move(pairStats);
  return out;
}

}  // namespace kpeer
