#include "Text.h"

#include <cmath>

namespace kpeer {

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

std::string numberText(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v < 0 ? "-Infinity" : "Infinity";
  constexpr double kExact = 9007199254740992.0;  // 2^53: beyond it, a cast to long long may be undefined
  if (v == std::floor(v) && std::fabs(v) < kExact) return decimal(static_cast<long long>(v));
  std::string out = v < 0 ? "-" : "";
  v = std::fabs(v);
  if (v >= kExact) {
    int exponent = 0;
    while (v >= 10) v /= 10, ++exponent;
    return out + numberText(v) + "e" + decimal(exponent);
  }
  double whole = std::floor(v);
  long long micros = static_cast<long long>((v - whole) * 1e6 + 0.5);  // >= 0; std::llround brings libc's round
  if (micros >= 1000000) whole += 1, micros -= 1000000;
  out += decimal(static_cast<long long>(whole));
  if (micros == 0) return out;
  std::string frac = decimal(micros);
  frac.insert(0, 6 - frac.size(), '0');
  while (frac.back() == '0') frac.pop_back();
  return out + "." + frac;
}

std::string truncatedForMessage(const std::string& s, std::size_t max) {
  if (s.size() <= max) return s;
  std::size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return s.substr(0, cut) + "...";
}

}  // namespace kpeer
