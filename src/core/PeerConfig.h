// Validated configuration of a peer and of a channel (the contract's KPeerConfig / KChannelConfig).
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "Error.h"
#include "Time.h"
#include "Value.h"

namespace kpeer {

struct IceEmitPolicy {
  TimeMs flushInterval = 50;                // 0 = emit each local candidate at once
  std::optional<std::size_t> maxBatchSize;  // nullopt = unbounded
};

struct IceRestartPolicy {
  bool enabled = true;
  TimeMs disconnectedGraceMs = 3000;  // 'disconnected' this long → restart ICE
  int maxAttempts = 3;                // per outage; reset once connected again
};

// What the adapter passes to new RTCPeerConnection(): the validated RTCConfiguration members.
struct IceServer {
  std::vector<std::string> urls;
  std::optional<std::string> username;
  std::optional<std::string> credential;
};

// More ICE servers (or URLs of one) than any real setup needs is a mistake, refused as such.
constexpr std::size_t kMaxIceServers = 64;

struct RtcConfiguration {
  std::vector<IceServer> iceServers;
  std::optional<std::string> iceTransportPolicy;  // 'all' or 'relay'
};

struct PeerConfig {
  bool initiator = false;
  IceEmitPolicy iceEmit;
  std::optional<TimeMs> connectionTimeoutMs;  // nullopt (or 0 given) = wait forever
  // Once connected: not connected again this long after leaving 'connected' → 'failed', closed.
  // 8 s: Chromium reports 'disconnected' ~5 s after the remote vanishes, so channels close
  // within ~13 s, while an ICE restart (3 s in) still has 5 s to bring the connection back.
  std::optional<TimeMs> disconnectTimeoutMs = 8000;
  IceRestartPolicy iceRestart;
  RtcConfiguration rtc;
  // config.wrtc was given (simple-peer style: RTCPeerConnection and friends of a Node.js WebRTC
  // implementation); the adapter constructs from it instead of the global RTCPeerConnection.
  bool injectedWebRtc = false;
  // config.logger was given: every log goes to it. Without one js/ prints warnings only, so
  // debug and info logs are not made at all (each would cross into JS for nothing).
  bool logger = false;
};

// Browser limits: labels and protocols are at most 65535 bytes, stream ids 0..65534.
constexpr std::size_t kMaxLabelBytes = 65535;

struct ChannelConfig {
  std::string label;
  bool ordered = true;
  std::optional<int> maxRetransmits;
  std::optional<int> maxPacketLifeTime;
  std::string protocol;
  bool negotiated = false;
  std::optional<int> id;
  std::optional<double> bufferedAmountLowThreshold;
  std::optional<double> highWaterMark;  // nullopt: adaptive (HighWaterMark.h)
  // Chunked mode: messages of any size up to chunkedMaxMessage, split into frames (ChunkFraming.h).
  bool chunked = false;
  double chunkedMaxMessage = 0;
};

// From the objects passed to new KPeer(config) and createChannel(config). Only the documented
// fields are read; `logger` is checked here and used by js/.
Result<PeerConfig> decodePeerConfig(const Value& config);
// Where RTCPeerConnection comes from: config.wrtc, else the host's global (a browser), else an
// 'invalid-config' error that says what to pass.
Status checkWebRtcSource(const PeerConfig& config, bool hostHasRtcPeerConnection);
Result<ChannelConfig> decodeChannelConfig(const Value& config);

}  // namespace kpeer
