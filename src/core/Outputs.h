// What the core yields: commands for the browser (executed by the adapter, results fed back with
// the same OpId) and events for the user (delivered by the JS layer). Plain values, no I/O.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "Error.h"
#include "PeerConfig.h"
#include "Signal.h"
#include "States.h"

namespace kpeer {

using OpId = std::uint32_t;         // one browser operation (a Promise) in flight
using RequestId = std::uint32_t;    // one user call awaiting a Promise (peer.signal)
using ChannelId = std::uint32_t;    // one KChannel (a label)
using TransportId = std::uint32_t;  // one RTCDataChannel; a channel's first transport has its id

namespace cmd {
struct SetLocalDescription { OpId op; };  // implicit: the browser creates the offer or answer
struct SetRemoteDescription { OpId op; Description description; };
struct AddIceCandidate { OpId op; IceCandidate candidate; };
struct RestartIce {};
struct CreateDataChannel { TransportId transport; ChannelConfig config; };
struct CloseDataChannel { TransportId transport; };
struct ClosePeerConnection {};
}  // namespace cmd

using Command = std::variant<cmd::SetLocalDescription, cmd::SetRemoteDescription, cmd::AddIceCandidate,
                             cmd::RestartIce, cmd::CreateDataChannel, cmd::CloseDataChannel,
                             cmd::ClosePeerConnection>;

enum class LogLevel { Debug, Info, Warn };

namespace ev {
struct EmitSignal { Signal signal; };
struct ConnectionStateChanged { ConnectionState state; };
struct ChannelAdded { ChannelId channel; std::string label; bool local; };
struct ChannelStateChanged { ChannelId channel; ChannelState state; };
struct RequestSettled { RequestId request; std::optional<Error> error; };
struct ErrorRaised { Error error; std::optional<ChannelId> channel; };
struct Log { LogLevel level; std::string message; };
}  // namespace ev

using Event = std::variant<ev::EmitSignal, ev::ConnectionStateChanged, ev::ChannelAdded, ev::ChannelStateChanged,
                           ev::RequestSettled, ev::ErrorRaised, ev::Log>;

// The result of one browser operation, as the adapter reports it.
struct OpOutcome {
  bool ok = true;
  std::string error;                       // the browser's message when !ok
  std::optional<Description> local;        // pc.localDescription after setLocalDescription
};

}  // namespace kpeer
