#include "WireFormat.h"

#include "JsonValue.h"
#include "core/SignalCodec.h"

namespace kpeer {

using nlohmann::json;

Result<Signal> signalFromJson(std::string_view text) { return decodeSignal(JsonValue::text(text)); }

std::string signalToJson(const Signal& s) {
  json j = {{"type", signalTypeName(s.type)}};
  if (s.type == SignalType::Ice) {
    j["candidate"] = s.ice.candidate;
    j["sdpMid"] = s.ice.sdpMid ? json(*s.ice.sdpMid) : json();
    j["sdpMLineIndex"] = s.ice.sdpMLineIndex ? json(*s.ice.sdpMLineIndex) : json();
  } else {
    j["sdp"] = s.sdp;
  }
  return j.dump();
}

Result<PeerConfig> peerConfigFromJson(std::string_view text) { return decodePeerConfig(JsonValue::parse(text)); }
Result<ChannelConfig> channelConfigFromJson(std::string_view text) { return decodeChannelConfig(JsonValue::parse(text)); }

json rtcConfigurationJson(const RtcConfiguration& rtc) {
  json servers = json::array();
  for (const auto& s : rtc.iceServers) {
    json server = {{"urls", s.urls}};
    if (s.username) server["username"] = *s.username;
    if (s.credential) server["credential"] = *s.credential;
    servers.push_back(std::move(server));
  }
  json j = {{"iceServers", std::move(servers)}};
  if (rtc.iceTransportPolicy) j["iceTransportPolicy"] = *rtc.iceTransportPolicy;
  return j;
}

json dataChannelInitJson(const ChannelConfig& c) {
  json init = {{"ordered", c.ordered}};
  if (c.maxRetransmits) init["maxRetransmits"] = *c.maxRetransmits;
  if (c.maxPacketLifeTime) init["maxPacketLifeTime"] = *c.maxPacketLifeTime;
  if (!c.protocol.empty()) init["protocol"] = c.protocol;
  if (c.negotiated) {
    init["negotiated"] = true;
    init["id"] = *c.id;
  }
  return init;
}

PathStats statsFromJson(std::string_view reportArray) {
  StatsNormalizer normalizer;
  JsonValue parsed = JsonValue::parse(reportArray);
  Value report = parsed.value();
  for (std::size_t i = 0; i < report.length(); ++i) normalizer.add(report.item(i));
  return normalizer.result();
}

namespace {
template <class T>
json orNull(const std::optional<T>& v) {
  return v ? json(*v) : json();
}

json candidateJson(const std::optional<CandidateStats>& c) {
  if (!c) return json();
  json j = json::object();
  if (c->candidateType) j["candidateType"] = *c->candidateType;
  if (c->address) j["address"] = *c->address;
  if (c->port) j["port"] = *c->port;
  if (c->protocol) j["protocol"] = *c->protocol;
  if (c->relayProtocol) j["relayProtocol"] = *c->relayProtocol;
  if (c->networkType) j["networkType"] = *c->networkType;
  return j;
}
}  // namespace

json pathStatsJson(const PathStats& s) {
  json j = {{"direct", orNull(s.direct)},
            {"relayed", orNull(s.relayed)},
            {"rttMs", orNull(s.rttMs)},
            {"localCandidateType", orNull(s.localCandidateType)},
            {"remoteCandidateType", orNull(s.remoteCandidateType)},
            {"bytesSent", s.bytesSent},
            {"bytesReceived", s.bytesReceived},
            {"dataChannelsOpened", s.dataChannelsOpened},
            {"messagesSent", s.messagesSent},
            {"messagesReceived", s.messagesReceived}};
  j["selectedPair"] = s.selectedPair ? json{{"id", s.selectedPair->id},
                                            {"state", s.selectedPair->state},
                                            {"local", candidateJson(s.selectedPair->local)},
                                            {"remote", candidateJson(s.selectedPair->remote)}}
                                     : json();
  return j;
}

}  // namespace kpeer
