// Writing and reading JS object properties from C++, one crossing per property; keys are string
// literals, decoded once per literal on the JS side (kpKey).
#pragma once
#include <optional>
#include <string>

#include "JsRef.h"

namespace kpeer::web {

void setValue(const JsRef& object, const char* key, const JsRef& value);
void setText(const JsRef& object, const char* key, const char* text);
void setString(const JsRef& object, const char* key, const std::string& text);
void setNumber(const JsRef& object, const char* key, double number);
void setFlag(const JsRef& object, const char* key, bool flag);
void setNull(const JsRef& object, const char* key);

// array.push(value).
void push(const JsRef& array, const JsRef& value);

// object[key]; object[key] if it is a string else `fallback`; object[key] if it is a number.
JsRef property(const JsRef& object, const char* key);
std::string stringProperty(const JsRef& object, const char* key, const char* fallback = "");
std::optional<std::string> optionalString(const JsRef& object, const char* key);
std::optional<double> numberProperty(const JsRef& object, const char* key);

// object[method]() and object[method](argument), the result ignored.
void callMethod(const JsRef& object, const char* method);
void callMethod(const JsRef& object, const char* method, const JsRef& argument);

// A user event for hooks.dispatch: {t: type}.
JsRef eventObject(const char* type);

}  // namespace kpeer::web
