// KPeerSignal from what the user passed to peer.signal(): the object, or its JSON text (parsed by
// the host: the browser's JSON.parse, nlohmann_json natively). Wire format, as KPeer's JS target:
//   {type:"offer"|"answer", sdp}  and  {type:"ice", candidate, sdpMid, sdpMLineIndex}
// Only these fields are read; others are ignored, as RTCPeerConnection ignores unknown members.
#pragma once
#include <cstddef>

#include "Signal.h"
#include "Value.h"

namespace kpeer {

// JSON text, an SDP or a candidate larger than this is refused before it is copied or parsed
// (a data-only SDP is a few KiB).
constexpr std::size_t kMaxSignalBytes = 256 * 1024;

Result<Signal> decodeSignal(const Value& signal);

}  // namespace kpeer
