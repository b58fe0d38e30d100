#!/usr/bin/env bash
# Nightly append at scale (issue 13): the real dunnhumby file replicated COPIES times (as in
# score_bench.sh), split by day: a base (days <= 659) and one file per later day. Times, on 2
# ranks: ingest of the base; NIGHTS appends (days 660.., ~420 k rows each at x400); score
# (2 ranks x 1 thread, as of the last night) on the base + NIGHTS segments; compact; score on
# the compacted store; and ingest of the same rows from one file — and checks that the coupons
# of the segmented and the compacted store, and the compacted and the one-shot stores' rows,
# are identical. Needs ~45 GB of disk in BENCH_DIR (default out/bench-append).
#   bench/append_bench.sh [COPIES] [NIGHTS]   (default 400 30)
source "$(dirname "$0")/common.sh"
COPIES=${1:-400}
NIGHTS=${2:-30}
DIR=${BENCH_DIR:-$ROOT/out/bench-append}
LAST_BASE_DAY=659
AS_OF=$((LAST_BASE_DAY + NIGHTS))
mkdir -p "$DIR/nights"
if [[ ! -s $DIR/base.csv ]]; then
  real=${SHARED_DATA:-$ROOT/../shared/data}/dunnhumby/transaction_data.csv
  g++ -O2 -o "$DIR/replicate" "$ROOT/bench/replicate_dunnhumby.cpp"
  timed "replicate x$COPIES, split at day $LAST_BASE_DAY" \
    sh -c '"$0" "$1" "$2" "$3" "$4" >"$5.tmp" && mv "$5.tmp" "$5"' "$DIR/replicate" "$real" "$COPIES" \
    "$LAST_BASE_DAY" "$DIR/nights" "$DIR/base.csv"
fi
nights=()
for ((d = LAST_BASE_DAY + 1; d <= AS_OF; ++d)); do nights+=("$DIR/nights/night-$(printf %05d "$d").csv"); done
echo "base.csv: $(($(wc -l <"$DIR/base.csv") - 1)) rows; $NIGHTS nights of" \
  "$(for f in "${nights[@]}"; do echo $(($(wc -l <"$f") - 1)); done | sort -n | sed -n '1p;$p' | paste -sd- ) rows"

# score_run STORE OUT LABEL: score, 2 ranks x 1 thread, with per-rank peak memory.
score_run() {
  local start end peak=0 kb
  start=$(date +%s.%N)
  mpirun -np 2 --bind-to none sh -c '/usr/bin/time -f "%M" -o "$0.rank$OMPI_COMM_WORLD_RANK" "$@"' "$DIR/rss" \
    "$BIN" score --store "$1" --as-of "$AS_OF" --out "$2" --threads 1 --overwrite 2>"$2.log"
  end=$(date +%s.%N)
  for f in "$DIR"/rss.rank*; do kb=$(cat "$f"); ((kb > peak)) && peak=$kb; done
  rm -f "$DIR"/rss.rank*
  printf '%-34s %8.1f s   peak RSS per rank %5d MiB\n' "$3" "$(echo "$end - $start" | bc -l)" "$((peak / 1024))"
  grep -E "score/load done in" "$2.log" | sed 's/^\[[^]]*\] \[rank 0\] \[info\] /    /'
}

if [[ ${BENCH_REUSE_STORE:-0} == 1 && -d $DIR/store.h5.segments ]]; then
  echo "reusing $DIR/store.h5 and its segments (BENCH_REUSE_STORE=1)"
else
  rm -rf "$DIR/store.h5" "$DIR/store.h5.segments" "$DIR/store.h5.lock" "$DIR"/store.h5.v*.rejects.csv
  timed "ingest base (mpirun -np 2)" mpirun -np 2 "$BIN" ingest --transactions "$DIR/base.csv" --out "$DIR/store.h5" -q
  : >"$DIR/append-times.txt"
  for f in "${nights[@]}"; do
    start=$(date +%s.%N)
    mpirun -np 2 "$BIN" append --store "$DIR/store.h5" --transactions "$f" -q
    echo "$(echo "$(date +%s.%N) - $start" | bc -l) $(basename "$f")" >>"$DIR/append-times.txt"
  done
fi
sort -n "$DIR/append-times.txt" | awk '{ t[NR] = $1; s += $1 } END {
  printf "append, one night (mpirun -np 2)   min %.2f s  median %.2f s  max %.2f s  mean %.2f s over %d nights\n",
    t[1], t[int((NR + 1) / 2)], t[NR], s / NR, NR }'
"$BIN" -q inspect "$DIR/store.h5" --json | python3 -c 'import json, sys; j = json.load(sys.stdin)
print("store: version %d, %d rows, %d households" % (j["store_version"], j["rows"], j["households"]))'
du -sh "$DIR/store.h5" "$DIR/store.h5.segments" | paste -sd' '

score_run "$DIR/store.h5" "$DIR/coupons-segmented.h5" "score, base + $NIGHTS segments"
timed "compact (mpirun -np 2)" mpirun -np 2 "$BIN" compact --store "$DIR/store.h5" -q
score_run "$DIR/store.h5" "$DIR/coupons-compacted.h5" "score, compacted"
/usr/bin/python3 "$ROOT/tests/tools/same_datasets.py" "$DIR/coupons-segmented.h5" "$DIR/coupons-compacted.h5" /coupons &&
  echo "coupons identical: segmented and compacted store"

if [[ ${BENCH_SKIP_ONESHOT:-0} != 1 ]]; then
  { cat "$DIR/base.csv"; for f in "${nights[@]}"; do tail -n +2 "$f"; done; } >"$DIR/all.csv"
  timed "ingest of the same rows (-np 2)" mpirun -np 2 "$BIN" ingest --transactions "$DIR/all.csv" \
    --out "$DIR/oneshot.h5" --overwrite -q
  rm -f "$DIR/all.csv"
  for d in household day basket product quantity spend; do
    /usr/bin/python3 "$ROOT/tests/tools/same_datasets.py" "$DIR/oneshot.h5" "$DIR/store.h5" "/transactions/$d" ||
      { echo "compacted and one-shot stores differ in /transactions/$d"; exit 1; }
  done
  echo "rows identical: compacted and one-shot store"
fi
