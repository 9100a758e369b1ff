#include "LabelIndex.h"

#include <utility>

namespace kpeer {

std::uint32_t labelHash(const std::string& label) {
  std::uint32_t h = 2166136261u;
  for (unsigned char c : label) h = (h ^ c) * 16777619u;
  return h;
}

void LabelIndex::destroyChain(void* head) {
  for (Node* n = static_cast<Node*>(head); n;) delete std::exchange(n, n->next);
}

ChannelId LabelIndex::find(const std::string& label) const {
  for (auto* n = static_cast<const Node*>(index_.find(hash_(label))); n; n = n->next)
    if (n->label == label) return n->id;
  return ChannelId();
}

void LabelIndex::add(const std::string& label, ChannelId id) {
  void*& head = index_.slot(hash_(label));
  head = new Node{label, id, static_cast<Node*>(head)};
}

void LabelIndex::remove(const std::string& label) {
  const std::uint32_t key = hash_(label);
  for (Node *n = static_cast<Node*>(index_.find(key)), *before = nullptr; n; before = n, n = n->next) {
    if (n->label != label) continue;
    if (before) {
      before->next = n->next;
    } else if (n->next) {
      index_.slot(key) = n->next;
    } else {
      index_.erase(key);  // the chain's only node: destroyChain deletes it
      return;
    }
    delete n;
    return;
  }
}

}  // namespace kpeer
