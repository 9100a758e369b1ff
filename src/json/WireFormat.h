// JSON text ↔ the core's value types, for native builds, tests and fuzzers: the wire format of
// signals (as users send them over their signaling transport), configs and stats as JSON.
// Decoding goes through JsonValue into the same core decoders the browser's objects reach.
#pragma once
#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "core/PeerConfig.h"
#include "core/Signal.h"
#include "core/StatsNormalizer.h"

namespace kpeer {

Result<Signal> signalFromJson(std::string_view text);
std::string signalToJson(const Signal& signal);

Result<PeerConfig> peerConfigFromJson(std::string_view text);
Result<ChannelConfig> channelConfigFromJson(std::string_view text);

// What the web adapter builds as JS objects, as JSON: new RTCPeerConnection(rtc) and
// pc.createDataChannel(label, init).
nlohmann::json rtcConfigurationJson(const RtcConfiguration& rtc);
nlohmann::json dataChannelInitJson(const ChannelConfig& config);

// A report as a JSON array of stats objects (what Array.from(report.values()) holds).
PathStats statsFromJson(std::string_view reportArray);
nlohmann::json pathStatsJson(const PathStats& stats);

}  // namespace kpeer
