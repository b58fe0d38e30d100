#!/usr/bin/env bash
# SIGTERM while a rank is blocked in a collective, at -np 2 and 3 (a peer hangs: a stalled node,
# emulated with SIGSTOP): rank 0 waits in its next collective for the stopped rank and never
# reaches a place that polls the stop flag, so the watchdog ends the whole job with 75 after the
# grace period (BASKETGAP_STOP_GRACE_SECONDS), within seconds, not at the time limit; nothing is
# published.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/faults.sh"
export BASKETGAP_STOP_GRACE_SECONDS=3
make_data "$WORK/data" 3000
ingest_store "$WORK/data" "$WORK/store.h5"
printf '[score]\nmax_training_households = 300\n' >"$WORK/score.toml"
mkdir "$WORK/out"

# blocked RANKS: the last rank hangs, SIGTERM to rank 0.
blocked() {
  export FAULT_RANKS=$1
  rm -rf "$WORK/out" && mkdir "$WORK/out"  # no checkpoint of the previous run to resume from
  # A log of its own: the background start truncates a shared one only later, and the previous
  # run's "waiting" line could be taken for this run's (its ranks not yet started).
  # The ranks wait after the fit's checkpoint until rank 0's signal comes: a 3,000-household
  # score could otherwise end before its ranks are found (it raced the header line's poll).
  BASKETGAP_FAILPOINT=score/fit-checkpointed:until-stop start "$WORK/blocked-$1.log" score \
    --store "$WORK/store.h5" --as-of 700 --config "$WORK/score.toml" --out "$WORK/out/coupons.h5"
  wait_for_line "$WORK/blocked-$1.log" "failpoint score/fit-checkpointed: waiting"
  signal_ranks STOP $(($1 - 1))  # the last rank hangs: rank 0 waits for it in the next collective
  sleep 1
  signal_ranks TERM 0
  local begin=$SECONDS
  finish_within 30
  local took=$((SECONDS - begin))
  [[ $RUN_CODE == 75 ]] || { cat "$WORK/blocked-$1.log"; fail "-np $1: expected exit 75, got $RUN_CODE"; }
  grep -q "\[rank 0\] \[error\] stopped by a signal 3 s ago" "$WORK/blocked-$1.log" ||
    { cat "$WORK/blocked-$1.log"; fail "-np $1: no watchdog line from rank 0"; }
  no_final "$WORK/out/coupons.h5"
  note "-np $1: ended with 75 ${took} s after SIGTERM"
}
blocked 2
blocked 3
