// The o= line of an SDP: session id and version. A new offer of the same session always has a
// higher version (RFC 3264 §8), so an offer whose version is not higher is a replay.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "Text.h"

namespace kpeer {

struct SdpOrigin {
  std::string sessionId;
  std::string version;  // decimal digits, compared by value
  std::string user;     // "-" from libwebrtc (Chromium, @roamhq/wrtc), "mozilla...THIS_IS_SDPARTA-<version>" from Firefox

  // true when this origin is the same session as `applied` and not newer.
  bool isReplayOf(const SdpOrigin& applied) const {
    if (sessionId != applied.sessionId) return false;
    if (version.size() != applied.version.size()) return version.size() < applied.version.size();
    return version <= applied.version;
  }
};

inline std::optional<SdpOrigin> parseSdpOrigin(std::string_view sdp) {
  std::size_t at = startsWith(sdp, "v=0") ? sdp.find("\no=") : std::string_view::npos;
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view line = sdp.substr(at + 3, sdp.find('\n', at + 3) - (at + 3));
  // o=<username> <sess-id> <sess-version> <nettype> <addrtype> <address>
  std::size_t a = line.find(' ');
  std::size_t b = a == std::string_view::npos ? a : line.find(' ', a + 1);
  std::size_t c = b == std::string_view::npos ? b : line.find(' ', b + 1);
  if (c == std::string_view::npos) return std::nullopt;
  SdpOrigin o{std::string(line.substr(a + 1, b - a - 1)), std::string(line.substr(b + 1, c - b - 1)), std::string(line.substr(0, a))};
  if (o.version.empty() || o.version.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  while (o.version.size() > 1 && o.version[0] == '0') o.version.erase(0, 1);
  return o;
}

}  // namespace kpeer
