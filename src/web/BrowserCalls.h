// Browser calls that may throw, or that touch bytes, as EM_JS functions: no JS exception ever
// unwinds through C++ frames (with -fno-exceptions that would skip destructors and leak JS
// handles), and bytes are never copied into wasm memory.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "BrowserEvent.h"
#include "JsRef.h"
#include "core/ChunkFraming.h"
#include "core/PeerConfig.h"

namespace kpeer::web {

// Result of a guarded call: the value, or the browser's error message.
struct Guarded {
  bool ok;
  JsRef value;
  std::string error;
};

// pc.createDataChannel(config.label, RTCDataChannelInit from config) inside try/catch.
Guarded createDataChannel(const JsRef& pc, const ChannelConfig& config);
// new RTCPeerConnection(rtc) inside try/catch, with userConfig.wrtc's constructor when `injected`.
Guarded newPeerConnection(const RtcConfiguration& rtc, const JsRef& userConfig, bool injected);
bool hostHasRtcPeerConnection();
// pc.restartIce(); the exception's message when it threw.
std::optional<std::string> restartIce(const JsRef& pc);

enum class PeerOperation { SetLocal = 0, CreateOfferAndSet = 1, CreateAnswerAndSet = 2, SetLocalGiven = 3, SetRemote = 4, AddCandidate = 5, CreateRestartOffer = 6 };
// pc.<operation>(arg), then the browser event onOk (with the result) or OpRejected (with the
// error) for `op` of peer `peer`; a synchronous throw is a rejection too.
void runOperation(const JsRef& pc, PeerOperation kind, const JsRef& arg, std::uint32_t peer, BrowserEventKind onOk,
                  std::uint32_t op);
// addEventListener(type, handler) (or removeEventListener), else the on<type> property.
void listen(const JsRef& target, const char* type, const JsRef& handler, bool add);
// The message data as an ArrayBuffer when it is a view (a Node Buffer); else unchanged.
JsRef asArrayBuffer(const JsRef& data);
// pc.sctp.maxMessageSize, when the connection has an SCTP transport.
std::optional<double> sctpMaxMessageSize(const JsRef& pc);

// dc.bufferedAmount in one crossing.
double bufferedAmountOf(const JsRef& dc);
// dc.send(payload): dc.bufferedAmount afterwards, or -1 when the browser threw.
double sendPayload(const JsRef& dc, const JsRef& payload);
// dc.send(header + bytes[offset, offset + length)) of a Uint8Array: as sendPayload.
double sendFrame(const JsRef& dc, const JsRef& bytes, const FrameHeader& header, double offset, double length);

// What a message on a chunked channel is: a string (text), or bytes whose first
// kFirstFrameHeader bytes are copied to `head` (returns the length), or -1 for anything else.
double readFrameHead(const JsRef& data, std::uint8_t* head, bool& text);
// Chunked receive: a buffer, a copy into it, the buffer as a message (UTF-8 text or ArrayBuffer).
JsRef newAssembly(double total);
void copyIntoAssembly(const JsRef& target, double offset, const JsRef& frame, double from, double length);
JsRef finishAssembly(const JsRef& target, bool text);

// The hooks js/peer.js passes to peerCreate: hooks.messageHandler(channel, label) (the KChannel's
// MessageEvent handler), hooks.directSend(channel, dc | null, maxBytes, maxTextUnits).
JsRef messageHandler(const JsRef& hooks, double channel, const JsRef& label);
void directSend(const JsRef& hooks, double channel, const JsRef& dc, double maxBytes, double maxTextUnits);
// Promise.reject(reason).
JsRef rejectedPromise(const JsRef& reason);
// pc.getStats(), its report normalized by the module's kpNormalizeStats export.
JsRef normalizedStats(const JsRef& pc);

}  // namespace kpeer::web
