#!/usr/bin/env bash
# The main job end to end on the embedded default data (data/default), as a nightly run would:
# installs missing Debian packages, builds, then ingest (2 MPI ranks) and inspect.
# Outputs go to out/demo/.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake/setup-debian.sh
cmake --preset release >/dev/null
cmake --build --preset release --target basketgap
bin=build/release/bin/basketgap
out=out/demo
mkdir -p "$out"
# mpirun as root in a container, on loopback only (see docs/ARCHITECTURE.md).
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_btl=self,vader
export OMPI_MCA_oob_tcp_if_include=lo OMPI_MCA_rmaps_base_oversubscribe=1 OPENBLAS_NUM_THREADS=1
ranks=${RANKS:-2}

echo "== ingest (mpirun -np $ranks)"
mpirun -np "$ranks" "$bin" ingest --transactions data/default/transactions.csv \
  --products data/default/products.csv --households data/default/households.csv \
  --out "$out/store.h5" --overwrite
echo "== inspect"
"$bin" inspect "$out/store.h5"
echo "demo: store in $out/store.h5"

# Campaign: score as of two weeks before the data ends under data/campaign-example.toml
# (offers, exclusions, caps, control group), then the CSV for the mailing system.
max_day=$("$bin" inspect "$out/store.h5" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["max_day"])')
as_of=$((max_day - 14))
echo "== score a campaign as of day $as_of (mpirun -np $ranks, data/campaign-example.toml)"
mpirun -np "$ranks" "$bin" score --store "$out/store.h5" --as-of "$as_of" \
  --config data/campaign-example.toml --out "$out/coupons-$as_of.h5" --overwrite
echo "== export csv"
"$bin" export --coupons "$out/coupons-$as_of.h5" --store "$out/store.h5" --format csv \
  --out "$out/coupons-$as_of.csv" --overwrite
head -5 "$out/coupons-$as_of.csv"
cat "$out/coupons-$as_of.csv.manifest.json"
echo "demo: campaign export in $out/coupons-$as_of.csv"
