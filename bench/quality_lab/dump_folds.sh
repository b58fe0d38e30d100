#!/usr/bin/env bash
# Writes the blend's validation fold of `score` as of each given day, for the offline quality lab
# (bench/quality_lab/README.md): OUT/fold<day>.f64 holds the samples whose features are as of
# day - W and whose labels are the purchases of days day-W+1 .. day (W = validation_window_days,
# 14 by default). A fold "as of T + W" is the test window after T: its labels are what evaluate
# calls the truth.
#
#   bench/quality_lab/dump_folds.sh STORE.h5 OUT_DIR DAY... [-- extra score options]
set -euo pipefail
: "${BASKETGAP:=$(dirname "$0")/../../build/release/bin/basketgap}"
store=$1 out=$2
shift 2
days=()
while (($#)) && [[ $1 != -- ]]; do days+=("$1"); shift; done
[[ ${1:-} == -- ]] && shift
mkdir -p "$out"
for day in "${days[@]}"; do
  # One rank: one file. The coupons are not needed, only the fit's samples.
  BASKETGAP_DUMP_FOLD="$out/fold$day.f64" "$BASKETGAP" score --store "$store" --as-of "$day" \
    --out "$out/coupons$day.h5" --overwrite "$@" >"$out/score$day.log" 2>&1 ||
    { tail -5 "$out/score$day.log" >&2; exit 1; }
  rm -f "$out/coupons$day.h5"
  # A sample is 29 doubles (bench/quality_lab/lab.py COLUMNS: 4 + the 25 features).
  echo "fold$day.f64: $(($(stat -c %s "$out/fold$day.f64") / (29 * 8))) samples"
done
