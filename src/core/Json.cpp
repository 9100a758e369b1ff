#include "Json.h"

#include <cmath>

namespace kpeer {

namespace {

class Parser {
 public:
  explicit Parser(std::string_view s) : s_(s) {}
  bool tooDeep = false;

  std::optional<Json> document() {
    Json v;
    if (!value(v, 0)) return std::nullopt;
    skipSpace();
    if (i_ != s_.size()) return std::nullopt;
    return v;
  }

 private:
  void skipSpace() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
  }
  bool literal(std::string_view word) {
    if (s_.substr(i_, word.size()) != word) return false;
    i_ += word.size();
    return true;
  }

  bool value(Json& out, int depth) {
    if (depth > Json::kMaxDepth) {
      tooDeep = true;
      return false;
    }
    skipSpace();
    if (i_ >= s_.size()) return false;
    char c = s_[i_];
    if (c == '{') return object(out, depth);
    if (c == '[') return array(out, depth);
    if (c == '"') {
      std::string str;
      if (!string(str)) return false;
      out = Json(std::move(str));
      return true;
    }
    if (c == 't') { out = Json(true); return literal("true"); }
    if (c == 'f') { out = Json(false); return literal("false"); }
    if (c == 'n') { out = Json(); return literal("null"); }
    return number(out);
  }

  bool object(Json& out, int depth) {
    ++i_;
    out = Json::object();
    skipSpace();
    if (i_ < s_.size() && s_[i_] == '}') { ++i_; return true; }
    for (;;) {
      skipSpace();
      std::string key;
      if (i_ >= s_.size() || s_[i_] != '"' || !string(key)) return false;
      skipSpace();
      if (i_ >= s_.size() || s_[i_++] != ':') return false;
      Json v;
      if (!value(v, depth + 1)) return false;
      out.append(std::move(key), std::move(v));
      skipSpace();
      if (i_ >= s_.size()) return false;
      char c = s_[i_++];
      if (c == '}') return true;
      if (c != ',') return false;
    }
  }

  bool array(Json& out, int depth) {
    ++i_;
    out = Json::array();
    skipSpace();
    if (i_ < s_.size() && s_[i_] == ']') { ++i_; return true; }
    for (;;) {
      Json v;
      if (!value(v, depth + 1)) return false;
      out.push(std::move(v));
      skipSpace();
      if (i_ >= s_.size()) return false;
      char c = s_[i_++];
      if (c == ']') return true;
      if (c != ',') return false;
    }
  }

  static void appendUtf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  bool hex4(unsigned& out) {
    if (i_ + 4 > s_.size()) return false;
    out = 0;
    for (int k = 0; k < 4; ++k) {
      char c = s_[i_++];
      out <<= 4;
      if (c >= '0' && c <= '9') out |= static_cast<unsigned>(c - '0');
      else if (c >= 'a' && c <= 'f') out |= static_cast<unsigned>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') out |= static_cast<unsigned>(c - 'A' + 10);
      else return false;
    }
    return true;
  }

  bool string(std::string& out) {
    ++i_;  // opening quote
    for (;;) {
      // Copy the run up to the next quote or escape in one go (SDPs are long).
      std::size_t start = i_;
      while (i_ < s_.size() && s_[i_] != '"' && s_[i_] != '\\') {
        if (static_cast<unsigned char>(s_[i_]) < 0x20) return false;
        ++i_;
      }
      out.append(s_.data() + start, i_ - start);
      if (i_ >= s_.size()) return false;
      if (s_[i_++] == '"') return true;
      if (i_ >= s_.size()) return false;
      char e = s_[i_++];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          unsigned cp;
          if (!hex4(cp)) return false;
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            unsigned lo;
            if (s_.substr(i_, 2) != "\\u") return false;
            i_ += 2;
            if (!hex4(lo) || lo < 0xDC00 || lo > 0xDFFF) return false;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return false;
          }
          appendUtf8(out, cp);
          break;
        }
        default: return false;
      }
    }
  }

  bool digits(std::size_t& count, double& acc) {
    count = 0;
    while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') {
      acc = acc * 10 + (s_[i_] - '0');
      ++i_;
      ++count;
    }
    return count > 0;
  }

  // Grammar of RFC 8259; the value is computed without strtod (no long-double code in the wasm).
  // Exact for integers up to 2^53, within a few ulps otherwise — enough for configs and stats.
  bool number(Json& out) {
    bool negative = false;
    if (i_ < s_.size() && s_[i_] == '-') { negative = true; ++i_; }
    double mantissa = 0;
    std::size_t n;
    if (i_ < s_.size() && s_[i_] == '0') {
      ++i_;
    } else if (!digits(n, mantissa)) {
      return false;
    }
    int exponent = 0;
    if (i_ < s_.size() && s_[i_] == '.') {
      ++i_;
      std::size_t before = i_;
      if (!digits(n, mantissa)) return false;
      exponent -= static_cast<int>(i_ - before);
    }
    if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
      ++i_;
      bool negExp = false;
      if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) negExp = s_[i_++] == '-';
      double e = 0;
      if (!digits(n, e)) return false;
      if (e > 1000) e = 1000;
      exponent += negExp ? -static_cast<int>(e) : static_cast<int>(e);
    }
    double v = exponent == 0 ? mantissa : mantissa * std::pow(10.0, exponent);
    out = Json(negative ? -v : v);
    return true;
  }

  std::string_view s_;
  std::size_t i_ = 0;
};

void dumpString(std::string& out, const std::string& s) {
  static const char* hex = "0123456789abcdef";
  out += '"';
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out += hex[c >> 4];
          out += hex[c & 15];
        } else {
          out += ch;
        }
    }
  }
  out += '"';
}

void dumpNumber(std::string& out, double v) {
  if (!std::isfinite(v)) {
    out += "null";
    return;
  }
  if (v == std::floor(v) && std::fabs(v) < 9007199254740992.0) {
    out += decimal(static_cast<long long>(v));
    return;
  }
  // Fractions (stats only): six decimals, trailing zeros trimmed.
  if (v < 0) {
    out += '-';
    v = -v;
  }
  // Beyond 2^53 (garbage stats, an out-of-range config value in a message): a mantissa and an
  // exponent, since casting such a value to long long is undefined behaviour.
  if (v >= 9007199254740992.0) {
    int exponent = 0;
    while (v >= 10) v /= 10, ++exponent;
    dumpNumber(out, v);
    out += 'e';
    out += decimal(exponent);
    return;
  }
  double whole = std::floor(v);
  long long micros = static_cast<long long>(std::llround((v - whole) * 1e6));
  if (micros >= 1000000) {
    whole += 1;
    micros -= 1000000;
  }
  out += decimal(static_cast<long long>(whole));
  if (micros == 0) return;
  std::string frac = decimal(micros);
  frac.insert(0, 6 - frac.size(), '0');
  while (!frac.empty() && frac.back() == '0') frac.pop_back();
  out += '.';
  out += frac;
}

}  // namespace

std::string decimal(long long n) {
  char buf[24];
  int i = 24;
  unsigned long long u = n < 0 ? 0ULL - static_cast<unsigned long long>(n) : static_cast<unsigned long long>(n);
  do {
    buf[--i] = static_cast<char>('0' + u % 10);
    u /= 10;
  } while (u);
  if (n < 0) buf[--i] = '-';
  return std::string(buf + i, buf + 24);
}

std::optional<Json> Json::parse(std::string_view text, ParseError* error) {
  Parser parser(text);
  auto doc = parser.document();
  if (!doc && error) *error = parser.tooDeep ? ParseError::TooDeep : ParseError::Syntax;
  return doc;
}

bool Json::isInteger() const {
  return type_ == Type::Number && std::isfinite(number_) && number_ == std::floor(number_) &&
         std::fabs(number_) < 9007199254740992.0;
}

const Json* Json::find(std::string_view key) const {
  if (type_ != Type::Object) return nullptr;
  for (auto it = members_.rbegin(); it != members_.rend(); ++it)
    if (it->first == key) return &it->second;
  return nullptr;
}

std::string Json::stringOr(std::string_view key, std::string fallback) const {
  const Json* v = find(key);
  return v && v->isString() ? v->string_ : fallback;
}

double Json::numberOr(std::string_view key, double fallback) const {
  const Json* v = find(key);
  return v && v->isNumber() ? v->number_ : fallback;
}

bool Json::boolOr(std::string_view key, bool fallback) const {
  const Json* v = find(key);
  return v && v->isBool() ? v->bool_ : fallback;
}

Json& Json::set(std::string key, Json value) {
  for (auto& m : members_)
    if (m.first == key) {
      m.second = std::move(value);
      return *this;
    }
  members_.emplace_back(std::move(key), std::move(value));
  return *this;
}

Json& Json::push(Json value) {
  items_.push_back(std::move(value));
  return *this;
}

std::string Json::dump() const {
  std::string out;
  dumpTo(out);
  return out;
}

void Json::dumpTo(std::string& out) const {
  switch (type_) {
    case Type::Null: out += "null"; break;
    case Type::Bool: out += bool_ ? "true" : "false"; break;
    case Type::Number: dumpNumber(out, number_); break;
    case Type::String: dumpString(out, string_); break;
    case Type::Array: {
      out += '[';
      bool first = true;
      for (const auto& v : items_) {
        if (!first) out += ',';
        first = false;
        v.dumpTo(out);
      }
      out += ']';
      break;
    }
    case Type::Object: {
      out += '{';
      bool first = true;
      for (const auto& [k, v] : members_) {
        if (!first) out += ',';
        first = false;
        dumpString(out, k);
        out += ':';
        v.dumpTo(out);
      }
      out += '}';
      break;
    }
  }
}

}  // namespace kpeer
