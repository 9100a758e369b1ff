// The core's Value over the browser's own JS values: signals, configs and stats entries reach the
// core without JSON.stringify and a parser in wasm. One call across the boundary per field read
// (kind, number, length and a short string's bytes come back together); JSON text is parsed by
// the browser's JSON.parse when the core asks. A getter that throws, or a revoked Proxy, reads as
// ValueKind::Unreadable with the exception's message.
#pragma once
#include "JsRef.h"
#include "core/Value.h"

namespace kpeer::web {

class JsValueSource final : public ValueSource {
 public:
  static const JsValueSource& instance();
  // A view of the user's value; it holds its own handle.
  static Value view(const JsRef& v);

  Read field(std::uintptr_t object, const char* name) const override;
  Read item(std::uintptr_t array, std::size_t index) const override;
  std::string text(std::uintptr_t string, std::size_t length) const override;
  Read parseJson(const Read& string) const override;
  void release(std::uintptr_t ref) const override;
};

}  // namespace kpeer::web
