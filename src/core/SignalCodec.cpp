#include "SignalCodec.h"

#include <nlohmann/json.hpp>

#include "JsonFields.h"

namespace kpeer {

using nlohmann::json;

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

Result<Signal> decodeDescription(const json& j, SignalType type) {
  auto sdp = j.find("sdp");
  if (sdp == j.end() || !sdp->is_string())
    return bad(std::string("an '") + signalTypeName(type) + "' signal needs a string field 'sdp'");
  const auto& text = sdp->get_ref<const std::string&>();
  // Every SDP starts with its version line; anything else is not a session description.
  if (text.rfind("v=0", 0) != 0)
    return bad(std::string("the 'sdp' of this '") + signalTypeName(type) +
               "' signal is not a session description (it must start with \"v=0\")");
  Signal s;
  s.type = type;
  s.sdp = text;
  return s;
}

Result<Signal> decodeIce(const json& j) {
  Signal s;
  s.type = SignalType::Ice;
  auto cand = j.find("candidate");
  if (cand == j.end() || !cand->is_string())
    return bad("an 'ice' signal needs a string field 'candidate'");
  s.ice.candidate = cand->get<std::string>();
  if (!s.ice.candidate.empty() && s.ice.candidate.rfind("candidate:", 0) != 0)
    return bad("the 'candidate' of an 'ice' signal must start with \"candidate:\" (or be empty for end-of-candidates)");
  auto mid = j.find("sdpMid");
  if (mid != j.end() && !mid->is_null()) {
    if (!mid->is_string()) return bad("'sdpMid' must be a string or null");
    s.ice.sdpMid = mid->get<std::string>();
  }
  auto idx = j.find("sdpMLineIndex");
  if (idx != j.end() && !idx->is_null()) {
    if (!idx->is_number_integer() || idx->get<long long>() < 0 || idx->get<long long>() > 65535)
      return bad("'sdpMLineIndex' must be a whole number from 0 to 65535, or null");
    s.ice.sdpMLineIndex = idx->get<int>();
  }
  // KPeer drops a candidate without sdpMLineIndex; we accept either locator.
  if (!s.ice.sdpMid && !s.ice.sdpMLineIndex)
    return bad("an 'ice' signal needs 'sdpMid' or 'sdpMLineIndex' to say which media section it belongs to");
  return s;
}

}  // namespace

Result<Signal> decodeSignal(std::string_view text) {
  if (text.size() > kMaxSignalBytes)
    return bad("signal of " + std::to_string(text.size()) + " bytes is larger than the limit of " +
               std::to_string(kMaxSignalBytes) + " bytes");
  if (text.empty()) return bad("signal is empty (undefined, a function or an empty string)");
  json j = json::parse(text.begin(), text.end(), nullptr, false);
  if (j.is_discarded()) return bad("signal is not valid JSON");
  if (!j.is_object()) return bad("signal must be an object like {type:'offer', sdp:'...'}");
  auto type = j.find("type");
  if (type == j.end() || !type->is_string())
    return bad("signal has no string field 'type' (expected 'offer', 'answer' or 'ice')");
  const auto& t = type->get_ref<const std::string&>();
  if (t == "offer") return decodeDescription(j, SignalType::Offer);
  if (t == "answer") return decodeDescription(j, SignalType::Answer);
  if (t == "ice") return decodeIce(j);
  return bad("unknown signal type '" + truncatedForMessage(t) + "' (expected 'offer', 'answer' or 'ice')");
}

std::string encodeSignal(const Signal& s) {
  json j;
  j["type"] = signalTypeName(s.type);
  if (s.type == SignalType::Ice) {
    j["candidate"] = s.ice.candidate;
    j["sdpMid"] = s.ice.sdpMid ? json(*s.ice.sdpMid) : json(nullptr);
    j["sdpMLineIndex"] = s.ice.sdpMLineIndex ? json(*s.ice.sdpMLineIndex) : json(nullptr);
  } else {
    j["sdp"] = s.sdp;
  }
  return j.dump();
}

}  // namespace kpeer
