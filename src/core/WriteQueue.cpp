#include "WriteQueue.h"

#include <algorithm>

namespace kpeer {

void WriteQueue::pump(bool open, TransportId transport, OutputQueue& out) {
  while (!queue_.empty()) {
    Entry& e = queue_.front();
    if (e.stage == Stage::InFlight) return;
    if (e.stage == Stage::Waiting) {
      if (!open || (!e.o.immediate && buffered_ >= mark_.mark())) return;
      e.stage = Stage::InFlight;
      if (!e.o.framed) {
        out.command(cmd::Send{transport, e.o.payload});
      } else {
        const std::uint64_t length = std::min(e.o.step, e.o.total - e.o.offset);
        out.command(cmd::SendFrame{transport, e.o.payload,
                                   encodeFrameHeader(e.o.total, e.o.offset, static_cast<std::size_t>(length), e.o.text),
                                   e.o.offset, length});
      }
      return;
    }
    if (e.o.awaitBuffer && buffered_ >= mark_.mark()) return;
    RequestId r = e.o.request;
    popFront();
    out.settle(r);
  }
}

void WriteQueue::onSendResult(bool accepted, double bufferedAfter, OutputQueue& out) {
  buffered_ = bufferedAfter;
  if (queue_.empty() || queue_.front().stage != Stage::InFlight) return;  // not ours: ignore
  Entry& e = queue_.front();
  if (!accepted) {
    RequestId r = e.o.request;
    out.command(cmd::ReleasePayload{e.o.payload});
    popFront();
    out.settle(r, Error{ErrorCode::Closed, "the browser refused the message (channel closing or queue full)"});
    return;
  }
  if (e.o.framed) {
    e.o.offset += std::min(e.o.step, e.o.total - e.o.offset);
    if (e.o.offset < e.o.total) {
      e.stage = Stage::Waiting;
      e.o.immediate = false;
      return;
    }
  }
  out.command(cmd::ReleasePayload{e.o.payload});
  e.stage = Stage::Sent;
}

void WriteQueue::fail(const Error& error, OutputQueue& out) {
  auto pending = std::move(queue_);
  queue_.clear();
  for (auto& e : pending) {
    if (e.stage != Stage::Sent) out.command(cmd::ReleasePayload{e.o.payload});
    out.settle(e.o.request, error);
  }
}

}  // namespace kpeer
