#!/usr/bin/env bash
# Runs the nightly chain (generate, ingest, score a campaign, export, evaluate the engine and
# the campaign's lift) with two builds of basketgap and compares what they publish: a refactor
# or a speed change must give the same bytes. Only run ids, timestamps, the engine version and
# the paths an evaluate result names may differ.
#   bench/same_outputs.sh OLD_BINARY NEW_BINARY [OUT_DIR]
# Environment: SAME_HOUSEHOLDS (default 20000) for the generated set, SAME_RANKS (default
# "1 3"), SHARED_DATA (default ../shared/data: the real dunnhumby file, skipped when absent).
# Exit 0 when every output is the same; 1 and the differing files otherwise.
set -euo pipefail
[[ $# -ge 2 ]] || { echo "usage: $0 OLD_BINARY NEW_BINARY [OUT_DIR]" >&2; exit 64; }
old=$(realpath "$1")
new=$(realpath "$2")
repo=$(cd "$(dirname "$0")/.." && pwd)
out=${3:-$repo/out/same-outputs}
households=${SAME_HOUSEHOLDS:-20000}
ranks_list=${SAME_RANKS:-"1 3"}
shared=${SHARED_DATA:-$repo/../shared/data}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_btl=self,vader
export OMPI_MCA_oob_tcp_if_include=lo OMPI_MCA_rmaps_base_oversubscribe=1 OPENBLAS_NUM_THREADS=1
mkdir -p "$out"
failed=0

same_h5() {  # same_h5 A B [H5DIFF OPTIONS]: every dataset equal; root attributes equal but for the run's own
  if "$repo/tests/tools/same_h5.py" "$@"; then
    echo "same: $1 ~ $2"
  else
    echo "DIFFERENT: $1 vs $2" >&2
    failed=1
  fi
}

same_file() {
  if cmp -s "$1" "$2"; then echo "same: $1 ~ $2"; else echo "DIFFERENT: $1 vs $2" >&2; failed=1; fi
}

# chain BINARY TAG RANKS TRANSACTIONS PRODUCTS HOUSEHOLDS AS_OF CONFIG
chain() {
  local bin=$1 tag=$2 ranks=$3 tx=$4 products=$5 hh=$6 as_of=$7 config=$8
  local dir=$out/$tag-np$ranks
  rm -rf "$dir" && mkdir -p "$dir"
  local side=()
  [[ -n $products ]] && side+=(--products "$products")
  [[ -n $hh ]] && side+=(--households "$hh")
  mpirun -np "$ranks" "$bin" ingest --transactions "$tx" "${side[@]}" --out "$dir/store.h5" -q
  local cfg=()
  [[ -n $config ]] && cfg+=(--config "$config")
  mpirun -np "$ranks" "$bin" score --store "$dir/store.h5" --as-of "$as_of" "${cfg[@]}" \
    --out "$dir/coupons.h5" --threads 1 -q
  "$bin" export --coupons "$dir/coupons.h5" --store "$dir/store.h5" --format csv --out "$dir/export.csv" -q
  mpirun -np "$ranks" "$bin" evaluate --store "$dir/store.h5" --as-of "$as_of" --window 14 --k 12 \
    --json "$dir/evaluate.json" -q >/dev/null
  if [[ -n $config ]]; then  # the campaign's control group: the lift view of the coupons
    mpirun -np "$ranks" "$bin" evaluate --store "$dir/store.h5" --as-of "$as_of" --window 14 --k 12 \
      --coupons "$dir/coupons.h5" --lift --json "$dir/lift.json" -q >/dev/null
  fi
}

same_json() {  # same_json A B: evaluate results equal but for the paths and run id they name
  if /usr/bin/python3 - "$1" "$2" <<'PY'; then
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
for j in (a, b):
    for key in ("store", "coupons", "coupons_run_id"):
        j["config"].pop(key, None)
sys.exit(0 if a == b else 1)
PY
    echo "same: $1 ~ $2"
  else
    echo "DIFFERENT: $1 vs $2" >&2
    failed=1
  fi
}

# same_store A B: stores written before /transactions/basket_start existed (docs/FORMATS.md)
# lack that derived column: compared without it, every other dataset must be equal.
same_store() {
  if ! h5ls "$1/transactions/basket_start" >/dev/null 2>&1 && h5ls "$2/transactions/basket_start" >/dev/null 2>&1; then
    echo "note: $1 has no /transactions/basket_start (an older build): compared without it"
    same_h5 "$1" "$2" --exclude-path /transactions/basket_start
  else
    same_h5 "$1" "$2"
  fi
}

compare() {  # compare TAG RANKS
  local a=$out/$1-old-np$2 b=$out/$1-new-np$2
  same_store "$a/store.h5" "$b/store.h5"
  same_h5 "$a/coupons.h5" "$b/coupons.h5"
  same_file "$a/export.csv" "$b/export.csv"
  same_file "$a/store.h5.rejects.csv" "$b/store.h5.rejects.csv"
  same_json "$a/evaluate.json" "$b/evaluate.json"
  [[ -e $a/lift.json ]] && same_json "$a/lift.json" "$b/lift.json"
  return 0
}

echo "== generate --households $households (old and new)"
for v in old new; do
  bin=$old; [[ $v == new ]] && bin=$new
  rm -rf "$out/gen-$v"
  "$bin" generate --households "$households" --seed 7 --out "$out/gen-$v" -q
done
for f in transactions products households; do same_file "$out/gen-old/$f.csv" "$out/gen-new/$f.csv"; done
gen=$out/gen-old
campaign=$out/campaign.toml
sed "s|^offers = .*|offers = \"$repo/data/default/offers.csv\"|" "$repo/data/campaign-example.toml" >"$campaign"

for ranks in $ranks_list; do
  echo "== generated set, -np $ranks"
  for v in old new; do
    bin=$old; [[ $v == new ]] && bin=$new
    chain "$bin" "gen-$v" "$ranks" "$gen/transactions.csv" "$gen/products.csv" "$gen/households.csv" 697 "$campaign"
  done
  compare gen "$ranks"
  if [[ -r $shared/dunnhumby/transaction_data.csv ]]; then
    echo "== real dunnhumby file, -np $ranks"
    for v in old new; do
      bin=$old; [[ $v == new ]] && bin=$new
      # No product.csv: the file's products are renumbered and join none of it (ingest refuses it).
      chain "$bin" "real-$v" "$ranks" "$shared/dunnhumby/transaction_data.csv" "" "" 635 ""
    done
    compare real "$ranks"
  else
    echo "skip: no $shared/dunnhumby/transaction_data.csv"
  fi
done
((failed == 0)) && echo "all outputs are the same" || echo "some outputs differ" >&2
exit $failed
