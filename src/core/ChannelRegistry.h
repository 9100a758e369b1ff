// Every KChannel of a peer, keyed by label: one label is one channel. A channel has a primary
// transport (the RTCDataChannel it sends on) and, after both sides opened the same label at
// once, extra remote transports whose messages are received on the same channel.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "IdLinks.h"
#include "IdMap.h"
#include "LabelIndex.h"
#include "OutputQueue.h"
#include "PeerConfig.h"
#include "States.h"

namespace kpeer {

struct ChannelEntry {
  ChannelId id;
  std::string label;
  bool local = false;
  ChannelState state = ChannelState::Connecting;
  TransportId primary;
  std::vector<TransportId> transports;  // primary first
  ChannelConfig config;
};

struct RemoteChannelBinding {
  TransportId transport;
  ChannelId channel;
  bool isNewChannel;
};

struct OpenedChannel {
  ChannelId channel;
  bool isNew;  // false: the label was open already
};

class ChannelRegistry {
 public:
  explicit ChannelRegistry(OutputQueue& out) : out_(out) {}

  // Same label while the channel is not closed → the existing channel.
  OpenedChannel open(const ChannelConfig& config);
  RemoteChannelBinding adoptRemote(const std::string& label, const std::string& protocol);
  // Returns the channel the transport belongs to, if any. A channel that closes is forgotten and
  // all its transports released; so is a closed extra transport.
  std::optional<ChannelId> onTransportState(TransportId t, ChannelState s);
  Status close(ChannelId id);
  // Every channel closed at once; returns them.
  std::vector<ChannelId> closeAll();

  const ChannelEntry* find(ChannelId id) const;
  std::optional<ChannelId> channelOf(TransportId t) const;
  std::size_t size() const { return channels_.size(); }

 private:
  ChannelEntry& add(std::string label, bool local, ChannelConfig config);
  void setState(ChannelEntry& c, ChannelState s);

  OutputQueue& out_;
  IdSource<TransportId> transports_;
  IdMap<ChannelId, ChannelEntry> channels_;
  LabelIndex byLabel_;
  IdLinks<TransportId, ChannelId> byTransport_;
};

}  // namespace kpeer
