#include "BrowserCalls.h"

#include <emscripten/emscripten.h>

#include "JsObject.h"

using emscripten::EM_VAL;

// clang-format off
// Property names are quoted: Closure renames unquoted ones, and C++ reads these by name.
EM_JS(EM_VAL, kp_create_data_channel, (EM_VAL pc, EM_VAL label, EM_VAL init), {
  try {
    var dc = Emval.toValue(pc)['createDataChannel'](Emval.toValue(label), Emval.toValue(init));
    return Emval.toHandle({ 'ok': true, 'v': dc });
  } catch (e) { return Emval.toHandle({ 'ok': false, 'e': String(e && e['message'] || e) }); }
});

// From the user's config.wrtc when injected (read again here, inside the try), else the global.
EM_JS(EM_VAL, kp_new_peer_connection, (EM_VAL configuration, EM_VAL userConfig, int injected), {
  try {
    var C = injected ? Emval.toValue(userConfig)['wrtc']['RTCPeerConnection'] : globalThis['RTCPeerConnection'];
    return Emval.toHandle({ 'ok': true, 'v': new C(Emval.toValue(configuration)) });
  } catch (e) { return Emval.toHandle({ 'ok': false, 'e': String(e && e['message'] || e) }); }
});

// pc.restartIce(); the exception's message when it throws, else null.
EM_JS(EM_VAL, kp_restart_ice, (EM_VAL pc), {
  try { Emval.toValue(pc)['restartIce'](); return Emval.toHandle(null); }
  catch (e) { return Emval.toHandle(String(e && e['message'] || e)); }
});

EM_JS(int, kp_host_has_rtc, (), { return typeof globalThis['RTCPeerConnection'] === 'function'; });

EM_JS(double, kp_buffered_amount, (EM_VAL channel), { return Emval.toValue(channel)['bufferedAmount']; });

// One promise-returning call on the RTCPeerConnection, then onOk / onError. A synchronous throw
// (Node implementations throw TypeErrors) becomes a rejection. kind: 0 setLocalDescription(),
// 1 / 2 the same with createOffer() / createAnswer() first, 3 setLocalDescription(arg) (a
// rollback), 4 setRemoteDescription(arg), 5 addIceCandidate(arg).
EM_JS(void, kp_run_op, (EM_VAL pc, int kind, EM_VAL arg, EM_VAL onOk, EM_VAL onError), {
  var p = Emval.toValue(pc), a = Emval.toValue(arg), r;
  try {
    if (kind === 1 || kind === 2) {
      r = (kind === 1 ? p['createOffer']() : p['createAnswer']())['then'](function(d) { return p['setLocalDescription'](d); });
    } else {
      r = kind === 0 ? p['setLocalDescription']() : p[kind === 4 ? 'setRemoteDescription' : kind === 5 ? 'addIceCandidate' : 'setLocalDescription'](a);
    }
  } catch (e) { r = Promise.reject(e); }
  Promise.resolve(r)['then'](Emval.toValue(onOk), Emval.toValue(onError));
});

// Listens with addEventListener where there is one (werift fires 'bufferedamountlow' only there),
// else through the on<type> property.
EM_JS(void, kp_listen, (EM_VAL target, const char* type, EM_VAL handler, int add), {
  var t = Emval.toValue(target), name = UTF8ToString(type), h = Emval.toValue(handler);
  if (typeof t['addEventListener'] === 'function') {
    if (add) t['addEventListener'](name, h); else t['removeEventListener'](name, h);
  } else {
    t['on' + name] = add ? h : null;
  }
});

EM_JS(double, kp_send, (EM_VAL channel, EM_VAL payload), {
  var dc = Emval.toValue(channel);
  try { dc['send'](Emval.toValue(payload)); return dc['bufferedAmount']; } catch (e) { return -1; }
});

EM_JS(double, kp_send_frame, (EM_VAL channel, EM_VAL bytes, const unsigned char* header, int headerLength, double start, double end), {
  var dc = Emval.toValue(channel), src = Emval.toValue(bytes);
  try {
    var frame = new Uint8Array(headerLength + end - start);
    frame['set'](HEAPU8['subarray'](header, header + headerLength));
    frame['set'](src['subarray'](start, end), headerLength);
    dc['send'](frame);
    return dc['bufferedAmount'];
  } catch (e) { return -1; }
});

// Copies the frame's first bytes into wasm memory; returns its length, -2 for a string, -1 else.
// A view (werift delivers a Node Buffer) is copied out to an ArrayBuffer of its own.
EM_JS(EM_VAL, kp_as_array_buffer, (EM_VAL data), {
  var d = Emval.toValue(data);
  return Emval.toHandle(ArrayBuffer['isView'](d) ? d['buffer']['slice'](d['byteOffset'], d['byteOffset'] + d['byteLength']) : d);
});

EM_JS(double, kp_frame_head, (EM_VAL data, unsigned char* out, int max), {
  var d = Emval.toValue(data);
  if (typeof d === 'string') return -2;
  if (!(d instanceof ArrayBuffer)) return -1;
  var n = Math.min(max, d['byteLength']);
  HEAPU8['set'](new Uint8Array(d, 0, n), out);
  return d['byteLength'];
});

EM_JS(EM_VAL, kp_new_assembly, (double total), { return Emval.toHandle(new Uint8Array(total)); });

EM_JS(void, kp_copy_payload, (EM_VAL target, double offset, EM_VAL data, double from, double length), {
  Emval.toValue(target)['set'](new Uint8Array(Emval.toValue(data), from, length), offset);
});

EM_JS(EM_VAL, kp_finish_message, (EM_VAL target, int text), {
  var t = Emval.toValue(target);
  return Emval.toHandle(text ? new TextDecoder()['decode'](t) : t['buffer']);
});
// clang-format on

namespace kpeer::web {

namespace {
Guarded unpack(val r) {
  if (property(r, "ok").as<bool>()) return Guarded{true, property(r, "v"), {}};
  return Guarded{false, val::undefined(), property(r, "e").as<std::string>()};
}
}  // namespace

Guarded createDataChannel(const val& pc, const ChannelConfig& c) {
  // RTCDataChannelInit: the members the core's config sets, and no others.
  val init = val::object();
  setFlag(init, "ordered", c.ordered);
  if (c.maxRetransmits) setNumber(init, "maxRetransmits", *c.maxRetransmits);
  if (c.maxPacketLifeTime) setNumber(init, "maxPacketLifeTime", *c.maxPacketLifeTime);
  if (!c.protocol.empty()) setString(init, "protocol", c.protocol);
  if (c.negotiated) {
    setFlag(init, "negotiated", true);
    setNumber(init, "id", *c.id);
  }
  return unpack(val::take_ownership(kp_create_data_channel(pc.as_handle(), stringValue(c.label).as_handle(), init.as_handle())));
}

bool hostHasRtcPeerConnection() { return kp_host_has_rtc() != 0; }

std::optional<std::string> restartIce(const val& pc) {
  val error = val::take_ownership(kp_restart_ice(pc.as_handle()));
  return error.isString() ? std::optional<std::string>(error.as<std::string>()) : std::nullopt;
}

void runOperation(const val& pc, PeerOperation kind, const val& arg, const val& onOk, const val& onError) {
  kp_run_op(pc.as_handle(), static_cast<int>(kind), arg.as_handle(), onOk.as_handle(), onError.as_handle());
}

void listen(const val& target, const char* type, const val& handler, bool add) {
  kp_listen(target.as_handle(), type, handler.as_handle(), add ? 1 : 0);
}

std::optional<double> sctpMaxMessageSize(const val& pc) {
  val sctp = property(pc, "sctp");
  if (sctp.isNull() || sctp.isUndefined()) return std::nullopt;
  val max = property(sctp, "maxMessageSize");
  return max.isNumber() ? std::optional<double>(max.as<double>()) : std::nullopt;
}

val asArrayBuffer(const val& data) { return val::take_ownership(kp_as_array_buffer(data.as_handle())); }

Guarded newPeerConnection(const RtcConfiguration& rtc, const val& userConfig, bool injected) {
  val servers = val::array();
  for (const auto& s : rtc.iceServers) {
    val server = val::object();
    val urls = val::array();
    for (const auto& url : s.urls) push(urls, stringValue(url));
    setValue(server, "urls", urls);
    if (s.username) setString(server, "username", *s.username);
    if (s.credential) setString(server, "credential", *s.credential);
    push(servers, server);
  }
  val configuration = val::object();
  setValue(configuration, "iceServers", servers);
  if (rtc.iceTransportPolicy) setString(configuration, "iceTransportPolicy", *rtc.iceTransportPolicy);
  return unpack(val::take_ownership(kp_new_peer_connection(configuration.as_handle(), userConfig.as_handle(), injected ? 1 : 0)));
}

double bufferedAmountOf(const val& dc) { return kp_buffered_amount(dc.as_handle()); }

double sendPayload(const val& dc, const val& payload) { return kp_send(dc.as_handle(), payload.as_handle()); }

double sendFrame(const val& dc, const val& bytes, const FrameHeader& header, double offset, double length) {
  return kp_send_frame(dc.as_handle(), bytes.as_handle(), header.bytes.data(), static_cast<int>(header.size), offset,
                       offset + length);
}

double readFrameHead(const val& data, std::uint8_t* head, bool& text) {
  double n = kp_frame_head(data.as_handle(), head, static_cast<int>(kFirstFrameHeader));
  text = n == -2;
  return text ? 0 : n;
}

val newAssembly(double total) { return val::take_ownership(kp_new_assembly(total)); }

void copyIntoAssembly(const val& target, double offset, const val& frame, double from, double length) {
  kp_copy_payload(target.as_handle(), offset, frame.as_handle(), from, length);
}

val finishAssembly(const val& target, bool text) {
  return val::take_ownership(kp_finish_message(target.as_handle(), text ? 1 : 0));
}

}  // namespace kpeer::web
