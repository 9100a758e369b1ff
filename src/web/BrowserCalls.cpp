#include "BrowserCalls.h"

#include <emscripten/emscripten.h>

#include "JsObject.h"

// clang-format off
// Property names are quoted: Closure renames unquoted ones, and C++ reads these by name.
EM_JS(unsigned, kp_create_data_channel, (unsigned pc, unsigned label, unsigned init), {
  try {
    return kpToRef({ 'v': kpRefs[pc]['createDataChannel'](kpRefs[label], kpRefs[init]) });
  } catch (e) { return kpToRef({ 'e': String(e && e['message'] || e) }); }
});

// From the user's config.wrtc when injected (read again here, inside the try), else the global.
EM_JS(unsigned, kp_new_peer_connection, (unsigned configuration, unsigned userConfig, int injected), {
  try {
    var C = injected ? kpRefs[userConfig]['wrtc']['RTCPeerConnection'] : globalThis['RTCPeerConnection'];
    return kpToRef({ 'v': new C(kpRefs[configuration]) });
  } catch (e) { return kpToRef({ 'e': String(e && e['message'] || e) }); }
});

// pc.restartIce(); the exception's message when it throws, else undefined.
EM_JS(unsigned, kp_restart_ice, (unsigned pc), {
  try { kpRefs[pc]['restartIce'](); return 0; }
  catch (e) { return kpToRef(String(e && e['message'] || e)); }
});

EM_JS(int, kp_host_has_rtc, (), { return typeof globalThis['RTCPeerConnection'] === 'function'; });

EM_JS(double, kp_buffered_amount, (unsigned channel), { return kpRefs[channel]['bufferedAmount']; });

// One promise-returning call on the RTCPeerConnection, then the browser event onOk / OpRejected
// for `op`. A synchronous throw (Node implementations throw TypeErrors) becomes a rejection.
// kind: 0 setLocalDescription(), 1 / 2 the same with createOffer() / createAnswer() first,
// 3 setLocalDescription(arg) (a rollback or a given offer), 4 setRemoteDescription(arg),
// 5 addIceCandidate(arg), 6 createOffer({iceRestart: true}) alone (onOk gets the offer).
EM_JS(void, kp_run_op, (unsigned pc, int kind, unsigned arg, unsigned peer, int onOk, int onError, unsigned op), {
  var p = kpRefs[pc], a = kpRefs[arg], r;
  try {
    if (kind === 6) {
      r = p['createOffer']({ 'iceRestart': true });
    } else if (kind === 1 || kind === 2) {
      r = (kind === 1 ? p['createOffer']() : p['createAnswer']())['then'](function(d) { return p['setLocalDescription'](d); });
    } else {
      r = kind === 0 ? p['setLocalDescription']() : p[kind === 4 ? 'setRemoteDescription' : kind === 5 ? 'addIceCandidate' : 'setLocalDescription'](a);
    }
  } catch (e) { r = Promise.reject(e); }
  Promise.resolve(r)['then'](kpEvent(peer, onOk, op), kpEvent(peer, onError, op));
});

// Listens with addEventListener where there is one (werift fires 'bufferedamountlow' only there),
// else through the on<type> property.
EM_JS(void, kp_listen, (unsigned target, const char* type, unsigned handler, int add), {
  var t = kpRefs[target], name = kpKey(type), h = kpRefs[handler];
  if (typeof t['addEventListener'] === 'function') {
    if (add) t['addEventListener'](name, h); else t['removeEventListener'](name, h);
  } else {
    t['on' + name] = add ? h : null;
  }
});

EM_JS(double, kp_send, (unsigned channel, unsigned payload), {
  var dc = kpRefs[channel];
  try { dc['send'](kpRefs[payload]); return dc['bufferedAmount']; } catch (e) { return -1; }
});

EM_JS(double, kp_send_frame, (unsigned channel, unsigned bytes, const unsigned char* header, int headerLength, double start, double end), {
  var dc = kpRefs[channel], src = kpRefs[bytes];
  try {
    var frame = new Uint8Array(headerLength + end - start);
    frame['set'](HEAPU8['subarray'](header, header + headerLength));
    frame['set'](src['subarray'](start, end), headerLength);
    dc['send'](frame);
    return dc['bufferedAmount'];
  } catch (e) { return -1; }
});

// A view (werift delivers a Node Buffer) is copied out to an ArrayBuffer of its own.
EM_JS(unsigned, kp_as_array_buffer, (unsigned data), {
  var d = kpRefs[data];
  return kpToRef(ArrayBuffer['isView'](d) ? d['buffer']['slice'](d['byteOffset'], d['byteOffset'] + d['byteLength']) : d);
});

// Copies the frame's first bytes into wasm memory; returns its length, -2 for a string, -1 else.
EM_JS(double, kp_frame_head, (unsigned data, unsigned char* out, int max), {
  var d = kpRefs[data];
  if (typeof d === 'string') return -2;
  if (!(d instanceof ArrayBuffer)) return -1;
  var n = Math.min(max, d['byteLength']);
  HEAPU8['set'](new Uint8Array(d, 0, n), out);
  return d['byteLength'];
});

EM_JS(unsigned, kp_new_assembly, (double total), { return kpToRef(new Uint8Array(total)); });

EM_JS(void, kp_copy_payload, (unsigned target, double offset, unsigned data, double from, double length), {
  kpRefs[target]['set'](new Uint8Array(kpRefs[data], from, length), offset);
});

EM_JS(unsigned, kp_finish_message, (unsigned target, int text), {
  var t = kpRefs[target];
  return kpToRef(text ? kpText['decode'](t) : t['buffer']);
});

EM_JS(unsigned, kp_message_handler, (unsigned hooks, double channel, unsigned label), {
  return kpToRef(kpRefs[hooks]['messageHandler'](channel, kpRefs[label]));
});

EM_JS(void, kp_direct_send, (unsigned hooks, double channel, unsigned dc, double maxBytes, double maxText), {
  kpRefs[hooks]['directSend'](channel, kpRefs[dc], maxBytes, maxText);
});

EM_JS(unsigned, kp_rejected, (unsigned reason), { return kpToRef(Promise.reject(kpRefs[reason])); });

EM_JS(unsigned, kp_stats, (unsigned pc), {
  return kpToRef(kpRefs[pc]['getStats']()['then'](function(r) { return kpTake(_kpNormalizeStats(kpToRef(r))); }));
});
// clang-format on

namespace kpeer::web {

namespace {
// {v} when the call returned, {e: message} when it threw.
Guarded unpack(const JsRef& r) {
  if (auto error = optionalString(r, "e")) return Guarded{false, JsRef(), std::move(*error)};
  return Guarded{true, property(r, "v"), {}};
}
}  // namespace

Guarded createDataChannel(const JsRef& pc, const ChannelConfig& c) {
  // RTCDataChannelInit: the members the core's config sets, and no others.
  JsRef init = JsRef::object();
  setFlag(init, "ordered", c.ordered);
  if (c.maxRetransmits) setNumber(init, "maxRetransmits", *c.maxRetransmits);
  if (c.maxPacketLifeTime) setNumber(init, "maxPacketLifeTime", *c.maxPacketLifeTime);
  if (!c.protocol.empty()) setString(init, "protocol", c.protocol);
  if (c.negotiated) {
    setFlag(init, "negotiated", true);
    setNumber(init, "id", *c.id);
  }
  JsRef label = JsRef::string(c.label);
  return unpack(JsRef::take(kp_create_data_channel(pc.handle(), label.handle(), init.handle())));
}

bool hostHasRtcPeerConnection() { return kp_host_has_rtc() != 0; }

std::optional<std::string> restartIce(const JsRef& pc) { return JsRef::take(kp_restart_ice(pc.handle())).text(); }

void runOperation(const JsRef& pc, PeerOperation kind, const JsRef& arg, std::uint32_t peer, BrowserEventKind onOk,
                  std::uint32_t op) {
  kp_run_op(pc.handle(), static_cast<int>(kind), arg.handle(), peer, static_cast<int>(onOk),
            static_cast<int>(BrowserEventKind::OpRejected), op);
}

void listen(const JsRef& target, const char* type, const JsRef& handler, bool add) {
  kp_listen(target.handle(), type, handler.handle(), add ? 1 : 0);
}

std::optional<double> sctpMaxMessageSize(const JsRef& pc) { return numberProperty(property(pc, "sctp"), "maxMessageSize"); }

JsRef asArrayBuffer(const JsRef& data) { return JsRef::take(kp_as_array_buffer(data.handle())); }

Guarded newPeerConnection(const RtcConfiguration& rtc, const JsRef& userConfig, bool injected) {
  JsRef servers = JsRef::array();
  for (const auto& s : rtc.iceServers) {
    JsRef server = JsRef::object();
    JsRef urls = JsRef::array();
    for (const auto& url : s.urls) push(urls, JsRef::string(url));
    setValue(server, "urls", urls);
    if (s.username) setString(server, "username", *s.username);
    if (s.credential) setString(server, "credential", *s.credential);
    push(servers, server);
  }
  JsRef configuration = JsRef::object();
  setValue(configuration, "iceServers", servers);
  if (rtc.iceTransportPolicy) setString(configuration, "iceTransportPolicy", *rtc.iceTransportPolicy);
  return unpack(JsRef::take(kp_new_peer_connection(configuration.handle(), userConfig.handle(), injected ? 1 : 0)));
}

double bufferedAmountOf(const JsRef& dc) { return kp_buffered_amount(dc.handle()); }

double sendPayload(const JsRef& dc, const JsRef& payload) { return kp_send(dc.handle(), payload.handle()); }

double sendFrame(const JsRef& dc, const JsRef& bytes, const FrameHeader& header, double offset, double length) {
  return kp_send_frame(dc.handle(), bytes.handle(), header.bytes.data(), static_cast<int>(header.size), offset,
                       offset + length);
}

double readFrameHead(const JsRef& data, std::uint8_t* head, bool& text) {
  double n = kp_frame_head(data.handle(), head, static_cast<int>(kFirstFrameHeader));
  text = n == -2;
  return text ? 0 : n;
}

JsRef newAssembly(double total) { return JsRef::take(kp_new_assembly(total)); }

void copyIntoAssembly(const JsRef& target, double offset, const JsRef& frame, double from, double length) {
  kp_copy_payload(target.handle(), offset, frame.handle(), from, length);
}

JsRef finishAssembly(const JsRef& target, bool text) { return JsRef::take(kp_finish_message(target.handle(), text ? 1 : 0)); }

JsRef messageHandler(const JsRef& hooks, double channel, const JsRef& label) {
  return JsRef::take(kp_message_handler(hooks.handle(), channel, label.handle()));
}

void directSend(const JsRef& hooks, double channel, const JsRef& dc, double maxBytes, double maxTextUnits) {
  kp_direct_send(hooks.handle(), channel, dc.handle(), maxBytes, maxTextUnits);
}

JsRef rejectedPromise(const JsRef& reason) { return JsRef::take(kp_rejected(reason.handle())); }

JsRef normalizedStats(const JsRef& pc) { return JsRef::take(kp_stats(pc.handle())); }

}  // namespace kpeer::web
