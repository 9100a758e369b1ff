#include "EventEncoder.h"

#include "JsObject.h"

namespace kpeer::web {

namespace {

JsRef signalObject(const Signal& s) {
  JsRef v = JsRef::object();
  setText(v, "type", signalTypeName(s.type));
  if (s.type == SignalType::Ice) {
    setString(v, "candidate", s.ice.candidate);
    if (s.ice.sdpMid) setString(v, "sdpMid", *s.ice.sdpMid); else setNull(v, "sdpMid");
    if (s.ice.sdpMLineIndex) setNumber(v, "sdpMLineIndex", *s.ice.sdpMLineIndex); else setNull(v, "sdpMLineIndex");
  } else {
    setString(v, "sdp", s.sdp);
  }
  return v;
}

const char* levelName(LogLevel level) {
  return level == LogLevel::Debug ? "debug" : level == LogLevel::Info ? "info" : "warn";
}

std::optional<std::string> codeOf(const std::optional<Error>& e) {
  return e ? std::optional<std::string>(errorCodeName(e->code)) : std::nullopt;
}

std::optional<std::string> messageOf(const std::optional<Error>& e) {
  return e ? std::optional<std::string>(e->message) : std::nullopt;
}

}  // namespace

// Checked here, once, not in each deliver(): after reset() (dispose) nothing reaches JS.
void EventEncoder::dispatch(const JsRef& event) {
  if (!hooks_.isNull()) callMethod(hooks_, "dispatch", event);
}
void EventEncoder::put(const JsRef& object, const char* key, const JsRef& value) { setValue(object, key, value); }
void EventEncoder::put(const JsRef& object, const char* key, const std::string& value) { setString(object, key, value); }
void EventEncoder::put(const JsRef& object, const char* key, const char* value) { setText(object, key, value); }
void EventEncoder::put(const JsRef& object, const char* key, double value) { setNumber(object, key, value); }
void EventEncoder::put(const JsRef& object, const char* key, bool value) { setFlag(object, key, value); }

template <class E>
void EventEncoder::deliver(const E& e, const PayloadTable& payloads, RequestId callRequest,
                           std::optional<std::optional<Error>>& callOutcome) {
  using U = UserEvent;
  if constexpr (std::is_same_v<E, ev::EmitSignal>) {
    emit<U::signal>(signalObject(e.signal));
  } else if constexpr (std::is_same_v<E, ev::ConnectionStateChanged>) {
    emit<U::state>(connectionStateName(e.state));
  } else if constexpr (std::is_same_v<E, ev::ChannelAdded>) {
    emit<U::channel>(e.channel);  // the KChannel (and its label) exists since attach
  } else if constexpr (std::is_same_v<E, ev::ChannelStateChanged>) {
    emit<U::chstate>(e.channel, channelStateName(e.state));
  } else if constexpr (std::is_same_v<E, ev::RequestSettled>) {
    if (callRequest && e.request == callRequest) callOutcome = e.error;
    else emit<U::settled>(e.request, codeOf(e.error), messageOf(e.error));
  } else if constexpr (std::is_same_v<E, ev::ErrorRaised>) {
    emit<U::error>(errorCodeName(e.error.code), e.error.message, e.channel);
  } else if constexpr (std::is_same_v<E, ev::BufferedLow>) {
    emit<U::low>(e.channel);
  } else if constexpr (std::is_same_v<E, ev::BufferedAmount>) {
    emit<U::buffered>(e.channel);
  } else if constexpr (std::is_same_v<E, ev::Message>) {
    if (const JsRef* data = payloads.find(e.payload)) emit<U::message>(e.channel, *data);
  } else if constexpr (std::is_same_v<E, ev::Progress>) {
    emit<U::progress>(e.channel, e.received, e.total);
  } else if constexpr (std::is_same_v<E, ev::Log>) {
    emit<U::log>(levelName(e.level), e.message);
  }
}

// One deliver() per event, instantiated here where it is defined (WebPeer::pump calls them).
template void EventEncoder::deliver(const ev::EmitSignal&, const PayloadTable&, RequestId, std::optional<std::optional<Error>>&);
template void EventEncoder::deliver(const ev::ConnectionStateChanged&, const PayloadTable&, RequestId, std::optional<std::optional<Error>>&);
template void EventEncoder::deliver(const ev::ChannelAdded&, const PayloadTable&, RequestId, std::optional<std::optional<Error>>&);
template void EventEncoder::deliver(const ev::ChannelStateChanged&, const PayloadTable&, RequestId, std::optional<std::optional<Error>>&);
template void EventEncoder::deliver(const ev::RequestSettled&, const PayloadTable&, RequestId, std::optional<std::optional<Error>>&);
template void EventEncoder::deliver(const ev::ErrorRaised&, const PayloadTable&, RequestId, std::optional<std::optional<Error>>&);
template void EventEncoder::deliver(const ev::Log&, const PayloadTable&, RequestId, std::optional<std::optional<Error>>&);
template void EventEncoder::deliver(const ev::BufferedLow&, const PayloadTable&, RequestId, std::optional<std::optional<Error>>&);
template void EventEncoder::deliver(const ev::BufferedAmount&, const PayloadTable&, RequestId, std::optional<std::optional<Error>>&);
template void EventEncoder::deliver(const ev::Message&, const PayloadTable&, RequestId, std::optional<std::optional<Error>>&);
template void EventEncoder::deliver(const ev::Progress&, const PayloadTable&, RequestId, std::optional<std::optional<Error>>&);

}  // namespace kpeer::web
