#!/usr/bin/env bash
# Two builds back to back on the same data: the speed change and the proof that it changed no
# output. Alternates OLD and NEW (this VM's speed drifts by ±15 % within minutes, so only
# neighbouring runs compare): score 2 ranks x 1 thread twice each, 1 rank x 2 threads once
# each, ingest on 2 ranks once each; then compares the coupons and the stores.
#   bench/compare_builds.sh OLD_BINARY NEW_BINARY STORE CSV [AS_OF]
# e.g. git worktree add /tmp/old b22320a && cmake -S /tmp/old -B /tmp/old/build -DCMAKE_BUILD_TYPE=Release
#      && cmake --build /tmp/old/build --target basketgap
#      bench/compare_builds.sh /tmp/old/build/bin/basketgap build/release/bin/basketgap \
#        out/bench-scale/x400.h5 out/bench-scale/x400.csv
source "$(dirname "$0")/common.sh"
[[ $# -ge 4 ]] || { sed -n 2,11p "$0" >&2; exit 64; }
OLD=$(realpath "$1") NEW=$(realpath "$2") STORE=$3 CSV=$4 AS_OF=${5:-635}
DIR=${BENCH_DIR:-$ROOT/out/compare}
mkdir -p "$DIR"

# run LABEL RANKS CMD...: wall seconds, peak RSS per rank and rank 0's stage times.
run() {
  local label=$1 ranks=$2 start end kb peak=0; shift 2
  start=$(date +%s.%N)
  mpirun -np "$ranks" --bind-to none sh -c '/usr/bin/time -f %M -o "$0.rank$OMPI_COMM_WORLD_RANK" "$@"' \
    "$DIR/rss" "$@" 2>"$DIR/$label.log"
  end=$(date +%s.%N)
  for f in "$DIR"/rss.rank*; do kb=$(cat "$f"); ((kb > peak)) && peak=$kb; done
  rm -f "$DIR"/rss.rank*
  printf '%-14s %6.1f s  peak %5d MiB per rank  %s\n' "$label" "$(echo "$end - $start" | bc -l)" $((peak / 1024)) \
    "$(grep -E ' done in ' "$DIR/$label.log" | sed -E 's/.*\] ([a-z]+\/[a-z]+) done in ([0-9:]+).*/\1 \2/' | tr '\n' ' ')"
}
score() { run "$1" "$2" "$3" score --store "$STORE" --as-of "$AS_OF" --out "$DIR/$1.h5" --threads "$4" --overwrite; }
ingest() { run "$1" 2 "$2" ingest --transactions "$CSV" --out "$DIR/$1.h5" --overwrite; }

for round in 1 2; do
  score "old-2x1-$round" 2 "$OLD" 1
  score "new-2x1-$round" 2 "$NEW" 1
done
score old-1x2 1 "$OLD" 2
score new-1x2 1 "$NEW" 2
ingest old-ingest "$OLD"
ingest new-ingest "$NEW"
for pair in "old-2x1-1 new-2x1-1" "old-1x2 new-1x2" "new-2x1-1 new-1x2"; do
  set -- $pair
  /usr/bin/python3 "$ROOT/tests/tools/same_datasets.py" "$DIR/$1.h5" "$DIR/$2.h5" /coupons && echo "coupons identical: $1 $2"
done
# The batch's UTC time differs by construction (same_h5.py skips it, and checks the shapes that
# h5diff calls "not comparable" and passes).
"$ROOT/tests/tools/same_h5.py" "$DIR/old-ingest.h5" "$DIR/new-ingest.h5" &&
  echo "stores identical (but /batches/utc_time)"
