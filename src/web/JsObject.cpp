#include "JsObject.h"

namespace kpeer::web {

void setValue(val& object, const char* key, const val& value) { object.set(key, value); }
void setText(val& object, const char* key, const char* text) { object.set(key, val(text)); }
void setString(val& object, const char* key, const std::string& text) { object.set(key, val(text)); }
void setNumber(val& object, const char* key, double number) { object.set(key, val(number)); }
void setFlag(val& object, const char* key, bool flag) { object.set(key, val(flag)); }

val property(const val& object, const char* key) { return object[key]; }

std::string stringProperty(const val& object, const char* key, const char* fallback) {
  val v = object[key];
  return v.isString() ? v.as<std::string>() : std::string(fallback);
}

val eventObject(const char* type) {
  val v = val::object();
  setText(v, "t", type);
  return v;
}

}  // namespace kpeer::web
