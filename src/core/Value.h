// A read-only view of one value the user handed over: a signal, a config, an entry of a stats
// report. The core reads the fields it knows through it and never sees the host's value itself,
// so the browser's objects reach the core without a JSON round trip (src/web/JsValueSource.h), and
// native builds read the same fields from nlohmann_json (src/json/). Both feed the same decoders,
// so a bad signal gets the same code and message either way.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace kpeer {

enum class ValueKind {
  Absent,      // undefined, a missing field, or an index past the end
  Null,
  Bool,
  Number,
  String,
  Array,
  Object,
  Other,       // what JSON cannot hold: a function, a symbol, a BigInt
  Unreadable,  // reading it threw (a getter, a revoked Proxy); reason() says why
};

// How one host's values are read. A Read carries what one host call can return at once (the
// kind, a number, a short string, a length), so a field costs one call across the wasm boundary.
class ValueSource {
 public:
  struct Read {
    ValueKind kind = ValueKind::Absent;
    double number = 0;                // Number, and Bool as 0/1
    std::size_t length = 0;           // UTF-8 bytes of a String, items of an Array
    std::uintptr_t ref = 0;           // the host's handle, for what needs another call
    bool owned = false;               // release(ref) when the view is done with it
    std::optional<std::string> text;  // a String's bytes when already copied; Unreadable's reason
  };

  // `name` is a string literal: a source may key a cache by its address.
  virtual Read field(std::uintptr_t object, const char* name) const = 0;
  virtual Read item(std::uintptr_t array, std::size_t index) const = 0;
  virtual std::string text(std::uintptr_t string, std::size_t length) const = 0;
  // A String's text parsed as JSON (the browser's JSON.parse; nlohmann natively); kind Absent
  // when it is not JSON.
  virtual Read parseJson(const Read& string) const = 0;
  virtual void release(std::uintptr_t ref) const = 0;

 protected:
  ~ValueSource() = default;
};

class Value {
 public:
  Value(const ValueSource& source, ValueSource::Read read) : source_(&source), read_(std::move(read)) {}
  Value(Value&& other) noexcept : source_(other.source_), read_(std::move(other.read_)) { other.read_.owned = false; }
  Value(const Value&) = delete;
  Value& operator=(const Value&) = delete;
  Value& operator=(Value&&) = delete;
  ~Value() {
    if (read_.owned) source_->release(read_.ref);
  }

  ValueKind kind() const { return read_.kind; }
  bool is(ValueKind k) const { return read_.kind == k; }
  // Absent or null: an optional field that was not given.
  bool missing() const { return is(ValueKind::Absent) || is(ValueKind::Null); }

  bool boolean() const { return read_.number != 0; }
  double number() const { return read_.number; }
  // A Number with no fractional part that a long long holds exactly.
  bool isInteger() const;
  std::size_t textBytes() const { return is(ValueKind::String) ? read_.length : 0; }
  std::string string() const;
  std::string reason() const { return read_.text.value_or(std::string()); }  // of an Unreadable

  std::size_t length() const { return is(ValueKind::Array) ? read_.length : 0; }
  Value item(std::size_t index) const;
  Value field(const char* name) const;
  // This String's text parsed as JSON; Absent when it is not JSON.
  Value parsedJson() const;
  // An Absent value from the same source.
  Value absent() const { return Value(*source_, {}); }

  // "a number", "an array", ...: what a message says was given instead.
  static const char* describe(ValueKind kind);

 private:
  const ValueSource* source_;
  ValueSource::Read read_;
};

}  // namespace kpeer
