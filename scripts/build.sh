#!/usr/bin/env bash
# Builds dist/kpeer.js (ES module: the Emscripten glue + js/, bundled by esbuild), dist/kpeer.wasm
# and dist/kpeer.d.ts. Incremental: ninja rebuilds only what changed.
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs                       # Emscripten's optimizer needs acorn from here
export EM_CLOSURE_COMPILER="$PWD/node_modules/.bin/google-closure-compiler"

if [ ! -f build/wasm/build.ninja ]; then
  emcmake cmake -S . -B build/wasm -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
# Quiet when it works; the compiler's own messages when it does not.
if ! ninja -C build/wasm >build/wasm/ninja.log 2>&1; then
  grep -v '^\[' build/wasm/ninja.log | tail -n 60 >&2
  echo "build: the wasm build failed (full log: build/wasm/ninja.log)" >&2
  exit 1
fi
# Compile warnings are errors (CMakeLists.txt); what the linker and optimizers warn about is shown.
grep -i 'warning' build/wasm/ninja.log >&2 || true

mkdir -p dist
version="$(node -p 'require("./package.json").version')"
# The same JS twice: for browsers and bundlers (dist/kpeer.js) and for Node (dist/kpeer.node.js,
# the package's "node" export), which differ only in how they find kpeer.wasm.
# js/'s internal members start with '_' and get short names (-0.2 KB gz). Kept: the wasm exports'
# minified names ('_' is one) and the three that tests/e2e reach into (_wp, _byId, _pending).
for platform in browser node; do
  out=dist/kpeer.js; [ "$platform" = node ] && out=dist/kpeer.node.js
  node_modules/.bin/esbuild js/kpeer.js --bundle --format=esm --platform="$platform" --target=es2022 --minify \
    '--mangle-props=^_' '--reserve-props=^_(.?|wp|byId|pending)$' \
    --alias:kpeer-wasm=./build/wasm/kpeer.mjs --alias:kpeer-wasm-options="./js/wasm-options.$platform.js" \
    --define:__KPEER_VERSION__="\"$version\"" --outfile="$out" --log-level=warning
  # terser after esbuild: its names, given by how often each is used, and a second compress pass
  # gzip better (-0.2 KB gz). Only local names change; properties and exports keep theirs.
  node_modules/.bin/terser "$out" --module --compress passes=2 --mangle --output "$out"
done
cp build/wasm/kpeer.wasm dist/kpeer.wasm
cp js/kpeer.d.ts dist/kpeer.d.ts
echo "build: dist/kpeer.js $(stat -c %s dist/kpeer.js) B, dist/kpeer.wasm $(stat -c %s dist/kpeer.wasm) B, dist/kpeer.node.js $(stat -c %s dist/kpeer.node.js) B"
