// What the core yields, in one ordered stream (OutputQueue): commands for the browser (executed by
// the adapter; results come back as inputs with the same OpId, TransportId or PayloadId) and
// events for the user (encoded for the JS layer). One queue, not two: a command and an event often
// belong together in order (a frame assembled, then its message; a channel closed, then its
// transports released), and the adapter must see them as the core produced them.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>
#include <variant>

#include "ChunkFraming.h"
#include "Error.h"
#include "Ids.h"
#include "PeerConfig.h"
#include "Signal.h"
#include "States.h"

namespace kpeer {

// The commands, the events: lists of types, joined into Output and asked whether they hold a type.
template <class... T>
struct TypeList {
  static constexpr std::size_t size = sizeof...(T);
  template <class U>
  static constexpr bool has = (std::is_same_v<U, T> || ...);
};
template <class A, class B>
struct JoinedVariant;
template <class... A, class... B>
struct JoinedVariant<TypeList<A...>, TypeList<B...>> {
  using type = std::variant<A..., B...>;
};

// How a transport's incoming messages are handled: straight to the JS layer, or as frames fed
// back to the core (chunked channels).
enum class ReceiveMode { Plain, Frames };

namespace cmd {
// Implicit (create unset): the browser creates the offer or answer. Explicit, for implementations
// that refuse setLocalDescription() without arguments: createOffer()/createAnswer() first.
// Given: setLocalDescription(given), an offer made earlier by CreateRestartOffer.
struct SetLocalDescription { OpId op; std::optional<SignalType> create; std::optional<Description> given; };
// pc.createOffer({iceRestart: true}) without applying it; the result comes back as the outcome's
// `local` (see Negotiator: an ICE restart toward Firefox).
struct CreateRestartOffer { OpId op; };
struct SetRemoteDescription { OpId op; Description description; };
// pc.setLocalDescription({type: 'rollback'}): back to 'stable' after a refused remote answer.
struct RollbackLocalOffer { OpId op; };
struct AddIceCandidate { OpId op; IceCandidate candidate; };
struct RestartIce {};
// pc.createDataChannel(), then as AttachDataChannel. The adapter answers at once:
// onTransportCreated, or onTransportRefused with the browser's message.
struct CreateDataChannel { TransportId transport; ChannelId channel; ChannelConfig config; ReceiveMode receive; double lowThreshold; };
// A remote RTCDataChannel the core adopted (onRemoteChannel): set its handlers and threshold.
struct AttachDataChannel { TransportId transport; ChannelId channel; ReceiveMode receive; double lowThreshold; };
struct CloseDataChannel { TransportId transport; };  // dc.close(); its events still come
struct ReleaseDataChannel { TransportId transport; };  // detach every handler, dc.close(), forget it
struct ClosePeerConnection {};

// --- data plane: the bytes stay in the adapter, named by PayloadId
// dc.bufferedAmount, answered at once with onBufferedAmount (write()s stalled on a transport whose
// 'bufferedamountlow' may never come: see DataPlane's poll).
struct ReadBufferedAmount { TransportId transport; };
// dc.send(payload); the adapter answers at once with onSendResult(transport, accepted, bufferedAmount).
struct Send { TransportId transport; PayloadId payload; };
// dc.send(header + payload bytes [offset, offset + length)); answered like Send.
struct SendFrame { TransportId transport; PayloadId payload; FrameHeader header; std::uint64_t offset; std::uint64_t length; };
struct SetLowThreshold { TransportId transport; double bytes; };
// The core is done with this payload: the adapter drops it (each id is released exactly once).
struct ReleasePayload { PayloadId payload; };
// The JS layer may call dc.send() itself for a string of at most maxTextUnits UTF-16 units or bytes
// of at most maxBytes, until RevokeDirectSend (see DataPlane: the send() fast path).
struct GrantDirectSend { ChannelId channel; TransportId transport; double maxBytes; double maxTextUnits; };
struct RevokeDirectSend { ChannelId channel; };
// Chunked receive: a buffer of `total` bytes for the message arriving on `transport`; payload
// bytes [from, from + length) of frame `frame` copied to `offset`; the buffer becomes payload
// `into` (text: UTF-8 decoded; else an ArrayBuffer).
struct AssembleStart { TransportId transport; std::uint64_t total; };
struct AssembleCopy { TransportId transport; PayloadId frame; std::uint64_t from; std::uint64_t length; std::uint64_t offset; };
struct AssembleFinish { TransportId transport; PayloadId into; bool text; };
}  // namespace cmd

using Commands = TypeList<cmd::SetLocalDescription, cmd::SetRemoteDescription, cmd::RollbackLocalOffer, cmd::AddIceCandidate,
                          cmd::RestartIce, cmd::CreateRestartOffer, cmd::CreateDataChannel, cmd::AttachDataChannel, cmd::CloseDataChannel,
                          cmd::ReleaseDataChannel, cmd::ClosePeerConnection, cmd::Send, cmd::SendFrame,
                          cmd::SetLowThreshold, cmd::ReadBufferedAmount, cmd::ReleasePayload, cmd::GrantDirectSend, cmd::RevokeDirectSend,
                          cmd::AssembleStart, cmd::AssembleCopy, cmd::AssembleFinish>;

enum class LogLevel { Debug, Info, Warn };

namespace ev {
struct EmitSignal { Signal signal; };
struct ConnectionStateChanged { ConnectionState state; };
struct ChannelAdded { ChannelId channel; std::string label; bool local; };
struct ChannelStateChanged { ChannelId channel; ChannelState state; };
struct RequestSettled { RequestId request; std::optional<Error> error; };
struct ErrorRaised { Error error; std::optional<ChannelId> channel; };
struct Log { LogLevel level; std::string message; };
struct BufferedLow { ChannelId channel; };
// A watched channel's bufferedAmount was read (DataPlane::watchBuffered): the JS layer reads it
// again and tells the flow's subscribers if it changed. `bytes` is the reading.
struct BufferedAmount { ChannelId channel; double bytes; };
// A whole message of a chunked channel (the payload is released right after).
struct Message { ChannelId channel; PayloadId payload; };
struct Progress { ChannelId channel; double received; double total; };
}  // namespace ev

using Events = TypeList<ev::EmitSignal, ev::ConnectionStateChanged, ev::ChannelAdded, ev::ChannelStateChanged,
                        ev::RequestSettled, ev::ErrorRaised, ev::Log, ev::BufferedLow, ev::BufferedAmount, ev::Message, ev::Progress>;

// One flat variant of every command and event, not a variant of two variants: each move, destroy
// and visit goes through one table instead of two levels of them (-0.3 KB gz).
using Output = JoinedVariant<Commands, Events>::type;

// Commands come first in Output.
inline bool isCommand(const Output& o) { return o.index() < Commands::size; }

// The result of one browser operation, as the adapter reports it.
struct OpOutcome {
  bool ok = true;
  std::string error;                       // the browser's message when !ok
  std::optional<Description> local;        // pc.localDescription after setLocalDescription
  // The implementation threw a TypeError: it does not take the call as made (@roamhq/wrtc's
  // setLocalDescription() without a description).
  bool typeError = false;
};

}  // namespace kpeer
