#!/usr/bin/env bash
# How the cost of ingest and score grows with the data (issue: speed). For each data set: ingest
# on 2 ranks, then score on 2 ranks x 1 thread and on 1 rank x 2 threads. Prints wall seconds,
# peak RSS per rank and rank 0's stage times; writes DIR/growth.tsv and, when gnuplot is
# installed, DIR/growth.png (rows -> seconds, rows -> peak memory).
#   bench/growth.sh [SET...]     default: x25 x100 x400 gen4m (rows are added to DIR/growth.tsv)
#   bench/growth.sh --plot       only draws DIR/growth.png from DIR/growth.tsv
# Sets: xN = the real dunnhumby file replicated N times (bench/replicate_dunnhumby.cpp: new ids
# per copy, each line dropped with probability 0.1); gen4m = `generate --households 4000000
# --days 180 --seed 1` (4 M households; 180 days keep it to ~25 GB of CSV).
# Needs ~60 GB of free disk in BENCH_DIR (default out/bench-scale); a quiet machine.
source "$(dirname "$0")/common.sh"
DIR=${BENCH_DIR:-$ROOT/out/bench-scale}
PLOT_ONLY=0
[[ ${1:-} == --plot ]] && PLOT_ONLY=1 && shift
SETS=("$@")
((${#SETS[@]})) || SETS=(x25 x100 x400 gen4m)
((PLOT_ONLY)) && SETS=()
mkdir -p "$DIR"
TSV=$DIR/growth.tsv
REAL=${SHARED_DATA:-$ROOT/../shared/data}/dunnhumby/transaction_data.csv

# prepare SET: sets CSV, AS_OF and EXTRA (ingest's reference files) for the set.
prepare() {
  local set=$1
  EXTRA=()
  case $set in
    x*)
      CSV=$DIR/$set.csv AS_OF=635
      if [[ ! -s $CSV ]]; then
        [[ -r $REAL ]] || { echo "needs $REAL" >&2; exit 1; }
        g++ -O2 -o "$DIR/replicate" "$ROOT/bench/replicate_dunnhumby.cpp"
        "$DIR/replicate" "$REAL" "${set#x}" >"$CSV.tmp" && mv "$CSV.tmp" "$CSV"
      fi
      ;;
    gen4m)
      CSV=$DIR/gen4m/data/transactions.csv AS_OF=166
      [[ -s $CSV ]] || "$BIN" generate --households 4000000 --days 180 --seed 1 --out "$DIR/gen4m/data" \
        --overwrite -q
      EXTRA=(--products "$DIR/gen4m/data/products.csv" --households "$DIR/gen4m/data/households.csv")
      ;;
    *) echo "unknown set $set" >&2; exit 64 ;;
  esac
}

# measure RANKS LOG CMD...: runs CMD under mpirun; sets SECS and PEAK_MIB (max over ranks).
measure() {
  local ranks=$1 log=$2; shift 2
  local start end kb
  start=$(date +%s.%N)
  mpirun -np "$ranks" --bind-to none sh -c '/usr/bin/time -f "%M" -o "$0.rank$OMPI_COMM_WORLD_RANK" "$@"' \
    "$DIR/rss" "$@" 2>"$log"
  end=$(date +%s.%N)
  SECS=$(printf '%.1f' "$(echo "$end - $start" | bc -l)")
  PEAK_MIB=0
  for f in "$DIR"/rss.rank*; do kb=$(cat "$f"); ((kb / 1024 > PEAK_MIB)) && PEAK_MIB=$((kb / 1024)); done
  rm -f "$DIR"/rss.rank*
}

# stages LOG NAMES...: "name=seconds" of rank 0's "<job>/<name> done in" lines.
stages() {
  local log=$1; shift
  local out=() name secs
  for name in "$@"; do
    secs=$(grep -m1 -E "/$name done in" "$log" | sed -E 's/.*done in ([0-9:]+).*/\1/' |
      awk -F: '{print $1 * 3600 + $2 * 60 + $3}')
    out+=("$name=${secs:-?}")
  done
  echo "${out[*]}"
}

[[ -s $TSV ]] || printf 'set\trows\thouseholds\tcsv_mb\tingest_s\tingest_mib\tscore_2x1_s\tscore_2x1_mib\tscore_1x2_s\tscore_1x2_mib\n' >"$TSV"
for set in ${SETS[@]+"${SETS[@]}"}; do
  prepare "$set"
  store=$DIR/$set.h5
  measure 2 "$DIR/$set-ingest.log" "$BIN" ingest --transactions "$CSV" "${EXTRA[@]}" --out "$store" --overwrite
  ingest_s=$SECS ingest_mib=$PEAK_MIB
  rows=$("$BIN" inspect "$store" --json | grep -m1 '"rows"' | tr -dc 0-9)
  households=$("$BIN" inspect "$store" --json | grep -m1 '"households"' | tr -dc 0-9)
  mb=$(($(stat -L -c %s "$CSV") / 1000000))
  echo "$set: $rows rows, $households households, $mb MB of CSV"
  echo "  ingest -np 2: $ingest_s s, peak $ingest_mib MiB per rank; $(stages "$DIR/$set-ingest.log" parse route sort write)"
  measure 2 "$DIR/$set-score-2x1.log" "$BIN" score --store "$store" --as-of "$AS_OF" --out "$DIR/$set-coupons-2x1.h5" \
    --threads 1 --overwrite
  s21=$SECS m21=$PEAK_MIB
  echo "  score 2 ranks x 1 thread: $s21 s, peak $m21 MiB per rank; $(stages "$DIR/$set-score-2x1.log" load fit select write)"
  measure 1 "$DIR/$set-score-1x2.log" "$BIN" score --store "$store" --as-of "$AS_OF" --out "$DIR/$set-coupons-1x2.h5" \
    --threads 2 --overwrite
  s12=$SECS m12=$PEAK_MIB
  echo "  score 1 rank x 2 threads: $s12 s, peak $m12 MiB; $(stages "$DIR/$set-score-1x2.log" load fit select write)"
  /usr/bin/python3 "$ROOT/tests/tools/same_datasets.py" "$DIR/$set-coupons-2x1.h5" "$DIR/$set-coupons-1x2.h5" /coupons &&
    echo "  coupons identical for 2x1 and 1x2"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$set" "$rows" "$households" "$mb" "$ingest_s" "$ingest_mib" \
    "$s21" "$m21" "$s12" "$m12" >>"$TSV"
done
column -t "$TSV"

if command -v gnuplot >/dev/null; then
  gnuplot <<EOF
set terminal pngcairo size 1000,420 font ",10"
set output "$DIR/growth.png"
set datafile separator "\t"
set key top left
set title "labels: data set (gen4m: 4 M households, 87 rows each)"
set multiplot layout 1,2
set xlabel "rows (millions)"
set ylabel "wall seconds"
plot "$TSV" skip 1 using (\$2/1e6):5 with linespoints title "ingest, 2 ranks", \
     "" skip 1 using (\$2/1e6):7 with linespoints title "score, 2 ranks x 1 thread", \
     "" skip 1 using (\$2/1e6):9 with linespoints title "score, 1 rank x 2 threads", \
     "" skip 1 using (\$2/1e6):9:1 with labels offset -2,1 notitle
set ylabel "peak RSS per rank (MiB)"
plot "$TSV" skip 1 using (\$2/1e6):6 with linespoints title "ingest, 2 ranks", \
     "" skip 1 using (\$2/1e6):8 with linespoints title "score, 2 ranks x 1 thread", \
     "" skip 1 using (\$2/1e6):10 with linespoints title "score, 1 rank x 2 threads"
unset multiplot
EOF
  echo "plot: $DIR/growth.png"
fi
