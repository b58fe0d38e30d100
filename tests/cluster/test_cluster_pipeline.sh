#!/usr/bin/env bash
# The nightly chain (slurm/submit-nightly.sh: ingest -> score -> export, evaluate, cleanup)
# on an emulated 3-node cluster (tests/cluster/emulated_cluster.sh), three ways: 1 node x 1
# rank, 3 nodes x 1 rank, 3 nodes x 2 ranks. Ranks really run on different hosts and talk over
# TCP; store, coupons and export are the same bytes every way, and so are the backtest's
# figures. Skips (77) without Slurm, munge or root.
TMPDIR=/var/tmp  # the nodes share everything but /tmp: the work folder is the shared disk
source "$(dirname "$0")/../e2e/lib.sh"
source "$(dirname "$0")/emulated_cluster.sh"
cluster_available || skip "needs root, Slurm + munge (cmake/setup-debian.sh --slurm) and network namespaces"
trap 'cluster_stop; rm -rf "$WORK"' EXIT
SECONDS=0
"$BASKETGAP" -q generate --households 3000 --seed 11 --out "$WORK/input" || fail "generate"
cluster_start "$WORK/cluster" 3 || fail "could not start the cluster (logs in $WORK/cluster/log)"
note "cluster up in ${SECONDS}s: $(sinfo -h -N -o '%N:%t' | paste -sd' ')"
# MPI talks TCP on the cluster's subnet, also between two ranks of one node: OpenMPI's shared
# memory transport (vader) failed now and then between the emulated nodes, which share one
# kernel (segment open ENOENT, then a crash: about 1 run in 8), never on one real host.
export OMPI_MCA_btl=self,tcp OMPI_MCA_btl_tcp_if_include=$CLUSTER_SUBNET
export OMPI_MCA_oob_tcp_if_include=$CLUSTER_SUBNET
export PMIX_MCA_gds=hash  # see emulated_cluster.sh

printf '[score]\nmax_training_households = 300\n' >"$WORK/score.toml"
as_of=700
# layout NAME NODES PER_NODE: one site configuration, its own output root.
layout() {
  local name=$1 nodes=$2 per_node=$3 stage
  {
    echo "BG_BIN=$BASKETGAP"
    echo "BG_INPUT_DIR=$WORK/input"
    echo "BG_OUT_ROOT=$WORK/$name"
    echo "BG_SCORE_CONFIG=$WORK/score.toml"
    echo 'BG_STAGES="ingest score export evaluate"'
    echo "BG_EVALUATE_WINDOW=14"
    echo "BG_KEEP_NIGHTS=0"
    # (the transports OpenMPI picks, in the logs of one layout)
    [[ $name == three-by-one ]] && echo "export OMPI_MCA_btl_base_verbose=30"
    for stage in INGEST SCORE EXPORT EVALUATE; do
      echo "BG_${stage}_NODES=$nodes; BG_${stage}_NTASKS_PER_NODE=$per_node; BG_${stage}_CPUS=1"
      echo "BG_${stage}_MEM=1G; BG_${stage}_TIME=00:10:00"
    done
  } >"$WORK/$name.conf"
}
layout one 1 1
layout three-by-one 3 1
layout three-by-two 3 2
submit_layout() {  # submit_layout NAME: its night from scratch; the job ids into ids[]
  rm -rf "${WORK:?}/$1"
  "$REPO/slurm/submit-nightly.sh" --config "$WORK/$1.conf" --as-of "$as_of" >"$WORK/$1.jobs" || fail "submit $1"
  mapfile -t -O "${#ids[@]}" ids < <(awk '{ print $2 }' "$WORK/$1.jobs")
}
# layout_failure NAME: "" when every job of the layout COMPLETED 0:0, else what ended how.
layout_failure() {
  local stage id state code
  while read -r stage id; do
    state=$(job_field "$id" JobState) code=$(job_field "$id" ExitCode)
    [[ $state == COMPLETED && $code == 0:0 ]] || echo "$stage job $id ended $state $code"
  done <"$WORK/$1.jobs"
}
# A rank that dies of SIGSEGV inside MPI start-up on the emulated nodes (two ranks on one node,
# about 1 layout in 10; OpenMPI's and PMIx's node-local start-up state on nodes that share one
# kernel; never seen with one rank per node or on one host) is not basketgap's doing: such a
# layout is run again, at most twice (a CI run once saw it in both of two tries), and the test
# says so. Any other failure fails the test.
start_crash() {  # start_crash NAME: its failed jobs crashed with SIGSEGV
  local night
  night=$(printf '%s/%s/as-of-%05d' "$WORK" "$1" "$as_of")
  [[ $(layout_failure "$1") == *"FAILED 139:0"* ]] && grep -qs "Segmentation fault" "$night"/logs/*.out
}
ids=()
for name in one three-by-one three-by-two; do submit_layout "$name"; done
slurm_wait_jobs "${ids[@]}" || fail "jobs did not finish"
for name in one three-by-one three-by-two; do
  night=$(printf '%s/%s/as-of-%05d' "$WORK" "$name" "$as_of")
  for retry in 1 2; do
    [[ -n $(layout_failure "$name") ]] && start_crash "$name" || break
    note "RETRY $retry of 2, $name: $(layout_failure "$name" | paste -sd';') — a rank crashed in MPI start-up; resubmitting"
    ids=()
    submit_layout "$name"
    slurm_wait_jobs "${ids[@]}" || fail "jobs did not finish"
  done
  failure=$(layout_failure "$name")
  if [[ -n $failure ]]; then
    tail -n 30 "$night"/logs/*.err "$night"/logs/*.out >&2 || true
    fail "$name: $failure"
  fi
done
note "three layouts ran in ${SECONDS}s"

# Where the ranks ran: every rank names its host; 3 hosts, and TCP between them.
stage_log() {  # stage_log LAYOUT STAGE
  local night
  night=$(printf '%s/%s/as-of-%05d' "$WORK" "$1" "$as_of")
  cat "$night"/logs/bg-"$2"-*.out
}
score_log() { stage_log "$1" score; }
for name in three-by-one three-by-two; do
  [[ $name == three-by-one ]] && want=3 || want=6
  for stage in ingest score export evaluate; do
    placements=$(stage_log "$name" $stage | grep -o 'rank [0-9]* on host n[0-9]*' | sort -u)
    [[ $(wc -l <<<"$placements") == "$want" ]] || fail "$name $stage: $want ranks expected, saw: $placements"
    [[ $(awk '{ print $5 }' <<<"$placements" | sort -u | paste -sd,) == n1,n2,n3 ]] ||
      fail "$name $stage: ranks not on n1, n2 and n3: $placements"
  done
  note "$name: $(tr '\n' ';' <<<"$placements")"
done
# With OMPI_MCA_btl_base_verbose, OpenMPI names the transport it uses for each peer.
tcp_peers=$(score_log three-by-one | grep -c 'Using tcp btl for send to' || true)
((tcp_peers >= 6)) || fail "three-by-one: ranks did not talk over TCP ($tcp_peers tcp peers in the log)"
note "transport: $(score_log three-by-one | grep -m1 'Using tcp btl for send to')"


# The same bytes whichever the layout.
outputs() { printf '%s/%s/as-of-%05d' "$WORK" "$1" "$as_of"; }
one=$(outputs one)
for name in three-by-one three-by-two; do
  other=$(outputs "$name")
  "$REPO/tests/tools/same_h5.py" "$one/store.h5" "$other/store.h5" || fail "$name: store differs from 1 rank"
  "$REPO/tests/tools/same_h5.py" "$one/coupons-$as_of.h5" "$other/coupons-$as_of.h5" || fail "$name: coupons differ from 1 rank"
  cmp "$one/export-$as_of.csv" "$other/export-$as_of.csv" || fail "$name: export differs from 1 rank"
  "$BASKETGAP" export --verify "$other/export-$as_of.csv" >/dev/null 2>&1 || fail "$name: export does not match its manifest"
  # The backtest's figures (systems and segments) do not depend on where it ran.
  python3 - "$one/evaluate/evaluate.json" "$other/evaluate/evaluate.json" <<'PY' || fail "$name: evaluate.json differs from 1 rank"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
keys = ["evaluated_households", "systems", "segments"]
sys.exit(0 if all(a[k] == b[k] for k in keys) else 1)
PY
  no_temporaries "$WORK/$name"
done
cluster_stop_checked || fail "the cluster was not torn down"
note "store, coupons and export identical for 1 rank, 3 nodes x 1 and 3 nodes x 2 (${SECONDS}s)"
