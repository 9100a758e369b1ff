#include "ChannelRegistry.h"

#include <algorithm>

#include "ChunkFraming.h"

namespace kpeer {

ChannelEntry& ChannelRegistry::add(std::string label, bool local, ChannelConfig config) {
  TransportId t = transports_.next();
  ChannelEntry e;
  e.id = ChannelId(t.value());  // a channel is named after its first transport
  e.label = std::move(label);
  e.local = local;
  e.primary = t;
  e.transports.push_back(t);
  e.config = std::move(config);
  byLabel_.add(e.label, e.id);
  byTransport_.put(t, e.id);
  auto& entry = channels_.put(e.id, std::move(e));
  out_.event(ev::ChannelAdded{entry.id, entry.label, local});
  return entry;
}

OpenedChannel ChannelRegistry::open(const ChannelConfig& config) {
  if (ChannelId id = byLabel_.find(config.label)) return {id, false};
  return {add(config.label, true, config).id, true};
}

RemoteChannelBinding ChannelRegistry::adoptRemote(const std::string& label, const std::string& protocol) {
  if (ChannelId id = byLabel_.find(label)) {
    // Both sides opened this label: receive on the remote stream too, keep sending on ours.
    TransportId t = transports_.next();
    channels_.find(id)->transports.push_back(t);  // a label indexed is a channel here
    byTransport_.put(t, id);
    return {t, id, false};
  }
  ChannelConfig config;
  config.label = label;
  config.protocol = protocol;
  if (protocol == kChunkedProtocol) {
    config.chunked = true;
    config.chunkedMaxMessage = static_cast<double>(kDefaultChunkedMaxMessage);
  }
  auto& e = add(label, false, config);
  return {e.primary, e.id, true};
}

void ChannelRegistry::setState(ChannelEntry& c, ChannelState s) {
  if (c.state == s) return;
  c.state = s;
  out_.event(ev::ChannelStateChanged{c.id, s});
}

std::optional<ChannelId> ChannelRegistry::onTransportState(TransportId t, ChannelState s) {
  const ChannelId id = byTransport_.find(t);
  if (!id) return std::nullopt;
  ChannelEntry* found = channels_.find(id);
  if (!found) return std::nullopt;
  ChannelEntry& c = *found;
  if (s == ChannelState::Closed) byTransport_.erase(t);
  if (t != c.primary) {
    if (s == ChannelState::Closed) {
      c.transports.erase(std::remove(c.transports.begin(), c.transports.end(), t), c.transports.end());
      out_.command(cmd::ReleaseDataChannel{t});
    }
    return id;
  }
  // Closed is final; a late 'open' after close() changes nothing.
  if (c.state == ChannelState::Closed) return id;
  if (c.state == ChannelState::Closing && s == ChannelState::Open) return id;
  setState(c, s);
  if (s == ChannelState::Closed) {
    // Its streams are let go of, and the label is free for a new channel.
    for (TransportId each : c.transports) {
      byTransport_.erase(each);
      out_.command(cmd::ReleaseDataChannel{each});
    }
    byLabel_.remove(c.label);
    channels_.erase(id);  // c is gone
  }
  return id;
}

Status ChannelRegistry::close(ChannelId id) {
  ChannelEntry* found = channels_.find(id);
  if (!found) return okStatus();  // already closed: closing twice is harmless
  ChannelEntry& c = *found;
  if (c.state == ChannelState::Closing) return okStatus();
  setState(c, ChannelState::Closing);
  for (TransportId t : c.transports) out_.command(cmd::CloseDataChannel{t});
  return okStatus();
}

std::vector<ChannelId> ChannelRegistry::closeAll() {
  // close() of the peer: every channel is closed at once, not after the browser's events.
  std::vector<ChannelId> closed;
  for (auto [id, c] : channels_) {
    setState(c, ChannelState::Closed);
    for (TransportId t : c.transports) out_.command(cmd::ReleaseDataChannel{t});
    closed.push_back(id);
  }
  channels_.clear();
  byLabel_.clear();
  byTransport_.clear();
  return closed;
}

const ChannelEntry* ChannelRegistry::find(ChannelId id) const {
  return channels_.find(id);
}

std::optional<ChannelId> ChannelRegistry::channelOf(TransportId t) const {
  if (ChannelId id = byTransport_.find(t)) return id;
  return std::nullopt;
}

}  // namespace kpeer
