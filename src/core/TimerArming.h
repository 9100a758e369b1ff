// When the adapter's one browser timer for the core's next deadline is armed, kept or cancelled.
//
// Why not simply re-arm on every change: a write() that waits on the send buffer arms the 50 ms
// bufferedAmount poll (DataPlane) and the 'bufferedamountlow' that ends the wait clears it again,
// once per 64 KiB message in a bulk transfer. clearTimeout + setTimeout took 35 ms of main thread
// per 32 MiB in Chromium (bench/ profile), on the path from 'bufferedamountlow' to the next send.
// So an armed timer stays when it fires no later than the deadline wanted (the early firing is a
// no-op in PeerCore::handleTimeout, and the timer is armed again then), or, with no deadline, when
// it is due within kKeepMs: no longer, so a Node process is not kept alive by an unwanted timer.
#pragma once
#include <optional>

#include "Time.h"

namespace kpeer {

class TimerArming {
 public:
  static constexpr TimeMs kKeepMs = 50;

  struct Action {
    bool cancel = false;           // clear the armed browser timer first
    std::optional<TimeMs> armAt;   // then arm one for this deadline
  };

  // The core's next deadline is `wanted` at `now`: what to do with the browser timer.
  Action update(std::optional<TimeMs> wanted, TimeMs now);
  // The browser timer went off (it is gone) or was let go of with the peer.
  void disarm() { armedAt_.reset(); }
  std::optional<TimeMs> armedAt() const { return armedAt_; }

 private:
  std::optional<TimeMs> armedAt_;
};

}  // namespace kpeer
