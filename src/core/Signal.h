// KPeerSignal as a value type: what travels over the user's signaling transport.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "Error.h"

namespace kpeer {

enum class SignalType { Offer, Answer, Ice };

struct IceCandidate {
  std::string candidate;
  std::optional<std::string> sdpMid;
  std::optional<int> sdpMLineIndex;
};

struct Description {
  SignalType type = SignalType::Offer;  // Offer or Answer
  std::string sdp;
};

struct Signal {
  SignalType type = SignalType::Offer;
  std::string sdp;         // offer / answer
  IceCandidate ice;        // ice

  static Signal fromDescription(const Description& d) { return Signal{d.type, d.sdp, {}}; }
  static Signal fromCandidate(IceCandidate c) { return Signal{SignalType::Ice, {}, std::move(c)}; }
  Description description() const { return Description{type, sdp}; }
};

const char* signalTypeName(SignalType type);

}  // namespace kpeer
