// Numbers and user strings as message text, without printf (keeps printf out of the wasm).
#pragma once
#include <cstddef>
#include <string>

namespace kpeer {

// Decimal text of an integer.
std::string decimal(long long n);

// A number as JS would print it for the values messages show: integers exactly, fractions to six
// decimals, huge values as a mantissa and an exponent, NaN and the infinities by name.
std::string numberText(double v);

// Long user strings are cut in messages so an error stays readable; never inside a UTF-8 character.
std::string truncatedForMessage(const std::string& s, std::size_t max = 40);

}  // namespace kpeer
