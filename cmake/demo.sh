#!/usr/bin/env bash
# The main job end to end on the embedded default data (data/default), as a nightly run would:
# installs missing Debian packages, builds, then generate (proves the embedded data is the
# generator's output) -> ingest (2 MPI ranks) -> inspect -> score a campaign -> export, plus
# the backtest report. Outputs go to out/demo/.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake/setup-debian.sh
cmake --preset release >/dev/null
cmake --build --preset release --target basketgap
bin=build/release/bin/basketgap
out=out/demo
mkdir -p "$out"
# mpirun as root in a container, on loopback only (README.md, "The jobs").
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_btl=self,vader
export OMPI_MCA_oob_tcp_if_include=lo OMPI_MCA_rmaps_base_oversubscribe=1 OPENBLAS_NUM_THREADS=1
ranks=${RANKS:-2}

echo "== generate (the embedded data set is exactly this command's output)"
"$bin" generate --households 260 --seed 20261126 --out "$out/generated" --overwrite -q
for f in transactions products households; do
  cmp -s "$out/generated/$f.csv" "data/default/$f.csv" || { echo "data/default/$f.csv differs from the generator" >&2; exit 1; }
done
echo "data/default matches 'basketgap generate --households 260 --seed 20261126'"

echo "== ingest (mpirun -np $ranks)"
mpirun -np "$ranks" "$bin" ingest --transactions data/default/transactions.csv \
  --products data/default/products.csv --households data/default/households.csv \
  --out "$out/store.h5" --overwrite
echo "== inspect"
"$bin" inspect "$out/store.h5"

# Campaign: score as of two weeks before the data ends under data/campaign-example.toml
# (offers, exclusions, caps, control group), then the CSV for the mailing system.
max_day=$("$bin" inspect "$out/store.h5" --json | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["max_day"])')
as_of=$((max_day - 14))
echo "== score a campaign as of day $as_of (mpirun -np $ranks, data/campaign-example.toml)"
mpirun -np "$ranks" "$bin" score --store "$out/store.h5" --as-of "$as_of" \
  --config data/campaign-example.toml --out "$out/coupons-$as_of.h5" --overwrite
echo "== export csv"
"$bin" export --coupons "$out/coupons-$as_of.h5" --store "$out/store.h5" --format csv \
  --out "$out/coupons-$as_of.csv" --overwrite
echo "== backtest: the engine against the baselines on the last 14 days"
mpirun -np "$ranks" "$bin" evaluate --store "$out/store.h5" --as-of "$as_of" --window 14 --k 12 \
  --report "$out/report-$as_of" --json "$out/evaluate-$as_of.json" --overwrite -q

echo
echo "coupons:  $out/coupons-$as_of.h5   (h5dump -d /coupons/product_id -c 2,12 $out/coupons-$as_of.h5)"
echo "report:   $out/report-$as_of/index.html"
echo "export:   $out/coupons-$as_of.csv (first lines below) + manifest"
head -3 "$out/coupons-$as_of.csv"
cat "$out/coupons-$as_of.csv.manifest.json"
