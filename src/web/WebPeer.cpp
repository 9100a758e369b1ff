#include "WebPeer.h"

#include <emscripten/emscripten.h>

#include <algorithm>
#include <set>

#include "BrowserCalls.h"
#include "BrowserEvent.h"
#include "JsObject.h"
#include "core/Json.h"
#include "core/JsonFields.h"

namespace kpeer::web {

namespace {

std::map<std::uint32_t, WebPeer*>& livePeers() {
  static std::map<std::uint32_t, WebPeer*> peers;
  return peers;
}
std::uint32_t gLastPeerId = 0;
int gLiveObjects = 0;

val errorVal(const Error& e) {
  val v = val::object();
  setText(v, "code", errorCodeName(e.code));
  setString(v, "message", e.message);
  return v;
}

val signalVal(const Signal& s) {
  val v = val::object();
  setText(v, "type", signalTypeName(s.type));
  if (s.type == SignalType::Ice) {
    setString(v, "candidate", s.ice.candidate);
    setValue(v, "sdpMid", s.ice.sdpMid ? val(*s.ice.sdpMid) : val::null());
    setValue(v, "sdpMLineIndex", s.ice.sdpMLineIndex ? val(*s.ice.sdpMLineIndex) : val::null());
  } else {
    setString(v, "sdp", s.sdp);
  }
  return v;
}

val statusVal(const Status& s) { return s ? val::null() : errorVal(s.error()); }

const Error kDisposed{ErrorCode::Disposed, "this KPeer was disposed; create a new one"};

}  // namespace

WebPeer* WebPeer::byId(std::uint32_t id) {
  auto it = livePeers().find(id);
  return it == livePeers().end() ? nullptr : it->second;
}

int WebPeer::liveCount() { return gLiveObjects; }

val WebPeer::disposedError() { return errorVal(kDisposed); }

val WebPeer::rejectedStats() { return val::global("Promise").call<val>("reject", disposedError()); }

TimeMs WebPeer::now() const { return static_cast<TimeMs>(emscripten_get_now()); }

WebPeer::WebPeer(std::string configJson, val hooks) : id_(++gLastPeerId), hooks_(std::move(hooks)) {
  ++gLiveObjects;
  auto config = decodePeerConfig(configJson);
  if (!config) {
    initError_ = errorVal(config.error());
    return;
  }
  auto pc = newPeerConnection(config.value().rtcConfigurationJson);
  if (!pc.ok) {
    initError_ = errorVal(Error{ErrorCode::InvalidConfig, "the browser refused the configuration: " + pc.error});
    return;
  }
  livePeers()[id_] = this;
  pc_ = pc.value;
  core_ = std::make_unique<PeerCore>(std::move(config.value()), now());
  using K = BrowserEventKind;
  setValue(pc_, "onnegotiationneeded", bindBrowserEvent(id_, K::NegotiationNeeded));
  setValue(pc_, "onicecandidate", bindBrowserEvent(id_, K::IceCandidate));
  setValue(pc_, "oniceconnectionstatechange", bindBrowserEvent(id_, K::IceConnectionState));
  setValue(pc_, "onsignalingstatechange", bindBrowserEvent(id_, K::SignalingState));
  setValue(pc_, "ondatachannel", bindBrowserEvent(id_, K::DataChannel));
  pump();
}

WebPeer::~WebPeer() {
  dispose();
  --gLiveObjects;
}

// ---------------------------------------------------------------- user calls

val WebPeer::signal(std::string json, std::uint32_t request) {
  if (!core_) return disposedError();
  auto status = core_->signal(json, request, now());
  pump();
  return statusVal(status);
}

val WebPeer::createChannel(std::string configJson) {
  if (!core_) return disposedError();
  auto id = core_->createChannel(configJson, now());
  pump();
  if (!id) return errorVal(id.error());
  val v = val::object();
  setNumber(v, "id", id.value());
  return v;
}

val WebPeer::closeChannel(std::uint32_t channelId) {
  if (!core_) return disposedError();
  auto status = core_->closeChannel(channelId, now());
  pump();
  return statusVal(status);
}

val WebPeer::restartIce() {
  if (!core_) return disposedError();
  auto status = core_->restartIce(now());
  pump();
  return statusVal(status);
}

const WebPeer::Transport* WebPeer::primaryTransport(ChannelId channel) const {
  auto it = transports_.find(channel);  // a channel's first transport has the channel's id
  return it == transports_.end() ? nullptr : &it->second;
}

int WebPeer::send(std::uint32_t channelId, val data) {
  if (!core_) return 0;
  const ChannelEntry* entry = core_->channels().find(channelId);
  const Transport* t = primaryTransport(channelId);
  if (!entry || !t || entry->state != ChannelState::Open) return 0;
  if (entry->config.chunked) {
    auto r = writeFrames(*entry, *t, data, 0);
    if (!r.error) return SendOk;
    if (r.error->code == ErrorCode::InvalidData) return SendBadType;  // the JS layer reports it
    deliver(*std::make_unique<Event>(ev::ErrorRaised{*r.error, channelId}));
    return r.error->code == ErrorCode::MessageTooBig ? SendTooBig : SendFailed;
  }
  ChannelWriter* writer = writerFor(channelId);
  int status;
  if (writer && writer->hasPending()) {
    // write()s are waiting: this message goes behind them, so an ordered channel stays ordered.
    status = checkPayload(data, maxMessageSize_);
    if (status == SendOk) {
      std::optional<Error> error;
      writer->write(std::move(data), 0, true, WriteTarget{t->dc, maxMessageSize_}, error);
      if (error) status = SendFailed;
    }
  } else {
    status = sendOnDataChannel(t->dc, data, maxMessageSize_);
  }
  if (status == SendTooBig)
    deliver(*std::make_unique<Event>(ev::ErrorRaised{
        Error{ErrorCode::MessageTooBig, "message is larger than the connection's maximum message size of " +
                                            decimal(static_cast<long long>(maxMessageSize_)) +
                                            " bytes; it was not sent (split it, or use write() on a chunked channel)"},
        channelId}));
  return status;
}

ChannelWriter* WebPeer::writerFor(ChannelId channel) {
  auto it = writers_.find(channel);
  return it == writers_.end() ? nullptr : &it->second;
}

val WebPeer::write(std::uint32_t channelId, val data, std::uint32_t request) {
  if (!core_) return disposedError();
  const ChannelEntry* entry = core_->channels().find(channelId);
  ChannelWriter* writer = writerFor(channelId);
  const Transport* t = primaryTransport(channelId);
  if (!entry || !writer || !t || entry->state == ChannelState::Closing || entry->state == ChannelState::Closed)
    return errorVal(Error{ErrorCode::Closed, "the channel is closed; nothing was sent"});
  if (entry->config.chunked) {
    auto r = writeFrames(*entry, *t, data, request);
    if (r.error) return errorVal(*r.error);
    if (r.settled) return val::null();
    val pending = val::object();
    setFlag(pending, "pending", true);
    return pending;
  }
  std::optional<Error> error;
  if (double bytes = payloadSize(data, maxMessageSize_); bytes >= 0 && writer->observe(bytes)) {
    // The mark moved: the browser's threshold follows, and what waited for the old mark may go now
    // ('bufferedamountlow' would not fire for a threshold already above bufferedAmount).
    val dc = t->dc;
    setNumber(dc, "bufferedAmountLowThreshold", writer->lowThreshold());
    drainWriter(channelId);
  }
  bool settled =
      writer->write(std::move(data), request, entry->state == ChannelState::Open, WriteTarget{t->dc, maxMessageSize_}, error);
  refreshDirectSends();
  if (settled) return error ? errorVal(*error) : val::null();
  val pending = val::object();
  setFlag(pending, "pending", true);
  return pending;
}

WebPeer::WriteOutcome WebPeer::writeFrames(const ChannelEntry& entry, const Transport& t, const val& data,
                                           RequestId request) {
  WriteOutcome out;
  auto frames = buildFrames(data, maxMessageSize_, entry.config.chunkedMaxMessage);
  if (!frames) {
    out.error = frames.error();
    return out;
  }
  ChannelWriter* writer = writerFor(entry.id);
  if (!writer) {
    out.error = Error{ErrorCode::Closed, "the channel is closed; nothing was sent"};
    return out;
  }
  auto& list = frames.value();
  // All frames or none: a message cut short would be dropped by the receiver.
  if (list.size() > writer->room()) {
    out.error = Error{ErrorCode::LimitExceeded, "too many writes are waiting on this channel for a message of " +
                                                    decimal(static_cast<long long>(list.size())) +
                                                    " frames; await write() before writing more"};
    return out;
  }
  const WriteTarget target{t.dc, maxMessageSize_};
  const bool open = entry.state == ChannelState::Open;
  for (std::size_t i = 0; i < list.size() && !out.error; ++i)
    out.settled = writer->write(std::move(list[i]), i + 1 == list.size() ? request : 0, open, target, out.error);
  return out;
}

void WebPeer::onChunkedFrame(TransportId t, const val& data) {
  auto it = receivers_.find(t);
  auto channel = core_->channels().channelOf(t);
  if (it == receivers_.end() || !channel) return;
  auto outcome = it->second.onFrame(data);
  if (outcome.error) {
    deliver(*std::make_unique<Event>(ev::ErrorRaised{*outcome.error, *channel}));
    return;
  }
  if (outcome.progress) {
    val p = eventObject("progress");
    setNumber(p, "id", *channel);
    setNumber(p, "received", outcome.received);
    setNumber(p, "total", outcome.total);
    hooks_.call<void>("dispatch", p);
  }
  if (!outcome.message.isUndefined()) {
    val m = eventObject("message");
    setNumber(m, "id", *channel);
    setValue(m, "data", outcome.message);
    hooks_.call<void>("dispatch", m);
  }
}

double WebPeer::bufferedAmount(std::uint32_t channelId) const {
  const Transport* t = primaryTransport(channelId);
  return t ? property(t->dc, "bufferedAmount").as<double>() : 0.0;
}

val WebPeer::getStats() {
  if (!core_ || pc_.isNull()) return rejectedStats();
  return pc_.call<val>("getStats").call<val>("then", val::module_property("kpeerNormalizeStats"));
}

void WebPeer::close() {
  if (!core_) return;
  core_->close(now());
  pump();
}

void WebPeer::dispose() {
  if (disposed_) return;
  close();
  disposed_ = true;
  livePeers().erase(id_);
  std::vector<TransportId> ids;
  for (auto& [t, _] : transports_) ids.push_back(t);
  for (TransportId t : ids) detachTransport(t);
  writers_.clear();
  refreshDirectSends();
  if (timer_) stopBrowserTimer(*timer_);
  timer_.reset();
  detachPeerConnection();
  core_.reset();
  hooks_ = val::null();
}

void WebPeer::detachPeerConnection() {
  if (pc_.isNull()) return;
  for (const char* h : {"onnegotiationneeded", "onicecandidate", "oniceconnectionstatechange", "onsignalingstatechange",
                        "ondatachannel"})
    setValue(pc_, h, val::null());
  pc_ = val::null();
}

// ---------------------------------------------------------------- browser → core

void WebPeer::onBrowserEvent(std::uint32_t kind, std::uint32_t arg, val event) {
  if (!core_) return;
  const TimeMs t = now();
  using K = BrowserEventKind;
  switch (static_cast<K>(kind)) {
    case K::NegotiationNeeded: core_->onNegotiationNeeded(t); break;
    case K::IceCandidate: {
      val c = property(event, "candidate");
      if (c.isNull() || c.isUndefined() || stringProperty(c, "candidate").empty()) {
        core_->onLocalCandidatesComplete(t);
        break;
      }
      IceCandidate ice;
      ice.candidate = property(c, "candidate").as<std::string>();
      val mid = property(c, "sdpMid"), index = property(c, "sdpMLineIndex");
      if (mid.isString()) ice.sdpMid = mid.as<std::string>();
      if (index.isNumber()) ice.sdpMLineIndex = index.as<int>();
      core_->onLocalCandidate(std::move(ice), t);
      break;
    }
    case K::IceConnectionState:
      if (auto s = parseIceConnectionState(stringProperty(pc_, "iceConnectionState"))) core_->onIceConnectionState(*s, t);
      break;
    case K::SignalingState:
      if (auto s = parseSignalingState(stringProperty(pc_, "signalingState"))) core_->onSignalingState(*s, t);
      break;
    case K::DataChannel: {
      val dc = property(event, "channel");
      std::string label = stringProperty(dc, "label");
      auto binding = core_->onRemoteChannel(label, stringProperty(dc, "protocol"), t);
      if (!binding) {
        dc.call<void>("close");
        break;
      }
      // Remote channels get the defaults of a local one: the adaptive write() high-water mark.
      HighWaterMark mark(std::nullopt, std::nullopt);
      setNumber(dc, "bufferedAmountLowThreshold", mark.lowThreshold());
      attachTransport(binding->transport, binding->channel, dc, label);
      if (binding->isNewChannel) writers_.emplace(binding->channel, ChannelWriter(mark));
      if (stringProperty(dc, "readyState") == "open") {
        core_->onTransportState(binding->transport, ChannelState::Open, t);
        drainWriter(binding->channel);
      }
      break;
    }
    case K::Timer:
      timer_.reset();
      timerAt_.reset();
      core_->handleTimeout(t);
      break;
    case K::OpResolved:
    case K::OpRejected: {
      OpOutcome outcome;
      outcome.ok = static_cast<K>(kind) == K::OpResolved;
      if (!outcome.ok) outcome.error = event.isNull() || event.isUndefined() ? "unknown error" : stringProperty(event, "message", "unknown error");
      if (outcome.ok && sldOps_.count(arg)) {
        val local = property(pc_, "localDescription");
        if (!local.isNull() && !local.isUndefined()) {
          std::string type = stringProperty(local, "type");
          if (type == "offer" || type == "answer")
            outcome.local = Description{type == "offer" ? SignalType::Offer : SignalType::Answer,
                                        stringProperty(local, "sdp")};
        }
      }
      sldOps_.erase(arg);
      core_->onOperationDone(arg, outcome, t);
      break;
    }
    case K::ChannelOpen:
      if (val sctp = property(pc_, "sctp"); !sctp.isNull() && !sctp.isUndefined() && property(sctp, "maxMessageSize").isNumber())
        maxMessageSize_ = property(sctp, "maxMessageSize").as<double>();
      core_->onTransportState(arg, ChannelState::Open, t);
      if (auto ch = core_->channels().channelOf(arg)) drainWriter(*ch);
      break;
    case K::ChannelClosing: core_->onTransportState(arg, ChannelState::Closing, t); break;
    case K::ChannelClose: onTransportClosed(arg); break;
    case K::ChannelError: {
      val err = property(event, "error");
      // SCTP cause 12 "User-Initiated Abort" is how Chromium reports the remote side's normal
      // close(): the close event follows, and it is not an error.
      if (!err.isNull() && !err.isUndefined() && property(err, "sctpCauseCode").isNumber() &&
          property(err, "sctpCauseCode").as<int>() == 12)
        break;
      core_->onTransportError(arg, err.isNull() || err.isUndefined() ? "unknown" : stringProperty(err, "message", "unknown"), t);
      break;
    }
    case K::ChannelMessage:
      onChunkedFrame(arg, property(event, "data"));
      return;  // a frame changes no core state: nothing to pump
    case K::ChannelBufferedLow:
      if (auto ch = core_->channels().channelOf(arg)) {
        drainWriter(*ch);
        val low = eventObject("low");
        setNumber(low, "id", *ch);
        hooks_.call<void>("dispatch", low);
      }
      break;
  }
  pump();
}

void WebPeer::onTransportClosed(TransportId t) {
  auto it = transports_.find(t);
  if (it == transports_.end()) return;
  core_->onTransportState(t, ChannelState::Closed, now());
  detachTransport(t);
}

// ---------------------------------------------------------------- core → browser / user

void WebPeer::pump() {
  if (pumping_ || !core_) return;
  pumping_ = true;
  for (bool any = true; any && core_;) {
    any = false;
    while (auto c = core_->pollCommand()) {
      execute(*c);
      any = true;
    }
    while (auto e = core_->pollEvent()) {
      deliver(*e);
      any = true;
    }
  }
  pumping_ = false;
  scheduleTimer();
  refreshDirectSends();
}

void WebPeer::refreshDirectSends() {
  if (!core_) return;
  auto grant = [&](ChannelId channel, const val& dc) {
    auto it = directSends_.find(channel);
    bool granted = !dc.isNull();
    if (granted ? (it != directSends_.end() && it->second == maxMessageSize_) : it == directSends_.end()) return;
    if (granted) directSends_[channel] = maxMessageSize_; else directSends_.erase(it);
    hooks_.call<void>("directSend", channel, dc, maxMessageSize_);
  };
  for (auto& [channel, writer] : writers_) {
    const ChannelEntry* entry = core_->channels().find(channel);
    const Transport* t = primaryTransport(channel);
    bool eligible = entry && t && entry->state == ChannelState::Open && !entry->config.chunked && !writer.hasPending();
    grant(channel, eligible ? t->dc : val::null());
  }
  std::vector<ChannelId> gone;
  for (auto& [channel, _] : directSends_)
    if (!writers_.count(channel)) gone.push_back(channel);
  for (ChannelId channel : gone) grant(channel, val::null());
}

void WebPeer::runOp(OpId op, val promise) {
  promise.call<void>("then", bindBrowserEvent(id_, BrowserEventKind::OpResolved, op),
                     bindBrowserEvent(id_, BrowserEventKind::OpRejected, op));
}

void WebPeer::execute(Command& command) {
  std::visit(
      [&](auto& c) {
        using C = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<C, cmd::SetLocalDescription>) {
          sldOps_.insert(c.op);
          runOp(c.op, pc_.call<val>("setLocalDescription"));
        } else if constexpr (std::is_same_v<C, cmd::SetRemoteDescription>) {
          val d = val::object();
          setText(d, "type", signalTypeName(c.description.type));
          setString(d, "sdp", c.description.sdp);
          runOp(c.op, pc_.call<val>("setRemoteDescription", d));
        } else if constexpr (std::is_same_v<C, cmd::AddIceCandidate>) {
          val init = val::object();
          setString(init, "candidate", c.candidate.candidate);
          setValue(init, "sdpMid", c.candidate.sdpMid ? val(*c.candidate.sdpMid) : val::null());
          setValue(init, "sdpMLineIndex", c.candidate.sdpMLineIndex ? val(*c.candidate.sdpMLineIndex) : val::null());
          runOp(c.op, pc_.call<val>("addIceCandidate", init));
        } else if constexpr (std::is_same_v<C, cmd::RestartIce>) {
          pc_.call<void>("restartIce");
        } else if constexpr (std::is_same_v<C, cmd::CreateDataChannel>) {
          Guarded dc = createDataChannel(pc_, c.config.label, c.config.dataChannelInitJson());
          if (!dc.ok) {
            deliver(*std::make_unique<Event>(ev::ErrorRaised{
                Error{ErrorCode::InvalidChannelConfig, "the browser refused to create channel '" +
                                                          truncatedForMessage(c.config.label) + "': " + dc.error},
                c.transport}));
            core_->onTransportState(c.transport, ChannelState::Closed, now());
            return;
          }
          // write() resumes on 'bufferedamountlow', so the threshold is never above the low-water mark.
          HighWaterMark mark(c.config.highWaterMark, c.config.bufferedAmountLowThreshold);
          setNumber(dc.value, "bufferedAmountLowThreshold", mark.lowThreshold());
          writers_.emplace(c.transport, ChannelWriter(mark));
          attachTransport(c.transport, c.transport, dc.value, c.config.label);
        } else if constexpr (std::is_same_v<C, cmd::CloseDataChannel>) {
          auto it = transports_.find(c.transport);
          if (it != transports_.end()) it->second.dc.template call<void>("close");
        } else if constexpr (std::is_same_v<C, cmd::ClosePeerConnection>) {
          pc_.call<void>("close");
        }
      },
      command);
}

void WebPeer::attachTransport(TransportId t, ChannelId channel, val dc, const std::string& label) {
  using K = BrowserEventKind;
  setText(dc, "binaryType", "arraybuffer");
  const ChannelEntry* entry = core_->channels().find(channel);
  if (entry && entry->config.chunked) {
    // Frames are reassembled here; whole messages reach JS through dispatch.
    hooks_.call<val>("messageHandler", channel, label);  // makes sure the KChannel exists
    receivers_.emplace(t, ChunkReceiver(entry->config.chunkedMaxMessage));
    setValue(dc, "onmessage", bindBrowserEvent(id_, K::ChannelMessage, t));
  } else {
    setValue(dc, "onmessage", hooks_.call<val>("messageHandler", channel, label));
  }
  setValue(dc, "onopen", bindBrowserEvent(id_, K::ChannelOpen, t));
  setValue(dc, "onclosing", bindBrowserEvent(id_, K::ChannelClosing, t));
  setValue(dc, "onclose", bindBrowserEvent(id_, K::ChannelClose, t));
  setValue(dc, "onerror", bindBrowserEvent(id_, K::ChannelError, t));
  setValue(dc, "onbufferedamountlow", bindBrowserEvent(id_, K::ChannelBufferedLow, t));
  transports_.emplace(t, Transport{std::move(dc), channel});
}

void WebPeer::detachTransport(TransportId t) {
  auto it = transports_.find(t);
  if (it == transports_.end()) return;
  val& dc = it->second.dc;
  for (const char* h : {"onmessage", "onopen", "onclosing", "onclose", "onerror", "onbufferedamountlow"})
    setValue(dc, h, val::null());
  // A transport we let go of is closed, so the browser can free it.
  dc.call<void>("close");
  transports_.erase(it);
  receivers_.erase(t);
}

void WebPeer::drainWriter(ChannelId channel) {
  ChannelWriter* writer = writerFor(channel);
  const Transport* t = primaryTransport(channel);
  if (!writer || !t) return;
  writer->drain(WriteTarget{t->dc, maxMessageSize_}, [&](RequestId r, const std::optional<Error>& e) { settle(r, e); });
}

void WebPeer::settle(RequestId request, const std::optional<Error>& error) {
  if (request == 0) return;  // a send() queued behind writes: nobody awaits it
  val v = eventObject("settled");
  setNumber(v, "request", request);
  if (error) {
    setText(v, "code", errorCodeName(error->code));
    setString(v, "message", error->message);
  }
  hooks_.call<void>("dispatch", v);
}

void WebPeer::deliver(Event& event) {
  val v = val::object();
  std::visit(
      [&](auto& e) {
        using E = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<E, ev::EmitSignal>) {
          setText(v, "t", "signal");
          setValue(v, "signal", signalVal(e.signal));
        } else if constexpr (std::is_same_v<E, ev::ConnectionStateChanged>) {
          setText(v, "t", "state");
          setText(v, "state", connectionStateName(e.state));
        } else if constexpr (std::is_same_v<E, ev::ChannelAdded>) {
          setText(v, "t", "channel");
          setNumber(v, "id", e.channel);
          setString(v, "label", e.label);
          setFlag(v, "local", e.local);
        } else if constexpr (std::is_same_v<E, ev::ChannelStateChanged>) {
          setText(v, "t", "chstate");
          setNumber(v, "id", e.channel);
          setText(v, "state", channelStateName(e.state));
          if (e.state == ChannelState::Closed) {
            if (ChannelWriter* w = writerFor(e.channel)) {
              w->fail(Error{ErrorCode::Closed, "the channel closed before this message was sent"},
                      [&](RequestId r, const std::optional<Error>& err) { settle(r, err); });
              writers_.erase(e.channel);
            }
            std::vector<TransportId> gone;
            for (auto& [t, tr] : transports_)
              if (tr.channel == e.channel) gone.push_back(t);
            for (TransportId t : gone) detachTransport(t);
          }
        } else if constexpr (std::is_same_v<E, ev::RequestSettled>) {
          settle(e.request, e.error);
          v = val::null();
        } else if constexpr (std::is_same_v<E, ev::ErrorRaised>) {
          setText(v, "t", "error");
          setText(v, "code", errorCodeName(e.error.code));
          setString(v, "message", e.error.message);
          if (e.channel) setNumber(v, "id", *e.channel);
        } else if constexpr (std::is_same_v<E, ev::Log>) {
          setText(v, "t", "log");
          setText(v, "level", e.level == LogLevel::Debug ? "debug" : e.level == LogLevel::Info ? "info" : "warn");
          setString(v, "message", e.message);
        }
      },
      event);
  if (!v.isNull()) hooks_.call<void>("dispatch", v);
}

void WebPeer::scheduleTimer() {
  if (!core_) return;
  auto at = core_->pollTimeout();
  if (at == timerAt_) return;
  if (timer_) stopBrowserTimer(*timer_);
  timer_.reset();
  timerAt_ = at;
  if (at) timer_ = startBrowserTimer(id_, static_cast<double>(std::max<TimeMs>(0, *at - now())));
}

}  // namespace kpeer::web
