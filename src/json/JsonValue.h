// The core's Value over nlohmann_json: how native builds, tests and fuzzers hand the core a signal,
// a config or a stats report. Never in the wasm (the browser hands over its own objects).
#pragma once
#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "core/Value.h"

namespace kpeer {

// Reads nlohmann::json values; parseJson() is nlohmann's non-throwing parser.
class JsonSource final : public ValueSource {
 public:
  static const JsonSource& instance();
  static Read read(const nlohmann::json& j);

  Read field(std::uintptr_t object, const char* name) const override;
  Read item(std::uintptr_t array, std::size_t index) const override;
  std::string text(std::uintptr_t string, std::size_t length) const override;
  Read parseJson(const Read& string) const override;
  void release(std::uintptr_t ref) const override;
};

// An owned JSON value, usable wherever the core takes a `const Value&`:
//   core.signal(JsonValue(nlohmann::json{{"type", "ice"}, ...}), request, now)
class JsonValue {
 public:
  explicit JsonValue(nlohmann::json j) : j_(std::move(j)) {}
  // JSON text as the browser passes a string to peer.signal(): the core asks for it to be parsed.
  static JsonValue text(std::string_view text) { return JsonValue(nlohmann::json(std::string(text))); }
  // Parsed here; text that is not JSON becomes a value the core refuses as "not an object".
  static JsonValue parse(std::string_view text);

  Value value() const { return Value(JsonSource::instance(), JsonSource::read(j_)); }
  operator Value() const { return value(); }
  const nlohmann::json& json() const { return j_; }

 private:
  nlohmann::json j_;
};

}  // namespace kpeer
