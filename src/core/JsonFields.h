// Typed reads of optional JSON fields that turn a wrong type into an Error with the field's name,
// shared by the config and signal codecs.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "Error.h"

namespace kpeer {

// Long user strings are cut in messages so an error stays readable.
inline std::string truncatedForMessage(const std::string& s) {
  return s.size() <= 40 ? s : s.substr(0, 40) + "...";
}

class JsonFields {
 public:
  JsonFields(const nlohmann::json& object, ErrorCode code, std::string where)
      : j_(object), code_(code), where_(std::move(where)) {}

  // Field absent or null → nullopt. Wrong type → error stored, nullopt.
  std::optional<bool> boolean(const char* name) {
    auto* v = present(name);
    if (!v) return std::nullopt;
    if (!v->is_boolean()) return fail(name, "must be true or false");
    return v->get<bool>();
  }

  std::optional<double> number(const char* name, double min, double max) {
    auto* v = present(name);
    if (!v) return std::nullopt;
    if (!v->is_number()) return fail(name, "must be a number");
    double d = v->get<double>();
    if (!(d >= min && d <= max))
      return fail(name, "must be from " + fmt(min) + " to " + fmt(max) + ", got " + fmt(d));
    return d;
  }

  std::optional<long long> integer(const char* name, long long min, long long max) {
    auto* v = present(name);
    if (!v) return std::nullopt;
    if (!v->is_number_integer() && !(v->is_number_float() && isWhole(v->get<double>())))
      return fail(name, "must be a whole number");
    long long n = v->is_number_integer() ? v->get<long long>() : static_cast<long long>(v->get<double>());
    if (n < min || n > max)
      return fail(name, "must be from " + std::to_string(min) + " to " + std::to_string(max) + ", got " +
                            std::to_string(n));
    return n;
  }

  std::optional<std::string> string(const char* name) {
    auto* v = present(name);
    if (!v) return std::nullopt;
    if (!v->is_string()) return fail(name, "must be a string");
    return v->get<std::string>();
  }

  const nlohmann::json* present(const char* name) const {
    auto it = j_.find(name);
    if (it == j_.end() || it->is_null()) return nullptr;
    return &*it;
  }

  std::nullopt_t fail(const std::string& name, const std::string& what) {
    if (!error_) error_ = Error{code_, where_ + "." + name + " " + what};
    return std::nullopt;
  }

  const std::optional<Error>& error() const { return error_; }

 private:
  static bool isWhole(double d) { return d == static_cast<double>(static_cast<long long>(d)); }
  static std::string fmt(double d) {
    if (isWhole(d) && d < 1e15 && d > -1e15) return std::to_string(static_cast<long long>(d));
    return std::to_string(d);
  }

  const nlohmann::json& j_;
  ErrorCode code_;
  std::string where_;
  std::optional<Error> error_;
};

}  // namespace kpeer
