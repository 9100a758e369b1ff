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
  if (type == "peer-connection") {
    dataChannelsOpened_ = numberOr(s, "dataChannelsOpened");
    return;
  }
  if (type == "data-channel") {
    messagesSent_ += numberOr(s, "messagesSent");
    messagesReceived_ += numberOr(s, "messagesReceived");
    return;
  }
  const bool candidate = type == "local-candidate" || type == "remote-candidate";
  if (!candidate && type != "candidate-pair" && type != "transport") return;
  Entry& e = entries_.emplace_back();  // filled in place
  if (candidate) {
    e.kind = Entry::Kind::Candidate;
    e.id = stringOr(s, "id");
    e.candidate = {optionalString(s, "candidateType"), optionalString(s, "address"), optionalString(s, "protocol"),
                   optionalString(s, "relayProtocol"), optionalString(s, "networkType"), optionalNumber(s, "port")};
  } else if (type == "candidate-pair") {
    Value nominated = s.field("nominated");
    e.kind = Entry::Kind::Pair;
    e.id = stringOr(s, "id");
    e.state = stringOr(s, "state");
    e.localId = stringOr(s, "localCandidateId");
    e.remoteId = stringOr(s, "remoteCandidateId");
    e.nominated = nominated.is(ValueKind::Bool) && nominated.boolean();
    e.rttSeconds = optionalNumber(s, "currentRoundTripTime");
    e.bytesSent = numberOr(s, "bytesSent");
    e.bytesReceived = numberOr(s, "bytesReceived");
  } else {
    e.kind = Entry::Kind::Transport;
    e.id = stringOr(s, "selectedCandidatePairId");
    e.bytesSent = optionalNumber(s, "bytesSent");
    e.bytesReceived = numberOr(s, "bytesReceived");
  }
}

const StatsNormalizer::Entry* StatsNormalizer::find(Entry::Kind kind, const std::string& id) const {
  for (const auto& e : entries_)
    if (e.kind == kind && e.id == id) return &e;
  return nullptr;
}

std::optional<CandidateStats> StatsNormalizer::candidate(const std::string& id) const {
  if (const Entry* e = find(Entry::Kind::Candidate, id)) return e->candidate;
  return std::nullopt;
}

PathStats StatsNormalizer::result() const {
  PathStats out;
  out.dataChannelsOpened = dataChannelsOpened_;
  out.messagesSent = messagesSent_;
  out.messagesReceived = messagesReceived_;
  // The first transport whose selected pair is in the report.
  const Entry* transport = nullptr;
  const Entry* selected = nullptr;
  for (const auto& t : entries_) {
    if (t.kind != Entry::Kind::Transport) continue;
    transport = &t;
    if ((selected = find(Entry::Kind::Pair, t.id))) break;
  }
  // Without one, the (last) nominated succeeded pair.
  if (!selected)
    for (const auto& p : entries_)
      if (p.kind == Entry::Kind::Pair && p.nominated && p.state == "succeeded") selected = &p;
  if (!selected) return out;

  SelectedPairStats& pairStats = out.selectedPair.emplace();  // built in place
  pairStats.id = selected->id;
  pairStats.state = selected->state;
  pairStats.local = candidate(selected->localId);
  pairStats.remote = candidate(selected->remoteId);
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
    out.bytesSent = *selected->bytesSent;
    out.bytesReceived = selected->bytesReceived;
  }
  return out;
}

}  // namespace kpeer
