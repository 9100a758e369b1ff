// A first-in first-out queue on one std::vector. std::deque costs ~1 KB of wasm per element
// type (its block map); this costs a vector's. Popped slots are reclaimed when the queue empties,
// or once they are most of the vector, so the work per element stays constant.
#pragma once
#include <cstddef>
#include <iterator>
#include <utility>
#include <vector>

namespace kpeer {

template <class T>
class Fifo {
 public:
  bool empty() const { return head_ == items_.size(); }
  std::size_t size() const { return items_.size() - head_; }
  T& front() { return items_[head_]; }
  const T& front() const { return items_[head_]; }
  void push_back(T v) { items_.push_back(std::move(v)); }
  void pop_front() {
    { T gone(std::move(items_[head_])); (void)gone; }  // released now, not when the slot is reclaimed
    if (++head_ == items_.size()) {
      clear();
    } else if (head_ >= 32 && head_ * 2 >= items_.size()) {
      // Moved into a fresh vector, not erase(): that would instantiate T's move assignment.
      std::vector<T> rest(std::make_move_iterator(begin()), std::make_move_iterator(end()));
      items_.swap(rest);
      head_ = 0;
    }
  }
  void clear() {
    items_.clear();
    head_ = 0;
  }
  T* begin() { return items_.data() + head_; }
  T* end() { return items_.data() + items_.size(); }

 private:
  std::vector<T> items_;
  std::size_t head_ = 0;
};

}  // namespace kpeer
