// Keeps the DTLS roles of a connection as they were first negotiated. An answerer must keep its
// role on every later offer (RFC 8842 §5.5), but some browsers do not: Firefox answers every
// re-offer with a=setup:active, even when it is the DTLS server, and Chromium then refuses the
// answer ("Failed to set SSL role for the transport") and is left in have-local-offer. kpeer
// rewrites such an answer to the role the remote already has, so ICE restarts work against any
// peer that flips its role.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace kpeer {

enum class DtlsSetup { ActPass, Active, Passive };

// The first a=setup value of an SDP (every m= section of a bundle carries the same one).
std::optional<DtlsSetup> sdpSetup(std::string_view sdp);
// The SDP with every a=setup line set to `setup`.
std::string withSetup(std::string_view sdp, DtlsSetup setup);

class DtlsRoles {
 public:
  // Our local answer was set: our role is its a=setup.
  void onLocalAnswer(std::string_view sdp);
  // A remote answer to our offer was applied: our role is the opposite of its a=setup.
  void onRemoteAnswer(std::string_view sdp);
  // A remote answer about to be applied, when it claims our role: rewritten to the remote's own.
  std::optional<std::string> corrected(std::string_view answer) const;

  std::optional<DtlsSetup> ours() const { return ours_; }

 private:
  std::optional<DtlsSetup> ours_;  // Active (DTLS client) or Passive (server), once negotiated
};

}  // namespace kpeer
