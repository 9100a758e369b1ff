// Every KChannel of a peer, keyed by label: one label is one channel. A channel has a primary
// transport (the RTCDataChannel it sends on) and, after both sides opened the same label at
// once, extra remote transports whose messages are received on the same channel.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "OutputQueue.h"
#include "PeerConfig.h"
#include "States.h"

namespace kpeer {

struct ChannelEntry {
  ChannelId id = 0;
  std::string label;
  bool local = false;
  ChannelState state = ChannelState::Connecting;
  TransportId primary = 0;
  std::vector<TransportId> transports;  // primary first
  ChannelConfig config;
};

struct RemoteChannelBinding {
  TransportId transport;
  ChannelId channel;
  bool isNewChannel;
};

class ChannelRegistry {
 public:
  explicit ChannelRegistry(OutputQueue& out) : out_(out) {}

  // Same label while the channel is not closed → the existing channel.
  ChannelId open(const ChannelConfig& config);
  RemoteChannelBinding adoptRemote(const std::string& label, const std::string& protocol);
  void onTransportState(TransportId t, ChannelState s);
  Status close(ChannelId id);
  void closeAll();

  const ChannelEntry* find(ChannelId id) const;
  std::optional<ChannelId> channelOf(TransportId t) const;
  std::size_t size() const { return channels_.size(); }

 private:
  ChannelEntry& add(std::string label, bool local, ChannelConfig config);
  void setState(ChannelEntry& c, ChannelState s);

  OutputQueue& out_;
  TransportId lastTransport_ = 0;
  std::map<ChannelId, ChannelEntry> channels_;
  std::map<std::string, ChannelId> byLabel_;
  std::map<TransportId, ChannelId> byTransport_;
};

}  // namespace kpeer
