#!/usr/bin/env bash
# Native checks of the sans-I/O core (src/core), in stages:
#   doctest      the doctest suite (build/native)
#   asan         the same suite under AddressSanitizer + UndefinedBehaviorSanitizer (build/native-asan;
#                built with clang when installed: its -fsanitize=undefined also checks float→int casts)
#   fuzz-build   the libFuzzer targets tests/fuzz/*.cpp with ASan+UBSan (build/fuzz; needs clang)
#   fuzz:<name>  each target for FUZZ_SECONDS (default 60), seeded from tests/fuzz/corpus/<name>/
# Each stage prints one line; a failing one also prints the end of its log (build/native-tests/).
# The last line is exactly "native: N passed, N failed" (stages); the exit status is non-zero if any failed.
set -uo pipefail
cd "$(dirname "$0")/.."

FUZZ_SECONDS="${FUZZ_SECONDS:-60}"
LOGS=build/native-tests
mkdir -p "$LOGS"
passed=0
failed=0

# stage NAME COMMAND...: runs COMMAND with its output in $LOGS/NAME.log and reports it.
stage() {
  local name=$1 start=$EPOCHREALTIME
  shift
  if "$@" >"$LOGS/${name//:/-}.log" 2>&1; then
    passed=$((passed + 1))
    printf '[pass] %-24s %6s s\n' "$name" "$(elapsed "$start")"
    return 0
  fi
  failed=$((failed + 1))
  printf '[FAIL] %-24s %6s s  (%s)\n' "$name" "$(elapsed "$start")" "$LOGS/${name//:/-}.log"
  tail -n 40 "$LOGS/${name//:/-}.log" | sed 's/^/    /'
  return 1
}
elapsed() {  # seconds since an $EPOCHREALTIME value, with one decimal
  local us=$((${EPOCHREALTIME/./} - ${1/./}))
  printf '%d.%d' $((us / 1000000)) $((us % 1000000 / 100000))
}

suite() {  # suite BUILD_DIR [cmake args...]
  local dir=$1
  shift
  cmake -S . -B "$dir" -G Ninja "$@" && ninja -C "$dir" && "$dir/kpeer_native_tests"
}

doctest_summary() {  # the suite's own counts, under the stage line
  grep -E '^\[doctest\] (test cases|assertions)' "$LOGS/$1.log" | sed 's/^\[doctest\]/      /'
}

stage doctest suite build/native -DCMAKE_BUILD_TYPE=Debug && doctest_summary doctest

if command -v clang++ >/dev/null; then san_compiler=(-DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++); else san_compiler=(); fi
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}" UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"
stage asan suite build/native-asan -DCMAKE_BUILD_TYPE=Debug -DKPEER_SANITIZE=ON "${san_compiler[@]}" && doctest_summary asan

if ! command -v clang++ >/dev/null; then
  echo "[skip] fuzz: clang++ not found (libFuzzer needs clang)"
else
  targets=()
  for src in tests/fuzz/*.cpp; do targets+=("$(basename "$src" .cpp)"); done
  if stage fuzz-build bash -c 'cmake -S . -B build/fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DKPEER_FUZZ=ON -DKPEER_SANITIZE=ON && ninja -C build/fuzz "$@"' \
        _ "${targets[@]}"; then
    for t in "${targets[@]}"; do
      # A scratch corpus first (libFuzzer adds new inputs there), the committed seeds second.
      # nice: a fuzzer fills a core for FUZZ_SECONDS; keep a concurrent build or benchmark responsive.
      mkdir -p "build/fuzz/corpus/$t" build/fuzz/artifacts
      stage "fuzz:$t" nice -n 10 "build/fuzz/$t" -max_total_time="$FUZZ_SECONDS" -timeout=10 -print_final_stats=1 \
        -artifact_prefix="build/fuzz/artifacts/$t-" "build/fuzz/corpus/$t" "tests/fuzz/corpus/$t"
      log="$LOGS/fuzz-$t.log"
      printf '       %s execs (%s/s), corpus %s inputs\n' \
        "$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")" \
        "$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")" \
        "$(find "build/fuzz/corpus/$t" "tests/fuzz/corpus/$t" -type f | wc -l)"
    done
  fi
fi

echo "native: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
