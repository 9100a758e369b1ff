// libFuzzer target: the input bytes are a script of user calls, browser events and browser
// operation results fed straight into one PeerCore (no FakeBrowser: any order, even impossible
// ones). After every step the outputs are checked:
//  - nothing crashes (ASan/UBSan), and every emitted signal decodes on the other side;
//  - after handleTimeout(now), pollTimeout() is never at or before now;
//  - a closed peer emits no command but channel/peer closes, and no state change after 'closed';
//  - a signal() request is settled at most once; a closed channel changes state no more.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <vector>

#include "ChromiumSamples.h"
#include "core/PeerCore.h"
#include "core/SignalCodec.h"

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
    encodeSignal(Signal{SignalType::Offer, samples::kChromiumOffer, {}}),
    encodeSignal(Signal{SignalType::Answer, samples::kChromiumAnswer, {}}),
    encodeSignal(Signal::fromCandidate({samples::kHostCandidate, "0", 0})),
    encodeSignal(Signal::fromCandidate({samples::kSrflxCandidate, "0", std::nullopt})),
    encodeSignal(Signal::fromCandidate({"", "0", 0})),
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

struct Observed {
  std::vector<OpId> ops;
  std::vector<TransportId> transports;
  std::vector<ChannelId> channels;
  std::set<RequestId> settled;
  std::set<ChannelId> closedChannels;
  bool sawClosedState = false;
};

void drainAndCheck(PeerCore& core, Observed& seen, bool closedBefore) {
  while (auto c = core.pollCommand()) {
    if (closedBefore || core.closed())
      INVARIANT(std::holds_alternative<cmd::CloseDataChannel>(*c) || std::holds_alternative<cmd::ClosePeerConnection>(*c));
    if (auto* x = std::get_if<cmd::SetLocalDescription>(&*c)) seen.ops.push_back(x->op);
    if (auto* x = std::get_if<cmd::SetRemoteDescription>(&*c)) seen.ops.push_back(x->op);
    if (auto* x = std::get_if<cmd::AddIceCandidate>(&*c)) seen.ops.push_back(x->op);
    if (auto* x = std::get_if<cmd::CreateDataChannel>(&*c)) seen.transports.push_back(x->transport);
  }
  while (auto e = core.pollEvent()) {
    if (auto* x = std::get_if<ev::EmitSignal>(&*e)) {
      INVARIANT(!closedBefore);
      INVARIANT(decodeSignal(encodeSignal(x->signal)).ok());
    }
    if (auto* x = std::get_if<ev::RequestSettled>(&*e)) INVARIANT(seen.settled.insert(x->request).second);
    if (auto* x = std::get_if<ev::ChannelAdded>(&*e)) seen.channels.push_back(x->channel);
    if (auto* x = std::get_if<ev::ChannelStateChanged>(&*e)) {
      INVARIANT(!seen.closedChannels.count(x->channel));
      if (x->state == ChannelState::Closed) seen.closedChannels.insert(x->channel);
    }
    if (auto* x = std::get_if<ev::ConnectionStateChanged>(&*e)) {
      INVARIANT(!seen.sawClosedState);
      seen.sawClosedState = x->state == ConnectionState::Closed;
    }
  }
  INVARIANT(core.closed() == (core.connectionState() == ConnectionState::Closed));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Script in(data, size);
  auto config = decodePeerConfig(peerConfig(in.byte()));
  INVARIANT(config.ok());
  TimeMs now = in.byte();
  PeerCore core(config.value(), now);
  Observed seen;
  RequestId lastRequest = 0;

  while (!in.done()) {
    const unsigned op = in.byte();
    now += in.byte() % 128;  // the clock only moves forward
    const bool closedBefore = core.closed();
    switch (op % 19) {
      case 0: (void)core.signal(in.pick(kSignals), ++lastRequest, now); break;
      case 1: (void)core.signal(in.bytes(48), ++lastRequest, now); break;
      case 2: (void)core.createChannel(in.pick(kChannelConfigs), now); break;
      case 3: (void)core.closeChannel(seen.channels.empty() ? in.byte() : in.pick(seen.channels), now); break;
      case 4: (void)core.restartIce(now); break;
      case 5: if (in.byte() % 4 == 0) core.close(now); break;
      case 6: core.onNegotiationNeeded(now); break;
      case 7: core.onLocalCandidate({in.byte() % 2 ? samples::kHostCandidate : samples::kRelayCandidate, "0", 0}, now); break;
      case 8: core.onLocalCandidatesComplete(now); break;
      case 9: core.onIceConnectionState(in.pick(kIce), now); break;
      case 10: core.onSignalingState(in.pick(kSignaling), now); break;
      case 11: {
        OpId id = seen.ops.empty() || in.byte() % 8 == 0 ? in.byte() : in.pick(seen.ops);
        OpOutcome outcome;
        const unsigned kind = in.byte();
        outcome.ok = kind % 4 != 0;
        if (!outcome.ok) outcome.error = "OperationError: fuzzed failure";
        if (kind % 3 == 1) outcome.local = Description{SignalType::Offer, samples::kChromiumOffer};
        if (kind % 3 == 2) outcome.local = Description{SignalType::Answer, samples::kChromiumAnswer};
        core.onOperationDone(id, outcome, now);
        break;
      }
      case 12:
        if (auto b = core.onRemoteChannel(in.pick(kLabels), "", now)) seen.transports.push_back(b->transport);
        break;
      case 13: {
        TransportId t = seen.transports.empty() || in.byte() % 8 == 0 ? in.byte() : in.pick(seen.transports);
        core.onTransportState(t, in.pick(kChannelStates), now);
        break;
      }
      case 14: core.onTransportError(seen.transports.empty() ? 0 : in.pick(seen.transports), "fuzzed", now); break;
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
  core.close(now + 1);  // idempotent
  INVARIANT(!core.pollCommand() && !core.pollEvent());
  return 0;
}
