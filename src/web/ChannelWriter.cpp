#include "ChannelWriter.h"

#include "BrowserCalls.h"
#include "JsObject.h"
#include "core/Json.h"

namespace kpeer::web {

double WriteTarget::bufferedAmount() const { return property(dc, "bufferedAmount").as<double>(); }

int WriteTarget::send(const emscripten::val& payload) const { return sendOnDataChannel(dc, payload, maxMessageSize); }

std::optional<Error> ChannelWriter::sendError(int status) {
  switch (status) {
    case SendOk: return std::nullopt;
    case SendTooBig:
      return Error{ErrorCode::MessageTooBig, "message is larger than the connection's maximum message size "
                                             "(peer.maxMessageSize); split it or use a chunked channel"};
    case SendBadType:
      return Error{ErrorCode::InvalidData, "write() takes a string, an ArrayBuffer, an ArrayBufferView or a Blob"};
    default: return Error{ErrorCode::Closed, "the browser refused the message (the channel is closing or its queue is full)"};
  }
}

bool ChannelWriter::write(emscripten::val data, RequestId request, bool open, const WriteTarget& target,
                          std::optional<Error>& error) {
  if (!open || !queue_.empty() || target.bufferedAmount() >= mark_.mark()) {
    if (queue_.size() >= kMaxPendingWrites) {
      error = Error{ErrorCode::LimitExceeded, "more than " + decimal(static_cast<long long>(kMaxPendingWrites)) +
                                                  " writes are waiting on this channel; await write() before writing more"};
      return true;
    }
    queue_.push_back(Pending{std::move(data), request, false});
    return false;
  }
  error = sendError(target.send(data));
  if (error || target.bufferedAmount() < mark_.mark()) return true;
  queue_.push_back(Pending{emscripten::val::undefined(), request, true});
  return false;
}

void ChannelWriter::drain(const WriteTarget& target, Settle settle) {
  while (!queue_.empty()) {
    Pending& p = queue_.front();
    if (!p.sent) {
      if (target.bufferedAmount() >= mark_.mark()) return;
      auto error = sendError(target.send(p.data));
      p.data = emscripten::val::undefined();
      if (error) {
        RequestId r = p.request;
        queue_.pop_front();
        settle(r, error);
        continue;
      }
      p.sent = true;
    }
    if (target.bufferedAmount() >= mark_.mark()) return;
    RequestId r = p.request;
    queue_.pop_front();
    settle(r, std::nullopt);
  }
}

void ChannelWriter::fail(const Error& error, Settle settle) {
  auto pending = std::move(queue_);
  queue_.clear();
  for (auto& p : pending) settle(p.request, error);
}

}  // namespace kpeer::web
