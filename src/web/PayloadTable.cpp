#include "PayloadTable.h"

#include <emscripten/emscripten.h>

// clang-format off
// Kind (0 text, 1 binary, 2 Blob, 3 unsupported) and size into out[0..1]; returns the value to
// keep. Strings are measured only when longer than measureAbove UTF-16 units (below that they
// surely fit); encodeText turns a string into its UTF-8 bytes, a view into a Uint8Array over the
// same memory. Inside try: even a type check can throw (a revoked Proxy), and nothing may
// unwind through wasm frames.
EM_JS(unsigned, kp_intake, (unsigned payload, int encodeText, double measureAbove, double* out), {
  var m = kpRefs[payload];
  var kind = 3, size = 0, keep = m;
  try {
    if (typeof m === 'string') {
      kind = 0;
      if (encodeText) { keep = kpEncoder['encode'](m); size = keep['length']; }
      else size = m.length <= measureAbove ? m.length : kpTextLength(m);
    } else if (m instanceof ArrayBuffer || ArrayBuffer['isView'](m)) {
      kind = 1;
      size = m['byteLength'];
      // Other views go as a Uint8Array over the same bytes: node-datachannel sends a DataView empty.
      if (m instanceof ArrayBuffer) { if (encodeText) keep = new Uint8Array(m); }
      else if (!(m instanceof Uint8Array)) keep = new Uint8Array(m['buffer'], m['byteOffset'], m['byteLength']);
    } else if (typeof Blob !== 'undefined' && m instanceof Blob) {
      kind = 2;
      size = m['size'];
    }
  } catch (e) { kind = 3; keep = null; }
  HEAPF64[out >> 3] = kind;
  HEAPF64[(out >> 3) + 1] = size;
  return kpToRef(kind === 3 ? null : keep);
});
// clang-format on

namespace kpeer::web {

Payload PayloadTable::intake(PayloadId id, const JsRef& data, const PayloadRule& rule) {
  alignas(8) double facts[2] = {3, 0};
  JsRef keep = JsRef::take(kp_intake(data.handle(), rule.encodeText ? 1 : 0, rule.measureTextAbove, facts));
  values_.put(id, std::move(keep));
  static constexpr PayloadKind kinds[] = {PayloadKind::Text, PayloadKind::Binary, PayloadKind::Blob, PayloadKind::Unsupported};
  return Payload{id, kinds[static_cast<int>(facts[0]) & 3], facts[1]};
}

}  // namespace kpeer::web
