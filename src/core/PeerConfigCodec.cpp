#include "ChunkFraming.h"
#include "JsonFields.h"
#include "PeerConfig.h"

namespace kpeer {

namespace {

// KPeer's default: four public Google STUN servers.
Json defaultIceServers() {
  Json servers = Json::array();
  for (const char* url : {"stun:stun.l.google.com:19302", "stun:stun1.l.google.com:19302",
                          "stun:stun2.l.google.com:19302", "stun:stun3.l.google.com:19302"})
    servers.push(Json::object().set("urls", url));
  return servers;
}

std::optional<Error> checkIceServers(const Json& servers) {
  auto bad = [](std::string m) { return Error{ErrorCode::InvalidConfig, "config.iceServers" + m}; };
  if (!servers.isArray()) return bad(" must be an array of RTCIceServer objects like {urls: 'stun:host:port'}");
  for (std::size_t i = 0; i < servers.items().size(); ++i) {
    const Json& s = servers.items()[i];
    std::string at = "[" + decimal(static_cast<long long>(i)) + "]";
    if (!s.isObject()) return bad(at + " must be an object like {urls: 'stun:host:port'}");
    const Json* urls = s.find("urls");
    if (!urls) return bad(at + " needs 'urls' (a string or an array of strings)");
    bool okUrls = urls->isString() || (urls->isArray() && !urls->items().empty());
    if (urls->isArray())
      for (const auto& u : urls->items()) okUrls = okUrls && u.isString();
    if (!okUrls) return bad(at + ".urls must be a string or a non-empty array of strings");
    for (const char* f : {"username", "credential"}) {
      const Json* v = s.find(f);
      if (v && !v->isString()) return bad(at + "." + f + " must be a string");
    }
  }
  return std::nullopt;
}

}  // namespace

Result<PeerConfig> decodePeerConfig(std::string_view text) {
  Json::ParseError why = Json::ParseError::Syntax;
  auto j = Json::parse(text, &why);
  if (!j && why == Json::ParseError::TooDeep)
    return Error{ErrorCode::InvalidConfig, "config is nested more than " + decimal(Json::kMaxDepth) + " levels deep"};
  if (!j || !j->isObject())
    return Error{ErrorCode::InvalidConfig, "config must be an object like {initiator: true}"};
  JsonFields f(*j, ErrorCode::InvalidConfig, "config");
  PeerConfig c;
  auto initiator = f.boolean("initiator");
  if (!initiator && !f.error())
    return Error{ErrorCode::InvalidConfig, "config.initiator is required: true for the side that makes the first offer, false for the other"};
  if (initiator) c.initiator = *initiator;

  if (const Json* policy = f.present("iceCandidateEmitPolicy")) {
    if (!policy->isObject()) return Error{ErrorCode::InvalidConfig, "config.iceCandidateEmitPolicy must be an object like {flushInterval: 50, maxBatchSize: null}"};
    JsonFields p(*policy, ErrorCode::InvalidConfig, "config.iceCandidateEmitPolicy");
    if (auto fi = p.number("flushInterval", 0, 3600e3)) c.iceEmit.flushInterval = static_cast<TimeMs>(*fi);
    if (auto mb = p.integer("maxBatchSize", 1, 1000000)) c.iceEmit.maxBatchSize = static_cast<std::size_t>(*mb);
    if (p.error()) return *p.error();
  }
  if (auto t = f.number("connectionTimeoutMs", 0, 24 * 3600e3); t && *t > 0)
    c.connectionTimeoutMs = static_cast<TimeMs>(*t);
  if (const Json* d = j->find("disconnectTimeoutMs"); d && d->isNull()) c.disconnectTimeoutMs.reset();
  if (auto t = f.number("disconnectTimeoutMs", 0, 24 * 3600e3))
    c.disconnectTimeoutMs = *t > 0 ? std::optional<TimeMs>(static_cast<TimeMs>(*t)) : std::nullopt;

  if (const Json* restart = f.present("iceRestart")) {
    if (restart->isBool()) {
      c.iceRestart.enabled = restart->boolean();
    } else if (restart->isObject()) {
      JsonFields r(*restart, ErrorCode::InvalidConfig, "config.iceRestart");
      if (auto e = r.boolean("enabled")) c.iceRestart.enabled = *e;
      if (auto g = r.number("disconnectedGraceMs", 0, 3600e3)) c.iceRestart.disconnectedGraceMs = static_cast<TimeMs>(*g);
      if (auto m = r.integer("maxAttempts", 0, 1000)) c.iceRestart.maxAttempts = static_cast<int>(*m);
      if (r.error()) return *r.error();
    } else {
      return Error{ErrorCode::InvalidConfig, "config.iceRestart must be true, false or {enabled, disconnectedGraceMs, maxAttempts}"};
    }
  }
  if (f.error()) return *f.error();

  Json rtc = Json::object();
  if (const Json* servers = f.present("iceServers")) {
    if (auto err = checkIceServers(*servers)) return *err;
    rtc.set("iceServers", *servers);
  } else {
    rtc.set("iceServers", defaultIceServers());
  }
  if (auto policy = f.string("iceTransportPolicy")) {
    if (*policy != "all" && *policy != "relay")
      return Error{ErrorCode::InvalidConfig, "config.iceTransportPolicy must be 'all' or 'relay'"};
    rtc.set("iceTransportPolicy", *policy);
  }
  if (f.error()) return *f.error();
  c.rtcConfigurationJson = rtc.dump();
  return c;
}

Result<ChannelConfig> decodeChannelConfig(std::string_view text) {
  Json::ParseError why = Json::ParseError::Syntax;
  auto j = Json::parse(text, &why);
  if (!j && why == Json::ParseError::TooDeep)
    return Error{ErrorCode::InvalidChannelConfig, "channel config is nested more than " + decimal(Json::kMaxDepth) + " levels deep"};
  if (!j || !j->isObject())
    return Error{ErrorCode::InvalidChannelConfig, "channel config must be an object like {label: 'chat'}"};
  JsonFields f(*j, ErrorCode::InvalidChannelConfig, "channel config");
  ChannelConfig c;
  auto label = f.string("label");
  if (f.error()) return *f.error();
  if (!label) return Error{ErrorCode::InvalidChannelConfig, "channel config.label is required (a string naming the channel, unique per peer)"};
  if (label->size() > kMaxLabelBytes)
    return Error{ErrorCode::InvalidChannelConfig, "channel config.label is " + decimal(static_cast<long long>(label->size())) +
                                                      " bytes; WebRTC allows at most 65535"};
  c.label = *label;
  if (auto o = f.boolean("ordered")) c.ordered = *o;
  auto reliable = f.boolean("reliable");
  if (auto r = f.integer("maxRetransmits", 0, 65535)) c.maxRetransmits = static_cast<int>(*r);
  if (auto l = f.integer("maxPacketLifeTime", 0, 65535)) c.maxPacketLifeTime = static_cast<int>(*l);
  if (auto p = f.string("protocol")) c.protocol = *p;
  if (auto n = f.boolean("negotiated")) c.negotiated = *n;
  if (auto id = f.integer("id", 0, 65534)) c.id = static_cast<int>(*id);
  if (auto t = f.number("bufferedAmountLowThreshold", 0, 1e15)) c.bufferedAmountLowThreshold = *t;
  if (auto h = f.number("highWaterMark", 1, 15.0 * 1024 * 1024)) c.highWaterMark = *h;
  if (const Json* chunked = f.present("chunked")) {
    if (chunked->isBool()) {
      c.chunked = chunked->boolean();
    } else if (chunked->isObject()) {
      c.chunked = true;
      JsonFields ch(*chunked, ErrorCode::InvalidChannelConfig, "channel config.chunked");
      if (auto m = ch.number("maxMessageSize", 1, 1024.0 * 1024 * 1024)) c.chunkedMaxMessage = *m;
      if (ch.error()) return *ch.error();
    } else {
      return Error{ErrorCode::InvalidChannelConfig, "channel config.chunked must be true, false or {maxMessageSize}"};
    }
  }
  if (f.error()) return *f.error();
  if (c.chunked) {
    if (c.chunkedMaxMessage == 0) c.chunkedMaxMessage = static_cast<double>(kDefaultChunkedMaxMessage);
    if (!c.ordered || (reliable && !*reliable) || c.maxRetransmits || c.maxPacketLifeTime)
      return Error{ErrorCode::InvalidChannelConfig, "a chunked channel must be ordered and reliable (its frames are reassembled in order)"};
    if (!c.protocol.empty())
      return Error{ErrorCode::InvalidChannelConfig, std::string("a chunked channel announces itself with protocol '") +
                                                        kChunkedProtocol + "'; leave protocol unset"};
    c.protocol = kChunkedProtocol;
  }

  if (c.protocol.size() > kMaxLabelBytes)
    return Error{ErrorCode::InvalidChannelConfig, "channel config.protocol is longer than 65535 bytes"};
  if (c.maxRetransmits && c.maxPacketLifeTime)
    return Error{ErrorCode::InvalidChannelConfig, "channel config may set maxRetransmits or maxPacketLifeTime, not both"};
  if (reliable && !*reliable && !c.maxRetransmits && !c.maxPacketLifeTime) c.maxRetransmits = 0;
  if (reliable && *reliable && (c.maxRetransmits || c.maxPacketLifeTime))
    return Error{ErrorCode::InvalidChannelConfig, "channel config.reliable: true contradicts maxRetransmits/maxPacketLifeTime"};
  if (c.negotiated && !c.id)
    return Error{ErrorCode::InvalidChannelConfig, "channel config.negotiated: true needs an 'id' (0 to 65534) that both sides use"};
  if (!c.negotiated && c.id)
    return Error{ErrorCode::InvalidChannelConfig, "channel config.id is only used with negotiated: true"};
  return c;
}

std::string ChannelConfig::dataChannelInitJson() const {
  Json init = Json::object();
  init.set("ordered", ordered);
  if (maxRetransmits) init.set("maxRetransmits", *maxRetransmits);
  if (maxPacketLifeTime) init.set("maxPacketLifeTime", *maxPacketLifeTime);
  if (!protocol.empty()) init.set("protocol", protocol);
  if (negotiated) {
    init.set("negotiated", true);
    init.set("id", *id);
  }
  return init.dump();
}

}  // namespace kpeer
