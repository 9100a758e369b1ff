#include "BrowserInputs.h"

#include "BrowserCalls.h"
#include "JsObject.h"

namespace kpeer::web {

void feedBrowserEvent(BrowserEventKind kind, std::uint32_t arg, const JsRef& event, PeerCore& core, BrowserSide& browser,
                      PayloadTable& payloads, TimeMs now) {
  using K = BrowserEventKind;
  const JsRef& pc = browser.pc();
  const TransportId transport(arg);
  switch (kind) {
    case K::NegotiationNeeded: core.onNegotiationNeeded(now); break;
    case K::IceCandidate: {
      JsRef c = event.present() ? property(event, "candidate") : JsRef::null();
      IceCandidate ice;
      ice.candidate = stringProperty(c, "candidate");
      if (ice.candidate.empty()) {
        core.onLocalCandidatesComplete(now);
        break;
      }
      ice.sdpMid = optionalString(c, "sdpMid");
      if (auto index = numberProperty(c, "sdpMLineIndex")) ice.sdpMLineIndex = static_cast<int>(*index);
      core.onLocalCandidate(std::move(ice), now, optionalString(c, "usernameFragment"));
      break;
    }
    case K::IceConnectionState:
      if (auto s = parseIceConnectionState(stringProperty(pc, "iceConnectionState"))) core.onIceConnectionState(*s, now);
      break;
    case K::SignalingState:
      if (auto s = parseSignalingState(stringProperty(pc, "signalingState"))) core.onSignalingState(*s, now);
      break;
    case K::DataChannel: {
      if (!event.present()) break;
      JsRef dc = property(event, "channel");
      const bool open = stringProperty(dc, "readyState") == "open";
      auto binding = core.onRemoteChannel(stringProperty(dc, "label"), stringProperty(dc, "protocol"), now, open,
                                          open ? sctpMaxMessageSize(pc) : std::nullopt);
      if (binding) browser.adoptDataChannel(binding->transport, std::move(dc));
      else callMethod(dc, "close");  // the core refused it (the peer is closed)
      break;
    }
    case K::Timer:
      browser.timerFired();
      core.handleTimeout(now);
      break;
    case K::LocalDescriptionSet:
    case K::OfferCreated:
    case K::OpResolved:
    case K::OpRejected: {
      OpOutcome outcome;
      outcome.ok = kind != K::OpRejected;
      if (!outcome.ok) {
        outcome.error = stringProperty(event, "message", "unknown error");
        outcome.typeError = stringProperty(event, "name") == "TypeError";
      }
      if (kind == K::LocalDescriptionSet || kind == K::OfferCreated) {
        // createOffer() resolves with the offer; setLocalDescription() with nothing (read it back).
        JsRef applied = kind == K::OfferCreated ? JsRef() : property(pc, "localDescription");
        const JsRef& local = kind == K::OfferCreated ? event : applied;
        if (local.present()) {
          std::string type = stringProperty(local, "type");
          if (type == "offer" || type == "answer")
            outcome.local = Description{type == "offer" ? SignalType::Offer : SignalType::Answer, stringProperty(local, "sdp")};
        }
      }
      core.onOperationDone(OpId(arg), outcome, now);
      break;
    }
    case K::ChannelOpen: core.onTransportState(transport, ChannelState::Open, now, sctpMaxMessageSize(pc)); break;
    case K::ChannelClosing: core.onTransportState(transport, ChannelState::Closing, now); break;
    case K::ChannelClose: core.onTransportState(transport, ChannelState::Closed, now); break;
    case K::ChannelError: {
      JsRef err = event.present() ? property(event, "error") : JsRef();
      std::optional<int> cause;
      if (auto code = numberProperty(err, "sctpCauseCode")) cause = static_cast<int>(*code);
      core.onTransportError(transport, stringProperty(err, "message", "unknown"), now, cause);
      break;
    }
    case K::ChannelBufferedLow: core.onBufferedLow(transport, browser.dataChannel(transport) ? bufferedAmountOf(*browser.dataChannel(transport)) : 0, now); break;
    case K::ChannelMessage: {
      if (!event.present()) break;
      JsRef data = asArrayBuffer(property(event, "data"));
      FrameFacts facts;
      double length = readFrameHead(data, facts.head, facts.text);
      if (length < 0) length = 0;  // neither bytes nor text: an empty frame, refused by the core
      facts.length = static_cast<std::uint64_t>(length);
      facts.headLength = static_cast<std::size_t>(std::min<double>(length, kFirstFrameHeader));
      PayloadId frame = core.newPayload();
      payloads.hold(frame, std::move(data));
      core.onFrame(transport, frame, facts, now);
      break;
    }
  }
}

}  // namespace kpeer::web
