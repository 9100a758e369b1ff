#include "DataPlane.h"

#include <algorithm>
#include <cmath>

#include "Text.h"

namespace kpeer {

namespace {

Error closedChannel() { return Error{ErrorCode::Closed, "the channel is closed; nothing was sent"}; }

std::string callTakes(const char* call) {
  return std::string(call) + "() takes a string, an ArrayBuffer, an ArrayBufferView or a Blob";
}

}  // namespace

PayloadRule DataPlane::payloadRule(ChannelId channel) const {
  const ChannelEntry* entry = channels_.find(channel);
  PayloadRule rule;
  rule.encodeText = entry && entry->config.chunked;
  // A string of n UTF-16 units is at most 3n bytes of UTF-8: below this it surely fits.
  rule.measureTextAbove = std::floor(maxMessageSize_ / 3);
  return rule;
}

DataPlane::Writer* DataPlane::writerFor(ChannelId channel) {
  return writers_.find(channel);
}

void DataPlane::refuse(const Payload& p, RequestId request, ErrorCode code, std::string message,
                       std::optional<ChannelId> report) {
  out_.command(cmd::ReleasePayload{p.id});
  Error error{code, std::move(message)};
  if (report) out_.event(ev::ErrorRaised{error, report});
  out_.settle(request, std::move(error));
}

bool DataPlane::queueFramed(const ChannelEntry& entry, Writer& w, const Payload& p, RequestId request, bool awaitBuffer,
                            const char* call, bool reportErrors) {
  std::optional<ChannelId> report = reportErrors ? std::optional<ChannelId>(entry.id) : std::nullopt;
  if (p.kind == PayloadKind::Unsupported) {
    refuse(p, request, ErrorCode::InvalidData, callTakes(call), report);
    return false;
  }
  if (p.kind == PayloadKind::Blob) {
    refuse(p, request, ErrorCode::InvalidData, "a chunked channel sends strings, ArrayBuffers and ArrayBufferViews", report);
    return false;
  }
  const double cap = entry.config.chunkedMaxMessage;
  if (p.size > cap) {
    refuse(p, request, ErrorCode::MessageTooBig,
           "message of " + decimal(static_cast<long long>(p.size)) + " bytes is larger than this chunked channel's limit of " +
               decimal(static_cast<long long>(cap)) + " bytes",
           report);
    return false;
  }
  if (w.queue.full()) {
    refuse(p, request, ErrorCode::LimitExceeded,
           "more than " + decimal(static_cast<long long>(kMaxPendingWrites)) +
               " writes are waiting on this channel; await write() first",
           report);
    return false;
  }
  Outgoing o;
  o.payload = p.id;
  o.request = request;
  o.awaitBuffer = awaitBuffer;
  o.framed = true;
  o.text = p.kind == PayloadKind::Text;
  o.total = static_cast<std::uint64_t>(p.size);
  o.step = framePayloadSize(maxMessageSize_);
  w.queue.push(o);
  return true;
}

void DataPlane::send(ChannelId channel, const Payload& p, RequestId request, double buffered) {
  const ChannelEntry* entry = channels_.find(channel);
  Writer* w = writerFor(channel);
  // Not open: false, quietly (the contract's send() on a connecting or closed channel).
  if (!entry || !w || entry->state != ChannelState::Open) return refuse(p, request, ErrorCode::Closed, "the channel is not open", std::nullopt);
  w->queue.observeBuffered(buffered);
  dirty_.insert(channel);
  if (entry->config.chunked) {
    // Frames queue like writes; send() is done once they are queued.
    if (queueFramed(*entry, *w, p, RequestId(), false, "send", true)) out_.settle(request);
    else out_.settle(request, closedChannel());
    return pump(channel);
  }
  if (p.kind == PayloadKind::Unsupported)
    return refuse(p, request, ErrorCode::InvalidData, callTakes("send"), channel);
  if (p.size > maxMessageSize_)
    return refuse(p, request, ErrorCode::MessageTooBig,
                  "message is larger than the maximum message size of " +
                      decimal(static_cast<long long>(maxMessageSize_)) +
                      " bytes; not sent (split it or use a chunked channel)",
                  channel);
  Outgoing o;
  o.payload = p.id;
  o.awaitBuffer = false;
  if (w->queue.idle()) {
    o.request = request;  // settled by the browser's verdict
    o.immediate = true;
    w->queue.push(o);
  } else {
    // write()s are waiting: this message goes behind them, so an ordered channel stays ordered.
    if (w->queue.full()) return refuse(p, request, ErrorCode::LimitExceeded, "too many writes are waiting", std::nullopt);
    w->queue.push(o);
    out_.settle(request);
  }
  pump(channel);
}

void DataPlane::write(ChannelId channel, const Payload& p, RequestId request, double buffered) {
  const ChannelEntry* entry = channels_.find(channel);
  Writer* w = writerFor(channel);
  if (!entry || !w || entry->state == ChannelState::Closing || entry->state == ChannelState::Closed)
    return refuse(p, request, ErrorCode::Closed, closedChannel().message, std::nullopt);
  w->queue.observeBuffered(buffered);
  dirty_.insert(channel);
  if (entry->config.chunked) {
    queueFramed(*entry, *w, p, request, true, "write", false);
    return pump(channel);
  }
  if (p.kind == PayloadKind::Unsupported)
    return refuse(p, request, ErrorCode::InvalidData, callTakes("write"), std::nullopt);
  if (p.size > maxMessageSize_)
    return refuse(p, request, ErrorCode::MessageTooBig,
                  "message is larger than peer.maxMessageSize; split it or use a chunked channel",
                  std::nullopt);
  if (w->queue.full())
    return refuse(p, request, ErrorCode::LimitExceeded,
                  "more than " + decimal(static_cast<long long>(kMaxPendingWrites)) +
                      " writes are waiting on this channel; await write() first",
                  std::nullopt);
  // The mark follows the messages written; the browser's threshold follows the mark.
  if (w->queue.mark().observe(p.size))
    out_.command(cmd::SetLowThreshold{entry->primary, lowThresholdFor(w->queue)});
  Outgoing o;
  o.payload = p.id;
  o.request = request;
  w->queue.push(o);
  pump(channel);
}

void DataPlane::pump(ChannelId channel) {
  const ChannelEntry* entry = channels_.find(channel);
  Writer* w = writerFor(channel);
  if (!entry || !w) return;
  w->queue.pump(entry->state == ChannelState::Open, entry->primary, out_);
  dirty_.insert(channel);
}

void DataPlane::onSendResult(TransportId t, bool accepted, double bufferedAfter) {
  auto channel = channels_.channelOf(t);
  Writer* w = channel ? writerFor(*channel) : nullptr;
  if (!w || channels_.find(*channel)->primary != t) return;
  w->queue.onSendResult(accepted, bufferedAfter, out_);
  pump(*channel);
}

void DataPlane::onBufferedLow(TransportId t, double buffered) {
  lowEventSeen_ = true;
  auto channel = channels_.channelOf(t);
  if (!channel) return;
  Writer* w = writerFor(*channel);
  if (w && channels_.find(*channel)->primary == t) {
    w->queue.observeBuffered(buffered);
    pump(*channel);
  }
  out_.event(ev::BufferedLow{*channel});
}

void DataPlane::onBufferedAmount(TransportId t, double buffered) {
  auto channel = channels_.channelOf(t);
  Writer* w = channel ? writerFor(*channel) : nullptr;
  if (!w || channels_.find(*channel)->primary != t) return;
  const bool drained = buffered <= lowThresholdFor(w->queue);
  // Only a read for a waiting write() can show a missed 'bufferedamountlow': a watched queue read
  // after a few sends may never have crossed the threshold from above.
  const bool waiting = w->queue.waitsOnBuffer();
  if (waiting && drained && !lowEventSeen_ && !lowEventsMissed_) {
    lowEventsMissed_ = true;
    for (auto [id, writer] : writers_) deepen(id, writer);
    out_.log(LogLevel::Info, "this implementation does not fire 'bufferedamountlow': write() polls bufferedAmount every " + decimal(kBufferedPollFastMs) + " ms while it waits");
  }
  w->queue.observeBuffered(buffered);
  pump(*channel);
  // The event the implementation did not fire, for the user's 'bufferedamountlow' listeners.
  if (waiting && drained && !lowEventSeen_) out_.event(ev::BufferedLow{*channel});
  if (w->watched) out_.event(ev::BufferedAmount{*channel, buffered});
}

void DataPlane::deepen(ChannelId channel, Writer& w) {
  if (!w.queue.mark().deepenForPolling()) return;
  if (const ChannelEntry* entry = channels_.find(channel))
    out_.command(cmd::SetLowThreshold{entry->primary, lowThresholdFor(w.queue)});
}

void DataPlane::updatePoll(TimeMs now) {
  bool stalled = false;
  bool watching = false;
  for (auto [channel, w] : writers_) {
    if (!channels_.find(channel)) continue;
    stalled |= w.queue.waitsOnBuffer();
    watching |= drainWatched(w);
  }
  if (!stalled && !watching) return pollAt_.reset();
  const TimeMs every = stalled ? (lowEventsMissed_ ? kBufferedPollFastMs : kBufferedPollMs) : kBufferedWatchMs;
  if (!pollAt_ || *pollAt_ > now + every) pollAt_ = now + every;
}

void DataPlane::handleTimeout(TimeMs now) {
  if (!pollAt_ || now < *pollAt_) return;
  pollAt_.reset();
  for (auto [channel, w] : writers_) {
    const ChannelEntry* entry = channels_.find(channel);
    if (entry && (w.queue.waitsOnBuffer() || drainWatched(w))) out_.command(cmd::ReadBufferedAmount{entry->primary});
  }
}

void DataPlane::watchBuffered(ChannelId channel, bool watching, double buffered) {
  Writer* w = writerFor(channel);
  if (!w) return;
  w->queue.observeBuffered(buffered);  // fast-path sends went by without a reading
  if (w->watched == watching) return;
  w->watched = watching;
  dirty_.insert(channel);  // no fast path while watched: every send's reading comes here
}

void DataPlane::onMaxMessageSize(double bytes) {
  if (!(bytes > 0) || bytes == maxMessageSize_) return;
  maxMessageSize_ = bytes;
  for (auto [channel, w] : writers_) dirty_.insert(channel);
}

void DataPlane::onFrame(TransportId t, PayloadId frame, const FrameFacts& facts) {
  Receiver* found = receivers_.find(t);
  if (!found) {
    out_.command(cmd::ReleasePayload{frame});
    return;
  }
  Receiver& r = *found;
  if (facts.text) {
    // A plain text message (a peer that does not frame): passed on as it is.
    out_.event(ev::Message{r.channel, frame});
    out_.command(cmd::ReleasePayload{frame});
    return;
  }
  auto step = r.assembler.onFrame(facts.head, facts.headLength, static_cast<std::size_t>(facts.length));
  if (step.error) {
    out_.command(cmd::ReleasePayload{frame});
    out_.event(ev::ErrorRaised{*step.error, r.channel});
    return;
  }
  if (step.payloadLength == 0 && !step.start) {  // the rest of a dropped message
    out_.command(cmd::ReleasePayload{frame});
    return;
  }
  if (step.start) {
    out_.command(cmd::AssembleStart{t, step.total});
    r.received = 0;
  }
  out_.command(cmd::AssembleCopy{t, frame, step.payloadOffset, step.payloadLength, step.offset});
  out_.command(cmd::ReleasePayload{frame});
  r.received += static_cast<double>(step.payloadLength);
  // Progress for messages of more than one frame, ending at received == total.
  if (!(step.start && step.complete))
    out_.event(ev::Progress{r.channel, r.received, static_cast<double>(step.total)});
  if (step.complete) {
    PayloadId message = newPayload();
    out_.command(cmd::AssembleFinish{t, message, step.text});
    out_.event(ev::Message{r.channel, message});
    out_.command(cmd::ReleasePayload{message});
  }
}

void DataPlane::addLocal(const ChannelEntry& channel) {
  // write() resumes on 'bufferedamountlow', so the threshold is never above the low-water mark.
  Writer& w = writers_.insert(channel.id, Writer{WriteQueue(HighWaterMark(channel.config.highWaterMark,
                                                                           channel.config.bufferedAmountLowThreshold)),
                                                  std::nullopt});
  if (lowEventsMissed_) w.queue.mark().deepenForPolling();
  if (channel.config.chunked)
    receivers_.insert(channel.primary, Receiver{channel.id, ChunkAssembler(static_cast<std::uint64_t>(channel.config.chunkedMaxMessage)), 0});
  out_.command(cmd::CreateDataChannel{channel.primary, channel.id, channel.config, receiveMode(channel),
                                      lowThresholdFor(w.queue)});
}

void DataPlane::attachRemote(const ChannelEntry& channel, TransportId t) {
  // Remote channels get the defaults of a local one: the adaptive write() high-water mark.
  Writer* w = writers_.find(channel.id);
  if (!w) w = &writers_.insert(channel.id, Writer{WriteQueue(HighWaterMark(std::nullopt, std::nullopt)), std::nullopt});
  if (lowEventsMissed_) w->queue.mark().deepenForPolling();
  if (channel.config.chunked)
    receivers_.insert(t, Receiver{channel.id, ChunkAssembler(static_cast<std::uint64_t>(channel.config.chunkedMaxMessage)), 0});
  out_.command(cmd::AttachDataChannel{t, channel.id, receiveMode(channel), lowThresholdFor(w->queue)});
}

void DataPlane::onChannelChanged(ChannelId channel) {
  dirty_.insert(channel);
  if (channels_.find(channel)) return pump(channel);
  // Gone: what waited fails, its frames' receivers go.
  if (Writer* w = writerFor(channel))
    w->queue.fail(Error{ErrorCode::Closed, "the channel closed before this message was sent"}, out_);
  for (std::size_t i = 0; i < receivers_.size();) {
    if (receivers_.valueAt(i).channel == channel) receivers_.eraseAt(i);
    else ++i;
  }
}

void DataPlane::forgetTransport(TransportId t) { receivers_.erase(t); }

void DataPlane::refreshGrants() {
  for (ChannelId channel : dirty_) {
    Writer* found = writers_.find(channel);
    if (!found) continue;
    Writer& w = *found;
    const ChannelEntry* entry = channels_.find(channel);
    // The fast path: an open plain channel with nothing queued, for payloads that surely fit.
    const bool eligible =
        entry && entry->state == ChannelState::Open && !entry->config.chunked && w.queue.idle() && !w.watched;
    if (eligible && w.granted != maxMessageSize_) {
      w.granted = maxMessageSize_;
      out_.command(cmd::GrantDirectSend{channel, entry->primary, maxMessageSize_, std::floor(maxMessageSize_ / 3)});
    } else if (!eligible && w.granted) {
      w.granted.reset();
      out_.command(cmd::RevokeDirectSend{channel});
    }
    if (!entry) writers_.erase(channel);  // w is gone
  }
  dirty_.clear();
}

}  // namespace kpeer
