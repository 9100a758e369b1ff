// Everything about moving messages, decided in the core: where a send() or write() goes (straight
// out, behind waiting writes, as frames, or refused with which error), write() backpressure and the
// adaptive mark, the connection's maxMessageSize, the send() fast path the JS layer may take, and
// the chunked channels' frames in both directions. The adapter holds the bytes (PayloadId) and
// runs the commands; it reports the browser's answers and readings back.
#pragma once
#include <optional>

#include "ChannelRegistry.h"
#include "ChunkFraming.h"
#include "IdMap.h"
#include "IdSet.h"
#include "OutputQueue.h"
#include "Payload.h"
#include "Time.h"
#include "WriteQueue.h"

namespace kpeer {

// SCTP's default when the browser has not said (RFC 8841).
constexpr double kDefaultMaxMessageSize = 65536;

// While a write() waits for the browser's queue to drain, bufferedAmount is read every
// kBufferedPollMs in case 'bufferedamountlow' never comes (@roamhq/wrtc never fires it). Once a
// read finds the queue drained with no event ever seen on this peer, every kBufferedPollFastMs.
constexpr TimeMs kBufferedPollMs = 50;
// While the user watches a channel's bufferedAmount flow and the last reading was not 0, it is read
// every kBufferedWatchMs, so the flow follows the queue as it drains (the browser says nothing
// below the 'bufferedamountlow' threshold).
constexpr TimeMs kBufferedWatchMs = 50;
constexpr TimeMs kBufferedPollFastMs = 2;

class DataPlane {
 public:
  DataPlane(OutputQueue& out, const ChannelRegistry& channels) : out_(out), channels_(channels) {}

  PayloadId newPayload() { return payloads_.next(); }
  PayloadRule payloadRule(ChannelId channel) const;
  double maxMessageSize() const { return maxMessageSize_; }

  // --- user calls; `buffered` is the channel's bufferedAmount now (0 when it has no transport yet)
  // send(): settles `request` at once or when the browser took the message (never on the mark).
  void send(ChannelId channel, const Payload& p, RequestId request, double buffered);
  // write(): settles `request` once the message is queued in the browser under the mark.
  void write(ChannelId channel, const Payload& p, RequestId request, double buffered);

  // --- browser
  void onSendResult(TransportId t, bool accepted, double bufferedAfter);
  void onBufferedLow(TransportId t, double buffered);
  // The answer to ReadBufferedAmount.
  void onBufferedAmount(TransportId t, double buffered);
  void onFrame(TransportId t, PayloadId frame, const FrameFacts& facts);
  void onMaxMessageSize(double bytes);

  // --- the user's bufferedAmount flow has subscribers (watching) or has none left. While watched,
  // send() takes the core's path (no fast-path grant), so every reading passes through here.
  void watchBuffered(ChannelId channel, bool watching, double buffered);

  // --- channel lifecycle, from PeerCore after the registry changed
  void addLocal(const ChannelEntry& channel);  // emits CreateDataChannel
  void attachRemote(const ChannelEntry& channel, TransportId t);  // emits AttachDataChannel
  void onChannelChanged(ChannelId channel);  // opened, closing or gone
  void forgetTransport(TransportId t);

  // Grants or revokes the send() fast path where eligibility changed since the last call.
  void refreshGrants();

  // --- the bufferedAmount poll: (re)armed after every data input, fired by the core's timer
  void updatePoll(TimeMs now);
  std::optional<TimeMs> pollDeadline() const { return pollAt_; }
  void handleTimeout(TimeMs now);

 private:
  struct Writer {
    WriteQueue queue;
    std::optional<double> granted;  // maxBytes of the fast path granted, if any
    bool watched = false;            // the user's bufferedAmount flow has subscribers
  };
  struct Receiver {
    ChannelId channel;
    ChunkAssembler assembler;
    double received = 0;
  };
  double lowThresholdFor(const WriteQueue& q) const { return q.mark().lowThreshold(); }
  // A watched queue not known to be empty: read every kBufferedWatchMs.
  static bool drainWatched(const Writer& w) { return w.watched && w.queue.buffered() > 0; }
  Writer* writerFor(ChannelId channel);
  // Polling instead of 'bufferedamountlow': the adaptive mark goes deep (HighWaterMark).
  void deepen(ChannelId channel, Writer& w);
  void refuse(const Payload& p, RequestId request, ErrorCode code, std::string message, std::optional<ChannelId> report);
  // Checks shared by send() and write() on a chunked channel; queues the frames.
  bool queueFramed(const ChannelEntry& entry, Writer& w, const Payload& p, RequestId request, bool awaitBuffer,
                   const char* call, bool reportErrors);
  void pump(ChannelId channel);
  ReceiveMode receiveMode(const ChannelEntry& channel) const {
    return channel.config.chunked ? ReceiveMode::Frames : ReceiveMode::Plain;
  }

  OutputQueue& out_;
  const ChannelRegistry& channels_;
  IdSource<PayloadId> payloads_;
  double maxMessageSize_ = kDefaultMaxMessageSize;
  IdMap<ChannelId, Writer> writers_;
  IdMap<TransportId, Receiver> receivers_;
  IdSet<ChannelId> dirty_;  // grant eligibility may have changed
  std::optional<TimeMs> pollAt_;
  bool lowEventSeen_ = false;   // the implementation fires 'bufferedamountlow'
  bool lowEventsMissed_ = false;  // a read found the queue drained and no event had come
};

}  // namespace kpeer
