#!/usr/bin/env bash
# Per-stage cost of the night on 1, 2 and 3 nodes of the emulated cluster
# (tests/cluster/emulated_cluster.sh: namespaced nodes, TCP between ranks, one shared disk),
# at ~1M households (the real file x COPIES, as bench/score_bench.sh builds it), one rank per
# node: ingest, score and export under `srun --mpi=pmix -N n -n n`. Prints wall seconds, the
# stage lines and the per-stage traffic lines of each run; docs/SCALING.md uses them.
# Needs root, Slurm + munge (cmake/setup-debian.sh --slurm) and ~35 GB in BENCH_DIR.
#   bench/cluster_scaling.sh [COPIES] [NODES...]      (defaults: 400, "1 2 3")
# The emulated nodes share this machine's cores: beyond its core count, more nodes add no CPU.
source "$(dirname "$0")/common.sh"
COPIES=${1:-400}
shift || true
NODE_COUNTS=${*:-1 2 3}
DIR=$(realpath -m "${BENCH_DIR:-$ROOT/out/bench-score}")
case $DIR in /tmp/*) echo "BENCH_DIR must not be under /tmp (each node has its own /tmp)" >&2; exit 64 ;; esac
replicated_csv "$DIR" "$COPIES"
# Every household consents, so that export has ~12 rows per household to write.
if [[ ! -s $DIR/households.csv ]]; then
  awk -F, 'NR == 1 { print "household_key,consent"; next } !seen[$1]++ { print $1 ",1" }' \
    "$DIR/replicated.csv" >"$DIR/households.tmp" && mv "$DIR/households.tmp" "$DIR/households.csv"
fi

export CLUSTER_NODE_MEMORY=$(($(awk '/MemTotal/ { print int($2 / 1024) }' /proc/meminfo) - 2000))
source "$ROOT/tests/cluster/emulated_cluster.sh"
cluster_available || { echo "needs root, Slurm + munge and network namespaces" >&2; exit 77; }
trap 'cluster_stop' EXIT
rm -rf "$DIR/cluster"
cluster_start "$DIR/cluster" 3 || exit 1
export OMPI_MCA_btl=self,tcp OMPI_MCA_btl_tcp_if_include=$CLUSTER_SUBNET OMPI_MCA_oob_tcp_if_include=$CLUSTER_SUBNET
# As the job scripts do (slurm/lib.sh): idle ranks yield the core, which matters once the
# emulated nodes outnumber the cores.
export OMPI_MCA_mpi_yield_when_idle=1 PMIX_MCA_gds=hash  # (tests/cluster/emulated_cluster.sh)
unset OMPI_MCA_rmaps_base_oversubscribe

# stage NODES NAME ARGS...: basketgap ARGS on NODES nodes x 1 rank; wall seconds and rank 0's
# stage and traffic lines.
stage() {
  local nodes=$1 name=$2
  shift 2
  local log=$DIR/scaling-$name-$nodes.log start end
  start=$(date +%s.%N)
  srun --mpi=pmix -N "$nodes" -n "$nodes" --cpus-per-task=1 --mem=0 "$BIN" "$@" >"$log" 2>&1 ||
    { tail -20 "$log"; exit 1; }
  end=$(date +%s.%N)
  printf '%s on %d node(s): %.1f s wall\n' "$name" "$nodes" "$(echo "$end - $start" | bc -l)"
  grep -E "\[rank 0\].*(done in|traffic|balance|sent|wrote)" "$log" | sed 's/^\[[^]]*\] \[rank 0\] \[info\] /  /' | cut -c1-220
}

for n in $NODE_COUNTS; do
  echo "== $n node(s)"
  stage "$n" ingest ingest --transactions "$DIR/replicated.csv" --households "$DIR/households.csv" \
    --out "$DIR/store-$n.h5" --overwrite
  stage "$n" score score --store "$DIR/store-$n.h5" --as-of 635 --out "$DIR/coupons-$n.h5" --threads 1 --overwrite
  stage "$n" export export --coupons "$DIR/coupons-$n.h5" --out "$DIR/export-$n.csv" --overwrite
done
first=${NODE_COUNTS%% *}
for n in $NODE_COUNTS; do
  [[ $n == "$first" ]] && continue
  "$ROOT/tests/tools/same_h5.py" "$DIR/coupons-$first.h5" "$DIR/coupons-$n.h5" &&
    cmp -s "$DIR/export-$first.csv" "$DIR/export-$n.csv" && echo "coupons and export on $n nodes = on $first"
done
