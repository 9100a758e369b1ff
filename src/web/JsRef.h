// One JS value held by C++: a handle into the table of src/web/js-handles.pre.js. Move-only, so
// every handle has exactly one owner and is dropped exactly once (no reference counts to leak).
// Handles cross the boundary as plain integers: an argument JS passes in is owned by the callee
// (JsRef::take), a handle C++ returns is owned by JS (release()).
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace kpeer::web {

using JsHandle = std::uint32_t;

class JsRef {
 public:
  JsRef() = default;  // undefined
  static JsRef take(JsHandle h) { return JsRef(h); }
  static JsRef null() { return JsRef(kNull); }
  static JsRef object();
  static JsRef array();
  static JsRef number(double n);
  static JsRef flag(bool b);
  // A JS string of these UTF-8 bytes.
  static JsRef string(const std::string& text);

  JsRef(JsRef&& other) noexcept : h_(other.h_) { other.h_ = kUndefined; }
  JsRef& operator=(JsRef&& other) noexcept;
  JsRef(const JsRef&) = delete;
  JsRef& operator=(const JsRef&) = delete;
  ~JsRef() { reset(); }

  // Another handle on the same JS value, owned separately.
  JsRef share() const;
  JsHandle handle() const { return h_; }
  // Hands the handle to JS (or to a call that takes it); this JsRef is undefined afterwards.
  JsHandle release() {
    JsHandle h = h_;
    h_ = kUndefined;
    return h;
  }
  void reset();

  bool isUndefined() const { return h_ == kUndefined; }
  bool isNull() const { return h_ == kNull; }
  bool present() const { return h_ > kNull; }  // neither undefined nor null
  // The value itself when it is a string / a number.
  std::optional<std::string> text() const;
  std::optional<double> numberValue() const;

 private:
  static constexpr JsHandle kUndefined = 0;
  static constexpr JsHandle kNull = 1;
  explicit JsRef(JsHandle h) : h_(h) {}
  JsHandle h_ = kUndefined;
};

}  // namespace kpeer::web
