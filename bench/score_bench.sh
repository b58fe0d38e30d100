#!/usr/bin/env bash
# Speed and memory of `score` on ~1M households (issue: distributed scoring).
# Builds the data set by replicating the real dunnhumby file 400 times (each copy gets new
# household and basket ids; every line is dropped independently with probability 0.1, fixed
# seed), ingests it, then times `score` with 1 rank x 2 threads and 2 ranks x 1 thread and
# prints the per-stage breakdown from the logs. Needs ~30 GB of disk in BENCH_DIR.
#   bench/score_bench.sh [COPIES]   (default 400)
source "$(dirname "$0")/common.sh"
COPIES=${1:-400}
DIR=${BENCH_DIR:-$ROOT/out/bench-score}
[[ -s $DIR/store.h5 ]] || replicated_csv "$DIR" "$COPIES"
if [[ ! -s $DIR/store.h5 ]]; then
  timed "ingest (mpirun -np 2)" mpirun -np 2 "$BIN" ingest --transactions "$DIR/replicated.csv" \
    --out "$DIR/store.h5" --overwrite -q
fi
# A store kept from an older build may lack the one-byte basket starts (docs/FORMATS.md): score
# then reads the 8-byte basket ids, and its load is about half as long again.
h5ls "$DIR/store.h5/transactions/basket_start" >/dev/null 2>&1 ||
  echo "note: $DIR/store.h5 has no /transactions/basket_start (an older ingest): remove it to time today's load"
"$BIN" inspect "$DIR/store.h5" --json | head -9

# run RANKS THREADS: score with per-rank peak memory; prints the stage lines of rank 0's log.
run() {
  local ranks=$1 threads=$2
  local map=(--bind-to none)
  local start end
  start=$(date +%s.%N)
  mpirun -np "$ranks" "${map[@]}" sh -c '/usr/bin/time -f "%M" -o "$0.rank$OMPI_COMM_WORLD_RANK" "$@"' "$DIR/rss" \
    "$BIN" score --store "$DIR/store.h5" --as-of 635 --out "$DIR/coupons-$ranks.h5" --threads "$threads" \
    --overwrite 2>"$DIR/score-$ranks.log"
  end=$(date +%s.%N)
  local peak=0 kb
  for f in "$DIR"/rss.rank*; do kb=$(cat "$f"); ((kb > peak)) && peak=$kb; done
  rm -f "$DIR"/rss.rank*
  printf '\nscore %d rank(s) x %d thread(s): %.1f s wall, peak RSS per rank %d MiB\n' "$ranks" "$threads" \
    "$(echo "$end - $start" | bc -l)" "$((peak / 1024))"
  grep -E "done in|score: wrote" "$DIR/score-$ranks.log" | sed 's/^\[[^]]*\] \[rank 0\] \[info\] /  /'
}
run 1 2
run 2 1
/usr/bin/python3 "$ROOT/tests/tools/same_datasets.py" "$DIR/coupons-1.h5" "$DIR/coupons-2.h5" /coupons && echo "coupons identical for 1 and 2 ranks"
