#include "StatsNormalizer.h"

#include <map>

#include "Json.h"

namespace kpeer {

namespace {

using Index = std::map<std::string, const Json*>;

const Json* byId(const Index& index, const std::string& id) {
  auto it = index.find(id);
  return it == index.end() ? nullptr : it->second;
}

Json candidateView(const Json* c) {
  if (!c) return Json();
  Json v = Json::object();
  for (const char* key : {"candidateType", "address", "port", "protocol", "relayProtocol", "networkType"})
    if (const Json* f = c->find(key)) v.set(key, *f);
  return v;
}

}  // namespace

std::string normalizeStats(std::string_view text) {
  Json out = Json::object();
  for (const char* key : {"selectedPair", "direct", "relayed", "rttMs", "localCandidateType", "remoteCandidateType"})
    out.set(key, Json());
  for (const char* key : {"bytesSent", "bytesReceived", "dataChannelsOpened", "messagesSent", "messagesReceived"})
    out.set(key, 0.0);
  auto all = Json::parse(text);
  if (!all || !all->isArray()) return out.dump();

  Index index;
  for (const Json& s : all->items())
    if (s.isObject()) index[s.stringOr("id")] = &s;

  const Json* transport = nullptr;
  const Json* selected = nullptr;
  double messagesSent = 0, messagesReceived = 0;
  for (const Json& s : all->items()) {
    const std::string type = s.stringOr("type");
    if (type == "transport" && !selected) {
      selected = byId(index, s.stringOr("selectedCandidatePairId"));
      transport = &s;
    }
    if (type == "peer-connection") out.set("dataChannelsOpened", s.numberOr("dataChannelsOpened"));
    if (type == "data-channel") {
      messagesSent += s.numberOr("messagesSent");
      messagesReceived += s.numberOr("messagesReceived");
    }
  }
  out.set("messagesSent", messagesSent);
  out.set("messagesReceived", messagesReceived);
  // Without a transport entry, fall back to the nominated succeeded pair.
  if (!selected)
    for (const Json& s : all->items())
      if (s.stringOr("type") == "candidate-pair" && s.boolOr("nominated") && s.stringOr("state") == "succeeded")
        selected = &s;
  if (!selected) return out.dump();

  Json local = candidateView(byId(index, selected->stringOr("localCandidateId")));
  Json remote = candidateView(byId(index, selected->stringOr("remoteCandidateId")));
  const bool relayed = local.stringOr("candidateType") == "relay" || remote.stringOr("candidateType") == "relay";
  out.set("selectedPair", Json::object()
                              .set("id", selected->stringOr("id"))
                              .set("state", selected->stringOr("state"))
                              .set("local", local)
                              .set("remote", remote));
  out.set("direct", !relayed);
  out.set("relayed", relayed);
  if (const Json* rtt = selected->find("currentRoundTripTime"); rtt && rtt->isNumber())
    out.set("rttMs", rtt->number() * 1000.0);
  // The transport counts every byte of the connection; the pair's counters can lag behind it.
  const Json& bytes = transport && transport->find("bytesSent") ? *transport : *selected;
  out.set("bytesSent", bytes.numberOr("bytesSent"));
  out.set("bytesReceived", bytes.numberOr("bytesReceived"));
  if (const Json* t = local.find("candidateType")) out.set("localCandidateType", *t);
  if (const Json* t = remote.find("candidateType")) out.set("remoteCandidateType", *t);
  return out.dump();
}

}  // namespace kpeer
