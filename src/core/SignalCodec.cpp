#include "SignalCodec.h"

#include "Json.h"
#include "JsonFields.h"

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

Result<Signal> decodeDescription(const Json& j, SignalType type) {
  const Json* sdp = j.find("sdp");
  if (!sdp || !sdp->isString())
    return bad(std::string("an '") + signalTypeName(type) + "' signal needs a string field 'sdp'");
  // Every SDP starts with its version line; anything else is not a session description.
  if (sdp->string().rfind("v=0", 0) != 0)
    return bad(std::string("the 'sdp' of this '") + signalTypeName(type) +
               "' signal is not a session description (it must start with \"v=0\")");
  Signal s;
  s.type = type;
  s.sdp = sdp->string();
  return s;
}

Result<Signal> decodeIce(const Json& j) {
  Signal s;
  s.type = SignalType::Ice;
  const Json* cand = j.find("candidate");
  if (!cand || !cand->isString()) return bad("an 'ice' signal needs a string field 'candidate'");
  s.ice.candidate = cand->string();
  if (!s.ice.candidate.empty() && s.ice.candidate.rfind("candidate:", 0) != 0)
    return bad("the 'candidate' of an 'ice' signal must start with \"candidate:\" (or be empty for end-of-candidates)");
  if (const Json* mid = j.find("sdpMid"); mid && !mid->isNull()) {
    if (!mid->isString()) return bad("'sdpMid' must be a string or null");
    s.ice.sdpMid = mid->string();
  }
  if (const Json* idx = j.find("sdpMLineIndex"); idx && !idx->isNull()) {
    if (!idx->isInteger() || idx->number() < 0 || idx->number() > 65535)
      return bad("'sdpMLineIndex' must be a whole number from 0 to 65535, or null");
    s.ice.sdpMLineIndex = static_cast<int>(idx->number());
  }
  // KPeer drops a candidate without sdpMLineIndex; we accept either locator.
  if (!s.ice.sdpMid && !s.ice.sdpMLineIndex)
    return bad("an 'ice' signal needs 'sdpMid' or 'sdpMLineIndex' to say which media section it belongs to");
  return s;
}

}  // namespace

Result<Signal> decodeSignal(std::string_view text) {
  if (text.empty()) return bad("signal is empty (undefined, a function or an empty string)");
  if (text.size() > kMaxSignalBytes)
    return bad("signal of " + decimal(static_cast<long long>(text.size())) + " bytes is larger than the limit of " +
               decimal(static_cast<long long>(kMaxSignalBytes)) + " bytes");
  Json::ParseError why = Json::ParseError::Syntax;
  auto j = Json::parse(text, &why);
  if (!j && why == Json::ParseError::TooDeep)
    return bad("signal is nested more than " + decimal(Json::kMaxDepth) + " levels deep; a signal is a flat object");
  if (!j) return bad("signal is not valid JSON");
  if (!j->isObject()) return bad("signal must be an object like {type:'offer', sdp:'...'}");
  const Json* type = j->find("type");
  if (!type || !type->isString())
    return bad("signal has no string field 'type' (expected 'offer', 'answer' or 'ice')");
  const auto& t = type->string();
  if (t == "offer") return decodeDescription(*j, SignalType::Offer);
  if (t == "answer") return decodeDescription(*j, SignalType::Answer);
  if (t == "ice") return decodeIce(*j);
  return bad("unknown signal type '" + truncatedForMessage(t) + "' (expected 'offer', 'answer' or 'ice')");
}

std::string encodeSignal(const Signal& s) {
  Json j = Json::object();
  j.set("type", signalTypeName(s.type));
  if (s.type == SignalType::Ice) {
    j.set("candidate", s.ice.candidate);
    j.set("sdpMid", s.ice.sdpMid ? Json(*s.ice.sdpMid) : Json());
    j.set("sdpMLineIndex", s.ice.sdpMLineIndex ? Json(*s.ice.sdpMLineIndex) : Json());
  } else {
    j.set("sdp", s.sdp);
  }
  return j.dump();
}

}  // namespace kpeer
