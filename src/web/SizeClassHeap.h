// The wasm module's heap (behind malloc/free, src/web/Malloc.cpp): power-of-two size classes, one
// free list per class, new blocks carved off the end of memory. The heap holds only small objects
// (SDP text, labels, the nodes of maps and vectors of ids; message bytes stay in JS), so a few
// lines beat a general allocator's code (emmalloc: ~2 KB of wasm). Blocks never split or merge:
// a freed block waits for the next request of its class, so a workload that repeats (a peer
// created and disposed again and again) reuses its blocks and the heap stops growing.
// No Emscripten here: Memory supplies the bytes (sbrk in the module, an arena in the tests).
#pragma once
#include <cstddef>

namespace kpeer::web {

// Memory::more(bytes): `bytes` fresh bytes aligned to kAlignment, or nullptr when there are none.
template <class Memory>
class SizeClassHeap {
 public:
  // malloc's alignment; also the size of a block's header (its class), so the payload is aligned too.
  static constexpr std::size_t kAlignment = alignof(std::max_align_t);
  static constexpr std::size_t kMinBlock = 2 * kAlignment;  // header + room for the free-list link
  static constexpr int kClasses = 27;                       // blocks of kMinBlock << 0 .. 26
  static constexpr std::size_t kMaxBlock = kMinBlock << (kClasses - 1);

  // `size` bytes aligned to kAlignment, or nullptr when the block would exceed kMaxBlock or
  // Memory has no more.
  void* allocate(std::size_t size) {
    if (size > kMaxBlock - kAlignment) return nullptr;
    const int c = classOf(size + kAlignment);
    Free* block = free_[c];
    if (block) {
      free_[c] = block->next;
      return block;
    }
    auto* header = static_cast<std::size_t*>(Memory::more(kMinBlock << c));
    if (!header) return nullptr;
    *header = static_cast<std::size_t>(c);
    return reinterpret_cast<char*>(header) + kAlignment;
  }

  // Takes back a block allocate() returned (nullptr: nothing to do).
  void release(void* payload) {
    if (!payload) return;
    const std::size_t c = *reinterpret_cast<std::size_t*>(static_cast<char*>(payload) - kAlignment);
    auto* block = static_cast<Free*>(payload);
    block->next = free_[c];
    free_[c] = block;
  }

 private:
  struct Free {
    Free* next;
  };
  // The smallest class whose blocks hold `block` bytes (1 ≤ block ≤ kMaxBlock).
  static int classOf(std::size_t block) {
    int c = 0;
    while ((kMinBlock << c) < block) ++c;
    return c;
  }

  Free* free_[kClasses] = {};
};

}  // namespace kpeer::web
