#include "ChunkedTransfer.h"

#include <emscripten/emscripten.h>

#include "JsObject.h"
#include "core/Json.h"

using emscripten::EM_VAL;

// clang-format off
// The payload as a Uint8Array view (text as UTF-8), or null for what cannot be framed.
EM_JS(EM_VAL, kp_bytes_of, (EM_VAL payload), {
  try {
    var m = Emval.toValue(payload);
    if (typeof m === 'string') return Emval.toHandle(new TextEncoder()['encode'](m));
    if (m instanceof ArrayBuffer) return Emval.toHandle(new Uint8Array(m));
    if (ArrayBuffer['isView'](m)) return Emval.toHandle(new Uint8Array(m['buffer'], m['byteOffset'], m['byteLength']));
  } catch (e) {}
  return Emval.toHandle(null);
});

EM_JS(EM_VAL, kp_make_frame, (const unsigned char* header, int headerLength, EM_VAL bytes, double start, double end), {
  var src = Emval.toValue(bytes);
  var frame = new Uint8Array(headerLength + end - start);
  frame['set'](HEAPU8['subarray'](header, header + headerLength));
  frame['set'](src['subarray'](start, end), headerLength);
  return Emval.toHandle(frame);
});

// Copies the frame's first bytes into wasm memory; returns its length, or -1 if not binary.
EM_JS(double, kp_frame_head, (EM_VAL data, unsigned char* out, int max), {
  var d = Emval.toValue(data);
  if (!(d instanceof ArrayBuffer)) return -1;
  var n = Math.min(max, d['byteLength']);
  HEAPU8['set'](new Uint8Array(d, 0, n), out);
  return d['byteLength'];
});

EM_JS(void, kp_copy_payload, (EM_VAL target, double offset, EM_VAL data, double from, double length), {
  Emval.toValue(target)['set'](new Uint8Array(Emval.toValue(data), from, length), offset);
});

EM_JS(EM_VAL, kp_finish_message, (EM_VAL target, int text), {
  var t = Emval.toValue(target);
  return Emval.toHandle(text ? new TextDecoder()['decode'](t) : t['buffer']);
});
// clang-format on

namespace kpeer::web {

Result<std::vector<val>> buildFrames(const val& data, double maxMessageSize, double cap) {
  val bytes = val::take_ownership(kp_bytes_of(data.as_handle()));
  if (bytes.isNull())
    return Error{ErrorCode::InvalidData, "a chunked channel sends strings, ArrayBuffers and ArrayBufferViews"};
  const double total = property(bytes, "byteLength").as<double>();
  if (total > cap)
    return Error{ErrorCode::MessageTooBig, "message of " + decimal(static_cast<long long>(total)) +
                                               " bytes is larger than this chunked channel's limit of " +
                                               decimal(static_cast<long long>(cap)) + " bytes"};
  const bool text = data.isString();
  const std::size_t step = framePayloadSize(maxMessageSize);
  std::vector<val> frames;
  auto size = static_cast<std::uint64_t>(total);
  std::uint64_t offset = 0;
  do {
    std::size_t payload = static_cast<std::size_t>(std::min<std::uint64_t>(step, size - offset));
    FrameHeader h = encodeFrameHeader(size, offset, payload, text);
    frames.push_back(val::take_ownership(kp_make_frame(h.bytes.data(), static_cast<int>(h.size), bytes.as_handle(),
                                                       static_cast<double>(offset),
                                                       static_cast<double>(offset + payload))));
    offset += payload;
  } while (offset < size);
  return frames;
}

ChunkReceiver::Outcome ChunkReceiver::onFrame(const val& data) {
  Outcome out;
  if (data.isString()) {
    // A plain text message (a peer that does not frame): pass it through as it is.
    out.message = data;
    return out;
  }
  std::uint8_t head[kFirstFrameHeader];
  double length = kp_frame_head(data.as_handle(), head, static_cast<int>(kFirstFrameHeader));
  if (length < 0) {
    out.error = Error{ErrorCode::InvalidData, "a chunked channel received a message that is not a frame"};
    return out;
  }
  auto frameLength = static_cast<std::size_t>(length);
  auto step = assembler_.onFrame(head, std::min(frameLength, kFirstFrameHeader), frameLength);
  if (step.error) {
    target_ = val::null();
    out.error = step.error;
    return out;
  }
  if (step.payloadLength == 0 && !step.start) return out;  // the rest of a dropped message
  if (step.start) {
    target_ = val::global("Uint8Array").new_(static_cast<double>(step.total));
    received_ = 0;
  }
  kp_copy_payload(target_.as_handle(), static_cast<double>(step.offset), data.as_handle(),
                  static_cast<double>(step.payloadOffset), static_cast<double>(step.payloadLength));
  received_ += static_cast<double>(step.payloadLength);
  // Progress for messages of more than one frame, ending at received == total.
  out.progress = !(step.start && step.complete);
  out.received = received_;
  out.total = static_cast<double>(step.total);
  if (step.complete) {
    out.message = val::take_ownership(kp_finish_message(target_.as_handle(), step.text ? 1 : 0));
    target_ = val::null();
  }
  return out;
}

}  // namespace kpeer::web
