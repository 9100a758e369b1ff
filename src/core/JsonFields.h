// Typed reads of optional JSON fields that turn a wrong type into an Error naming the field,
// shared by the config codecs.
#pragma once
#include <optional>
#include <string>

#include "Error.h"
#include "Json.h"

namespace kpeer {

// Long user strings are cut in messages so an error stays readable; never inside a UTF-8 character.
inline std::string truncatedForMessage(const std::string& s, std::size_t max = 40) {
  if (s.size() <= max) return s;
  std::size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return s.substr(0, cut) + "...";
}

class JsonFields {
 public:
  JsonFields(const Json& object, ErrorCode code, std::string where)
      : j_(object), code_(code), where_(std::move(where)) {}

  // Field absent or null → nullopt. Wrong type → error stored, nullopt.
  std::optional<bool> boolean(const char* name) {
    const Json* v = present(name);
    if (!v) return std::nullopt;
    if (!v->isBool()) return fail(name, "must be true or false");
    return v->boolean();
  }

  std::optional<double> number(const char* name, double min, double max) {
    const Json* v = present(name);
    if (!v) return std::nullopt;
    if (!v->isNumber()) return fail(name, "must be a number");
    double d = v->number();
    if (!(d >= min && d <= max))
      return fail(name, "must be from " + decimal(static_cast<long long>(min)) + " to " +
                            decimal(static_cast<long long>(max)) + ", got " + describe(d));
    return d;
  }

  std::optional<long long> integer(const char* name, long long min, long long max) {
    const Json* v = present(name);
    if (!v) return std::nullopt;
    if (!v->isInteger()) return fail(name, "must be a whole number");
    auto n = static_cast<long long>(v->number());
    if (n < min || n > max)
      return fail(name, "must be from " + decimal(min) + " to " + decimal(max) + ", got " + decimal(n));
    return n;
  }

  std::optional<std::string> string(const char* name) {
    const Json* v = present(name);
    if (!v) return std::nullopt;
    if (!v->isString()) return fail(name, "must be a string");
    return v->string();
  }

  const Json* present(const char* name) const {
    const Json* v = j_.find(name);
    return v && !v->isNull() ? v : nullptr;
  }

  std::nullopt_t fail(const std::string& name, const std::string& what) {
    if (!error_) error_ = Error{code_, where_ + "." + name + " " + what};
    return std::nullopt;
  }

  const std::optional<Error>& error() const { return error_; }

 private:
  static std::string describe(double d) {
    Json j(d);
    return j.dump();
  }

  const Json& j_;
  ErrorCode code_;
  std::string where_;
  std::optional<Error> error_;
};

}  // namespace kpeer
