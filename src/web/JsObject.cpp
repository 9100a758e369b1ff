#include "JsObject.h"

#include <emscripten/emscripten.h>

// clang-format off
EM_JS(void, kp_set, (unsigned object, const char* key, unsigned value), { kpRefs[object][kpKey(key)] = kpRefs[value]; });
EM_JS(void, kp_set_number, (unsigned object, const char* key, double value), { kpRefs[object][kpKey(key)] = value; });
EM_JS(void, kp_set_flag, (unsigned object, const char* key, int value), { kpRefs[object][kpKey(key)] = !!value; });
EM_JS(void, kp_set_text, (unsigned object, const char* key, const char* text, double length), {
  kpRefs[object][kpKey(key)] = kpString(text, length);
});
EM_JS(void, kp_push, (unsigned array, unsigned value), { kpRefs[array]['push'](kpRefs[value]); });
EM_JS(unsigned, kp_get, (unsigned object, const char* key), { return kpToRef(kpRefs[object][kpKey(key)]); });
// object[key] as a string: its UTF-8 length, the bytes copied to out when they fit in cap
// (else -2 - length: read it again with room), or -1 when it is not a string.
EM_JS(double, kp_get_text, (unsigned object, const char* key, char* out, double cap), {
  var v = kpRefs[object][kpKey(key)];
  if (typeof v !== 'string') return -1;
  var n = kpTryText(v, out, cap);
  return n < 0 ? -2 - kpTextLength(v) : n;
});
EM_JS(int, kp_get_number, (unsigned object, const char* key, double* out), {
  var v = kpRefs[object][kpKey(key)];
  if (typeof v !== 'number') return 0;
  HEAPF64[out >> 3] = v;
  return 1;
});
EM_JS(void, kp_call, (unsigned object, const char* method, unsigned argument, int withArgument), {
  var o = kpRefs[object];
  if (withArgument) o[kpKey(method)](kpRefs[argument]); else o[kpKey(method)]();
});
EM_JS(unsigned, kp_event, (const char* kind), { return kpToRef({ 't': kpKey(kind) }); });
// clang-format on

namespace kpeer::web {

void setValue(const JsRef& object, const char* key, const JsRef& value) { kp_set(object.handle(), key, value.handle()); }
void setText(const JsRef& object, const char* key, const char* text) {
  kp_set_text(object.handle(), key, text, static_cast<double>(__builtin_strlen(text)));
}
void setString(const JsRef& object, const char* key, const std::string& text) {
  kp_set_text(object.handle(), key, text.data(), static_cast<double>(text.size()));
}
void setNumber(const JsRef& object, const char* key, double number) { kp_set_number(object.handle(), key, number); }
void setFlag(const JsRef& object, const char* key, bool flag) { kp_set_flag(object.handle(), key, flag ? 1 : 0); }
void setNull(const JsRef& object, const char* key) { kp_set(object.handle(), key, JsRef::null().handle()); }

void push(const JsRef& array, const JsRef& value) { kp_push(array.handle(), value.handle()); }

JsRef property(const JsRef& object, const char* key) { return JsRef::take(kp_get(object.handle(), key)); }

std::optional<std::string> optionalString(const JsRef& object, const char* key) {
  if (!object.present()) return std::nullopt;
  // Room for a data-only SDP, so the usual read is one call.
  static char scratch[8192];
  double n = kp_get_text(object.handle(), key, scratch, sizeof scratch);
  if (n == -1) return std::nullopt;
  if (n >= 0) return std::string(scratch, static_cast<std::size_t>(n));
  std::string s(static_cast<std::size_t>(-2 - n), '\0');
  kp_get_text(object.handle(), key, s.data(), static_cast<double>(s.size() + 1));
  return s;
}

std::string stringProperty(const JsRef& object, const char* key, const char* fallback) {
  auto s = optionalString(object, key);
  return s ? std::move(*s) : std::string(fallback);
}

std::optional<double> numberProperty(const JsRef& object, const char* key) {
  if (!object.present()) return std::nullopt;
  alignas(8) double n = 0;
  return kp_get_number(object.handle(), key, &n) ? std::optional<double>(n) : std::nullopt;
}

void callMethod(const JsRef& object, const char* method) { kp_call(object.handle(), method, 0, 0); }
void callMethod(const JsRef& object, const char* method, const JsRef& argument) {
  kp_call(object.handle(), method, argument.handle(), 1);
}

JsRef eventObject(const char* type) { return JsRef::take(kp_event(type)); }

}  // namespace kpeer::web
