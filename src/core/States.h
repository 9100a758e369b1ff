// Browser and user-facing states as enums (libdatachannel style), with their string names.
#pragma once
#include <optional>
#include <string_view>

namespace kpeer {

enum class IceConnectionState { New, Checking, Connected, Completed, Disconnected, Failed, Closed };
enum class SignalingState { Stable, HaveLocalOffer, HaveRemoteOffer, HaveLocalPranswer, HaveRemotePranswer, Closed };
enum class ConnectionState { Connecting, Connected, Disconnected, Failed, Closed };
enum class ChannelState { Connecting, Open, Closing, Closed };

std::optional<IceConnectionState> parseIceConnectionState(std::string_view s);
std::optional<SignalingState> parseSignalingState(std::string_view s);
std::optional<ChannelState> parseChannelState(std::string_view s);
const char* connectionStateName(ConnectionState s);
const char* signalingStateName(SignalingState s);
const char* channelStateName(ChannelState s);

}  // namespace kpeer
