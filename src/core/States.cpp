#include "States.h"

namespace kpeer {

std::optional<IceConnectionState> parseIceConnectionState(std::string_view s) {
  if (s == "new") return IceConnectionState::New;
  if (s == "checking") return IceConnectionState::Checking;
  if (s == "connected") return IceConnectionState::Connected;
  if (s == "completed") return IceConnectionState::Completed;
  if (s == "disconnected") return IceConnectionState::Disconnected;
  if (s == "failed") return IceConnectionState::Failed;
  if (s == "closed") return IceConnectionState::Closed;
  return std::nullopt;
}

std::optional<SignalingState> parseSignalingState(std::string_view s) {
  if (s == "stable") return SignalingState::Stable;
  if (s == "have-local-offer") return SignalingState::HaveLocalOffer;
  if (s == "have-remote-offer") return SignalingState::HaveRemoteOffer;
  if (s == "have-local-pranswer") return SignalingState::HaveLocalPranswer;
  if (s == "have-remote-pranswer") return SignalingState::HaveRemotePranswer;
  if (s == "closed") return SignalingState::Closed;
  return std::nullopt;
}

std::optional<ChannelState> parseChannelState(std::string_view s) {
  if (s == "connecting") return ChannelState::Connecting;
  if (s == "open") return ChannelState::Open;
  if (s == "closing") return ChannelState::Closing;
  if (s == "closed") return ChannelState::Closed;
  return std::nullopt;
}

const char* connectionStateName(ConnectionState s) {
  switch (s) {
    case ConnectionState::Connecting: return "connecting";
    case ConnectionState::Connected: return "connected";
    case ConnectionState::Disconnected: return "disconnected";
    case ConnectionState::Failed: return "failed";
    case ConnectionState::Closed: return "closed";
  }
  return "closed";
}

const char* signalingStateName(SignalingState s) {
  switch (s) {
    case SignalingState::Stable: return "stable";
    case SignalingState::HaveLocalOffer: return "have-local-offer";
    case SignalingState::HaveRemoteOffer: return "have-remote-offer";
    case SignalingState::HaveLocalPranswer: return "have-local-pranswer";
    case SignalingState::HaveRemotePranswer: return "have-remote-pranswer";
    case SignalingState::Closed: return "closed";
  }
  return "closed";
}

const char* channelStateName(ChannelState s) {
  switch (s) {
    case ChannelState::Connecting: return "connecting";
    case ChannelState::Open: return "open";
    case ChannelState::Closing: return "closing";
    case ChannelState::Closed: return "closed";
  }
  return "closed";
}

}  // namespace kpeer
