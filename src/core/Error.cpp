#include "Error.h"

namespace kpeer {

const char* errorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::InvalidConfig: return "invalid-config";
    case ErrorCode::InvalidSignal: return "invalid-signal";
    case ErrorCode::InvalidChannelConfig: return "invalid-channel-config";
    case ErrorCode::NegotiationFailed: return "negotiation-failed";
    case ErrorCode::ConnectionTimeout: return "connection-timeout";
    case ErrorCode::ConnectionLost: return "connection-lost";
    case ErrorCode::Closed: return "closed";
    case ErrorCode::Disposed: return "disposed";
    case ErrorCode::MessageTooBig: return "message-too-big";
    case ErrorCode::InvalidData: return "invalid-data";
    case ErrorCode::LimitExceeded: return "limit-exceeded";
    case ErrorCode::UnknownChannel: return "unknown-channel";
    case ErrorCode::CallbackFailed: return "callback-failed";
    case ErrorCode::Internal: return "internal";
  }
  return "internal";
}

}  // namespace kpeer
