// Values kept for a subscriber that is not attached yet: signals for the first onSignal/for-await,
// messages per text/bytes flow of a channel for its first listener. The JS layer holds them (they
// are JS values); the core owns these bounds and what is said when one is passed (PeerCore::
// onReplayOverflow), so no limit or message is decided in js/.
#pragma once
#include <cstddef>
#include <cstdint>

namespace kpeer {

constexpr std::size_t kSignalReplayLimit = 10000;
constexpr std::size_t kMessageReplayLimit = 4096;

// Where a flow's dropping stands: how many kept values it dropped since a subscriber last took
// them, and whether a first subscriber has just taken the rest.
struct ReplayDrops {
  std::uint64_t dropped = 0;
  bool taken = false;
};

}  // namespace kpeer
