#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks for building and testing kpeer, and nothing else:
# Debian's emscripten, nlohmann-json3-dev, doctest-dev, chromium, firefox-esr (and clang for
# fuzzing), then npm ci.
set -euo pipefail
cd "$(dirname "$0")/.."

need_pkgs=()
command -v em++ >/dev/null 2>&1 || need_pkgs+=(emscripten)
[ -f /usr/include/nlohmann/json.hpp ] || need_pkgs+=(nlohmann-json3-dev)
[ -f /usr/include/doctest/doctest.h ] || need_pkgs+=(doctest-dev)
command -v chromium >/dev/null 2>&1 || need_pkgs+=(chromium)
command -v firefox-esr >/dev/null 2>&1 || need_pkgs+=(firefox-esr)
command -v clang++ >/dev/null 2>&1 || need_pkgs+=(clang)
command -v cmake >/dev/null 2>&1 || need_pkgs+=(cmake)
command -v ninja >/dev/null 2>&1 || need_pkgs+=(ninja-build)
dpkg -s libclang-rt-14-dev >/dev/null 2>&1 || need_pkgs+=(libclang-rt-14-dev)

if [ ${#need_pkgs[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing Debian packages: ${need_pkgs[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${need_pkgs[@]}" >/dev/null
  else
    echo "setup: missing Debian packages. Run as root:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${need_pkgs[*]}" >&2
    exit 1
  fi
fi

want=$(head -n1 emsdk-version.txt)
# No pipe into head: em++ (Python) dies with BrokenPipeError when head exits before it is done
# writing, and pipefail turned that into a failed setup now and then.
version_text=$(em++ --version)
have=$(sed -nE '1s/.* ([0-9]+\.[0-9]+\.[0-9]+).*/\1/p' <<<"$version_text")
if [ "$have" != "$want" ]; then
  echo "setup: Emscripten $have found, kpeer pins $want (emsdk-version.txt)." >&2
  echo "  Install Debian 12's package: apt-get install emscripten (3.1.6)" >&2
  exit 1
fi

# npm ci only when node_modules is missing or older than the lock file.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
