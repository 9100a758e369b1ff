#include "FieldReader.h"

#include "Text.h"

namespace kpeer {

FieldReader::FieldReader(const Value& object, ErrorCode code, const char* where)
    : object_(object), code_(code), where_(where) {}

Value FieldReader::readable(const char* name) {
  Value v = object_.field(name);
  if (!v.is(ValueKind::Unreadable)) return v;
  fail(name, "could not be read: " + truncatedForMessage(v.reason(), 120));
  return v.absent();
}

Value FieldReader::present(const char* name) {
  Value v = readable(name);
  return v.is(ValueKind::Null) ? v.absent() : std::move(v);
}

std::optional<bool> FieldReader::boolean(const char* name) {
  Value v = present(name);
  if (v.missing()) return std::nullopt;
  if (!v.is(ValueKind::Bool)) return fail(name, "must be true or false");
  return v.boolean();
}

std::optional<double> FieldReader::number(const char* name, double min, double max) {
  Value v = present(name);
  if (v.missing()) return std::nullopt;
  if (!v.is(ValueKind::Number)) return fail(name, "must be a number");
  const double d = v.number();
  if (!(d >= min && d <= max))
    return fail(name, "must be from " + numberText(min) + " to " + numberText(max) + ", got " + numberText(d));
  return d;
}

std::optional<long long> FieldReader::integer(const char* name, long long min, long long max) {
  Value v = present(name);
  if (v.missing()) return std::nullopt;
  if (!v.isInteger()) return fail(name, "must be a whole number");
  const auto n = static_cast<long long>(v.number());
  if (n < min || n > max) return fail(name, "must be from " + decimal(min) + " to " + decimal(max) + ", got " + decimal(n));
  return n;
}

std::optional<std::string> FieldReader::string(const char* name) {
  Value v = present(name);
  if (v.missing()) return std::nullopt;
  if (!v.is(ValueKind::String)) return fail(name, "must be a string");
  return v.string();
}

std::nullopt_t FieldReader::fail(const char* name, const std::string& what) {
  if (!error_) error_ = Error{code_, where_ + "." + name + " " + what};
  return std::nullopt;
}

bool FieldReader::stop(std::string message) {
  error_ = Error{code_, std::move(message)};
  return false;
}

bool FieldReader::stop(const char* message) { return stop(std::string(message)); }

}  // namespace kpeer
