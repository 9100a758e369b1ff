// A map from ids to ids (a transport's channel, a transport's pending request), each value kept
// in its IdIndex slot itself: nothing allocated, nothing to destroy. A value is never 0, which
// find() returns for "none".
#pragma once
#include <cstdint>

#include "IdIndex.h"

namespace kpeer {

template <class K, class V>
class IdLinks {
 public:
  IdLinks() : index_(nullptr) {}

  std::size_t size() const { return index_.size(); }
  V find(K key) const {
    return V(static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(index_.find(indexKey(key)))));
  }
  void put(K key, V value) { index_.slot(indexKey(key)) = reinterpret_cast<void*>(std::uintptr_t{value.value()}); }
  bool erase(K key) { return index_.erase(indexKey(key)); }
  void clear() { index_.clear(); }

 private:
  IdIndex index_;
};

}  // namespace kpeer
