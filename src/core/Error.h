// Errors are values in the core: a stable code plus a sentence a user can act on.
// The JS edge turns them into KPeerError with the same code string.
#pragma once
#include <string>
#include <utility>
#include <variant>

namespace kpeer {

enum class ErrorCode {
  InvalidConfig,
  InvalidSignal,
  InvalidChannelConfig,
  NegotiationFailed,
  ConnectionTimeout,
  ConnectionLost,
  Closed,
  Disposed,
  MessageTooBig,
  InvalidData,
  LimitExceeded,
  UnknownChannel,
  CallbackFailed,
  Internal,
};

// The string users see as KPeerError.code.
const char* errorCodeName(ErrorCode code);

struct Error {
  ErrorCode code;
  std::string message;
};

// A small std::expected stand-in (C++17): either a value or an Error.
template <class T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Error error) : v_(std::move(error)) {}
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

struct Unit {};
using Status = Result<Unit>;
inline Status okStatus() { return Unit{}; }

}  // namespace kpeer
