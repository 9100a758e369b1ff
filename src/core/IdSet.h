// A set of ids in increasing order, over the one IdIndex (slots without values).
#pragma once
#include "IdIndex.h"

namespace kpeer {

template <class K>
class IdSet {
 public:
  class Cursor : public IndexPosition {
   public:
    using IndexPosition::IndexPosition;
    K operator*() const { return K(index_.keyAt(i_)); }
  };

  IdSet() : index_(nullptr) {}

  std::size_t size() const { return index_.size(); }
  bool empty() const { return index_.size() == 0; }
  void insert(K key) { index_.slot(indexKey(key)); }
  void erase(K key) { index_.erase(indexKey(key)); }
  void clear() { index_.clear(); }

  Cursor begin() const { return {index_, 0}; }
  Cursor end() const { return {index_, index_.size()}; }

 private:
  IdIndex index_;
};

}  // namespace kpeer
