// Browser calls that may throw, or that touch bytes, as EM_JS functions: no JS exception ever
// unwinds through C++ frames (with -fno-exceptions that would skip destructors and leak emval
// handles), and bytes are never copied into wasm memory.
#pragma once
#include <emscripten/val.h>

#include <cstdint>
#include <optional>
#include <string>

#include "core/ChunkFraming.h"
#include "core/PeerConfig.h"

namespace kpeer::web {

using emscripten::val;

// Result of a guarded call: the value, or the browser's error message.
struct Guarded {
  bool ok;
  val value;
  std::string error;
};

// pc.createDataChannel(config.label, RTCDataChannelInit from config) inside try/catch.
Guarded createDataChannel(const val& pc, const ChannelConfig& config);
// new RTCPeerConnection(RTCConfiguration from rtc) inside try/catch.
// new RTCPeerConnection(rtc), with userConfig.wrtc's constructor when `injected`.
Guarded newPeerConnection(const RtcConfiguration& rtc, const val& userConfig, bool injected);
bool hostHasRtcPeerConnection();
// pc.restartIce(); the exception's message when it threw.
std::optional<std::string> restartIce(const val& pc);

enum class PeerOperation { SetLocal = 0, CreateOfferAndSet = 1, CreateAnswerAndSet = 2, SetLocalGiven = 3, SetRemote = 4, AddCandidate = 5 };
// pc.<operation>(arg) → onOk(result) or onError(error); a synchronous throw is an onError too.
void runOperation(const val& pc, PeerOperation kind, const val& arg, const val& onOk, const val& onError);
// addEventListener(type, handler) (or removeEventListener), else the on<type> property.
void listen(const val& target, const char* type, const val& handler, bool add);
// The message data as an ArrayBuffer when it is a view (a Node Buffer); else unchanged.
val asArrayBuffer(const val& data);
// pc.sctp.maxMessageSize, when the connection has an SCTP transport.
std::optional<double> sctpMaxMessageSize(const val& pc);

// dc.bufferedAmount in one crossing.
double bufferedAmountOf(const val& dc);
// dc.send(payload): dc.bufferedAmount afterwards, or -1 when the browser threw.
double sendPayload(const val& dc, const val& payload);
// dc.send(header + bytes[offset, offset + length)) of a Uint8Array: as sendPayload.
double sendFrame(const val& dc, const val& bytes, const FrameHeader& header, double offset, double length);

// What a message on a chunked channel is: a string (text), or bytes whose first
// kFirstFrameHeader bytes are copied to `head` (returns the length), or -1 for anything else.
double readFrameHead(const val& data, std::uint8_t* head, bool& text);
// Chunked receive: a buffer, a copy into it, the buffer as a message (UTF-8 text or ArrayBuffer).
val newAssembly(double total);
void copyIntoAssembly(const val& target, double offset, const val& frame, double from, double length);
val finishAssembly(const val& target, bool text);

}  // namespace kpeer::web
