#!/usr/bin/env bash
# SIGTERM to `score` (to every rank, as Slurm does before a time limit or on preemption):
# exit 75, no coupons file, the completed stages checkpointed; the rerun resumes from the
# checkpoint and writes exactly what an uninterrupted run writes. A checkpoint made with
# another configuration is ignored (and removed once that output is published).
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/faults.sh"
make_data "$WORK/data" 3000
ingest_store "$WORK/data" "$WORK/store.h5"
printf '[score]\nmax_training_households = 300\n' >"$WORK/a.toml"
printf '[score]\nmax_training_households = 300\nhalf_life_days = 60\n' >"$WORK/b.toml"
args=(score --store "$WORK/store.h5" --as-of 700)
mkdir "$WORK/ref" "$WORK/out"

note "uninterrupted reference"
bg 2 -q "${args[@]}" --config "$WORK/a.toml" --out "$WORK/ref/coupons.h5" || fail "reference score"

note "SIGTERM once the blend is fitted"
# The ranks wait after the fit's checkpoint until the signal comes: the rest of a small score
# cannot finish first (the race a plain wait for "checkpoint saved" had).
BASKETGAP_FAILPOINT=score/fit-checkpointed:until-stop start "$WORK/term.log" "${args[@]}" --config "$WORK/a.toml" \
  --out "$WORK/out/coupons.h5"
# Rank 0's own wait: it logs "checkpoint saved" before it (another rank's wait line can come
# first, as a CI run saw).
wait_for_line "$WORK/term.log" "\[rank 0\] \[warning\] failpoint score/fit-checkpointed: waiting"
grep -q "checkpoint saved" "$WORK/term.log" || fail "the fail point came before the checkpoint"
signal_ranks TERM
finish
[[ $RUN_CODE == 75 ]] || { cat "$WORK/term.log"; fail "expected exit 75 after SIGTERM, got $RUN_CODE"; }
grep -q "stopped by a signal" "$WORK/term.log" || fail "no one-line reason for the stop"
no_final "$WORK/out/coupons.h5"
mapfile -t checkpoints < <(find "$WORK/out" -name 'coupons.h5.checkpoint-*')
((${#checkpoints[@]} == 1)) || fail "expected one checkpoint, found: ${checkpoints[*]}"
checkpoint=${checkpoints[0]}
cp "$checkpoint" "$WORK/checkpoint-a"

note "another configuration ignores the checkpoint"
mkdir "$WORK/b"
cp "$WORK/checkpoint-a" "$WORK/b/${checkpoint##*/}"
bg 2 "${args[@]}" --config "$WORK/b.toml" --out "$WORK/b/coupons.h5" >"$WORK/b.log" 2>&1 || { cat "$WORK/b.log"; fail "score b"; }
grep -q "ignoring checkpoint .*${checkpoint##*/}: made from another" "$WORK/b.log" ||
  { cat "$WORK/b.log"; fail "configuration b did not report ignoring a's checkpoint"; }
grep -q "resuming from checkpoint" "$WORK/b.log" && fail "configuration b resumed from a's checkpoint"
grep -q "score/fit done" "$WORK/b.log" || fail "configuration b did not fit its own blend"
[[ $(ls "$WORK/b") == coupons.h5 ]] || fail "b: checkpoints left after publishing: $(ls "$WORK/b")"
[[ -e $checkpoint ]] || fail "a's checkpoint vanished"

note "rerun with configuration a resumes"
bg 2 "${args[@]}" --config "$WORK/a.toml" --out "$WORK/out/coupons.h5" >"$WORK/resume.log" 2>&1 ||
  { cat "$WORK/resume.log"; fail "resumed score"; }
grep -q "resuming from checkpoint .*fitted blend" "$WORK/resume.log" || { cat "$WORK/resume.log"; fail "did not resume"; }
grep -q "score/fit done" "$WORK/resume.log" && fail "the resumed run fitted the blend again"
same_datasets "$WORK/ref/coupons.h5" "$WORK/out/coupons.h5" /coupons /households
no_temporaries "$WORK/out"
[[ -z $(find "$WORK/out" -name '*.checkpoint-*') ]] || fail "checkpoints left after publishing"
[[ $(ls "$WORK/out") == coupons.h5 ]] || fail "unexpected files: $(ls "$WORK/out")"

note "SIGTERM while MPI starts (a job preempted as it begins): exit 75, not death by the signal (143)"
mkdir "$WORK/early"
BASKETGAP_FAILPOINT=startup/before-mpi:until-stop start "$WORK/early.log" "${args[@]}" --config "$WORK/a.toml" \
  --out "$WORK/early/coupons.h5"
deadline=$((SECONDS + 60))
until (($(grep -c "failpoint startup/before-mpi: waiting" "$WORK/early.log") == 2)); do
  ((SECONDS < deadline)) || { cat "$WORK/early.log"; fail "the ranks never reached startup/before-mpi"; }
  sleep 0.05
done
signal_ranks TERM
finish
[[ $RUN_CODE == 75 ]] || { cat "$WORK/early.log"; fail "expected exit 75 after SIGTERM at start-up, got $RUN_CODE"; }
grep -q "stopped by a signal during start-up" "$WORK/early.log" || { cat "$WORK/early.log"; fail "no one-line reason"; }
[[ -z $(ls "$WORK/early") ]] || fail "files left by a run stopped at start-up: $(ls "$WORK/early")"
