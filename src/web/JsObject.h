// Writing and reading JS object properties from C++, one call per property. val::set and
// val::operator[] are templates instantiated per key length and value type and inlined at every
// use; with ~60 properties written by the adapter, these out-of-line helpers keep the wasm small.
#pragma once
#include <emscripten/val.h>

#include <string>

namespace kpeer::web {

using emscripten::val;

void setValue(val& object, const char* key, const val& value);
void setText(val& object, const char* key, const char* text);
void setString(val& object, const char* key, const std::string& text);
void setNumber(val& object, const char* key, double number);
void setFlag(val& object, const char* key, bool flag);

// A JS string of UTF-8 bytes, decoded by length (U+0000 included); array.push(value).
val stringValue(const std::string& text);
void push(val& array, const val& value);

// object[key], and object[key] if it is a string else `fallback`.
val property(const val& object, const char* key);
std::string stringProperty(const val& object, const char* key, const char* fallback = "");

// A user event for hooks.dispatch: {t: type}.
val eventObject(const char* type);

}  // namespace kpeer::web
