#!/usr/bin/env bash
# SIGKILL of one rank in the middle of `ingest` (2 ranks): the run exits non-zero, no store
# appears under its final name, and the rerun removes the temporaries and spill folders and
# writes exactly what an uninterrupted run writes.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/faults.sh"
make_data "$WORK/data" 8000
ingest_args=(ingest --transactions "$WORK/data/transactions.csv" --products "$WORK/data/products.csv"
             --households "$WORK/data/households.csv")
mkdir "$WORK/ref" "$WORK/out"

note "uninterrupted reference"
bg 2 -q "${ingest_args[@]}" --out "$WORK/ref/store.h5" || fail "reference ingest"

note "SIGKILL rank 1 once the rows are in their owners' buckets"
# The ranks wait there until a stop signal (mpirun's SIGTERM to the survivors): an 8,000-household
# ingest can end before a poll of its log finds its ranks.
BASKETGAP_FAILPOINT=ingest/routed:until-stop start "$WORK/killed.log" "${ingest_args[@]}" --out "$WORK/out/store.h5"
wait_for_line "$WORK/killed.log" "failpoint ingest/routed: waiting"
[[ -n $(ls -A "$WORK/out") ]] || fail "no temporaries or spill folders while the ingest waits"
signal_ranks KILL 1
finish
[[ $RUN_CODE != 0 ]] || fail "a run with a killed rank exited 0"
no_final "$WORK/out/store.h5"
no_final "$WORK/out/store.h5.rejects.csv"
note "exit $RUN_CODE; left behind: $(ls "$WORK/out" | tr '\n' ' ')"

note "rerun"
bg 2 "${ingest_args[@]}" --out "$WORK/out/store.h5" >"$WORK/rerun.log" 2>&1 || { cat "$WORK/rerun.log"; fail "rerun"; }
same_datasets "$WORK/ref/store.h5" "$WORK/out/store.h5" /transactions /households /products
cmp -s "$WORK/ref/store.h5.rejects.csv" "$WORK/out/store.h5.rejects.csv" || fail "rejects files differ"
no_temporaries "$WORK/out"
# (The readers' lock stays beside a published store: docs/FORMATS.md.)
[[ $(ls "$WORK/out" | tr '\n' ' ') == "store.h5 store.h5.readers.lock store.h5.rejects.csv " ]] ||
  fail "unexpected files: $(ls "$WORK/out")"
