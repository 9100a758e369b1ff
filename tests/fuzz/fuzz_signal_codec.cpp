// libFuzzer target: every text decoder of the core on the same bytes.
//  - decodeSignal: a decoded signal re-encodes to a canonical wire form that decodes to the same signal;
//  - decodePeerConfig / decodeChannelConfig: accepted configs satisfy their documented rules;
//  - normalizeStats: always a JSON object;
//  - Json::parse (the core's own parser) agrees with nlohmann_json on valid UTF-8.
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>

#include "core/Json.h"
#include "core/PeerConfig.h"
#include "core/SignalCodec.h"
#include "core/StatsNormalizer.h"

#include "Invariant.h"

using namespace kpeer;


namespace {

bool sameSignal(const Signal& a, const Signal& b) {
  return a.type == b.type && a.sdp == b.sdp && a.ice.candidate == b.ice.candidate && a.ice.sdpMid == b.ice.sdpMid &&
         a.ice.sdpMLineIndex == b.ice.sdpMLineIndex;
}

void checkSignal(std::string_view text) {
  auto s = decodeSignal(text);
  if (!s) {
    INVARIANT(s.error().code == ErrorCode::InvalidSignal && !s.error().message.empty());
    return;
  }
  const std::string wire = encodeSignal(s.value());
  if (wire.size() > kMaxSignalBytes) return;  // escaping can grow a signal past the limit
  auto again = decodeSignal(wire);
  INVARIANT(again.ok());
  INVARIANT(sameSignal(s.value(), again.value()));
  INVARIANT(encodeSignal(again.value()) == wire);
}

void checkConfigs(std::string_view text) {
  auto peer = decodePeerConfig(text);
  if (peer) {
    const PeerConfig& c = peer.value();
    INVARIANT(c.iceEmit.flushInterval >= 0);
    INVARIANT(!c.iceEmit.maxBatchSize || *c.iceEmit.maxBatchSize >= 1);
    INVARIANT(!c.connectionTimeoutMs || *c.connectionTimeoutMs > 0);
    INVARIANT(c.iceRestart.maxAttempts >= 0 && c.iceRestart.disconnectedGraceMs >= 0);
    auto rtc = Json::parse(c.rtcConfigurationJson);
    INVARIANT(rtc && rtc->isObject() && rtc->find("iceServers") && rtc->find("iceServers")->isArray());
  } else {
    INVARIANT(peer.error().code == ErrorCode::InvalidConfig);
  }
  auto channel = decodeChannelConfig(text);
  if (channel) {
    const ChannelConfig& c = channel.value();
    INVARIANT(c.label.size() <= kMaxLabelBytes && c.protocol.size() <= kMaxLabelBytes);
    INVARIANT(!(c.maxRetransmits && c.maxPacketLifeTime));
    INVARIANT(c.negotiated == c.id.has_value());
    INVARIANT(!c.id || (*c.id >= 0 && *c.id <= 65534));
    auto init = Json::parse(c.dataChannelInitJson());
    INVARIANT(init && init->isObject());
  } else {
    INVARIANT(channel.error().code == ErrorCode::InvalidChannelConfig);
  }
}

void checkStats(std::string_view text) {
  auto out = Json::parse(normalizeStats(text));
  INVARIANT(out && out->isObject() && out->find("selectedPair") && out->find("bytesSent")->isNumber());
}

// --- differential check of Json::parse against nlohmann_json

bool validUtf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    int n = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : -1;
    if (n < 0 || i + n >= s.size()) return false;
    unsigned cp = n == 0 ? c : c & (0x3F >> n);
    for (int k = 1; k <= n; ++k) {
      auto d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (d & 0x3F);
    }
    const unsigned min[] = {0, 0x80, 0x800, 0x10000};
    if (cp < min[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n + 1;
  }
  return true;
}

int depth(const nlohmann::json& j) {
  int d = 0;
  if (j.is_structured())
    for (const auto& v : j) d = std::max(d, depth(v));
  return j.is_structured() ? d + 1 : 0;
}

bool hasInfinity(const Json& j) {
  if (j.isNumber()) return std::isinf(j.number());
  for (const auto& v : j.items())
    if (hasInfinity(v)) return true;
  for (const auto& m : j.members())
    if (hasInfinity(m.second)) return true;
  return false;
}

bool closeEnough(double ours, double theirs) {
  if (!std::isfinite(ours)) return true;  // known: >308-digit mantissas saturate (configs/stats never have them)
  if (std::fabs(theirs) < 1e-280 || std::fabs(theirs) > 1e280) return true;  // underflow/overflow range
  return std::fabs(ours - theirs) <= 1e-12 * std::fabs(theirs);
}

bool sameJson(const Json& a, const nlohmann::json& b) {
  switch (a.type()) {
    case Json::Type::Null: return b.is_null();
    case Json::Type::Bool: return b.is_boolean() && a.boolean() == b.get<bool>();
    case Json::Type::Number: return b.is_number() && closeEnough(a.number(), b.get<double>());
    case Json::Type::String: return b.is_string() && a.string() == b.get_ref<const std::string&>();
    case Json::Type::Array:
      if (!b.is_array() || a.items().size() != b.size()) return false;
      for (std::size_t i = 0; i < b.size(); ++i)
        if (!sameJson(a.items()[i], b[i])) return false;
      return true;
    case Json::Type::Object: {
      if (!b.is_object()) return false;
      std::set<std::string> keys;
      for (const auto& m : a.members()) keys.insert(m.first);
      if (keys.size() != b.size()) return false;
      for (const auto& [k, v] : b.items())
        if (!a.find(k) || !sameJson(*a.find(k), v)) return false;
      return true;
    }
  }
  return false;
}

void checkJsonParser(std::string_view text) {
  auto ours = Json::parse(text);
  if (ours) INVARIANT(Json::parse(ours->dump()));  // what we write, we read
  // nlohmann skips a UTF-8 BOM, stops at a NUL byte and checks UTF-8; the core's parser, like
  // JSON.parse, does none of that (its callers hand it JS strings).
  if (!validUtf8(text) || text.substr(0, 3) == "\xEF\xBB\xBF" || text.find('\0') != std::string_view::npos) return;
  auto theirs = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
  if (theirs.is_discarded()) {
    INVARIANT(!ours || hasInfinity(*ours));  // JSON.parse('1e999') is Infinity; nlohmann refuses it
    return;
  }
  INVARIANT(ours || depth(theirs) > 64);  // the core refuses deeper nesting on purpose
  if (ours) INVARIANT(sameJson(*ours, theirs));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  checkSignal(text);
  checkConfigs(text);
  checkStats(text);
  checkJsonParser(text);
  return 0;
}
