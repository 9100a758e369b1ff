// Browser events reach C++ through one export, kpBrowserEvent(peer, kind, arg, event), called by
// handlers made in JS (kpEvent in js-handles.pre.js). Handlers name their peer by handle, not
// pointer, so a late event (a promise settling after dispose) finds no live peer and is dropped.
#pragma once
#include <cstdint>

#include "JsRef.h"

namespace kpeer::web {

enum class BrowserEventKind : std::uint32_t {
  NegotiationNeeded,
  IceCandidate,
  IceConnectionState,
  SignalingState,
  DataChannel,
  Timer,
  LocalDescriptionSet,  // arg = OpId: setLocalDescription() resolved; pc.localDescription is read
  OpResolved,           // arg = OpId
  OpRejected,           // arg = OpId
  OfferCreated,         // arg = OpId: createOffer() resolved; the event is the offer
  ChannelOpen,          // arg = TransportId
  ChannelClosing,
  ChannelClose,
  ChannelError,
  ChannelBufferedLow,
  ChannelMessage,  // only chunked channels: their frames go to the core
};

// A JS function that calls back into the peer with this kind and arg.
JsRef bindBrowserEvent(std::uint32_t peer, BrowserEventKind kind, std::uint32_t arg = 0);

// setTimeout(bindBrowserEvent(peer, Timer), delayMs) → the timer's id; clearTimeout(id).
double startBrowserTimer(std::uint32_t peer, double delayMs);
void stopBrowserTimer(double timerId);

}  // namespace kpeer::web
