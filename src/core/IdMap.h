// A map from ids (or plain numbers) to values, in key order, over the one IdIndex. Each value is
// allocated on its own, so it stays where it is while others come and go (as in a std::map). The
// template is only casts around IdIndex, inlined where it is used: next to no code per type.
#pragma once
#include <utility>

#include "IdIndex.h"

namespace kpeer {

template <class K, class V>
class IdMap {
 public:
  // An entry seen by iteration; `value` is the map's own.
  template <class T>
  struct Item {
    K key;
    T& value;
  };
  template <class T>
  class Cursor : public IndexPosition {
   public:
    using IndexPosition::IndexPosition;
    Item<T> operator*() const { return {K(index_.keyAt(i_)), *static_cast<T*>(index_.valueAt(i_))}; }
  };

  IdMap() : index_(&destroy) {}

  std::size_t size() const { return index_.size(); }
  bool empty() const { return index_.size() == 0; }
  V* find(K key) { return static_cast<V*>(index_.find(indexKey(key))); }
  const V* find(K key) const { return static_cast<const V*>(index_.find(indexKey(key))); }
  // Inserts, or replaces the value there was (std::map's insert_or_assign).
  V& put(K key, V value) {
    V* fresh = new V(std::move(value));
    void*& there = index_.slot(indexKey(key));
    void* old = std::exchange(there, fresh);
    destroy(old);
    return *fresh;
  }
  // Inserts unless the key is there already; the value under the key either way (std::map's emplace).
  V& insert(K key, V value) {
    void*& there = index_.slot(indexKey(key));
    if (!there) there = new V(std::move(value));
    return *static_cast<V*>(there);
  }
  bool erase(K key) { return index_.erase(indexKey(key)); }
  void clear() { index_.clear(); }

  // By position, for loops that erase as they go.
  V& valueAt(std::size_t i) { return *static_cast<V*>(index_.valueAt(i)); }
  void eraseAt(std::size_t i) { index_.eraseAt(i); }

  Cursor<V> begin() { return {index_, 0}; }
  Cursor<V> end() { return {index_, index_.size()}; }
  Cursor<const V> begin() const { return {index_, 0}; }
  Cursor<const V> end() const { return {index_, index_.size()}; }

 private:
  static void destroy(void* value) { delete static_cast<V*>(value); }

  IdIndex index_;
};

}  // namespace kpeer
