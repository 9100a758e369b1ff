// The browser's RTCStatsReport → KPeer's normalized path stats: the selected candidate pair,
// direct or relayed, RTT and byte counts. One pass: the adapter feeds each entry of the report as
// it reads it (no JSON on the way), then asks for the result.
#pragma once
#include <list>
#include <optional>
#include <string>

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
  // What result() needs of a candidate, a candidate pair or a transport entry: one type for the
  // three, in a list (a report has a few dozen entries): one container's code, and no relocation
  // code as a vector's growth has.
  struct Entry {
    enum class Kind { Candidate, Pair, Transport } kind;
    std::string id;  // a transport's selectedCandidatePairId
    std::string state, localId, remoteId;
    bool nominated = false;
    std::optional<double> rttSeconds;
    std::optional<double> bytesSent;  // a pair's is 0 when absent
    double bytesReceived = 0;
    CandidateStats candidate;
  };
  // The first entry of that kind with that id.
  const Entry* find(Entry::Kind kind, const std::string& id) const;
  std::optional<CandidateStats> candidate(const std::string& id) const;

  std::list<Entry> entries_;
  double dataChannelsOpened_ = 0, messagesSent_ = 0, messagesReceived_ = 0;
};

}  // namespace kpeer
