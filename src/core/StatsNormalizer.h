// Turns the browser's RTCStatsReport (as a JSON array of its stats objects) into KPeer's
// normalized path stats: the selected candidate pair, direct or relayed, RTT and byte counts.
#pragma once
#include <string>
#include <string_view>

namespace kpeer {

// Returns a JSON object; an unreadable report gives {"selectedPair": null, ...} with zeros.
std::string normalizeStats(std::string_view statsArrayJson);

}  // namespace kpeer
