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

EM_JS(EM_VAL, kp_new_peer_connection, (EM_VAL configuration), {
  try { return Emval.toHandle({ 'ok': true, 'v': new RTCPeerConnection(Emval.toValue(configuration)) }); }
  catch (e) { return Emval.toHandle({ 'ok': false, 'e': String(e && e['message'] || e) }); }
});

EM_JS(double, kp_buffered_amount, (EM_VAL channel), { return Emval.toValue(channel)['bufferedAmount']; });

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

Guarded newPeerConnection(const RtcConfiguration& rtc) {
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
  return unpack(val::take_ownership(kp_new_peer_connection(configuration.as_handle())));
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
