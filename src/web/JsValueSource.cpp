#include "JsValueSource.h"

#include <emscripten/emscripten.h>


namespace {

// What kp_read writes into wasm memory (offsets used by the JS below).
struct JsRead {
  double number;    // 0
  double length;    // 8
  int kind;         // 16: ValueKind
  int textLength;   // 20: bytes copied into the text buffer, or -1
  unsigned ref;     // 24: a handle the caller releases, or 0
};
static_assert(offsetof(JsRead, kind) == 16 && offsetof(JsRead, textLength) == 20 && offsetof(JsRead, ref) == 24);

// Strings up to a data-only SDP come back in this buffer with the read itself.
constexpr int kInlineText = 8192;
char inlineText[kInlineText];

}  // namespace

// clang-format off
// mode 0: `from` itself (a root: a string is kept as a handle, for JSON.parse); 1: from[key];
// 2: from[index]; 3: JSON.parse(from). The kinds are kpeer::ValueKind's order.
EM_JS(void, kp_read, (unsigned from, int mode, const char* key, double index, void* out, char* buf, int cap), {
  var v, kind, num = 0, len = 0, tl = -1, ref = 0, src = kpRefs[from];
  var unreadable = function(e) { kind = 8; var m; try { m = String(e && e['message'] || e); } catch (x) { m = 'an exception'; } tl = kpPutText(m, buf, cap); };
  try {
    if (mode == 0) v = src;
    else if (mode == 1) v = src[kpKey(key)];
    else if (mode == 2) v = src[index];
    else { try { v = JSON.parse(src); } catch (e) { v = undefined; } }
    var t = typeof v;
    if (v === undefined) kind = 0;
    else if (v === null) kind = 1;
    else if (t == 'boolean') { kind = 2; num = v ? 1 : 0; }
    else if (t == 'number') { kind = 3; num = v; }
    else if (t == 'string') {
      kind = 4;
      if (mode != 0 && (tl = kpTryText(v, buf, cap)) >= 0) len = tl; else { len = kpTextLength(v); ref = kpToRef(v); }
    } else if (t == 'object') {
      if (Array['isArray'](v)) { len = v['length'] >>> 0; kind = 5; } else kind = 6;
      ref = kpToRef(v);  // last: nothing after it throws, so no handle leaks
    } else kind = 7;
  } catch (e) { unreadable(e); }
  HEAPF64[out >> 3] = num; HEAPF64[(out + 8) >> 3] = len;
  HEAP32[(out + 16) >> 2] = kind; HEAP32[(out + 20) >> 2] = tl; HEAP32[(out + 24) >> 2] = ref;
});
EM_JS(void, kp_read_text, (unsigned string, char* out, double size), { kpPutText(kpRefs[string], out, size); });
EM_JS(void, kp_release, (unsigned h), { kpDrop(h); });
// clang-format on

namespace kpeer::web {

namespace {

ValueSource::Read readFrom(JsHandle from, int mode, const char* key = nullptr, double index = 0) {
  JsRead r{};
  kp_read(from, mode, key, index, &r, inlineText, kInlineText);
  ValueSource::Read out;
  out.kind = static_cast<ValueKind>(r.kind);
  out.number = r.number;
  out.length = static_cast<std::size_t>(r.length);
  out.ref = static_cast<std::uintptr_t>(r.ref);
  out.owned = r.ref != 0;
  if (r.textLength >= 0) out.text = std::string(inlineText, static_cast<std::size_t>(r.textLength));
  return out;
}

JsHandle handle(std::uintptr_t ref) { return static_cast<JsHandle>(ref); }

}  // namespace

const JsValueSource& JsValueSource::instance() {
  static const JsValueSource source;
  return source;
}

Value JsValueSource::view(const JsRef& v) { return Value(instance(), readFrom(v.handle(), 0)); }

ValueSource::Read JsValueSource::field(std::uintptr_t object, const char* name) const {
  return readFrom(handle(object), 1, name);
}

ValueSource::Read JsValueSource::item(std::uintptr_t array, std::size_t index) const {
  return readFrom(handle(array), 2, nullptr, static_cast<double>(index));
}

std::string JsValueSource::text(std::uintptr_t string, std::size_t length) const {
  std::string s(length, '\0');
  // kpPutText writes a terminating NUL: std::string's own terminator slot takes it.
  kp_read_text(handle(string), s.data(), static_cast<double>(length + 1));
  return s;
}

ValueSource::Read JsValueSource::parseJson(const Read& string) const {
  if (string.ref) return readFrom(handle(string.ref), 3);
  JsRef copy = JsRef::string(string.text.value_or(std::string()));
  return readFrom(copy.handle(), 3);
}

void JsValueSource::release(std::uintptr_t ref) const { kp_release(handle(ref)); }

}  // namespace kpeer::web
