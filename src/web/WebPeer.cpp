#include "WebPeer.h"

#include <emscripten/emscripten.h>

#include "BrowserCalls.h"
#include "BrowserInputs.h"
#include "JsObject.h"
#include "JsValueSource.h"

namespace kpeer::web {

namespace {

JsRef errorVal(const Error& e) {
  JsRef v = JsRef::object();
  setText(v, "code", errorCodeName(e.code));
  setString(v, "message", e.message);
  return v;
}

JsRef statusVal(const Status& s) { return s ? JsRef::null() : errorVal(s.error()); }

const Error kDisposed{ErrorCode::Disposed, "this KPeer was disposed"};

}  // namespace

JsRef WebPeer::disposedError() { return errorVal(kDisposed); }

JsRef WebPeer::rejectedStats() { return rejectedPromise(disposedError()); }

TimeMs WebPeer::now() const { return static_cast<TimeMs>(emscripten_get_now()); }

WebPeer::WebPeer(std::uint32_t handle, const JsRef& configValue, JsRef hooks)
    : browser_(handle, hooks.share()), events_(std::move(hooks)) {
  auto config = decodePeerConfig(JsValueSource::view(configValue));
  if (!config) {
    initError_ = errorVal(config.error());
    return;
  }
  if (auto source = checkWebRtcSource(config.value(), hostHasRtcPeerConnection()); !source) {
    initError_ = errorVal(source.error());
    return;
  }
  auto pc = newPeerConnection(config.value().rtc, configValue, config.value().injectedWebRtc);
  if (!pc.ok) {
    initError_ = errorVal(Error{ErrorCode::InvalidConfig, "the WebRTC implementation refused the configuration: " + pc.error});
    return;
  }
  browser_.adoptPeerConnection(std::move(pc.value));
  const TimeMs t = now();
  core_ = std::make_unique<PeerCore>(std::move(config.value()), t);
  pump(t);
}

WebPeer::~WebPeer() { dispose(); }

void WebPeer::pump(TimeMs t) {
  if (pumping_ || !core_) return;
  pumping_ = true;
  while (core_) {
    auto out = core_->poll();
    if (!out) break;
    // One visit of the flat Output, straight to the command's or the event's own function.
    std::visit(
        [&](const auto& o) {
          if constexpr (Commands::has<std::decay_t<decltype(o)>>) browser_.execute(o, *core_, payloads_, t);
          else events_.deliver(o, payloads_, callRequest_, callOutcome_);
        },
        *out);
  }
  pumping_ = false;
  if (core_) browser_.scheduleTimer(core_->pollTimeout(), t);
}

template <class Call>
std::optional<std::optional<Error>> WebPeer::settleNow(RequestId request, TimeMs t, Call call) {
  callRequest_ = request;
  callOutcome_.reset();
  call();
  pump(t);
  callRequest_ = RequestId();
  return std::exchange(callOutcome_, std::nullopt);
}

// ---------------------------------------------------------------- user calls

JsRef WebPeer::signal(const JsRef& signal, RequestId request) {
  if (!core_) return disposedError();
  const TimeMs t = now();
  auto status = core_->signal(JsValueSource::view(signal), request, t);
  pump(t);
  return statusVal(status);
}

JsRef WebPeer::createChannel(const JsRef& config, RequestId request) {
  if (!core_) return disposedError();
  std::optional<Result<ChannelId>> id;
  const TimeMs t = now();
  auto outcome = settleNow(request, t, [&] { id = core_->createChannel(JsValueSource::view(config), t, request); });
  if (!*id) return errorVal(id->error());
  if (outcome && *outcome) return errorVal(**outcome);  // the browser refused it
  JsRef v = JsRef::object();
  setNumber(v, "id", id->value().value());
  return v;
}

JsRef WebPeer::closeChannel(ChannelId channel) {
  if (!core_) return disposedError();
  const TimeMs t = now();
  auto status = core_->closeChannel(channel, t);
  pump(t);
  return statusVal(status);
}

JsRef WebPeer::restartIce() {
  if (!core_) return disposedError();
  const TimeMs t = now();
  auto status = core_->restartIce(t);
  pump(t);
  return statusVal(status);
}

double WebPeer::bufferedAmount(ChannelId channel) const {
  const JsRef* dc = core_ ? browser_.sendingChannel(*core_, channel) : nullptr;
  return dc ? bufferedAmountOf(*dc) : 0.0;
}

bool WebPeer::send(ChannelId channel, const JsRef& data, RequestId request) {
  if (!core_) return false;
  const TimeMs t = now();
  auto outcome = settleNow(request, t, [&] {
    Payload p = payloads_.intake(core_->newPayload(), data, core_->payloadRule(channel));
    core_->send(channel, p, request, bufferedAmount(channel), t);
  });
  return outcome && !*outcome;
}

JsRef WebPeer::write(ChannelId channel, const JsRef& data, RequestId request) {
  if (!core_) return disposedError();
  const TimeMs t = now();
  auto outcome = settleNow(request, t, [&] {
    Payload p = payloads_.intake(core_->newPayload(), data, core_->payloadRule(channel));
    core_->write(channel, p, request, bufferedAmount(channel), t);
  });
  if (!outcome) {
    JsRef pending = JsRef::object();
    setFlag(pending, "pending", true);
    return pending;
  }
  return *outcome ? errorVal(**outcome) : JsRef::null();
}

JsRef WebPeer::getStats() {
  if (!core_ || browser_.pc().isNull()) return rejectedStats();
  return normalizedStats(browser_.pc());
}

void WebPeer::replayOverflow(std::optional<ChannelId> channel, ReplayDrops drops) {
  if (!core_) return;
  const TimeMs t = now();
  core_->onReplayOverflow(channel, drops, t);
  pump(t);
}

void WebPeer::watchBuffered(ChannelId channel, bool watching) {
  if (!core_) return;
  const TimeMs t = now();
  core_->watchBufferedAmount(channel, watching, bufferedAmount(channel), t);
  pump(t);
}

void WebPeer::close() {
  if (!core_) return;
  const TimeMs t = now();
  core_->close(t);
  pump(t);
}

void WebPeer::dispose() {
  if (!core_) return;
  close();
  browser_.release();
  payloads_.clear();
  events_.reset();
  core_.reset();
}

// ---------------------------------------------------------------- browser → core

void WebPeer::onBrowserEvent(BrowserEventKind kind, std::uint32_t arg, const JsRef& event) {
  if (!core_) return;
  const TimeMs t = now();
  feedBrowserEvent(kind, arg, event, *core_, browser_, payloads_, t);
  pump(t);
}

}  // namespace kpeer::web
