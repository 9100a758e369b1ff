// The one lookup table of kpeer: a sorted array of (key, value pointer) slots, found by binary
// search, values in key order. Its code is compiled once for every map and set (IdMap.h, IdSet.h,
// IdLinks.h, LabelIndex.h, the web adapter's peers): std::map's red-black tree plus its per-type
// insert/find/erase code cost ~7.6 KB of wasm (2.7 KB gzip). Ids only grow, so an insert is nearly
// always an append.
#pragma once
#include <cstddef>
#include <cstdint>

#include "Ids.h"

namespace kpeer {

// The index key of an id, or of a plain number (the web adapter's handles).
constexpr std::uint32_t indexKey(std::uint32_t number) { return number; }
template <class Tag>
constexpr std::uint32_t indexKey(Id<Tag> id) { return id.value(); }

class IdIndex {
 public:
  // Called with the value pointer of each slot erased or cleared (may be null); null: nothing to do.
  using Destroy = void (*)(void* value);

  explicit IdIndex(Destroy destroy) : destroy_(destroy) {}
  ~IdIndex() { clear(); }
  IdIndex(IdIndex&& other) noexcept;
  IdIndex& operator=(IdIndex&& other) noexcept;

  std::size_t size() const { return size_; }
  // The value pointer under `key`, or null when there is none.
  void* find(std::uint32_t key) const;
  // The value pointer under `key`, a new null one when there was none. Valid until the next change.
  void*& slot(std::uint32_t key);
  // The slot goes first, then its value is destroyed: a destructor that looks here finds nothing.
  bool erase(std::uint32_t key);
  void eraseAt(std::size_t i);
  void clear();

  // Position i, 0 <= i < size(), in increasing key order.
  std::uint32_t keyAt(std::size_t i) const { return slots_[i].key; }
  void* valueAt(std::size_t i) const { return slots_[i].value; }

 private:
  struct Slot {
    std::uint32_t key;
    void* value;
  };
  // The first position whose key is not less than `key`.
  std::size_t lowerBound(std::uint32_t key) const;

  Slot* slots_ = nullptr;
  std::uint32_t size_ = 0;
  std::uint32_t capacity_ = 0;
  Destroy destroy_;
};

// A position in an IdIndex, for range-for; IdMap's and IdSet's cursors say what it reads as.
class IndexPosition {
 public:
  IndexPosition(const IdIndex& index, std::size_t i) : index_(index), i_(i) {}
  IndexPosition& operator++() {
    ++i_;
    return *this;
  }
  bool operator!=(const IndexPosition& other) const { return i_ != other.i_; }

 protected:
  const IdIndex& index_;
  std::size_t i_;
};

}  // namespace kpeer
