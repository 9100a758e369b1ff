// The browser's RTCStatsReport → KPeer's normalized path stats: the selected candidate pair,
// direct or relayed, RTT and byte counts. One pass: the adapter feeds each entry of the report as
// it reads it (no JSON on the way), then asks for the result.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "Value.h"

namespace kpeer {

struct CandidateStats {
  std::optional<std::string> candidateType, address, protocol, relayProtocol, networkType;
  std::optional<double> port;
};

struct SelectedPairStats {
  std::string id, state;
  std::optional<CandidateStats> local, remote;  // nullopt: the report does not hold that candidate
};

struct PathStats {
  std::optional<SelectedPairStats> selectedPair;  // nullopt before a pair is selected
  std::optional<bool> direct, relayed;
  std::optional<double> rttMs;
  std::optional<std::string> localCandidateType, remoteCandidateType;
  double bytesSent = 0, bytesReceived = 0, dataChannelsOpened = 0, messagesSent = 0, messagesReceived = 0;
};

class StatsNormalizer {
 public:
  // One entry of the report, in the report's order. Entries of other types, or not objects, are skipped.
  void add(const Value& entry);
  PathStats result() const;

 private:
  struct Pair {
    std::string id, state, localId, remoteId;
    bool nominated = false;
    std::optional<double> rttSeconds;
    double bytesSent = 0, bytesReceived = 0;
  };
  struct Transport {
    std::string selectedPairId;
    std::optional<double> bytesSent;
    double bytesReceived = 0;
  };
  const Pair* pair(const std::string& id) const;
  std::optional<CandidateStats> candidate(const std::string& id) const;

  std::vector<std::pair<std::string, CandidateStats>> candidates_;
  std::vector<Pair> pairs_;
  std::vector<Transport> transports_;
  double dataChannelsOpened_ = 0, messagesSent_ = 0, messagesReceived_ = 0;
};

}  // namespace kpeer
