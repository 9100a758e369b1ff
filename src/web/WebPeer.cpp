#include "WebPeer.h"

#include <emscripten/emscripten.h>

#include "BrowserCalls.h"
#include "BrowserInputs.h"
#include "JsObject.h"

namespace kpeer::web {

namespace {

val errorVal(const Error& e) {
  val v = val::object();
  setText(v, "code", errorCodeName(e.code));
  setString(v, "message", e.message);
  return v;
}

val statusVal(const Status& s) { return s ? val::null() : errorVal(s.error()); }

const Error kDisposed{ErrorCode::Disposed, "this KPeer was disposed; create a new one"};

}  // namespace

val WebPeer::disposedError() { return errorVal(kDisposed); }

val WebPeer::rejectedStats() { return val::global("Promise").call<val>("reject", disposedError()); }

TimeMs WebPeer::now() const { return static_cast<TimeMs>(emscripten_get_now()); }

WebPeer::WebPeer(std::uint32_t handle, std::string configJson, val hooks)
    : browser_(handle, hooks), events_(hooks) {
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
  browser_.adoptPeerConnection(pc.value);
  core_ = std::make_unique<PeerCore>(std::move(config.value()), now());
  pump();
}

WebPeer::~WebPeer() { dispose(); }

void WebPeer::pump() {
  if (pumping_ || !core_) return;
  pumping_ = true;
  const TimeMs t = now();
  while (core_) {
    auto out = core_->poll();
    if (!out) break;
    if (auto* c = std::get_if<Command>(&*out)) browser_.execute(*c, *core_, payloads_, t);
    else events_.deliver(std::get<Event>(*out), payloads_, callRequest_, callOutcome_);
  }
  pumping_ = false;
  if (core_) browser_.scheduleTimer(core_->pollTimeout(), t);
}

template <class Call>
std::optional<std::optional<Error>> WebPeer::settleNow(RequestId request, Call call) {
  callRequest_ = request;
  callOutcome_.reset();
  call();
  pump();
  callRequest_ = RequestId();
  return std::exchange(callOutcome_, std::nullopt);
}

// ---------------------------------------------------------------- user calls

val WebPeer::signal(std::string json, RequestId request) {
  if (!core_) return disposedError();
  auto status = core_->signal(json, request, now());
  pump();
  return statusVal(status);
}

val WebPeer::createChannel(std::string configJson, RequestId request) {
  if (!core_) return disposedError();
  std::optional<Result<ChannelId>> id;
  auto outcome = settleNow(request, [&] { id = core_->createChannel(configJson, now(), request); });
  if (!*id) return errorVal(id->error());
  if (outcome && *outcome) return errorVal(**outcome);  // the browser refused it
  val v = val::object();
  setNumber(v, "id", id->value().value());
  return v;
}

val WebPeer::closeChannel(ChannelId channel) {
  if (!core_) return disposedError();
  auto status = core_->closeChannel(channel, now());
  pump();
  return statusVal(status);
}

val WebPeer::restartIce() {
  if (!core_) return disposedError();
  auto status = core_->restartIce(now());
  pump();
  return statusVal(status);
}

double WebPeer::bufferedAmount(ChannelId channel) const {
  const val* dc = core_ ? browser_.sendingChannel(*core_, channel) : nullptr;
  return dc ? property(*dc, "bufferedAmount").as<double>() : 0.0;
}

bool WebPeer::send(ChannelId channel, const val& data, RequestId request) {
  if (!core_) return false;
  auto outcome = settleNow(request, [&] {
    Payload p = payloads_.intake(core_->newPayload(), data, core_->payloadRule(channel));
    core_->send(channel, p, request, bufferedAmount(channel), now());
  });
  return outcome && !*outcome;
}

val WebPeer::write(ChannelId channel, const val& data, RequestId request) {
  if (!core_) return disposedError();
  auto outcome = settleNow(request, [&] {
    Payload p = payloads_.intake(core_->newPayload(), data, core_->payloadRule(channel));
    core_->write(channel, p, request, bufferedAmount(channel), now());
  });
  if (!outcome) {
    val pending = val::object();
    setFlag(pending, "pending", true);
    return pending;
  }
  return *outcome ? errorVal(**outcome) : val::null();
}

val WebPeer::getStats() {
  if (!core_ || browser_.pc().isNull()) return rejectedStats();
  return browser_.pc().call<val>("getStats").call<val>("then", val::module_property("kpeerNormalizeStats"));
}

void WebPeer::close() {
  if (!core_) return;
  core_->close(now());
  pump();
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

void WebPeer::onBrowserEvent(BrowserEventKind kind, std::uint32_t arg, const val& event) {
  if (!core_) return;
  feedBrowserEvent(kind, arg, event, *core_, browser_, payloads_, now());
  pump();
}

}  // namespace kpeer::web
