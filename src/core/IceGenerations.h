// ICE credentials (ufrags) of descriptions that were thrown away: a local offer rolled back, a
// remote offer this side ignored in a collision. Their candidates must not be sent or applied:
// Firefox's candidate lines do not name their ufrag, so a stale one is attached to the current
// generation, and ICE may then connect to the rolled-back transport's socket, where DTLS never
// starts (seen in Firefox glare: 'connected', channels 'connecting' forever).
// Also normalizes candidate lines both ways ("a=candidate:" from node-datachannel).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "Signal.h"

namespace kpeer {

class IceGenerations {
 public:
  // The ufrag a candidate line names ("... ufrag X ..."), if it does.
  static std::optional<std::string> candidateUfrag(std::string_view candidate);
  // The first a=ice-ufrag of an SDP, if any.
  static std::optional<std::string> sdpUfrag(std::string_view sdp);
  // "a=candidate:..." → "candidate:..."
  static void stripAttributePrefix(std::string& candidate);
  // A local candidate as it leaves: no "a=" prefix, and naming its ufrag when the browser gave it
  // separately (Firefox), so the remote side can tell generations apart as with Chromium's lines.
  static IceCandidate outgoing(IceCandidate c, const std::optional<std::string>& usernameFragment);

  void discardLocal(std::string_view sdp) { remember(local_, sdpUfrag(sdp)); }
  void discardRemote(std::string_view sdp) { remember(remote_, sdpUfrag(sdp)); }
  bool localDiscarded(const IceCandidate& c) const { return named(local_, c); }
  bool remoteDiscarded(const IceCandidate& c) const { return named(remote_, c); }

 private:
  static constexpr std::size_t kRemembered = 16;  // one per collision or refused answer; old ones age out
  static void remember(std::vector<std::string>& list, std::optional<std::string> ufrag);
  static bool named(const std::vector<std::string>& list, const IceCandidate& c);

  std::vector<std::string> local_, remote_;
};

}  // namespace kpeer
