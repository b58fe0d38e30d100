#!/usr/bin/env bash
# End-to-end benchmark of generate and ingest at 1M households (issue: foundation).
# Prints rows/s, MB/s and peak memory. Needs ~25 GB of disk in BENCH_DIR.
#   bench/ingest_bench.sh [HOUSEHOLDS]      (default 1,000,000)
source "$(dirname "$0")/common.sh"
HOUSEHOLDS=${1:-1000000}
DIR=${BENCH_DIR:-$ROOT/out/bench-ingest}
mkdir -p "$DIR"
command -v /usr/bin/time >/dev/null || { echo "install the 'time' package" >&2; exit 1; }

timed "generate $HOUSEHOLDS households" "$BIN" generate --households "$HOUSEHOLDS" --seed 1 --out "$DIR/data" --overwrite -q
rows=$(($(wc -l <"$DIR/data/transactions.csv") - 1))
bytes=$(stat -c %s "$DIR/data/transactions.csv")
echo "transactions.csv: $rows rows, $((bytes / 1000000)) MB"

for ranks in 1 2; do
  start=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$DIR/rss" mpirun -np "$ranks" --output-filename "$DIR/log-$ranks" \
    sh -c '/usr/bin/time -f "%M" -o "$0.rank$OMPI_COMM_WORLD_RANK" "$@"' "$DIR/rss" \
    "$BIN" ingest --transactions "$DIR/data/transactions.csv" --products "$DIR/data/products.csv" \
    --households "$DIR/data/households.csv" --out "$DIR/store-$ranks.h5" --overwrite -q
  end=$(date +%s.%N)
  secs=$(echo "$end - $start" | bc -l)
  peak=0
  for f in "$DIR"/rss.rank*; do kb=$(cat "$f"); ((kb > peak)) && peak=$kb; done
  rm -f "$DIR"/rss.rank*
  printf 'ingest -np %d: %6.1f s  %6.2f M rows/s  %6.1f MB/s (%6.1f MB/s per rank)  peak RSS per rank %d MiB\n' \
    "$ranks" "$secs" "$(echo "$rows / $secs / 1000000" | bc -l)" "$(echo "$bytes / $secs / 1000000" | bc -l)" \
    "$(echo "$bytes / $secs / 1000000 / $ranks" | bc -l)" "$((peak / 1024))"
done
"$BIN" inspect "$DIR/store-1.h5" --json | head -9
