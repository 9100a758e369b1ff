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
  byLabel_[e.label] = e.id;
  byTransport_[t] = e.id;
  auto& entry = channels_[e.id] = std::move(e);
  out_.event(ev::ChannelAdded{entry.id, entry.label, local});
  return entry;
}

OpenedChannel ChannelRegistry::open(const ChannelConfig& config) {
  auto it = byLabel_.find(config.label);
  if (it != byLabel_.end()) return {it->second, false};
  return {add(config.label, true, config).id, true};
}

RemoteChannelBinding ChannelRegistry::adoptRemote(const std::string& label, const std::string& protocol) {
  auto it = byLabel_.find(label);
  if (it != byLabel_.end()) {
    // Both sides opened this label: receive on the remote stream too, keep sending on ours.
    TransportId t = transports_.next();
    channels_[it->second].transports.push_back(t);
    byTransport_[t] = it->second;
    return {t, it->second, false};
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
  auto it = byTransport_.find(t);
  if (it == byTransport_.end()) return std::nullopt;
  const ChannelId id = it->second;
  auto cit = channels_.find(id);
  if (cit == channels_.end()) return std::nullopt;
  ChannelEntry& c = cit->second;
  if (s == ChannelState::Closed) byTransport_.erase(it);
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
    byLabel_.erase(c.label);
    channels_.erase(cit);
  }
  return id;
}

Status ChannelRegistry::close(ChannelId id) {
  auto it = channels_.find(id);
  if (it == channels_.end()) return okStatus();  // already closed: closing twice is harmless
  ChannelEntry& c = it->second;
  if (c.state == ChannelState::Closing) return okStatus();
  setState(c, ChannelState::Closing);
  for (TransportId t : c.transports) out_.command(cmd::CloseDataChannel{t});
  return okStatus();
}

std::vector<ChannelId> ChannelRegistry::closeAll() {
  // close() of the peer: every channel is closed at once, not after the browser's events.
  std::vector<ChannelId> closed;
  for (auto& [id, c] : channels_) {
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
  auto it = channels_.find(id);
  return it == channels_.end() ? nullptr : &it->second;
}

std::optional<ChannelId> ChannelRegistry::channelOf(TransportId t) const {
  auto it = byTransport_.find(t);
  if (it == byTransport_.end()) return std::nullopt;
  return it->second;
}

}  // namespace kpeer
