#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (build-fuzz/) and runs each for a bounded time.
#   tests/fuzz/run.sh [SECONDS_PER_TARGET]     default 60
# Corpora grow in build-fuzz/corpus/<target>/; crashes land in build-fuzz/crashes/ and make
# the script fail. Needs clang + libclang-rt-14-dev (cmake/setup-debian.sh --fuzz).
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60}
build=build-fuzz
CC=clang CXX=clang++ cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBASKETGAP_FUZZ=ON \
  -DBASKETGAP_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j"$(nproc)" --target fuzz_csv fuzz_store

# Seeds: real lines of the default data, the bad-input corpus, and a small real store.
mkdir -p "$build/corpus/fuzz_csv" "$build/corpus/fuzz_store" "$build/crashes"
head -50 data/default/transactions.csv >"$build/corpus/fuzz_csv/default.csv"
find tests/data/bad -maxdepth 1 -name '*.csv' -exec cp {} "$build/corpus/fuzz_csv/" \;
if [[ ! -e "$build/corpus/fuzz_store/seed.h5" ]]; then
  # Written by this tree's own ingest (the gcc release build: clang 14 cannot compile all of
  # jobs/, e.g. lambdas capturing structured bindings), so the seed has the current layout.
  bin=${BASKETGAP:-build/release/bin/basketgap}
  if [[ -z "${BASKETGAP:-}" ]]; then
    cmake --preset release >/dev/null && cmake --build --preset release --target basketgap
  fi
  head -400 data/default/transactions.csv >"$build/seed.csv"
  OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 "$bin" -q ingest \
    --transactions "$build/seed.csv" --out "$build/corpus/fuzz_store/seed.h5" --overwrite
  rm -f "$build/corpus/fuzz_store/seed.h5.rejects.csv"
fi

export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
status=0
for target in fuzz_csv fuzz_store; do
  echo "== $target for ${seconds}s"
  "$build/fuzz/$target" "$build/corpus/$target" -max_total_time="$seconds" -rss_limit_mb=2048 \
    -malloc_limit_mb=1024 -timeout=10 -artifact_prefix="$build/crashes/$target-" -print_final_stats=1 \
    2>&1 | tail -25 || status=1
done
ls "$build/crashes"
exit $status
