// The user-facing connection state, derived from iceConnectionState (as KPeer does), plus the two
// timers that act on it: the connection timeout and automatic ICE restart after an outage.
#pragma once
#include <optional>
#include <utility>

#include "OutputQueue.h"
#include "PeerConfig.h"
#include "States.h"
#include "Time.h"

namespace kpeer {

class ConnectionMonitor {
 public:
  ConnectionMonitor(const PeerConfig& config, TimeMs now, OutputQueue& out);

  void onIceConnectionState(IceConnectionState s, TimeMs now);
  void handleTimeout(TimeMs now);
  std::optional<TimeMs> deadline() const;
  // User asked for a restart (peer.restartIce()).
  bool restartIce(TimeMs now);
  // A restart this monitor decided on (or the user asked for), once: how to offer it is the
  // Negotiator's call (PeerCore asks after every input that reaches the monitor).
  bool takeRestart() { return std::exchange(restartDue_, false); }
  void close();

  ConnectionState state() const { return state_; }
  bool timedOut() const { return timedOut_; }

 private:
  void setState(ConnectionState s);
  void requestRestart(const char* why);
  void giveUp(ErrorCode code, const char* message);

  IceRestartPolicy restart_;
  OutputQueue& out_;
  ConnectionState state_ = ConnectionState::Connecting;
  std::optional<TimeMs> timeoutAt_;
  std::optional<TimeMs> restartAt_;
  std::optional<TimeMs> disconnectTimeout_;
  std::optional<TimeMs> lostAt_;  // give up on a lost connection then
  bool timedOut_ = false;
  bool restartDue_ = false;
  bool closed_ = false;
  int attempts_ = 0;
};

}  // namespace kpeer
