#include "SignalCodec.h"

#include "IceGenerations.h"
#include "Text.h"

namespace kpeer {

const char* signalTypeName(SignalType type) {
  switch (type) {
    case SignalType::Offer: return "offer";
    case SignalType::Answer: return "answer";
    case SignalType::Ice: return "ice";
  }
  return "?";
}

namespace {

Error bad(std::string message) { return Error{ErrorCode::InvalidSignal, std::move(message)}; }

std::string tooLarge(const char* what, std::size_t bytes) {
  return std::string(what) + " of " + decimal(static_cast<long long>(bytes)) + " bytes is larger than the limit of " +
         decimal(static_cast<long long>(kMaxSignalBytes)) + " bytes";
}

// A field of the signal that threw when read: say which and why.
std::optional<Error> unreadable(const Value& v, const char* name) {
  if (!v.is(ValueKind::Unreadable)) return std::nullopt;
  return bad(std::string("signal.") + name + " could not be read: " + truncatedForMessage(v.reason(), 120));
}

Result<Signal> decodeDescription(const Value& j, SignalType type) {
  Value sdp = j.field("sdp");
  if (auto e = unreadable(sdp, "sdp")) return *e;
  if (!sdp.is(ValueKind::String))
    return bad(std::string("an '") + signalTypeName(type) + "' signal needs a string field 'sdp'");
  if (sdp.textBytes() > kMaxSignalBytes) return bad(tooLarge("the 'sdp' of this signal", sdp.textBytes()));
  Signal s;
  s.type = type;
  s.sdp = sdp.string();
  // Every SDP starts with its version line; anything else is not a session description.
  if (!startsWith(s.sdp, "v=0"))
    return bad(std::string("the 'sdp' of this '") + signalTypeName(type) +
               "' signal is not a session description (it must start with \"v=0\")");
  return s;
}

Result<Signal> decodeIce(const Value& j) {
  Signal s;
  s.type = SignalType::Ice;
  Value cand = j.field("candidate");
  if (auto e = unreadable(cand, "candidate")) return *e;
  if (!cand.is(ValueKind::String)) return bad("an 'ice' signal needs a string field 'candidate'");
  if (cand.textBytes() > kMaxSignalBytes) return bad(tooLarge("the 'candidate' of this signal", cand.textBytes()));
  s.ice.candidate = cand.string();
  IceGenerations::stripAttributePrefix(s.ice.candidate);  // node-datachannel's "a=candidate:" lines
  if (!s.ice.candidate.empty() && !startsWith(s.ice.candidate, "candidate:"))
    return bad("the 'candidate' of an 'ice' signal must start with \"candidate:\" (or be empty for end-of-candidates)");
  Value mid = j.field("sdpMid");
  if (auto e = unreadable(mid, "sdpMid")) return *e;
  if (!mid.missing()) {
    if (!mid.is(ValueKind::String)) return bad("'sdpMid' must be a string or null");
    if (mid.textBytes() > kMaxSignalBytes) return bad(tooLarge("the 'sdpMid' of this signal", mid.textBytes()));
    s.ice.sdpMid = mid.string();
  }
  Value index = j.field("sdpMLineIndex");
  if (auto e = unreadable(index, "sdpMLineIndex")) return *e;
  if (!index.missing()) {
    if (!index.isInteger() || index.number() < 0 || index.number() > 65535)
      return bad("'sdpMLineIndex' must be a whole number from 0 to 65535, or null");
    s.ice.sdpMLineIndex = static_cast<int>(index.number());
  }
  // KPeer drops a candidate without sdpMLineIndex; we accept either locator.
  if (!s.ice.sdpMid && !s.ice.sdpMLineIndex)
    return bad("an 'ice' signal needs 'sdpMid' or 'sdpMLineIndex' to say which media section it belongs to");
  return s;
}

Result<Signal> decodeObject(const Value& j) {
  if (j.is(ValueKind::Unreadable)) return bad("signal could not be read: " + truncatedForMessage(j.reason(), 120));
  if (j.is(ValueKind::Absent)) return bad("signal is missing (undefined): pass the object the other side emitted");
  if (!j.is(ValueKind::Object))
    return bad(std::string("signal must be an object like {type:'offer', sdp:'...'} or its JSON text, not ") +
               Value::describe(j.kind()));
  Value type = j.field("type");
  if (auto e = unreadable(type, "type")) return *e;
  if (!type.is(ValueKind::String)) return bad("signal has no string field 'type' (expected 'offer', 'answer' or 'ice')");
  // A type is a short word; a long string is not copied just to be quoted back.
  if (type.textBytes() > 64) return bad("unknown signal type (a string of " + decimal(static_cast<long long>(type.textBytes())) +
                                        " bytes; expected 'offer', 'answer' or 'ice')");
  const std::string t = type.string();
  if (t == "offer") return decodeDescription(j, SignalType::Offer);
  if (t == "answer") return decodeDescription(j, SignalType::Answer);
  if (t == "ice") return decodeIce(j);
  return bad("unknown signal type '" + truncatedForMessage(t) + "' (expected 'offer', 'answer' or 'ice')");
}

}  // namespace

Result<Signal> decodeSignal(const Value& signal) {
  if (!signal.is(ValueKind::String)) return decodeObject(signal);
  // JSON text: the host parses it once the core has looked at its size.
  if (signal.textBytes() == 0) return bad("signal is an empty string");
  if (signal.textBytes() > kMaxSignalBytes) return bad(tooLarge("signal", signal.textBytes()));
  Value parsed = signal.parsedJson();
  if (parsed.is(ValueKind::Absent)) return bad("signal is not valid JSON");
  if (parsed.is(ValueKind::String)) return bad("signal must be an object like {type:'offer', sdp:'...'}, not a JSON string");
  return decodeObject(parsed);
}

}  // namespace kpeer
