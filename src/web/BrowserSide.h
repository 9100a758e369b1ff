// The browser objects of one peer (the RTCPeerConnection, its RTCDataChannels by TransportId,
// chunked messages being assembled) and the execution of the core's commands on them. Nothing
// here decides: each command is carried out as it says, and what the browser answered at once
// (a send's verdict, a refused channel) goes straight back to the core as its input.
#pragma once
#include "BrowserCalls.h"
#include "BrowserEvent.h"
#include "JsRefMap.h"
#include "PayloadTable.h"
#include "core/IdSet.h"
#include "core/PeerCore.h"
#include "core/TimerArming.h"

namespace kpeer::web {

class BrowserSide {
 public:
  BrowserSide(std::uint32_t handle, JsRef hooks) : handle_(handle), hooks_(std::move(hooks)) {}

  // Sets the RTCPeerConnection's handlers; events reach WebPeer::onBrowserEvent.
  void adoptPeerConnection(JsRef pc);
  const JsRef& pc() const { return pc_; }
  // A remote RTCDataChannel the core adopted under `t` (its AttachDataChannel follows).
  void adoptDataChannel(TransportId t, JsRef dc) { transports_.put(t, std::move(dc)); }
  const JsRef* dataChannel(TransportId t) const;
  // The channel's sending RTCDataChannel (its primary transport), for bufferedAmount.
  const JsRef* sendingChannel(const PeerCore& core, ChannelId channel) const;

  // Carries out one command, a cmd:: struct (instantiated for each in BrowserSide.cpp).
  template <class C>
  void execute(const C& command, PeerCore& core, PayloadTable& payloads, TimeMs now);
  // The one browser timer, for the core's next deadline (kept or re-armed as TimerArming says).
  void scheduleTimer(std::optional<TimeMs> at, TimeMs now);
  // The timer went off: it is gone, so the next scheduleTimer() sets one even for the same
  // deadline (Node's timers can fire a millisecond before performance.now() reaches it).
  void timerFired() {
    timer_.reset();
    timerArming_.disarm();
  }
  // Every handler detached, every object let go of.
  void release();

 private:
  void attach(TransportId t, ChannelId channel, const JsRef& dc, ReceiveMode receive, double lowThreshold);
  void detach(TransportId t);
  void grant(ChannelId channel, const JsRef& dc, double maxBytes, double maxTextUnits);
  // A promise-returning call on the RTCPeerConnection, settled back into the core as `op`.
  void run(PeerOperation kind, const JsRef& arg, BrowserEventKind onOk, OpId op);

  std::uint32_t handle_;
  JsRef hooks_;
  JsRef pc_ = JsRef::null();
  JsRefMap<TransportId> transports_;
  JsRefMap<TransportId> lowHandlers_;  // 'bufferedamountlow' listeners, to remove on detach
  JsRefMap<TransportId> assemblies_;  // chunked messages being received
  IdSet<ChannelId> granted_;
  std::optional<double> timer_;  // setTimeout id
  TimerArming timerArming_;
};

}  // namespace kpeer::web
