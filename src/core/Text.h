// Numbers and user strings as message text, without printf (keeps printf out of the wasm).
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace kpeer {

// Decimal text of an integer.
std::string decimal(long long n);

// A number as JS would print it for the values messages show: integers exactly, fractions to six
// decimals, huge values as a mantissa and an exponent, NaN and the infinities by name.
std::string numberText(double v);

// Whether `s` begins with `prefix` (C++20's starts_with; rfind(prefix, 0) brings libc++'s
// reverse search into the wasm for this alone).
inline bool startsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// Long user strings are cut in messages so an error stays readable; never inside a UTF-8 character.
std::string truncatedForMessage(const std::string& s, std::size_t max = 40);

}  // namespace kpeer
