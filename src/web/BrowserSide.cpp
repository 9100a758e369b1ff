#include "BrowserSide.h"

#include <algorithm>

#include "BrowserCalls.h"
#include "BrowserEvent.h"
#include "JsObject.h"

namespace kpeer::web {

namespace {

const char* const kPeerConnectionHandlers[] = {"onnegotiationneeded", "onicecandidate", "oniceconnectionstatechange",
                                               "onsignalingstatechange", "ondatachannel"};
// 'bufferedamountlow' goes through listen() (addEventListener where there is one).
const char* const kDataChannelHandlers[] = {"onmessage", "onopen", "onclosing", "onclose", "onerror"};

}  // namespace

void BrowserSide::adoptPeerConnection(JsRef pc) {
  pc_ = std::move(pc);
  using K = BrowserEventKind;
  const K kinds[] = {K::NegotiationNeeded, K::IceCandidate, K::IceConnectionState, K::SignalingState, K::DataChannel};
  for (std::size_t i = 0; i < 5; ++i) setValue(pc_, kPeerConnectionHandlers[i], bindBrowserEvent(handle_, kinds[i]));
}

const JsRef* BrowserSide::dataChannel(TransportId t) const { return transports_.find(t); }

const JsRef* BrowserSide::sendingChannel(const PeerCore& core, ChannelId channel) const {
  const ChannelEntry* entry = core.channels().find(channel);
  return entry ? dataChannel(entry->primary) : nullptr;
}

void BrowserSide::attach(TransportId t, ChannelId channel, const JsRef& dc, ReceiveMode receive, double lowThreshold) {
  using K = BrowserEventKind;
  setText(dc, "binaryType", "arraybuffer");
  setNumber(dc, "bufferedAmountLowThreshold", lowThreshold);
  // The JS layer's KChannel exists from here on; plain messages go straight to its handler.
  JsRef onMessage = messageHandler(hooks_, channel.value(), property(dc, "label"));
  setValue(dc, "onmessage", receive == ReceiveMode::Plain ? std::move(onMessage) : bindBrowserEvent(handle_, K::ChannelMessage, t.value()));
  const K kinds[] = {K::ChannelOpen, K::ChannelClosing, K::ChannelClose, K::ChannelError};
  for (std::size_t i = 0; i < 4; ++i) setValue(dc, kDataChannelHandlers[i + 1], bindBrowserEvent(handle_, kinds[i], t.value()));
  JsRef low = bindBrowserEvent(handle_, K::ChannelBufferedLow, t.value());
  listen(dc, "bufferedamountlow", low, true);
  lowHandlers_.put(t, std::move(low));
}

void BrowserSide::detach(TransportId t) {
  const JsRef* dc = transports_.find(t);
  if (!dc) return;
  for (const char* h : kDataChannelHandlers) setNull(*dc, h);
  if (const JsRef* low = lowHandlers_.find(t)) {
    listen(*dc, "bufferedamountlow", *low, false);
    lowHandlers_.erase(t);
  }
  callMethod(*dc, "close");  // a transport we let go of is closed, so the browser can free it
  transports_.erase(t);
  assemblies_.erase(t);
}

void BrowserSide::grant(ChannelId channel, const JsRef& dc, double maxBytes, double maxTextUnits) {
  if (dc.isNull()) granted_.erase(channel); else granted_.insert(channel);
  directSend(hooks_, channel.value(), dc, maxBytes, maxTextUnits);
}

template <class C>
void BrowserSide::execute(const C& c, PeerCore& core, PayloadTable& payloads, TimeMs now) {
  if constexpr (std::is_same_v<C, cmd::SetLocalDescription>) {
    using P = PeerOperation;
    JsRef given;
    if (c.given) {
      given = JsRef::object();
      setText(given, "type", signalTypeName(c.given->type));
      setString(given, "sdp", c.given->sdp);
    }
    const P kind = c.given    ? P::SetLocalGiven
                   : !c.create ? P::SetLocal
                   : *c.create == SignalType::Offer ? P::CreateOfferAndSet
                                                    : P::CreateAnswerAndSet;
    run(kind, given, BrowserEventKind::LocalDescriptionSet, c.op);
  } else if constexpr (std::is_same_v<C, cmd::CreateRestartOffer>) {
    run(PeerOperation::CreateRestartOffer, JsRef(), BrowserEventKind::OfferCreated, c.op);
  } else if constexpr (std::is_same_v<C, cmd::SetRemoteDescription>) {
    JsRef d = JsRef::object();
    setText(d, "type", signalTypeName(c.description.type));
    setString(d, "sdp", c.description.sdp);
    run(PeerOperation::SetRemote, d, BrowserEventKind::OpResolved, c.op);
  } else if constexpr (std::is_same_v<C, cmd::RollbackLocalOffer>) {
    JsRef rollback = JsRef::object();
    setText(rollback, "type", "rollback");
    run(PeerOperation::SetLocalGiven, rollback, BrowserEventKind::OpResolved, c.op);
  } else if constexpr (std::is_same_v<C, cmd::AddIceCandidate>) {
    JsRef init = JsRef::object();
    setString(init, "candidate", c.candidate.candidate);
    if (c.candidate.sdpMid) setString(init, "sdpMid", *c.candidate.sdpMid); else setNull(init, "sdpMid");
    if (c.candidate.sdpMLineIndex) setNumber(init, "sdpMLineIndex", *c.candidate.sdpMLineIndex);
    else setNull(init, "sdpMLineIndex");
    run(PeerOperation::AddCandidate, init, BrowserEventKind::OpResolved, c.op);
  } else if constexpr (std::is_same_v<C, cmd::RestartIce>) {
    if (auto refused = restartIce(pc_)) core.onRestartIceRefused(*refused, now);
  } else if constexpr (std::is_same_v<C, cmd::CreateDataChannel>) {
    Guarded dc = createDataChannel(pc_, c.config);
    if (!dc.ok) return core.onTransportRefused(c.transport, dc.error, now);
    attach(c.transport, c.channel, dc.value, c.receive, c.lowThreshold);
    // @roamhq/wrtc: a channel created on a live connection is open at once and fires no 'open'.
    const bool open = stringProperty(dc.value, "readyState") == "open";
    transports_.put(c.transport, std::move(dc.value));
    core.onTransportCreated(c.transport, now);
    if (open) core.onTransportState(c.transport, ChannelState::Open, now, sctpMaxMessageSize(pc_));
  } else if constexpr (std::is_same_v<C, cmd::AttachDataChannel>) {
    if (const JsRef* dc = transports_.find(c.transport)) attach(c.transport, c.channel, *dc, c.receive, c.lowThreshold);
  } else if constexpr (std::is_same_v<C, cmd::CloseDataChannel>) {
    if (const JsRef* dc = dataChannel(c.transport)) callMethod(*dc, "close");
  } else if constexpr (std::is_same_v<C, cmd::ReleaseDataChannel>) {
    detach(c.transport);
  } else if constexpr (std::is_same_v<C, cmd::ClosePeerConnection>) {
    if (!pc_.isNull()) callMethod(pc_, "close");
  } else if constexpr (std::is_same_v<C, cmd::Send>) {
    const JsRef* dc = dataChannel(c.transport);
    const JsRef* p = payloads.find(c.payload);
    double buffered = dc && p ? sendPayload(*dc, *p) : -1;
    core.onSendResult(c.transport, buffered >= 0, std::max(0.0, buffered), now);
  } else if constexpr (std::is_same_v<C, cmd::SendFrame>) {
    const JsRef* dc = dataChannel(c.transport);
    const JsRef* p = payloads.find(c.payload);
    double buffered = dc && p ? sendFrame(*dc, *p, c.header, static_cast<double>(c.offset), static_cast<double>(c.length)) : -1;
    core.onSendResult(c.transport, buffered >= 0, std::max(0.0, buffered), now);
  } else if constexpr (std::is_same_v<C, cmd::ReadBufferedAmount>) {
    if (const JsRef* dc = dataChannel(c.transport)) core.onBufferedAmount(c.transport, bufferedAmountOf(*dc), now);
  } else if constexpr (std::is_same_v<C, cmd::SetLowThreshold>) {
    if (const JsRef* dc = dataChannel(c.transport)) setNumber(*dc, "bufferedAmountLowThreshold", c.bytes);
  } else if constexpr (std::is_same_v<C, cmd::ReleasePayload>) {
    payloads.release(c.payload);
  } else if constexpr (std::is_same_v<C, cmd::GrantDirectSend>) {
    if (const JsRef* dc = dataChannel(c.transport)) grant(c.channel, *dc, c.maxBytes, c.maxTextUnits);
  } else if constexpr (std::is_same_v<C, cmd::RevokeDirectSend>) {
    grant(c.channel, JsRef::null(), 0, 0);
  } else if constexpr (std::is_same_v<C, cmd::AssembleStart>) {
    assemblies_.put(c.transport, newAssembly(static_cast<double>(c.total)));
  } else if constexpr (std::is_same_v<C, cmd::AssembleCopy>) {
    const JsRef* target = assemblies_.find(c.transport);
    const JsRef* frame = payloads.find(c.frame);
    if (target && frame)
      copyIntoAssembly(*target, static_cast<double>(c.offset), *frame, static_cast<double>(c.from),
                       static_cast<double>(c.length));
  } else if constexpr (std::is_same_v<C, cmd::AssembleFinish>) {
    const JsRef* target = assemblies_.find(c.transport);
    if (!target) return;
    payloads.hold(c.into, finishAssembly(*target, c.text));
    assemblies_.erase(c.transport);
  }
}

// One execute() per command, instantiated here where it is defined (WebPeer::pump calls them).
template void BrowserSide::execute(const cmd::SetLocalDescription&, PeerCore&, PayloadTable&, TimeMs);
template void BrowserSide::execute(const cmd::SetRemoteDescription&, PeerCore&, PayloadTable&, TimeMs);
template void BrowserSide::execute(const cmd::RollbackLocalOffer&, PeerCore&, PayloadTable&, TimeMs);
template void BrowserSide::execute(const cmd::AddIceCandidate&, PeerCore&, PayloadTable&, TimeMs);
template void BrowserSide::execute(const cmd::RestartIce&, PeerCore&, PayloadTable&, TimeMs);
template void BrowserSide::execute(const cmd::CreateRestartOffer&, PeerCore&, PayloadTable&, TimeMs);
template void BrowserSide::execute(const cmd::CreateDataChannel&, PeerCore&, PayloadTable&, TimeMs);
template void BrowserSide::execute(const cmd::AttachDataChannel&, PeerCore&, PayloadTable&, TimeMs);
template void BrowserSide::execute(const cmd::CloseDataChannel&, PeerCore&, PayloadTable&, TimeMs);
template void BrowserSide::execute(const cmd::ReleaseDataChannel&, PeerCore&, PayloadTable&, TimeMs);
template void BrowserSide::execute(const cmd::ClosePeerConnection&, PeerCore&, PayloadTable&, TimeMs);
template void BrowserSide::execute(const cmd::Send&, PeerCore&, PayloadTable&, TimeMs);
template void BrowserSide::execute(const cmd::SendFrame&, PeerCore&, PayloadTable&, TimeMs);
template void BrowserSide::execute(const cmd::SetLowThreshold&, PeerCore&, PayloadTable&, TimeMs);
template void BrowserSide::execute(const cmd::ReadBufferedAmount&, PeerCore&, PayloadTable&, TimeMs);
template void BrowserSide::execute(const cmd::ReleasePayload&, PeerCore&, PayloadTable&, TimeMs);
template void BrowserSide::execute(const cmd::GrantDirectSend&, PeerCore&, PayloadTable&, TimeMs);
template void BrowserSide::execute(const cmd::RevokeDirectSend&, PeerCore&, PayloadTable&, TimeMs);
template void BrowserSide::execute(const cmd::AssembleStart&, PeerCore&, PayloadTable&, TimeMs);
template void BrowserSide::execute(const cmd::AssembleCopy&, PeerCore&, PayloadTable&, TimeMs);
template void BrowserSide::execute(const cmd::AssembleFinish&, PeerCore&, PayloadTable&, TimeMs);

void BrowserSide::run(PeerOperation kind, const JsRef& arg, BrowserEventKind onOk, OpId op) {
  runOperation(pc_, kind, arg, handle_, onOk, op.value());
}

void BrowserSide::scheduleTimer(std::optional<TimeMs> at, TimeMs now) {
  const TimerArming::Action a = timerArming_.update(at, now);
  if (a.cancel && timer_) stopBrowserTimer(*timer_);
  if (a.cancel) timer_.reset();
  if (a.armAt) timer_ = startBrowserTimer(handle_, static_cast<double>(std::max<TimeMs>(0, *a.armAt - now)));
}

void BrowserSide::release() {
  for (TransportId t : transports_.keys()) detach(t);
  std::vector<ChannelId> granted;  // grant() below erases from granted_
  for (ChannelId channel : granted_) granted.push_back(channel);
  for (ChannelId channel : granted) grant(channel, JsRef::null(), 0, 0);
  if (timer_) stopBrowserTimer(*timer_);
  timer_.reset();
  timerArming_.disarm();
  if (!pc_.isNull())
    for (const char* h : kPeerConnectionHandlers) setNull(pc_, h);
  pc_ = JsRef::null();
  hooks_ = JsRef::null();
}

}  // namespace kpeer::web
