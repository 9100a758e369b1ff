// One peer's whole logic, sans I/O: user calls and browser events go in (each with `now`),
// commands for the browser, events for the user and the next deadline come out.
// The adapter drains pollCommand()/pollEvent() after every input and calls handleTimeout() at
// pollTimeout(). Nothing here reads a clock or touches the browser.
#pragma once
#include <optional>
#include <string_view>

#include "ChannelRegistry.h"
#include "ConnectionMonitor.h"
#include "IceBatcher.h"
#include "Negotiator.h"
#include "OutputQueue.h"
#include "PeerConfig.h"

namespace kpeer {

// How long a polite peer holds an offer that collides with the offer it has just begun
// (see Negotiator). Measured: 0 of 30 in-page glare runs stalled with a fresh task (~1 ms) of
// slack; 50 ms leaves a wide margin and only delays resolving a collision.
constexpr TimeMs kRollbackGuardMs = 50;

class PeerCore {
 public:
  PeerCore(PeerConfig config, TimeMs now);

  // --- user calls
  // Parses and applies a remote signal; `request` is settled through an event.
  // An immediate error (bad JSON, closed) is returned and nothing is settled.
  Status signal(std::string_view json, RequestId request, TimeMs now);
  Result<ChannelId> createChannel(std::string_view configJson, TimeMs now);
  Status closeChannel(ChannelId id, TimeMs now);
  Status restartIce(TimeMs now);
  void close(TimeMs now);

  // --- browser events
  void onNegotiationNeeded(TimeMs now);
  void onLocalCandidate(IceCandidate c, TimeMs now);
  void onLocalCandidatesComplete(TimeMs now);
  void onIceConnectionState(IceConnectionState s, TimeMs now);
  void onSignalingState(SignalingState s, TimeMs now);
  void onOperationDone(OpId op, const OpOutcome& outcome, TimeMs now);
  std::optional<RemoteChannelBinding> onRemoteChannel(const std::string& label, const std::string& protocol, TimeMs now);
  void onTransportState(TransportId t, ChannelState s, TimeMs now);
  void onTransportError(TransportId t, const std::string& message, TimeMs now);

  // --- time
  void handleTimeout(TimeMs now);
  std::optional<TimeMs> pollTimeout() const;

  // --- outputs
  std::optional<Command> pollCommand() { return out_.pollCommand(); }
  std::optional<Event> pollEvent() { return out_.pollEvent(); }

  // --- queries
  const PeerConfig& config() const { return config_; }
  bool closed() const { return closed_; }
  ConnectionState connectionState() const { return monitor_.state(); }
  const ChannelRegistry& channels() const { return channels_; }
  const Negotiator& negotiator() const { return negotiator_; }

 private:
  Error closedError() const;
  Result<Signal> acceptSignal(std::string_view json) const;  // parsed, and the peer is open
  void applySignal(Signal signal, RequestId request, TimeMs now);
  void emitReadyCandidates();

  PeerConfig config_;
  OutputQueue out_;
  Negotiator negotiator_;
  IceBatcher iceBatcher_;
  ConnectionMonitor monitor_;
  ChannelRegistry channels_;
  bool closed_ = false;
};

}  // namespace kpeer
