// Channel ids by label, without a tree of strings: an IdIndex keyed by a 32-bit hash of the label.
// Labels whose hashes collide share the slot as a short chain and are told apart by comparing them.
#pragma once
#include <string>

#include "IdIndex.h"

namespace kpeer {

// FNV-1a, 32 bits. Collisions are expected now and then and cost only a string compare.
std::uint32_t labelHash(const std::string& label);

class LabelIndex {
 public:
  using Hash = std::uint32_t (*)(const std::string& label);

  // `hash` is for tests, to make labels collide.
  explicit LabelIndex(Hash hash = labelHash) : hash_(hash), index_(&destroyChain) {}

  // ChannelId() when the label is not here.
  ChannelId find(const std::string& label) const;
  // The label must not be here yet.
  void add(const std::string& label, ChannelId id);
  void remove(const std::string& label);
  void clear() { index_.clear(); }

 private:
  struct Node {
    std::string label;
    ChannelId id;
    Node* next;
  };
  static void destroyChain(void* head);

  Hash hash_;
  IdIndex index_;
};

}  // namespace kpeer
