// Distinct id types for the things the core names: a ChannelId cannot be passed where a
// TransportId is wanted, nor a RequestId for an OpId. 0 means "none" for every kind.
#pragma once
#include <cstdint>

namespace kpeer {

template <class Tag>
class Id {
 public:
  constexpr Id() = default;
  constexpr explicit Id(std::uint32_t value) : value_(value) {}
  constexpr std::uint32_t value() const { return value_; }
  constexpr explicit operator bool() const { return value_ != 0; }
  friend constexpr bool operator==(Id a, Id b) { return a.value_ == b.value_; }
  friend constexpr bool operator!=(Id a, Id b) { return a.value_ != b.value_; }
  friend constexpr bool operator<(Id a, Id b) { return a.value_ < b.value_; }

 private:
  std::uint32_t value_ = 0;
};

// Hands out 1, 2, 3, ... of one kind.
template <class T>
class IdSource {
 public:
  T next() { return T(++last_); }

 private:
  std::uint32_t last_ = 0;
};

using OpId = Id<struct OpTag>;                // one browser operation (a Promise) in flight
using RequestId = Id<struct RequestTag>;      // one user call awaiting its outcome
using ChannelId = Id<struct ChannelTag>;      // one KChannel (a label)
using TransportId = Id<struct TransportTag>;  // one RTCDataChannel
using PayloadId = Id<struct PayloadTag>;      // one message's bytes, held by the adapter, never by the core

}  // namespace kpeer
