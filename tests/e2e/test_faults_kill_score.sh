#!/usr/bin/env bash
# SIGKILL of one rank in the middle of `score` (2 ranks, then 3): the run ends in bounded time
# and exits non-zero, no coupons file appears under its final name, and the rerun removes the
# leftovers and writes exactly what an uninterrupted run writes.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/faults.sh"
make_data "$WORK/data" 3000
ingest_store "$WORK/data" "$WORK/store.h5"
printf '[score]\nmax_training_households = 300\n' >"$WORK/score.toml"
score_args=(score --store "$WORK/store.h5" --as-of 700 --config "$WORK/score.toml")

note "uninterrupted reference"
mkdir "$WORK/ref" "$WORK/out"
bg 2 -q "${score_args[@]}" --out "$WORK/ref/coupons.h5" || fail "reference score"

# The ranks wait at the fit's checkpoint until a stop signal: a 3,000-household score can end
# before a poll of its log finds its ranks (killing them right after the header line raced).
# mpirun's SIGTERM to the survivors is that signal; the rerun resumes from the checkpoint.
hold=score/fit-checkpointed:until-stop
waiting="failpoint score/fit-checkpointed: waiting"

note "SIGKILL rank 1 in the middle of the score"
BASKETGAP_FAILPOINT=$hold start "$WORK/killed.log" "${score_args[@]}" --out "$WORK/out/coupons.h5"
wait_for_line "$WORK/killed.log" "$waiting"
signal_ranks KILL 1
finish_within 60
[[ $RUN_CODE != 0 ]] || fail "a run with a killed rank exited 0"
no_final "$WORK/out/coupons.h5"
note "exit $RUN_CODE; left behind: $(ls "$WORK/out" | tr '\n' ' ')"

note "SIGKILL the last of 3 ranks: every rank ends within a minute"
rm -rf "$WORK/out" && mkdir "$WORK/out"  # not resumed from the first run's checkpoint (no wait)
FAULT_RANKS=3 BASKETGAP_FAILPOINT=$hold start "$WORK/killed3.log" "${score_args[@]}" --out "$WORK/out/coupons.h5"
wait_for_line "$WORK/killed3.log" "$waiting"
FAULT_RANKS=3 signal_ranks KILL 2
finish_within 60
[[ $RUN_CODE != 0 ]] || fail "a run with a killed rank exited 0 (-np 3)"
no_final "$WORK/out/coupons.h5"
note "-np 3: exit $RUN_CODE"

note "rerun"
bg 2 "${score_args[@]}" --out "$WORK/out/coupons.h5" >"$WORK/rerun.log" 2>&1 || { cat "$WORK/rerun.log"; fail "rerun"; }
same_datasets "$WORK/ref/coupons.h5" "$WORK/out/coupons.h5" /coupons /households
no_temporaries "$WORK/out"
[[ -z $(find "$WORK/out" -name '*.checkpoint-*') ]] || fail "checkpoint left after the rerun published"
[[ $(ls "$WORK/out") == coupons.h5 ]] || fail "unexpected files: $(ls "$WORK/out")"
