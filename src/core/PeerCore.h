// One peer's whole logic, sans I/O: user calls and browser events go in (each with `now`),
// commands for the browser, events for the user and the next deadline come out.
// The adapter drains poll() after every input and calls handleTimeout() at pollTimeout().
// Nothing here reads a clock or touches the browser, and nothing here holds a message's bytes.
#pragma once
#include <optional>
#include <string_view>

#include "ChannelRegistry.h"
#include "ConnectionMonitor.h"
#include "DataPlane.h"
#include "IceBatcher.h"
#include "IdLinks.h"
#include "Negotiator.h"
#include "OutputQueue.h"
#include "PeerConfig.h"
#include "ReplayLimits.h"

namespace kpeer {

// How long a polite peer holds an offer that collides with the offer it has just begun
// (see Negotiator). Measured: 0 of 30 in-page glare runs stalled with a fresh task (~1 ms) of
// slack; 50 ms leaves a wide margin and only delays resolving a collision.
constexpr TimeMs kRollbackGuardMs = 50;

class PeerCore {
 public:
  PeerCore(PeerConfig config, TimeMs now);

  // --- user calls
  // Decodes and applies a remote signal (the object or its JSON text, SignalCodec.h); `request` is
  // settled through an event. An immediate error (a bad signal, closed) is returned and nothing is settled.
  Status signal(const Value& signal, RequestId request, TimeMs now);
  // `request` settles once the browser created the channel's RTCDataChannel (or refused it).
  Result<ChannelId> createChannel(const Value& config, TimeMs now, RequestId request = RequestId());
  Status closeChannel(ChannelId id, TimeMs now);
  Status restartIce(TimeMs now);
  void close(TimeMs now);

  // --- messages (DataPlane.h): the adapter names each payload with newPayload(), takes it in by
  // payloadRule(), and passes the channel's bufferedAmount now. Both settle `request`.
  PayloadId newPayload() { return dataPlane_.newPayload(); }
  PayloadRule payloadRule(ChannelId channel) const { return dataPlane_.payloadRule(channel); }
  void send(ChannelId channel, const Payload& p, RequestId request, double buffered, TimeMs now);
  void write(ChannelId channel, const Payload& p, RequestId request, double buffered, TimeMs now);
  double maxMessageSize() const { return dataPlane_.maxMessageSize(); }
  // The channel's bufferedAmount flow got its first subscriber (watching) or lost its last one;
  // `buffered` is the channel's bufferedAmount now. While watched, BufferedAmount events follow
  // the queue down to 0 (DataPlane::watchBuffered).
  void watchBufferedAmount(ChannelId channel, bool watching, double buffered, TimeMs now);

  // The JS layer dropped the oldest value a flow kept for a late subscriber (ReplayLimits.h), or
  // handed the kept values to a first subscriber after dropping some: the channel's text/bytes
  // flow, or the peer's signals (nullopt). Reported once when dropping starts and once, with the
  // count, when a subscriber arrives; not once per value (thousands of errors say nothing more).
  void onReplayOverflow(std::optional<ChannelId> channel, ReplayDrops drops, TimeMs now);

  // --- browser events
  void onNegotiationNeeded(TimeMs now);
  // usernameFragment: RTCIceCandidate.usernameFragment, when the line itself does not name it.
  void onLocalCandidate(IceCandidate c, TimeMs now, const std::optional<std::string>& usernameFragment = std::nullopt);
  void onLocalCandidatesComplete(TimeMs now);
  void onIceConnectionState(IceConnectionState s, TimeMs now);
  void onSignalingState(SignalingState s, TimeMs now);
  void onOperationDone(OpId op, const OpOutcome& outcome, TimeMs now);
  // A remote RTCDataChannel: adopted (the adapter keeps it under the binding's transport) or
  // refused (nullopt: the adapter closes it). `open`: it was open already when announced.
  std::optional<RemoteChannelBinding> onRemoteChannel(const std::string& label, const std::string& protocol, TimeMs now,
                                                      bool open = false, std::optional<double> sctpMaxMessageSize = std::nullopt);
  // sctpMaxMessageSize: pc.sctp.maxMessageSize when the browser reports it (read at 'open').
  void onTransportState(TransportId t, ChannelState s, TimeMs now, std::optional<double> sctpMaxMessageSize = std::nullopt);
  // The answer to CreateDataChannel: created, or pc.createDataChannel() threw.
  void onTransportCreated(TransportId t, TimeMs now);
  void onTransportRefused(TransportId t, const std::string& browserMessage, TimeMs now);
  // pc.restartIce() threw (node-datachannel: "Not implemented").
  void onRestartIceRefused(const std::string& browserMessage, TimeMs now);
  // sctpCauseCode: RTCError.sctpCauseCode when present.
  void onTransportError(TransportId t, const std::string& message, TimeMs now, std::optional<int> sctpCauseCode = std::nullopt);
  void onSendResult(TransportId t, bool accepted, double buffered, TimeMs now);
  void onBufferedLow(TransportId t, double buffered, TimeMs now);
  // The answer to cmd::ReadBufferedAmount.
  void onBufferedAmount(TransportId t, double buffered, TimeMs now);
  void onFrame(TransportId t, PayloadId frame, const FrameFacts& facts, TimeMs now);

  // --- time
  void handleTimeout(TimeMs now);
  std::optional<TimeMs> pollTimeout() const;

  // --- outputs, in order; the send() fast-path grants are settled when the queue runs dry.
  PolledOutput poll();

  // --- queries
  const PeerConfig& config() const { return config_; }
  bool closed() const { return closed_; }
  ConnectionState connectionState() const { return monitor_.state(); }
  const ChannelRegistry& channels() const { return channels_; }
  const Negotiator& negotiator() const { return negotiator_; }

 private:
  Error closedError() const;
  Result<Signal> acceptSignal(const Value& signal) const;  // parsed, and the peer is open
  void applySignal(Signal signal, RequestId request, TimeMs now);
  void emitReadyCandidates();
  void closeChannels();
  void restartIfDue(TimeMs now);  // a restart the monitor asked for goes to the Negotiator

  PeerConfig config_;
  OutputQueue out_;
  Negotiator negotiator_;
  IceBatcher iceBatcher_;
  ConnectionMonitor monitor_;
  ChannelRegistry channels_;
  DataPlane dataPlane_;
  IdLinks<TransportId, RequestId> creating_;  // createChannel() requests awaiting the browser
  bool closed_ = false;
};

}  // namespace kpeer
