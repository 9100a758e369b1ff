// libFuzzer target: the input bytes are a script of user calls (signals, channels, send() and
// write() of payloads of every kind and size), browser events and browser answers (operation
// results, send verdicts, bufferedamountlow, frames) fed straight into one PeerCore (no
// FakeBrowser: any order, even impossible ones). After every step the outputs are checked:
//  - nothing crashes (ASan/UBSan), and every emitted signal decodes on the other side;
//  - after handleTimeout(now), pollTimeout() is never at or before now;
//  - a closed peer emits no command but closes and releases, and no state change after 'closed';
//  - a request is settled at most once, and after close() every send()/write() was settled;
//  - every payload handle is released exactly once, and none is left after close();
//  - a transport's messages go out in the order they were written (payload ids never go back);
//  - thresholds and frames are never negative or empty; a grant is only for an open plain channel.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "ChromiumSamples.h"
#include "core/PeerCore.h"
#include "core/SignalCodec.h"
#include "json/JsonValue.h"
#include "json/WireFormat.h"

#include "Invariant.h"

using namespace kpeer;


namespace {

class Script {
 public:
  Script(const std::uint8_t* data, std::size_t size) : p_(data), end_(data + size) {}
  bool done() const { return p_ == end_; }
  unsigned byte() { return p_ == end_ ? 0 : *p_++; }
  template <class T>
  const T& pick(const std::vector<T>& v) { return v[byte() % v.size()]; }
  std::string bytes(std::size_t max) {
    std::size_t n = std::min<std::size_t>(byte() % (max + 1), static_cast<std::size_t>(end_ - p_));
    std::string s(reinterpret_cast<const char*>(p_), n);
    p_ += n;
    return s;
  }

 private:
  const std::uint8_t* p_;
  const std::uint8_t* end_;
};

std::string peerConfig(unsigned b) {
  const char* flush[] = {"0", "10", "50", "null"};
  return std::string("{\"initiator\":") + (b & 1 ? "true" : "false") + ",\"iceCandidateEmitPolicy\":{\"flushInterval\":" +
         flush[(b >> 1) & 3] + (b & 8 ? ",\"maxBatchSize\":2" : "") + "},\"connectionTimeoutMs\":" +
         (b & 16 ? "1000" : "null") + ",\"iceRestart\":" +
         (b & 32 ? "{\"disconnectedGraceMs\":100,\"maxAttempts\":2}" : (b & 64 ? "true" : "false")) + "}";
}

const std::vector<std::string> kSignals = {
    signalToJson(Signal{SignalType::Offer, samples::kChromiumOffer, {}}),
    signalToJson(Signal{SignalType::Answer, samples::kChromiumAnswer, {}}),
    signalToJson(Signal::fromCandidate({samples::kHostCandidate, "0", 0})),
    signalToJson(Signal::fromCandidate({samples::kSrflxCandidate, "0", std::nullopt})),
    signalToJson(Signal::fromCandidate({"", "0", 0})),
    R"({"type":"answer","sdp":"v=0\r\n"})",
    R"({"type":"ice","candidate":"candidate:x"})",
};
const std::vector<std::string> kChannelConfigs = {
    R"({"label":"chat"})", R"({"label":"chat","ordered":false})", R"({"label":"files","reliable":false})",
    R"({"label":"n","negotiated":true,"id":3})", R"({"label":""})", R"({"label":"x","negotiated":true})",
};
const std::vector<std::string> kLabels = {"chat", "files", "n", "", "other"};
const std::vector<IceConnectionState> kIce = {IceConnectionState::New, IceConnectionState::Checking,
                                              IceConnectionState::Connected, IceConnectionState::Completed,
                                              IceConnectionState::Disconnected, IceConnectionState::Failed,
                                              IceConnectionState::Closed};
const std::vector<SignalingState> kSignaling = {SignalingState::Stable, SignalingState::HaveLocalOffer,
                                                SignalingState::HaveRemoteOffer, SignalingState::Closed};
const std::vector<ChannelState> kChannelStates = {ChannelState::Connecting, ChannelState::Open, ChannelState::Closing,
                                                  ChannelState::Closed};

const std::vector<PayloadKind> kKinds = {PayloadKind::Text, PayloadKind::Binary, PayloadKind::Blob, PayloadKind::Unsupported};
const std::vector<double> kSizes = {0, 1, 64, 1000, 16383, 65536, 65537, 262144, 300000, 2e6};

struct Observed {
  std::vector<OpId> ops;
  std::vector<TransportId> transports;
  std::vector<ChannelId> channels;
  std::set<RequestId> settled;
  std::set<RequestId> dataRequests;  // send() and write() calls: each must be settled by close()
  std::set<PayloadId> livePayloads;
  std::map<TransportId, PayloadId> lastSent;
  std::set<ChannelId> closedChannels;
  bool sawClosedState = false;
};

bool allowedAfterClose(const Output& c) {
  return std::holds_alternative<cmd::CloseDataChannel>(c) || std::holds_alternative<cmd::ReleaseDataChannel>(c) ||
         std::holds_alternative<cmd::ClosePeerConnection>(c) || std::holds_alternative<cmd::ReleasePayload>(c) ||
         std::holds_alternative<cmd::RevokeDirectSend>(c);
}

void checkCommand(const PeerCore& core, const Output& c, Observed& seen) {
  if (auto* x = std::get_if<cmd::SetLocalDescription>(&c)) seen.ops.push_back(x->op);
  if (auto* x = std::get_if<cmd::SetRemoteDescription>(&c)) seen.ops.push_back(x->op);
  if (auto* x = std::get_if<cmd::RollbackLocalOffer>(&c)) seen.ops.push_back(x->op);
  if (auto* x = std::get_if<cmd::AddIceCandidate>(&c)) seen.ops.push_back(x->op);
  if (auto* x = std::get_if<cmd::CreateDataChannel>(&c)) {
    seen.transports.push_back(x->transport);
    INVARIANT(x->lowThreshold >= 0);
  }
  if (auto* x = std::get_if<cmd::ReleasePayload>(&c)) INVARIANT(seen.livePayloads.erase(x->payload) == 1);
  if (auto* x = std::get_if<cmd::AssembleFinish>(&c)) INVARIANT(seen.livePayloads.insert(x->into).second);
  if (auto* x = std::get_if<cmd::SetLowThreshold>(&c)) INVARIANT(x->bytes >= 0);
  auto inOrder = [&](TransportId t, PayloadId p) {
    INVARIANT(seen.livePayloads.count(p));
    auto last = seen.lastSent.find(t);
    INVARIANT(last == seen.lastSent.end() || !(p < last->second));
    seen.lastSent[t] = p;
  };
  if (auto* x = std::get_if<cmd::Send>(&c)) inOrder(x->transport, x->payload);
  if (auto* x = std::get_if<cmd::SendFrame>(&c)) {
    inOrder(x->transport, x->payload);
    INVARIANT(x->header.size > 0 && x->offset + x->length <= std::uint64_t(1) << 31);
  }
  if (auto* x = std::get_if<cmd::GrantDirectSend>(&c)) {
    const ChannelEntry* entry = core.channels().find(x->channel);
    INVARIANT(entry && entry->state == ChannelState::Open && !entry->config.chunked && entry->primary == x->transport);
    INVARIANT(x->maxBytes > 0 && x->maxTextUnits * 3 <= x->maxBytes);
  }
}

void drainAndCheck(PeerCore& core, Observed& seen, bool closedBefore) {
  while (auto o = core.poll()) {
    if (isCommand(*o)) {
      if (closedBefore || core.closed()) INVARIANT(allowedAfterClose(*o));
      checkCommand(core, *o, seen);
      continue;
    }
    const Output* e = &*o;
    if (auto* x = std::get_if<ev::Message>(e)) INVARIANT(seen.livePayloads.count(x->payload));
    if (auto* x = std::get_if<ev::EmitSignal>(e)) {
      INVARIANT(!closedBefore);
      INVARIANT(signalFromJson(signalToJson(x->signal)).ok());
    }
    if (auto* x = std::get_if<ev::RequestSettled>(e)) INVARIANT(seen.settled.insert(x->request).second);
    if (auto* x = std::get_if<ev::ChannelAdded>(e)) seen.channels.push_back(x->channel);
    if (auto* x = std::get_if<ev::ChannelStateChanged>(e)) {
      INVARIANT(!seen.closedChannels.count(x->channel));
      if (x->state == ChannelState::Closed) seen.closedChannels.insert(x->channel);
    }
    if (auto* x = std::get_if<ev::ConnectionStateChanged>(e)) {
      INVARIANT(!seen.sawClosedState);
      seen.sawClosedState = x->state == ConnectionState::Closed;
    }
  }
  INVARIANT(core.closed() == (core.connectionState() == ConnectionState::Closed));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Script in(data, size);
  auto config = peerConfigFromJson(peerConfig(in.byte()));
  INVARIANT(config.ok());
  TimeMs now = in.byte();
  PeerCore core(config.value(), now);
  Observed seen;
  IdSource<RequestId> requests;
  auto anyChannel = [&] { return seen.channels.empty() || in.byte() % 8 == 0 ? ChannelId(in.byte()) : in.pick(seen.channels); };
  auto anyTransport = [&] {
    return seen.transports.empty() || in.byte() % 8 == 0 ? TransportId(in.byte()) : in.pick(seen.transports);
  };
  auto newPayload = [&] {
    PayloadId id = core.newPayload();
    INVARIANT(seen.livePayloads.insert(id).second);
    return id;
  };

  while (!in.done()) {
    const unsigned op = in.byte();
    now += in.byte() % 128;  // the clock only moves forward
    const bool closedBefore = core.closed();
    switch (op % 29) {
      case 0: (void)core.signal(JsonValue::text(in.pick(kSignals)), requests.next(), now); break;
      case 1: (void)core.signal(JsonValue::text(in.bytes(48)), requests.next(), now); break;
      case 2: (void)core.createChannel(JsonValue::parse(in.pick(kChannelConfigs)), now, requests.next()); break;
      case 3: (void)core.closeChannel(anyChannel(), now); break;
      case 4: (void)core.restartIce(now); break;
      case 5: if (in.byte() % 4 == 0) core.close(now); break;
      case 6: core.onNegotiationNeeded(now); break;
      case 7: core.onLocalCandidate({in.byte() % 2 ? samples::kHostCandidate : samples::kRelayCandidate, "0", 0}, now); break;
      case 8: core.onLocalCandidatesComplete(now); break;
      case 9: core.onIceConnectionState(in.pick(kIce), now); break;
      case 10: core.onSignalingState(in.pick(kSignaling), now); break;
      case 11: {
        OpId id = seen.ops.empty() || in.byte() % 8 == 0 ? OpId(in.byte()) : in.pick(seen.ops);
        OpOutcome outcome;
        const unsigned kind = in.byte();
        outcome.ok = kind % 4 != 0;
        if (!outcome.ok) outcome.error = "OperationError: fuzzed failure";
        outcome.typeError = !outcome.ok && kind % 16 == 0;  // an implementation without implicit descriptions
        if (kind % 3 == 1) outcome.local = Description{SignalType::Offer, samples::kChromiumOffer};
        if (kind % 3 == 2) outcome.local = Description{SignalType::Answer, samples::kChromiumAnswer};
        core.onOperationDone(id, outcome, now);
        break;
      }
      case 12: {
        const bool chunked = in.byte() % 2;
        const bool open = in.byte() % 2;
        if (auto b = core.onRemoteChannel(in.pick(kLabels), chunked ? kChunkedProtocol : "", now, open, in.pick(kSizes)))
          seen.transports.push_back(b->transport);
        break;
      }
      case 13: {
        TransportId t = anyTransport();
        core.onTransportState(t, in.pick(kChannelStates), now, in.byte() % 2 ? std::optional<double>(in.pick(kSizes)) : std::nullopt);
        break;
      }
      case 14: core.onTransportError(anyTransport(), "fuzzed", now, in.byte() % 2 ? std::optional<int>(in.byte() % 16) : std::nullopt); break;
      case 19: case 20: {  // send() or write() of any payload
        const bool isWrite = op % 27 == 20;
        const RequestId r = requests.next();
        seen.dataRequests.insert(r);
        Payload p{newPayload(), in.pick(kKinds), in.pick(kSizes)};
        const double buffered = in.pick(kSizes);
        if (isWrite) core.write(anyChannel(), p, r, buffered, now);
        else core.send(anyChannel(), p, r, buffered, now);
        break;
      }
      case 21: core.onSendResult(anyTransport(), in.byte() % 4 != 0, in.pick(kSizes), now); break;
      case 22: core.onBufferedLow(anyTransport(), in.pick(kSizes), now); break;
      case 23: {  // a frame: a real header of some message, or fuzzed bytes
        FrameFacts f;
        f.text = in.byte() % 8 == 0;
        const std::uint64_t total = static_cast<std::uint64_t>(in.pick(kSizes));
        FrameHeader h = encodeFrameHeader(total, in.byte() % 2 ? 0 : in.byte(), in.byte(), in.byte() % 2);
        if (in.byte() % 4 == 0) for (auto& b : h.bytes) b = static_cast<std::uint8_t>(in.byte());
        std::copy(h.bytes.begin(), h.bytes.end(), f.head);
        f.headLength = h.size;
        f.length = h.size + in.byte() * (in.byte() % 3 == 0 ? 997 : 1);
        core.onFrame(anyTransport(), newPayload(), f, now);
        break;
      }
      case 24: core.onTransportCreated(anyTransport(), now); break;
      case 25: core.onTransportRefused(anyTransport(), "fuzzed refusal", now); break;
      case 27: core.onBufferedAmount(anyTransport(), in.pick(kSizes), now); break;  // a ReadBufferedAmount answered
      case 28: core.onRestartIceRefused("Not implemented", now); break;
      case 26: (void)core.createChannel(JsonValue::parse(R"({"label":"files","chunked":{"maxMessageSize":300000}})"), now, requests.next()); break;
      case 15: case 16:
        core.handleTimeout(now);
        drainAndCheck(core, seen, closedBefore);
        if (auto t = core.pollTimeout()) INVARIANT(*t > now);
        continue;
      case 17: case 18:  // sleep until the core's next deadline
        if (auto t = core.pollTimeout()) now = std::max(now, *t);
        core.handleTimeout(now);
        drainAndCheck(core, seen, closedBefore);
        if (auto t = core.pollTimeout()) INVARIANT(*t > now);
        continue;
    }
    drainAndCheck(core, seen, closedBefore);
  }
  core.close(now);
  drainAndCheck(core, seen, false);
  INVARIANT(!core.pollTimeout());
  // A send still waiting for the browser's verdict is answered (the adapter always answers).
  for (TransportId t : seen.transports) core.onSendResult(t, false, 0, now);
  drainAndCheck(core, seen, true);
  for (RequestId r : seen.dataRequests) INVARIANT(seen.settled.count(r));
  INVARIANT(seen.livePayloads.empty());
  core.close(now + 1);  // idempotent
  INVARIANT(!core.poll());
  return 0;
}
