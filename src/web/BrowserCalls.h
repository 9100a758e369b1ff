// Browser calls that may throw, wrapped so no JS exception ever unwinds through C++ frames
// (with -fno-exceptions that would skip destructors and leak emval handles).
#pragma once
#include <emscripten/val.h>

#include <string>

namespace kpeer::web {

using emscripten::val;

// Result of a guarded call: the value, or the browser's error message.
struct Guarded {
  bool ok;
  val value;
  std::string error;
};

// pc.createDataChannel(label, JSON.parse(initJson)) inside try/catch.
Guarded createDataChannel(const val& pc, const std::string& label, const std::string& initJson);
// new RTCPeerConnection(JSON.parse(configJson)) inside try/catch.
Guarded newPeerConnection(const std::string& rtcConfigurationJson);

// dc.send(data) for string / ArrayBuffer / ArrayBufferView / Blob, after checking the size
// against maxMessageSize. The hot path: no copy into wasm memory, no allocation.
enum SendStatus : int { SendOk = 1, SendTooBig = -1, SendFailed = -2, SendBadType = -3 };
int sendOnDataChannel(const val& dc, const val& data, double maxMessageSize);
// The same checks without sending: SendOk, SendTooBig or SendBadType.
int checkPayload(const val& data, double maxMessageSize);
// Bytes in the payload (a string shorter than maxMessageSize / 3 counts its length), or
// SendBadType.
double payloadSize(const val& data, double maxMessageSize);

}  // namespace kpeer::web
