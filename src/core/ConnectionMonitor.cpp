#include "ConnectionMonitor.h"

#include "Text.h"

#include <algorithm>

namespace kpeer {

ConnectionMonitor::ConnectionMonitor(const PeerConfig& config, TimeMs now, OutputQueue& out)
    : restart_(config.iceRestart), out_(out), disconnectTimeout_(config.disconnectTimeoutMs) {
  if (config.connectionTimeoutMs) timeoutAt_ = now + *config.connectionTimeoutMs;
}

void ConnectionMonitor::setState(ConnectionState s) {
  if (s == state_) return;
  state_ = s;
  out_.event(ev::ConnectionStateChanged{s});
}

void ConnectionMonitor::requestRestart(const char* why) {
  ++attempts_;
  out_.log(LogLevel::Info, std::string("restarting ICE (") + why + "), attempt " + decimal(attempts_) +
                               " of " + decimal(restart_.maxAttempts));
  restartDue_ = true;
}

void ConnectionMonitor::onIceConnectionState(IceConnectionState s, TimeMs now) {
  // After a timeout or close() the transport is gone for us: late browser events change nothing.
  if (timedOut_ || closed_) return;
  switch (s) {
    case IceConnectionState::New:
    case IceConnectionState::Checking:
      setState(ConnectionState::Connecting);
      break;
    case IceConnectionState::Connected:
    case IceConnectionState::Completed:
      timeoutAt_.reset();
      restartAt_.reset();
      lostAt_.reset();
      attempts_ = 0;
      setState(ConnectionState::Connected);
      break;
    case IceConnectionState::Disconnected:
      if (!lostAt_ && disconnectTimeout_ && state_ == ConnectionState::Connected) lostAt_ = now + *disconnectTimeout_;
      setState(ConnectionState::Disconnected);
      if (restart_.enabled && attempts_ < restart_.maxAttempts) restartAt_ = now + restart_.disconnectedGraceMs;
      break;
    case IceConnectionState::Failed:
      if (!lostAt_ && disconnectTimeout_ && state_ == ConnectionState::Connected) lostAt_ = now + *disconnectTimeout_;
      timeoutAt_.reset();
      restartAt_.reset();
      setState(ConnectionState::Failed);
      if (restart_.enabled && attempts_ < restart_.maxAttempts) requestRestart("the connection failed");
      break;
    case IceConnectionState::Closed:
      setState(ConnectionState::Disconnected);
      break;
  }
}

void ConnectionMonitor::handleTimeout(TimeMs now) {
  if (timeoutAt_ && now >= *timeoutAt_) {
    timeoutAt_.reset();
    restartAt_.reset();
    if (state_ != ConnectionState::Connected && state_ != ConnectionState::Failed)
      giveUp(ErrorCode::ConnectionTimeout,
             "not connected within connectionTimeoutMs; closed (do signals reach the other side? "
             "is a STUN/TURN server reachable?)");
  }
  if (lostAt_ && now >= *lostAt_) {
    lostAt_.reset();
    if (state_ != ConnectionState::Connected)
      giveUp(ErrorCode::ConnectionLost,
             "the connection was lost for longer than disconnectTimeoutMs (the other side closed or "
             "went away); closed");
  }
  if (restartAt_ && now >= *restartAt_) {
    restartAt_.reset();
    if (state_ == ConnectionState::Disconnected) requestRestart("disconnected for longer than the grace period");
  }
}

void ConnectionMonitor::giveUp(ErrorCode code, const char* message) {
  timedOut_ = true;
  timeoutAt_.reset();
  restartAt_.reset();
  lostAt_.reset();
  setState(ConnectionState::Failed);
  out_.error(code, message);
  out_.command(cmd::ClosePeerConnection{});
}

std::optional<TimeMs> ConnectionMonitor::deadline() const {
  std::optional<TimeMs> next;
  for (auto d : {timeoutAt_, restartAt_, lostAt_})
    if (d && (!next || *d < *next)) next = d;
  return next;
}

bool ConnectionMonitor::restartIce(TimeMs) {
  if (closed_ || timedOut_) return false;
  restartAt_.reset();
  restartDue_ = true;
  return true;
}

void ConnectionMonitor::close() {
  if (closed_) return;
  closed_ = true;
  restartDue_ = false;
  timeoutAt_.reset();
  restartAt_.reset();
  lostAt_.reset();
  setState(ConnectionState::Closed);
}

}  // namespace kpeer
