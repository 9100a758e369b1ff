// The browser adapter for one peer: owns the RTCPeerConnection and its RTCDataChannels, feeds
// their events (with the clock) into PeerCore, executes PeerCore's commands, and hands user events
// to the JS layer through hooks.dispatch (which defers them, so user callbacks never run inside
// C++ frames). Messages bypass C++ on the way in: dc.onmessage is the JS layer's handler.
#pragma once
#include <emscripten/val.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <map>
#include <set>

#include "ChannelWriter.h"
#include "ChunkedTransfer.h"
#include "core/PeerCore.h"

namespace kpeer::web {

using emscripten::val;

class WebPeer {
 public:
  // hooks: { dispatch(event), messageHandler(channelId, label) → function(MessageEvent),
  //          directSend(channelId, dc | null, maxMessageSize) }
  WebPeer(std::string configJson, val hooks);
  ~WebPeer();

  // null when the peer is usable, else {code, message} (bad config, RTCPeerConnection refused).
  val initError() const { return initError_; }

  // Each returns null on success or {code, message}; signal() settles `request` later.
  val signal(std::string json, std::uint32_t request);
  val createChannel(std::string configJson);  // {id} or {code, message}
  val closeChannel(std::uint32_t channelId);
  val restartIce();
  // 1 sent; 0 not open; else a negative SendStatus.
  int send(std::uint32_t channelId, val data);
  // null = done; {pending: true} = settles `request` later; {code, message} = failed.
  val write(std::uint32_t channelId, val data, std::uint32_t request);
  double bufferedAmount(std::uint32_t channelId) const;
  double maxMessageSize() const { return maxMessageSize_; }
  val getStats();  // Promise<{...normalized, raw}>
  void close();
  // close() and let go of every browser object and handler.
  void dispose();

  void onBrowserEvent(std::uint32_t kind, std::uint32_t arg, val event);

  static int liveCount();
  // What a disposed peer answers: {code: 'disposed', message}, and getStats()'s rejected Promise.
  static val disposedError();
  static val rejectedStats();
  static WebPeer* byId(std::uint32_t id);

 private:
  struct Transport {
    val dc;
    ChannelId channel;
  };

  TimeMs now() const;
  void pump();
  void execute(Command& c);
  void deliver(Event& e);
  void scheduleTimer();
  void runOp(OpId op, val promise);
  void attachTransport(TransportId t, ChannelId channel, val dc, const std::string& label);
  void detachTransport(TransportId t);
  void onTransportClosed(TransportId t);
  const Transport* primaryTransport(ChannelId channel) const;
  ChannelWriter* writerFor(ChannelId channel);
  void drainWriter(ChannelId channel);
  void settle(RequestId request, const std::optional<Error>& error);
  void onChunkedFrame(TransportId t, const val& data);
  // Queues a chunked message's frames behind any waiting writes; `request` settles with the last.
  struct WriteOutcome {
    bool settled = true;
    std::optional<Error> error;
  };
  WriteOutcome writeFrames(const ChannelEntry& entry, const Transport& t, const val& data, RequestId request);
  void detachPeerConnection();
  // The send() fast path: while a channel is open, not chunked and no write() waits, the JS layer
  // may call dc.send() itself for payloads up to maxMessageSize (no wasm call per message). Grants
  // and revokes through hooks.directSend whenever that changes; runs after every state change.
  void refreshDirectSends();

  std::uint32_t id_;
  val hooks_;
  val pc_ = val::null();
  val initError_ = val::null();
  std::unique_ptr<PeerCore> core_;
  std::map<TransportId, Transport> transports_;
  std::map<ChannelId, ChannelWriter> writers_;
  std::map<TransportId, ChunkReceiver> receivers_;  // transports of chunked channels
  std::optional<double> timer_;  // setTimeout id
  std::optional<TimeMs> timerAt_;
  double maxMessageSize_ = 65536;
  std::map<ChannelId, double> directSends_;  // granted channels → their maxMessageSize
  std::set<OpId> sldOps_;  // setLocalDescription ops: their result carries pc.localDescription
  bool pumping_ = false;
  bool disposed_ = false;
};

}  // namespace kpeer::web
