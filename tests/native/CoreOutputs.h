// Small helpers for tests that drive one PeerCore (or one of its parts) by hand: build a core from
// a JSON config, drain what it produced, and pick outputs of one kind.
#pragma once
#include <stdexcept>
#include <string>
#include <vector>

#include "core/PeerCore.h"
#include "json/JsonValue.h"
#include "json/WireFormat.h"
#include "IdPrinting.h"

namespace kpeer::test {

// Everything drained, in order (`all`), and split into commands and events (each in its own order).
struct Outputs {
  std::vector<Output> all;
  std::vector<Output> commands;
  std::vector<Output> events;
};

template <class Source>
Outputs drain(Source& source) {
  Outputs o;
  while (auto out = source.poll()) {
    (isCommand(*out) ? o.commands : o.events).push_back(*out);
    o.all.push_back(std::move(*out));
  }
  return o;
}

// Every output of type T, in order: only<ev::EmitSignal>(o.events), only<cmd::RestartIce>(o.commands).
template <class T, class V>
std::vector<T> only(const std::vector<V>& outputs) {
  std::vector<T> out;
  for (const auto& v : outputs)
    if (auto* t = std::get_if<T>(&v)) out.push_back(*t);
  return out;
}

// What the user would see, without the core's log lines (their wording is free to change).
inline std::vector<Output> userEvents(const std::vector<Output>& events) {
  std::vector<Output> out;
  for (const auto& e : events)
    if (!std::holds_alternative<ev::Log>(e)) out.push_back(e);
  return out;
}

inline PeerConfig config(const std::string& json) {
  auto c = peerConfigFromJson(json);
  if (!c) throw std::runtime_error("bad test config: " + c.error().message);
  return c.value();
}

inline IceCandidate candidate(int n, const std::string& ufrag = "ufX") {
  return IceCandidate{"candidate:" + std::to_string(n) + " 1 udp 2122260223 10.0.0." + std::to_string(n) +
                          " 5000" + std::to_string(n % 10) + " typ host generation 0 ufrag " + ufrag,
                      "0", 0};
}

}  // namespace kpeer::test
