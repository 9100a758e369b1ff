// Errors are values in the core: a stable code plus a sentence a user can act on.
// The JS edge turns them into KPeerError with the same code string.
#pragma once
#include <optional>
#include <string>
#include <utility>

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

// A small std::expected stand-in (C++17): either a value or an Error. An optional and an Error
// side by side, not a std::variant: variant's copy, move and destroy go through tables of
// per-alternative functions for every T (more wasm); an unused Error is an empty string.
template <class T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}
  Result(Error error) : error_(std::move(error)) {}
  bool ok() const { return value_.has_value(); }
  explicit operator bool() const { return ok(); }
  T& value() { return value_.value(); }
  const T& value() const { return value_.value(); }
  const Error& error() const { return error_; }  // when !ok()

 private:
  std::optional<T> value_;
  Error error_{};
};

struct Unit {};
using Status = Result<Unit>;
inline Status okStatus() { return Unit{}; }

}  // namespace kpeer
