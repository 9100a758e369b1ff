// libFuzzer target: every decoder of the core on the same bytes, through nlohmann_json (src/json/).
//  - decodeSignal: a decoded signal re-encodes to a canonical wire form that decodes to the same
//    signal, and the JSON text and the parsed object (as the browser passes either) give the same
//    signal or the same error;
//  - decodePeerConfig / decodeChannelConfig: accepted configs satisfy their documented rules;
//  - StatsNormalizer: any report gives well-formed path stats.
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/PeerConfig.h"
#include "core/SignalCodec.h"
#include "core/StatsNormalizer.h"
#include "json/JsonValue.h"
#include "json/WireFormat.h"

#include "Invariant.h"

using namespace kpeer;


namespace {

bool sameSignal(const Signal& a, const Signal& b) {
  return a.type == b.type && a.sdp == b.sdp && a.ice.candidate == b.ice.candidate && a.ice.sdpMid == b.ice.sdpMid &&
         a.ice.sdpMLineIndex == b.ice.sdpMLineIndex;
}

void checkSignal(std::string_view text) {
  auto s = signalFromJson(text);
  if (!s) {
    INVARIANT(s.error().code == ErrorCode::InvalidSignal && !s.error().message.empty());
    return;
  }
  const std::string wire = signalToJson(s.value());
  if (wire.size() > kMaxSignalBytes) return;  // escaping can grow a signal past the limit
  auto again = signalFromJson(wire);
  INVARIANT(again.ok());
  INVARIANT(sameSignal(s.value(), again.value()));
  INVARIANT(signalToJson(again.value()) == wire);
}

// The text path (the core asks the host to parse) and the object path (the host parsed it) meet
// in the same decoder: same signal, or same code and message.
void checkSignalPaths(std::string_view text) {
  if (text.empty() || text.size() > kMaxSignalBytes) return;
  JsonValue parsed = JsonValue::parse(text);
  if (parsed.json().is_string() && parsed.json().get_ref<const std::string&>() == text) return;  // not JSON
  if (parsed.json().is_string()) return;  // JSON text of a string: the text path refuses a string in a string
  auto viaText = signalFromJson(text);
  auto viaObject = decodeSignal(parsed);
  INVARIANT(viaText.ok() == viaObject.ok());
  if (viaText.ok()) INVARIANT(sameSignal(viaText.value(), viaObject.value()));
  else INVARIANT(viaText.error().message == viaObject.error().message);
}

void checkConfigs(std::string_view text) {
  auto peer = peerConfigFromJson(text);
  if (peer) {
    const PeerConfig& c = peer.value();
    INVARIANT(c.iceEmit.flushInterval >= 0);
    INVARIANT(!c.iceEmit.maxBatchSize || *c.iceEmit.maxBatchSize >= 1);
    INVARIANT(!c.connectionTimeoutMs || *c.connectionTimeoutMs > 0);
    INVARIANT(c.iceRestart.maxAttempts >= 0 && c.iceRestart.disconnectedGraceMs >= 0);
    for (const auto& server : c.rtc.iceServers) INVARIANT(!server.urls.empty());
    INVARIANT(!c.rtc.iceTransportPolicy || *c.rtc.iceTransportPolicy == "all" || *c.rtc.iceTransportPolicy == "relay");
  } else {
    INVARIANT(peer.error().code == ErrorCode::InvalidConfig);
  }
  auto channel = channelConfigFromJson(text);
  if (channel) {
    const ChannelConfig& c = channel.value();
    INVARIANT(c.label.size() <= kMaxLabelBytes && c.protocol.size() <= kMaxLabelBytes);
    INVARIANT(!(c.maxRetransmits && c.maxPacketLifeTime));
    INVARIANT(c.negotiated == c.id.has_value());
    INVARIANT(!c.id || (*c.id >= 0 && *c.id <= 65534));
    INVARIANT(!c.chunked || (c.ordered && !c.maxRetransmits && !c.maxPacketLifeTime && c.chunkedMaxMessage >= 1));
  } else {
    INVARIANT(channel.error().code == ErrorCode::InvalidChannelConfig);
  }
}

void checkStats(std::string_view text) {
  const PathStats out = statsFromJson(text);
  INVARIANT(out.direct.has_value() == out.selectedPair.has_value());
  INVARIANT(!out.direct || *out.direct != *out.relayed);
  INVARIANT(pathStatsJson(out).is_object());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  checkSignal(text);
  checkConfigs(text);
  checkSignalPaths(text);
  checkStats(text);
  return 0;
}
