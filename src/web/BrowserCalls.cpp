#include "BrowserCalls.h"

#include <emscripten/emscripten.h>

using emscripten::EM_VAL;

// clang-format off
// Property names are quoted: Closure renames unquoted ones, and C++ reads these by name.
EM_JS(EM_VAL, kp_guarded_call, (EM_VAL target, const char* method, EM_VAL args), {
  var t = Emval.toValue(target), a = Emval.toValue(args);
  try { return Emval.toHandle({ 'ok': true, 'v': t[UTF8ToString(method)].apply(t, a) }); }
  catch (e) { return Emval.toHandle({ 'ok': false, 'e': String(e && e['message'] || e) }); }
});

EM_JS(EM_VAL, kp_new_peer_connection, (const char* json), {
  try { return Emval.toHandle({ 'ok': true, 'v': new RTCPeerConnection(JSON.parse(UTF8ToString(json))) }); }
  catch (e) { return Emval.toHandle({ 'ok': false, 'e': String(e && e['message'] || e) }); }
});

// Everything inside try: even a type check can throw (a revoked Proxy), and nothing may unwind
// through wasm frames.
EM_JS(int, kp_send, (EM_VAL channel, EM_VAL payload, double max), {
  var dc = Emval.toValue(channel), m = Emval.toValue(payload), n;
  try {
    if (typeof m === 'string') n = m.length * 3 <= max ? 0 : new TextEncoder()['encode'](m)['length'];
    else if (m instanceof ArrayBuffer || ArrayBuffer['isView'](m)) n = m['byteLength'];
    else if (typeof Blob !== 'undefined' && m instanceof Blob) n = m['size'];
    else return -3;
  } catch (e) { return -3; }
  if (n > max) return -1;
  try { dc['send'](m); return 1; } catch (e) { return -2; }
});
EM_JS(int, kp_check_payload, (EM_VAL payload, double max), {
  var m = Emval.toValue(payload), n;
  try {
    if (typeof m === 'string') n = m.length * 3 <= max ? 0 : new TextEncoder()['encode'](m)['length'];
    else if (m instanceof ArrayBuffer || ArrayBuffer['isView'](m)) n = m['byteLength'];
    else if (typeof Blob !== 'undefined' && m instanceof Blob) n = m['size'];
    else return -3;
  } catch (e) { return -3; }
  return n > max ? -1 : 1;
});
// clang-format on

namespace kpeer::web {

namespace {
Guarded unpack(val r) {
  if (r["ok"].as<bool>()) return Guarded{true, r["v"], {}};
  return Guarded{false, val::undefined(), r["e"].as<std::string>()};
}
}  // namespace

Guarded guardedCall(const val& target, const char* method, const val& args) {
  return unpack(val::take_ownership(kp_guarded_call(target.as_handle(), method, args.as_handle())));
}

Guarded newPeerConnection(const std::string& json) {
  return unpack(val::take_ownership(kp_new_peer_connection(json.c_str())));
}

int checkPayload(const val& data, double maxMessageSize) { return kp_check_payload(data.as_handle(), maxMessageSize); }

int sendOnDataChannel(const val& dc, const val& data, double maxMessageSize) {
  return kp_send(dc.as_handle(), data.as_handle(), maxMessageSize);
}

}  // namespace kpeer::web
