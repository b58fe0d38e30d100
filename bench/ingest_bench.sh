#!/usr/bin/env bash
# End-to-end benchmark of generate and ingest at 1M households (issue: foundation).
# Prints rows/s, MB/s and peak memory per rank, and rank 0's per-stage times. Needs ~25 GB of
# disk for the data and ~3 GB per store.
#   bench/ingest_bench.sh [HOUSEHOLDS]      (default 1,000,000)
# Environment:
#   BENCH_DIR=DIR    data in DIR/data (default out/bench-ingest)
#   BENCH_REUSE=1    keep DIR/data/transactions.csv when it exists instead of regenerating
#   BENCH_OUT=DIR    stores and logs (default BENCH_DIR), e.g. to read another checkout's data
#   BENCH_RANKS="1 2"  the rank counts to time
source "$(dirname "$0")/common.sh"
HOUSEHOLDS=${1:-1000000}
DIR=${BENCH_DIR:-$ROOT/out/bench-ingest}
OUT=${BENCH_OUT:-$DIR}
RANKS=${BENCH_RANKS:-1 2}
mkdir -p "$DIR" "$OUT"
command -v /usr/bin/time >/dev/null || { echo "install the 'time' package" >&2; exit 1; }

if [[ ${BENCH_REUSE:-0} == 1 && -s $DIR/data/transactions.csv ]]; then
  echo "reusing $DIR/data (BENCH_REUSE=1)"
else
  timed "generate $HOUSEHOLDS households" "$BIN" generate --households "$HOUSEHOLDS" --seed 1 --out "$DIR/data" --overwrite -q
fi
rows=$(($(wc -l <"$DIR/data/transactions.csv") - 1))
bytes=$(stat -c %s "$DIR/data/transactions.csv")
echo "transactions.csv: $rows rows, $((bytes / 1000000)) MB"

for ranks in $RANKS; do
  rm -rf "$OUT/log-$ranks"
  start=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$OUT/rss" mpirun -np "$ranks" --output-filename "$OUT/log-$ranks" \
    sh -c '/usr/bin/time -f "%M" -o "$0.rank$OMPI_COMM_WORLD_RANK" "$@"' "$OUT/rss" \
    "$BIN" ingest --transactions "$DIR/data/transactions.csv" --products "$DIR/data/products.csv" \
    --households "$DIR/data/households.csv" --out "$OUT/store-$ranks.h5" --overwrite
  end=$(date +%s.%N)
  secs=$(echo "$end - $start" | bc -l)
  peak=0
  for f in "$OUT"/rss.rank*; do kb=$(cat "$f"); ((kb > peak)) && peak=$kb; done
  rm -f "$OUT"/rss.rank*
  printf 'ingest -np %d: %6.1f s  %6.2f M rows/s  %6.1f MB/s (%6.1f MB/s per rank)  peak RSS per rank %d MiB\n' \
    "$ranks" "$secs" "$(echo "$rows / $secs / 1000000" | bc -l)" "$(echo "$bytes / $secs / 1000000" | bc -l)" \
    "$(echo "$bytes / $secs / 1000000 / $ranks" | bc -l)" "$((peak / 1024))"
  # Rank 0's stage lines: where the time goes.
  grep -hE 'done in|: wrote' "$OUT/log-$ranks"/1/rank.0/stderr | sed 's/^/  /' || true
done
"$BIN" inspect "$OUT/store-${RANKS%% *}.h5" --json | head -9
