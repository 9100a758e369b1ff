#include <iterator>

#include "ChunkFraming.h"
#include "FieldReader.h"
#include "PeerConfig.h"
#include "Text.h"

namespace kpeer {

namespace {

// The errors of each decoder. A literal's std::string is made inside the const char* overloads,
// not at each of the many call sites.
Error badConfig(std::string message) { return Error{ErrorCode::InvalidConfig, std::move(message)}; }
Error badConfig(const char* message) { return Error{ErrorCode::InvalidConfig, message}; }
Error badChannelConfig(std::string message) { return Error{ErrorCode::InvalidChannelConfig, std::move(message)}; }
Error badChannelConfig(const char* message) { return Error{ErrorCode::InvalidChannelConfig, message}; }

// KPeer's default: four public Google STUN servers.
std::vector<IceServer> defaultIceServers() {
  static const char* const kUrls[] = {"stun:stun.l.google.com:19302", "stun:stun1.l.google.com:19302",
                                      "stun:stun2.l.google.com:19302", "stun:stun3.l.google.com:19302"};
  // Sized once and filled in place: no vector<IceServer> growth code in the module.
  std::vector<IceServer> servers(std::size(kUrls));
  for (std::size_t i = 0; i < servers.size(); ++i) servers[i].urls.push_back(kUrls[i]);
  return servers;
}

// The readers below fill a config and return false at the first error that ends decoding, which
// `f` then holds (FieldReader::stop); the one Result is made by their caller.

// "<what> has 70 entries; at most 64 are accepted"
std::string tooMany(const std::string& what, std::size_t entries) {
  return what + " has " + decimal(static_cast<long long>(entries)) + " entries; at most " +
         decimal(static_cast<long long>(kMaxIceServers)) + " are accepted";
}

// config.iceServers into `out`.
bool readIceServers(const Value& servers, FieldReader& f, std::vector<IceServer>& out) {
  if (!servers.is(ValueKind::Array)) return f.stop("config.iceServers must be an array of RTCIceServer objects");
  // Each entry is read field by field: a bound keeps `new Array(1e9)` from taking forever.
  if (servers.length() > kMaxIceServers) return f.stop(tooMany("config.iceServers", servers.length()));
  out = std::vector<IceServer>(servers.length());  // filled in place, as defaultIceServers()
  for (std::size_t i = 0; i < servers.length(); ++i) {
    Value s = servers.item(i);
    const std::string at = "config.iceServers[" + decimal(static_cast<long long>(i)) + "]";
    if (!s.is(ValueKind::Object)) return f.stop(at + " must be an object {urls}");
    FieldReader e(s, ErrorCode::InvalidConfig, at);
    IceServer& server = out[i];
    Value urls = e.present("urls");
    if (e.error()) return f.stop(e.error()->message);
    if (urls.missing()) return f.stop(at + " needs 'urls'");
    if (urls.length() > kMaxIceServers) return f.stop(tooMany(at + ".urls", urls.length()));
    if (urls.is(ValueKind::String)) server.urls.push_back(urls.string());
    for (std::size_t u = 0; u < urls.length(); ++u) {
      Value url = urls.item(u);
      if (!url.is(ValueKind::String)) break;
      server.urls.push_back(url.string());
    }
    if (server.urls.empty() || (urls.is(ValueKind::Array) && server.urls.size() != urls.length()))
      return f.stop(at + ".urls must be a string or a non-empty array of strings");
    server.username = e.string("username");
    server.credential = e.string("credential");
    if (e.error()) return f.stop(e.error()->message);
  }
  return true;
}

// The fields of config (an object) into `c`.
bool readPeerConfig(const Value& j, FieldReader& f, PeerConfig& c) {
  auto initiator = f.boolean("initiator");
  if (!initiator && !f.error())
    return f.stop("config.initiator is required: true on the side that offers first, else false");
  if (initiator) c.initiator = *initiator;

  // Used by js/ (a JS object cannot cross); its shape is checked here with the rest.
  Value logger = f.readable("logger");
  if (!logger.is(ValueKind::Absent) && !logger.is(ValueKind::Object))
    return f.stop("config.logger must be an object with debug/info/warn");
  c.logger = logger.is(ValueKind::Object);

  // Also used by the adapter, which constructs from it; only its shape is checked here.
  if (Value wrtc = f.readable("wrtc"); !wrtc.missing()) {
    // A module namespace or an object; RTCPeerConnection must be callable (ValueKind::Other).
    if (!wrtc.is(ValueKind::Object) || !wrtc.field("RTCPeerConnection").is(ValueKind::Other))
      return f.stop("config.wrtc must be a WebRTC implementation with an RTCPeerConnection constructor "
                    "('@roamhq/wrtc', 'node-datachannel/polyfill')");
    c.injectedWebRtc = true;
  }

  if (Value policy = f.present("iceCandidateEmitPolicy"); !policy.missing()) {
    if (!policy.is(ValueKind::Object))
      return f.stop("config.iceCandidateEmitPolicy must be an object {flushInterval, maxBatchSize}");
    FieldReader p(policy, ErrorCode::InvalidConfig, "config.iceCandidateEmitPolicy");
    if (auto fi = p.number("flushInterval", 0, 3600e3)) c.iceEmit.flushInterval = static_cast<TimeMs>(*fi);
    if (auto mb = p.integer("maxBatchSize", 1, 1000000)) c.iceEmit.maxBatchSize = static_cast<std::size_t>(*mb);
    if (p.error()) return f.stop(p.error()->message);
  }
  if (auto t = f.number("connectionTimeoutMs", 0, 24 * 3600e3); t && *t > 0) c.connectionTimeoutMs = static_cast<TimeMs>(*t);
  if (j.field("disconnectTimeoutMs").is(ValueKind::Null)) c.disconnectTimeoutMs.reset();
  if (auto t = f.number("disconnectTimeoutMs", 0, 24 * 3600e3))
    c.disconnectTimeoutMs = *t > 0 ? std::optional<TimeMs>(static_cast<TimeMs>(*t)) : std::nullopt;

  if (Value restart = f.present("iceRestart"); !restart.missing()) {
    if (restart.is(ValueKind::Bool)) {
      c.iceRestart.enabled = restart.boolean();
    } else if (restart.is(ValueKind::Object)) {
      FieldReader r(restart, ErrorCode::InvalidConfig, "config.iceRestart");
      if (auto e = r.boolean("enabled")) c.iceRestart.enabled = *e;
      if (auto g = r.number("disconnectedGraceMs", 0, 3600e3)) c.iceRestart.disconnectedGraceMs = static_cast<TimeMs>(*g);
      if (auto m = r.integer("maxAttempts", 0, 1000)) c.iceRestart.maxAttempts = static_cast<int>(*m);
      if (r.error()) return f.stop(r.error()->message);
    } else {
      return f.stop("config.iceRestart must be true, false or {enabled, disconnectedGraceMs, maxAttempts}");
    }
  }
  if (f.error()) return false;

  if (Value servers = f.present("iceServers"); !servers.missing()) {
    if (!readIceServers(servers, f, c.rtc.iceServers)) return false;
  } else {
    c.rtc.iceServers = defaultIceServers();
  }
  if (auto policy = f.string("iceTransportPolicy")) {
    if (*policy != "all" && *policy != "relay") return f.stop("config.iceTransportPolicy must be 'all' or 'relay'");
    c.rtc.iceTransportPolicy = *policy;
  }
  return !f.error();
}

}  // namespace

Result<PeerConfig> decodePeerConfig(const Value& j) {
  if (j.is(ValueKind::Unreadable)) return badConfig("config could not be read: " + truncatedForMessage(j.reason(), 120));
  if (!j.is(ValueKind::Object)) return badConfig("config must be an object like {initiator: true}");
  FieldReader f(j, ErrorCode::InvalidConfig, "config");
  PeerConfig c;
  if (!readPeerConfig(j, f, c)) return *f.error();
  return c;
}

namespace {

// The fields of a channel config (an object) into `c`; false at an error, held by `f`.
bool readChannelConfig(FieldReader& f, ChannelConfig& c) {
  auto label = f.string("label");
  if (f.error()) return false;
  if (!label) return f.stop("channel config.label is required (a string, unique per peer)");
  if (label->size() > kMaxLabelBytes)
    return f.stop("channel config.label is " + decimal(static_cast<long long>(label->size())) +
                  " bytes; WebRTC allows at most 65535");
  c.label = std::move(*label);
  if (auto o = f.boolean("ordered")) c.ordered = *o;
  auto reliable = f.boolean("reliable");
  if (auto r = f.integer("maxRetransmits", 0, 65535)) c.maxRetransmits = static_cast<int>(*r);
  if (auto l = f.integer("maxPacketLifeTime", 0, 65535)) c.maxPacketLifeTime = static_cast<int>(*l);
  if (auto p = f.string("protocol")) c.protocol = *p;
  if (auto n = f.boolean("negotiated")) c.negotiated = *n;
  if (auto id = f.integer("id", 0, 65534)) c.id = static_cast<int>(*id);
  if (auto t = f.number("bufferedAmountLowThreshold", 0, 1e15)) c.bufferedAmountLowThreshold = *t;
  if (auto h = f.number("highWaterMark", 1, 15.0 * 1024 * 1024)) c.highWaterMark = *h;
  if (Value chunked = f.present("chunked"); !chunked.missing()) {
    if (chunked.is(ValueKind::Bool)) {
      c.chunked = chunked.boolean();
    } else if (chunked.is(ValueKind::Object)) {
      c.chunked = true;
      FieldReader ch(chunked, ErrorCode::InvalidChannelConfig, "channel config.chunked");
      if (auto m = ch.number("maxMessageSize", 1, 1024.0 * 1024 * 1024)) c.chunkedMaxMessage = *m;
      if (ch.error()) return f.stop(ch.error()->message);
    } else {
      return f.stop("channel config.chunked must be true, false or {maxMessageSize}");
    }
  }
  if (f.error()) return false;
  if (c.chunked) {
    if (c.chunkedMaxMessage == 0) c.chunkedMaxMessage = static_cast<double>(kDefaultChunkedMaxMessage);
    if (!c.ordered || (reliable && !*reliable) || c.maxRetransmits || c.maxPacketLifeTime)
      return f.stop("a chunked channel must be ordered and reliable");
    if (!c.protocol.empty())
      return f.stop(std::string("a chunked channel announces itself with protocol '") + kChunkedProtocol +
                    "'; leave protocol unset");
    c.protocol = kChunkedProtocol;
  }

  if (c.protocol.size() > kMaxLabelBytes) return f.stop("channel config.protocol is longer than 65535 bytes");
  if (c.maxRetransmits && c.maxPacketLifeTime)
    return f.stop("channel config may set maxRetransmits or maxPacketLifeTime, not both");
  if (reliable && !*reliable && !c.maxRetransmits && !c.maxPacketLifeTime) c.maxRetransmits = 0;
  if (reliable && *reliable && (c.maxRetransmits || c.maxPacketLifeTime))
    return f.stop("channel config.reliable: true excludes maxRetransmits/maxPacketLifeTime");
  if (c.negotiated && !c.id) return f.stop("channel config.negotiated: true needs an 'id' (0 to 65534)");
  if (!c.negotiated && c.id) return f.stop("channel config.id is only used with negotiated: true");
  return true;
}

}  // namespace

Result<ChannelConfig> decodeChannelConfig(const Value& j) {
  if (j.is(ValueKind::Unreadable))
    return badChannelConfig("channel config could not be read: " + truncatedForMessage(j.reason(), 120));
  if (!j.is(ValueKind::Object))
    return badChannelConfig("channel config must be an object like {label: 'chat'}");
  FieldReader f(j, ErrorCode::InvalidChannelConfig, "channel config");
  ChannelConfig c;
  if (!readChannelConfig(f, c)) return *f.error();
  return c;
}

Status checkWebRtcSource(const PeerConfig& config, bool hostHasRtcPeerConnection) {
  if (config.injectedWebRtc || hostHasRtcPeerConnection) return okStatus();
  return badConfig("no WebRTC implementation: no RTCPeerConnection here; in Node.js pass one as config.wrtc "
                   "(e.g. the module of '@roamhq/wrtc')");
}

}  // namespace kpeer
