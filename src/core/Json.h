// A small JSON value with a parser and a serializer, just what signals, configs and stats need.
// It replaced nlohmann_json in the shipped core: measured, nlohmann's parser, serializer and the
// printf/long-double code they pull in were ~45% of the wasm (see README, "Size").
// Never throws; parse failures are values.
#pragma once
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kpeer {

class Json {
 public:
  enum class Type { Null, Bool, Number, String, Array, Object };
  using Members = std::vector<std::pair<std::string, Json>>;

  Json() = default;
  Json(std::nullptr_t) {}
  Json(bool b) : type_(Type::Bool), bool_(b) {}
  Json(double n) : type_(Type::Number), number_(n) {}
  Json(int n) : Json(static_cast<double>(n)) {}
  Json(long long n) : Json(static_cast<double>(n)) {}
  Json(unsigned n) : Json(static_cast<double>(n)) {}
  Json(std::string s) : type_(Type::String), string_(std::move(s)) {}
  Json(const char* s) : Json(std::string(s)) {}
  static Json array() { Json j; j.type_ = Type::Array; return j; }
  static Json object() { Json j; j.type_ = Type::Object; return j; }

  // Depth-limited so hostile input cannot exhaust the stack.
  static constexpr int kMaxDepth = 64;
  enum class ParseError { Syntax, TooDeep };
  static std::optional<Json> parse(std::string_view text, ParseError* error = nullptr);

  Type type() const { return type_; }
  bool isNull() const { return type_ == Type::Null; }
  bool isBool() const { return type_ == Type::Bool; }
  bool isNumber() const { return type_ == Type::Number; }
  bool isString() const { return type_ == Type::String; }
  bool isArray() const { return type_ == Type::Array; }
  bool isObject() const { return type_ == Type::Object; }
  // A number with no fractional part that a long long holds exactly.
  bool isInteger() const;

  bool boolean() const { return bool_; }
  double number() const { return number_; }
  const std::string& string() const { return string_; }
  const std::vector<Json>& items() const { return items_; }
  const Members& members() const { return members_; }

  // Object member by key (last one wins, as in JSON.parse); nullptr when absent or not an object.
  const Json* find(std::string_view key) const;
  // Typed reads with fallbacks, for data whose shape we trust but do not assume.
  std::string stringOr(std::string_view key, std::string fallback = {}) const;
  double numberOr(std::string_view key, double fallback = 0) const;
  bool boolOr(std::string_view key, bool fallback = false) const;

  // set() replaces an existing key; append() does not look (the parser's O(1) path).
  Json& set(std::string key, Json value);
  Json& append(std::string key, Json value) {
    members_.emplace_back(std::move(key), std::move(value));
    return *this;
  }
  Json& push(Json value);

  std::string dump() const;

 private:
  void dumpTo(std::string& out) const;

  Type type_ = Type::Null;
  bool bool_ = false;
  double number_ = 0;
  std::string string_;
  std::vector<Json> items_;
  Members members_;
};

// Decimal text of an integer, without printf (keeps printf out of the wasm).
std::string decimal(long long n);

}  // namespace kpeer
