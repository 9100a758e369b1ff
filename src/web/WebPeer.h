// One peer in the browser: the core, the browser objects it drives, the payloads it names, and
// the events it hands to JS. A user call or a browser event becomes one core input, then pump()
// carries out everything the core produced, in order. Messages on plain channels bypass C++ on
// the way in (dc.onmessage is the JS layer's handler).
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "BrowserEvent.h"
#include "BrowserSide.h"
#include "EventEncoder.h"
#include "JsRef.h"
#include "PayloadTable.h"
#include "core/PeerCore.h"

namespace kpeer::web {

class WebPeer {
 public:
  // hooks: { dispatch(event), messageHandler(channelId, label) → function(MessageEvent),
  //          directSend(channelId, dc | null, maxBytes, maxTextUnits) }
  WebPeer(std::uint32_t handle, const JsRef& config, JsRef hooks);
  ~WebPeer();

  // null when the peer is usable, else {code, message} (bad config, RTCPeerConnection refused).
  JsRef initError() const { return initError_.share(); }

  // Each returns null on success or {code, message}; signal() settles `request` later. The
  // user's values are read by the core through JsValueSource.
  JsRef signal(const JsRef& signal, RequestId request);
  JsRef createChannel(const JsRef& config, RequestId request);  // {id} or {code, message}
  JsRef closeChannel(ChannelId channel);
  JsRef restartIce();
  // true when the browser took the message (the core reports why not on the channel).
  bool send(ChannelId channel, const JsRef& data, RequestId request);
  // null = done; {pending: true} = settles `request` later; {code, message} = failed.
  JsRef write(ChannelId channel, const JsRef& data, RequestId request);
  double bufferedAmount(ChannelId channel) const;
  double maxMessageSize() const { return core_ ? core_->maxMessageSize() : 0; }
  JsRef getStats();
  // A JS flow dropped the oldest value it kept for a late subscriber (nullopt: the signals).
  void replayOverflow(std::optional<ChannelId> channel, ReplayDrops drops);
  void watchBuffered(ChannelId channel, bool watching);
  void close();
  // close() and let go of every browser object and handler.
  void dispose();

  void onBrowserEvent(BrowserEventKind kind, std::uint32_t arg, const JsRef& event);

  // What a disposed peer answers: {code: 'disposed', message}, and getStats()'s rejected Promise.
  static JsRef disposedError();
  static JsRef rejectedStats();

 private:
  TimeMs now() const;
  // Carries out what the core produced; `t`: the time of the input that produced it.
  void pump(TimeMs t);
  // Runs a user call that settles `request`: its outcome, if settled during the call.
  template <class Call>
  std::optional<std::optional<Error>> settleNow(RequestId request, TimeMs t, Call call);

  JsRef initError_ = JsRef::null();
  std::unique_ptr<PeerCore> core_;
  BrowserSide browser_;
  PayloadTable payloads_;
  EventEncoder events_;
  RequestId callRequest_;
  std::optional<std::optional<Error>> callOutcome_;
  bool pumping_ = false;
};

}  // namespace kpeer::web
