// A set of ids in increasing order, over the one IdIndex (slots without values).
#pragma once
#include "IdIndex.h"

namespace kpeer {

template <class K>
class IdSet {
 public:
  class Cursor {
   public:
    Cursor(const IdIndex& index, std::size_t i) : index_(index), i_(i) {}
    K operator*() const { return K(index_.keyAt(i_)); }
    Cursor& operator++() {
      ++i_;
      return *this;
    }
    bool operator!=(const Cursor& other) const { return i_ != other.i_; }

   private:
    const IdIndex& index_;
    std::size_t i_;
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
