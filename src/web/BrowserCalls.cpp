#include "BrowserCalls.h"

#include <emscripten/emscripten.h>

#include "JsObject.h"

using emscripten::EM_VAL;

// clang-format off
// Property names are quoted: Closure renames unquoted ones, and C++ reads these by name.
EM_JS(EM_VAL, kp_create_data_channel, (EM_VAL pc, EM_VAL label, const char* initJson), {
  try {
    var dc = Emval.toValue(pc)['createDataChannel'](Emval.toValue(label), JSON.parse(UTF8ToString(initJson)));
    return Emval.toHandle({ 'ok': true, 'v': dc });
  } catch (e) { return Emval.toHandle({ 'ok': false, 'e': String(e && e['message'] || e) }); }
});

EM_JS(EM_VAL, kp_new_peer_connection, (const char* json), {
  try { return Emval.toHandle({ 'ok': true, 'v': new RTCPeerConnection(JSON.parse(UTF8ToString(json))) }); }
  catch (e) { return Emval.toHandle({ 'ok': false, 'e': String(e && e['message'] || e) }); }
});

// The payload's size in bytes, or -3 for what a data channel cannot send. Strings are encoded
// only when they could be too big; a shorter one counts its UTF-16 length (a lower bound, enough
// for write()'s average message size). Inside try: even a type check can throw (a revoked
// Proxy), and nothing may unwind through wasm frames.
EM_JS(double, kp_payload_size, (EM_VAL payload, double max), {
  var m = Emval.toValue(payload);
  try {
    if (typeof m === 'string') return m.length * 3 <= max ? m.length : new TextEncoder()['encode'](m)['length'];
    if (m instanceof ArrayBuffer || ArrayBuffer['isView'](m)) return m['byteLength'];
    if (typeof Blob !== 'undefined' && m instanceof Blob) return m['size'];
  } catch (e) {}
  return -3;
});

EM_JS(int, kp_send, (EM_VAL channel, EM_VAL payload, double max), {
  var n = kp_payload_size(payload, max);
  if (n < 0) return -3;
  if (n > max) return -1;
  try { Emval.toValue(channel)['send'](Emval.toValue(payload)); return 1; } catch (e) { return -2; }
});
// clang-format on

namespace kpeer::web {

namespace {
Guarded unpack(val r) {
  if (property(r, "ok").as<bool>()) return Guarded{true, property(r, "v"), {}};
  return Guarded{false, val::undefined(), property(r, "e").as<std::string>()};
}
}  // namespace

Guarded createDataChannel(const val& pc, const std::string& label, const std::string& initJson) {
  // The label goes as a JS string (it may hold any character, even U+0000); the JSON is escaped.
  return unpack(val::take_ownership(kp_create_data_channel(pc.as_handle(), val(label).as_handle(), initJson.c_str())));
}

Guarded newPeerConnection(const std::string& json) {
  return unpack(val::take_ownership(kp_new_peer_connection(json.c_str())));
}

double payloadSize(const val& data, double maxMessageSize) { return kp_payload_size(data.as_handle(), maxMessageSize); }

int checkPayload(const val& data, double maxMessageSize) {
  double n = payloadSize(data, maxMessageSize);
  return n < 0 ? SendBadType : n > maxMessageSize ? SendTooBig : SendOk;
}

int sendOnDataChannel(const val& dc, const val& data, double maxMessageSize) {
  return kp_send(dc.as_handle(), data.as_handle(), maxMessageSize);
}

}  // namespace kpeer::web
