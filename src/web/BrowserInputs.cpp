#include "BrowserInputs.h"

#include "BrowserCalls.h"
#include "JsObject.h"

namespace kpeer::web {

namespace {

bool present(const val& v) { return !v.isNull() && !v.isUndefined(); }

}  // namespace

void feedBrowserEvent(BrowserEventKind kind, std::uint32_t arg, const val& event, PeerCore& core, BrowserSide& browser,
                      PayloadTable& payloads, TimeMs now) {
  using K = BrowserEventKind;
  const val& pc = browser.pc();
  const TransportId transport(arg);
  switch (kind) {
    case K::NegotiationNeeded: core.onNegotiationNeeded(now); break;
    case K::IceCandidate: {
      val c = present(event) ? property(event, "candidate") : val::null();
      if (!present(c) || stringProperty(c, "candidate").empty()) {
        core.onLocalCandidatesComplete(now);
        break;
      }
      IceCandidate ice;
      ice.candidate = property(c, "candidate").as<std::string>();
      val mid = property(c, "sdpMid"), index = property(c, "sdpMLineIndex");
      if (mid.isString()) ice.sdpMid = mid.as<std::string>();
      if (index.isNumber()) ice.sdpMLineIndex = index.as<int>();
      val ufrag = property(c, "usernameFragment");
      core.onLocalCandidate(std::move(ice), now, ufrag.isString() ? std::optional<std::string>(ufrag.as<std::string>()) : std::nullopt);
      break;
    }
    case K::IceConnectionState:
      if (auto s = parseIceConnectionState(stringProperty(pc, "iceConnectionState"))) core.onIceConnectionState(*s, now);
      break;
    case K::SignalingState:
      if (auto s = parseSignalingState(stringProperty(pc, "signalingState"))) core.onSignalingState(*s, now);
      break;
    case K::DataChannel: {
      if (!present(event)) break;
      val dc = property(event, "channel");
      const bool open = stringProperty(dc, "readyState") == "open";
      auto binding = core.onRemoteChannel(stringProperty(dc, "label"), stringProperty(dc, "protocol"), now, open,
                                          open ? sctpMaxMessageSize(pc) : std::nullopt);
      if (binding) browser.adoptDataChannel(binding->transport, std::move(dc));
      else dc.call<void>("close");  // the core refused it (the peer is closed)
      break;
    }
    case K::Timer:
      browser.timerFired();
      core.handleTimeout(now);
      break;
    case K::LocalDescriptionSet:
    case K::OpResolved:
    case K::OpRejected: {
      OpOutcome outcome;
      outcome.ok = kind != K::OpRejected;
      if (!outcome.ok) {
        outcome.error = present(event) ? stringProperty(event, "message", "unknown error") : "unknown error";
        outcome.typeError = present(event) && stringProperty(event, "name") == "TypeError";
      }
      if (kind == K::LocalDescriptionSet) {
        val local = property(pc, "localDescription");
        if (present(local)) {
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
      val err = present(event) ? property(event, "error") : val::undefined();
      std::optional<int> cause;
      if (present(err) && property(err, "sctpCauseCode").isNumber()) cause = property(err, "sctpCauseCode").as<int>();
      core.onTransportError(transport, present(err) ? stringProperty(err, "message", "unknown") : "unknown", now, cause);
      break;
    }
    case K::ChannelBufferedLow: core.onBufferedLow(transport, browser.dataChannel(transport) ? bufferedAmountOf(*browser.dataChannel(transport)) : 0, now); break;
    case K::ChannelMessage: {
      if (!present(event)) break;
      val data = asArrayBuffer(property(event, "data"));
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
