#include "JsObject.h"

#include <emscripten/emscripten.h>

using emscripten::EM_VAL;

// clang-format off
// One crossing per property: the key is read from wasm memory once per call site (its string
// literal's address) and cached on the JS side, instead of a new emval string, a set and a
// decref per access through val::set / val::operator[].
EM_JS(void, kp_set, (EM_VAL object, const char* key, EM_VAL value), {
  var k = (Module.kpKeys || (Module.kpKeys = {}))[key] || (Module.kpKeys[key] = UTF8ToString(key));
  Emval.toValue(object)[k] = Emval.toValue(value);
});
EM_JS(void, kp_set_number, (EM_VAL object, const char* key, double value), {
  var k = (Module.kpKeys || (Module.kpKeys = {}))[key] || (Module.kpKeys[key] = UTF8ToString(key));
  Emval.toValue(object)[k] = value;
});
EM_JS(void, kp_set_flag, (EM_VAL object, const char* key, int value), {
  var k = (Module.kpKeys || (Module.kpKeys = {}))[key] || (Module.kpKeys[key] = UTF8ToString(key));
  Emval.toValue(object)[k] = !!value;
});
EM_JS(void, kp_set_text, (EM_VAL object, const char* key, const char* text, double length), {
  var k = (Module.kpKeys || (Module.kpKeys = {}))[key] || (Module.kpKeys[key] = UTF8ToString(key));
  // Decoded by length, not up to a NUL: user strings (labels, SDP) may hold U+0000.
  Emval.toValue(object)[k] = (Module.kpText || (Module.kpText = new TextDecoder()))['decode'](HEAPU8['subarray'](text, text + length));
});
EM_JS(EM_VAL, kp_string, (const char* text, double length), {
  return Emval.toHandle((Module.kpText || (Module.kpText = new TextDecoder()))['decode'](HEAPU8['subarray'](text, text + length)));
});
EM_JS(void, kp_push, (EM_VAL array, EM_VAL value), { Emval.toValue(array)['push'](Emval.toValue(value)); });
EM_JS(EM_VAL, kp_get, (EM_VAL object, const char* key), {
  var k = (Module.kpKeys || (Module.kpKeys = {}))[key] || (Module.kpKeys[key] = UTF8ToString(key));
  return Emval.toHandle(Emval.toValue(object)[k]);
});
EM_JS(EM_VAL, kp_event, (const char* kind), {
  var k = (Module.kpKeys || (Module.kpKeys = {}))[kind] || (Module.kpKeys[kind] = UTF8ToString(kind));
  return Emval.toHandle({ 't': k });
});
// clang-format on

namespace kpeer::web {

void setValue(val& object, const char* key, const val& value) { kp_set(object.as_handle(), key, value.as_handle()); }
void setText(val& object, const char* key, const char* text) {
  kp_set_text(object.as_handle(), key, text, static_cast<double>(__builtin_strlen(text)));
}
void setString(val& object, const char* key, const std::string& text) {
  kp_set_text(object.as_handle(), key, text.c_str(), static_cast<double>(text.size()));
}
void setNumber(val& object, const char* key, double number) { kp_set_number(object.as_handle(), key, number); }
void setFlag(val& object, const char* key, bool flag) { kp_set_flag(object.as_handle(), key, flag ? 1 : 0); }

val stringValue(const std::string& text) {
  return val::take_ownership(kp_string(text.c_str(), static_cast<double>(text.size())));
}
void push(val& array, const val& value) { kp_push(array.as_handle(), value.as_handle()); }

val property(const val& object, const char* key) { return val::take_ownership(kp_get(object.as_handle(), key)); }

std::string stringProperty(const val& object, const char* key, const char* fallback) {
  val v = property(object, key);
  return v.isString() ? v.as<std::string>() : std::string(fallback);
}

val eventObject(const char* type) { return val::take_ownership(kp_event(type)); }

}  // namespace kpeer::web
