// JSON wire format, identical to KPeer's JS target:
//   {type:"offer"|"answer", sdp}  and  {type:"ice", candidate, sdpMid, sdpMLineIndex}
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

#include "Signal.h"

namespace kpeer {

// Signals larger than this are refused before parsing (a data-only SDP is a few KiB).
constexpr std::size_t kMaxSignalBytes = 256 * 1024;

Result<Signal> decodeSignal(std::string_view json);
std::string encodeSignal(const Signal& signal);

}  // namespace kpeer
