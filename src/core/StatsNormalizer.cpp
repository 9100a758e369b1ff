#include "StatsNormalizer.h"

#include <nlohmann/json.hpp>
#include <unordered_map>

namespace kpeer {

using nlohmann::json;

namespace {

const json* byId(const std::unordered_map<std::string, const json*>& index, const json& id) {
  if (!id.is_string()) return nullptr;
  auto it = index.find(id.get<std::string>());
  return it == index.end() ? nullptr : it->second;
}

json number(const json& o, const char* key) {
  auto it = o.find(key);
  return (it != o.end() && it->is_number()) ? *it : json(nullptr);
}

// Typed reads that never throw (the build has no exceptions: a throw would abort).
std::string str(const json& o, const char* key) {
  auto it = o.find(key);
  return (it != o.end() && it->is_string()) ? it->get<std::string>() : std::string();
}
double num(const json& o, const char* key) {
  auto it = o.find(key);
  return (it != o.end() && it->is_number()) ? it->get<double>() : 0.0;
}
bool flag(const json& o, const char* key) {
  auto it = o.find(key);
  return it != o.end() && it->is_boolean() && it->get<bool>();
}
json field(const json& o, const char* key) {
  auto it = o.find(key);
  return it == o.end() ? json() : *it;
}

json candidateView(const json* c) {
  if (!c) return nullptr;
  json v = json::object();
  for (const char* key : {"candidateType", "address", "port", "protocol", "relayProtocol", "networkType"}) {
    auto it = c->find(key);
    if (it != c->end()) v[key] = *it;
  }
  return v;
}

}  // namespace

std::string normalizeStats(std::string_view text) {
  json all = json::parse(text.begin(), text.end(), nullptr, false);
  json out = {{"selectedPair", nullptr}, {"direct", nullptr},     {"relayed", nullptr},
              {"rttMs", nullptr},        {"bytesSent", 0.0},      {"bytesReceived", 0.0},
              {"dataChannelsOpened", 0.0}, {"messagesSent", 0.0}, {"messagesReceived", 0.0},
              {"localCandidateType", nullptr}, {"remoteCandidateType", nullptr}};
  if (all.is_discarded() || !all.is_array()) return out.dump();

  std::unordered_map<std::string, const json*> index;
  const json* selected = nullptr;
  for (const auto& s : all) {
    if (!s.is_object()) continue;
    auto id = s.find("id");
    if (id != s.end() && id->is_string()) index[id->get<std::string>()] = &s;
  }
  for (const auto& s : all) {
    if (!s.is_object()) continue;
    const std::string type = str(s, "type");
    if (type == "transport" && !selected) selected = byId(index, field(s, "selectedCandidatePairId"));
    if (type == "peer-connection") out["dataChannelsOpened"] = num(s, "dataChannelsOpened");
    if (type == "data-channel") {
      out["messagesSent"] = out["messagesSent"].get<double>() + num(s, "messagesSent");
      out["messagesReceived"] = out["messagesReceived"].get<double>() + num(s, "messagesReceived");
    }
  }
  // Without a transport entry, fall back to the nominated succeeded pair.
  if (!selected)
    for (const auto& s : all)
      if (s.is_object() && str(s, "type") == "candidate-pair" && flag(s, "nominated") &&
          str(s, "state") == "succeeded")
        selected = &s;
  if (!selected) return out.dump();

  json local = candidateView(byId(index, field(*selected, "localCandidateId")));
  json remote = candidateView(byId(index, field(*selected, "remoteCandidateId")));
  const bool relayed = (local.is_object() && str(local, "candidateType") == "relay") ||
                       (remote.is_object() && str(remote, "candidateType") == "relay");
  json rtt = number(*selected, "currentRoundTripTime");
  out["selectedPair"] = {{"id", str(*selected, "id")}, {"state", str(*selected, "state")},
                         {"local", local}, {"remote", remote}};
  out["direct"] = !relayed;
  out["relayed"] = relayed;
  out["rttMs"] = rtt.is_number() ? json(rtt.get<double>() * 1000.0) : json(nullptr);
  out["bytesSent"] = num(*selected, "bytesSent");
  out["bytesReceived"] = num(*selected, "bytesReceived");
  out["localCandidateType"] = local.is_object() ? field(local, "candidateType") : json();
  out["remoteCandidateType"] = remote.is_object() ? field(remote, "candidateType") : json();
  return out.dump();
}

}  // namespace kpeer
