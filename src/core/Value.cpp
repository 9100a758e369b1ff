#include "Value.h"

#include <cmath>

namespace kpeer {

bool Value::isInteger() const {
  const double d = read_.number;
  return is(ValueKind::Number) && std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9007199254740992.0;
}

std::string Value::string() const {
  if (!is(ValueKind::String)) return {};
  if (read_.text) return *read_.text;
  return source_->text(read_.ref, read_.length);
}

Value Value::item(std::size_t index) const {
  if (!is(ValueKind::Array) || index >= read_.length) return Value(*source_, {});
  return Value(*source_, source_->item(read_.ref, index));
}

Value Value::field(const char* name) const {
  if (!is(ValueKind::Object)) return Value(*source_, {});
  return Value(*source_, source_->field(read_.ref, name));
}

Value Value::parsedJson() const {
  if (!is(ValueKind::String)) return Value(*source_, {});
  return Value(*source_, source_->parseJson(read_));
}

const char* Value::describe(ValueKind kind) {
  switch (kind) {
    case ValueKind::Absent: return "undefined";
    case ValueKind::Null: return "null";
    case ValueKind::Bool: return "a boolean";
    case ValueKind::Number: return "a number";
    case ValueKind::String: return "a string";
    case ValueKind::Array: return "an array";
    case ValueKind::Object: return "an object";
    case ValueKind::Other: return "a function, symbol or BigInt";
    case ValueKind::Unreadable: return "a value that could not be read";
  }
  return "?";
}

}  // namespace kpeer
