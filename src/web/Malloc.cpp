// malloc, free and the C++ allocation operators of the wasm module, over SizeClassHeap (linked
// with -sMALLOC=none, CMakeLists.txt, which also leaves out sbrk). New blocks are carved off the
// end of the heap; the wasm memory grows through emscripten_resize_heap (src/web/kpeer.library.js)
// so the JS views of it follow.
#include <emscripten/heap.h>

#include <cstdint>
#include <cstdlib>
#include <new>

#include "SizeClassHeap.h"

namespace kpeer::web {
namespace {

extern "C" char __heap_base;  // wasm-ld: the first byte after the static data and the stack

struct WasmMemory {
  // The end starts aligned (wasm-ld puts __heap_base on a 16-byte boundary) and every request is
  // a multiple of kAlignment, so every block is aligned.
  // No wrap-around check: the end stays within 2 GiB (emscripten_resize_heap grows no further)
  // and a block is at most 1 GiB, so end + bytes fits in 32 bits.
  static void* more(std::size_t bytes) {
    static std::uintptr_t end = reinterpret_cast<std::uintptr_t>(&__heap_base);
    const std::uintptr_t newEnd = end + bytes;
    if (newEnd > __builtin_wasm_memory_size(0) << 16 && !emscripten_resize_heap(newEnd)) return nullptr;
    void* block = reinterpret_cast<void*>(end);
    end = newEnd;
    return block;
  }
};

SizeClassHeap<WasmMemory> gHeap;
static_assert(SizeClassHeap<WasmMemory>::kMaxBlock <= (std::size_t{1} << 30), "see WasmMemory::more");

}  // namespace
}  // namespace kpeer::web

extern "C" void* malloc(std::size_t size) { return kpeer::web::gHeap.allocate(size); }
extern "C" void free(void* p) { kpeer::web::gHeap.release(p); }

// No exceptions: out of memory aborts, as libc++abi's operator new does (without its new_handler loop).
void* operator new(std::size_t size) {
  void* p = malloc(size);
  if (!p) abort();
  return p;
}
void* operator new[](std::size_t size) { return operator new(size); }
void operator delete(void* p) noexcept { free(p); }
void operator delete[](void* p) noexcept { free(p); }
void operator delete(void* p, std::size_t) noexcept { free(p); }
void operator delete[](void* p, std::size_t) noexcept { free(p); }
