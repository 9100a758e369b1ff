// SizeClassHeap (src/web/SizeClassHeap.h): the allocator behind the wasm module's malloc, here over
// an arena that can run out.
#include <doctest/doctest.h>

#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#include "web/SizeClassHeap.h"

namespace {

// Memory for the heap under test: a fixed arena handed out from the front, as the wasm heap's end grows.
struct Arena {
  static constexpr std::size_t kSize = std::size_t{64} << 20;
  static inline std::max_align_t* bytes = nullptr;
  static inline std::size_t used = 0;
  static inline std::size_t limit = kSize;  // lowered to make more() fail

  static void* more(std::size_t n) {
    if (n > limit - used) return nullptr;
    void* p = reinterpret_cast<char*>(bytes) + used;
    used += n;
    return p;
  }
};

using Heap = kpeer::web::SizeClassHeap<Arena>;

// A fresh arena for each test case (the heap's free lists start empty with each Heap).
struct FreshArena {
  std::vector<std::max_align_t> storage = std::vector<std::max_align_t>(Arena::kSize / sizeof(std::max_align_t));
  FreshArena() {
    Arena::bytes = storage.data();
    Arena::used = 0;
    Arena::limit = Arena::kSize;
  }
};

struct Live {
  unsigned char* p;
  std::size_t size;
  unsigned char fill;
};

bool aligned(const void* p) { return reinterpret_cast<std::uintptr_t>(p) % alignof(std::max_align_t) == 0; }

bool intact(const Live& b) {
  for (std::size_t i = 0; i < b.size; ++i)
    if (b.p[i] != b.fill) return false;
  return true;
}

}  // namespace

TEST_CASE("SizeClassHeap: live blocks are aligned and never overlap, across frees and reuse") {
  FreshArena arena;
  Heap heap;
  std::mt19937 rng(7);
  std::vector<Live> live;
  unsigned char fill = 0;
  for (int step = 0; step < 20000; ++step) {
    if (!live.empty() && rng() % 3 == 0) {
      const std::size_t i = rng() % live.size();
      REQUIRE(intact(live[i]));
      heap.release(live[i].p);
      live[i] = live.back();
      live.pop_back();
      continue;
    }
    // Mostly small (the wasm heap's strings and nodes), sometimes large.
    const std::size_t size = rng() % 50 == 0 ? rng() % 300000 : rng() % 200;
    auto* p = static_cast<unsigned char*>(heap.allocate(size));
    REQUIRE(p != nullptr);
    REQUIRE(aligned(p));
    ++fill;
    std::memset(p, fill, size);
    live.push_back({p, size, fill});
  }
  // Every block still holds its own bytes: no two live blocks shared memory.
  for (const Live& b : live) REQUIRE(intact(b));
  for (const Live& b : live) heap.release(b.p);
}

TEST_CASE("SizeClassHeap: a repeated workload reuses its blocks instead of growing") {
  FreshArena arena;
  Heap heap;
  auto round = [&heap] {
    std::vector<void*> blocks;
    for (std::size_t size : {0, 1, 8, 24, 40, 100, 1000, 5000, 70000, 40, 40, 24})
      blocks.push_back(heap.allocate(size));
    for (void* p : blocks) REQUIRE(p != nullptr);
    for (void* p : blocks) heap.release(p);
  };
  round();
  const std::size_t afterFirst = Arena::used;
  for (int i = 0; i < 1000; ++i) round();
  CHECK(Arena::used == afterFirst);
}

TEST_CASE("SizeClassHeap: a freed block comes back for a request of its class") {
  FreshArena arena;
  Heap heap;
  void* a = heap.allocate(20);
  void* b = heap.allocate(20);
  CHECK(a != b);
  heap.release(a);
  CHECK(heap.allocate(17) == a);  // the same class: reused
  CHECK(heap.allocate(20) != b);  // b is still live
  heap.release(nullptr);          // free(nullptr) does nothing
}

TEST_CASE("SizeClassHeap: nullptr when the request is too large or memory runs out; usable after") {
  FreshArena arena;
  Heap heap;
  CHECK(heap.allocate(Heap::kMaxBlock) == nullptr);
  CHECK(heap.allocate(static_cast<std::size_t>(-1)) == nullptr);
  CHECK(heap.allocate(static_cast<std::size_t>(-1) - Heap::kAlignment + 1) == nullptr);
  void* small = heap.allocate(10);
  REQUIRE(small != nullptr);
  Arena::limit = Arena::used + 1000;
  CHECK(heap.allocate(5000) == nullptr);
  heap.release(small);
  CHECK(heap.allocate(10) == small);  // a failed request leaves the heap as it was
  void* fits = heap.allocate(200);
  CHECK(fits != nullptr);
}
