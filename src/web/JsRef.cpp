#include "JsRef.h"

#include <emscripten/emscripten.h>

// clang-format off
EM_JS(void, kp_drop, (unsigned h), { kpDrop(h); });
EM_JS(unsigned, kp_share, (unsigned h), { return kpToRef(kpRefs[h]); });
EM_JS(unsigned, kp_new, (int kind, double n), { return kpToRef(kind == 0 ? {} : kind == 1 ? [] : kind == 2 ? n : !!n); });
EM_JS(unsigned, kp_string, (const char* p, double n), { return kpToRef(kpString(p, n)); });
// A string's UTF-8 length (-1 when not a string); kp_text_bytes copies it into wasm memory.
EM_JS(double, kp_text_length, (unsigned h), { var v = kpRefs[h]; return typeof v === 'string' ? kpTextLength(v) : -1; });
EM_JS(void, kp_text_bytes, (unsigned h, char* out, double size), { kpPutText(kpRefs[h], out, size); });
// The number in out[0] and 1, or 0 when the value is not a number.
EM_JS(int, kp_number_value, (unsigned h, double* out), {
  var v = kpRefs[h];
  if (typeof v !== 'number') return 0;
  HEAPF64[out >> 3] = v;
  return 1;
});
// clang-format on

namespace kpeer::web {

JsRef& JsRef::operator=(JsRef&& other) noexcept {
  if (this != &other) {
    reset();
    h_ = other.release();
  }
  return *this;
}

void JsRef::reset() {
  if (h_ > kNull) kp_drop(h_);
  h_ = kUndefined;
}

JsRef JsRef::share() const { return JsRef(h_ > kNull ? kp_share(h_) : h_); }
JsRef JsRef::object() { return JsRef(kp_new(0, 0)); }
JsRef JsRef::array() { return JsRef(kp_new(1, 0)); }
JsRef JsRef::number(double n) { return JsRef(kp_new(2, n)); }
JsRef JsRef::flag(bool b) { return JsRef(kp_new(3, b ? 1 : 0)); }
JsRef JsRef::string(const std::string& text) { return JsRef(kp_string(text.data(), static_cast<double>(text.size()))); }

std::optional<std::string> JsRef::text() const {
  if (h_ <= kNull) return std::nullopt;
  double n = kp_text_length(h_);
  if (n < 0) return std::nullopt;
  std::string s(static_cast<std::size_t>(n), '\0');
  // kpPutText writes a terminating NUL: std::string's own terminator slot takes it.
  kp_text_bytes(h_, s.data(), n + 1);
  return s;
}

std::optional<double> JsRef::numberValue() const {
  if (h_ <= kNull) return std::nullopt;
  alignas(8) double n = 0;
  return kp_number_value(h_, &n) ? std::optional<double>(n) : std::nullopt;
}

}  // namespace kpeer::web
