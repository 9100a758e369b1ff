#include "IdIndex.h"

#include <cstring>
#include <new>
#include <utility>

namespace kpeer {

IdIndex::IdIndex(IdIndex&& other) noexcept
    : slots_(std::exchange(other.slots_, nullptr)),
      size_(std::exchange(other.size_, 0)),
      capacity_(std::exchange(other.capacity_, 0)),
      destroy_(other.destroy_) {}

IdIndex& IdIndex::operator=(IdIndex&& other) noexcept {
  if (this != &other) {
    clear();
    slots_ = std::exchange(other.slots_, nullptr);
    size_ = std::exchange(other.size_, 0);
    capacity_ = std::exchange(other.capacity_, 0);
    destroy_ = other.destroy_;
  }
  return *this;
}

std::size_t IdIndex::lowerBound(std::uint32_t key) const {
  std::size_t low = 0, high = size_;
  while (low < high) {
    const std::size_t mid = (low + high) / 2;
    if (slots_[mid].key < key) low = mid + 1;
    else high = mid;
  }
  return low;
}

void* IdIndex::find(std::uint32_t key) const {
  const std::size_t i = lowerBound(key);
  return i < size_ && slots_[i].key == key ? slots_[i].value : nullptr;
}

void*& IdIndex::slot(std::uint32_t key) {
  const std::size_t i = lowerBound(key);
  if (i < size_ && slots_[i].key == key) return slots_[i].value;
  if (size_ == capacity_) {
    capacity_ = capacity_ ? 2 * capacity_ : 4;
    Slot* bigger = static_cast<Slot*>(::operator new(capacity_ * sizeof(Slot)));
    if (size_) std::memcpy(bigger, slots_, size_ * sizeof(Slot));
    ::operator delete(slots_);
    slots_ = bigger;
  }
  std::memmove(slots_ + i + 1, slots_ + i, (size_ - i) * sizeof(Slot));
  ++size_;
  slots_[i] = Slot{key, nullptr};
  return slots_[i].value;
}

bool IdIndex::erase(std::uint32_t key) {
  const std::size_t i = lowerBound(key);
  if (i == size_ || slots_[i].key != key) return false;
  eraseAt(i);
  return true;
}

void IdIndex::eraseAt(std::size_t i) {
  void* value = slots_[i].value;
  --size_;
  std::memmove(slots_ + i, slots_ + i + 1, (size_ - i) * sizeof(Slot));
  if (destroy_) destroy_(value);
}

void IdIndex::clear() {
  // Emptied before any value is destroyed, like erase.
  Slot* slots = slots_;
  const std::size_t n = size_;
  slots_ = nullptr;
  size_ = capacity_ = 0;
  if (destroy_)
    for (std::size_t i = 0; i < n; ++i) destroy_(slots[i].value);
  ::operator delete(slots);
}

}  // namespace kpeer
