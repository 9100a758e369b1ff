// JS library overrides for the glue (emcc --js-library).
mergeInto(LibraryManager.library, {
  // Memory growth, smaller than Emscripten's: to a quarter more than now (fewer, larger steps),
  // else to just the size asked for; at most 2 GiB. 1 when the heap grew, else 0/false.
  emscripten_resize_heap__deps: [],
  emscripten_resize_heap: function(size) {
    var grow = function(bytes) {
      try {
        wasmMemory.grow((bytes - HEAPU8.length + 65535) >>> 16);
        updateGlobalBufferAndViews(wasmMemory.buffer);
        return 1;
      } catch (e) {
        return 0;
      }
    };
    size >>>= 0;
    return size <= 2147483648 && (grow(Math.min(2147483648, Math.max(size, HEAPU8.length * 1.25))) || grow(size));
  },
});
