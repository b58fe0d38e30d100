#!/usr/bin/env bash
# SIGTERM to `export` (Slurm's --signal=TERM@120 before a time limit, or a preemption): exit 75
# with the one-line reason, no export and no manifest under the final names, no temporary left;
# the rerun writes the same bytes as an uninterrupted run.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/faults.sh"
make_data "$WORK/data" 600
ingest_store "$WORK/data" "$WORK/store.h5"
bg 2 -q score --store "$WORK/store.h5" --as-of 700 --out "$WORK/coupons.h5" || fail "score"
args=(export --coupons "$WORK/coupons.h5" --store "$WORK/store.h5" --format csv)
mkdir "$WORK/ref" "$WORK/out"
bg 2 -q "${args[@]}" --out "$WORK/ref/e.csv" || fail "reference export"

note "SIGTERM once the ranks have formatted their households, before anything is written"
BASKETGAP_FAILPOINT=export/formatted:until-stop start "$WORK/term.log" "${args[@]}" --out "$WORK/out/e.csv"
wait_for_line "$WORK/term.log" "\[rank 0\] \[warning\] failpoint export/formatted: waiting"
signal_ranks TERM
finish_within 60
[[ $RUN_CODE == 75 ]] || { cat "$WORK/term.log"; fail "expected exit 75 after SIGTERM, got $RUN_CODE"; }
grep -q "stopped by a signal" "$WORK/term.log" || fail "no one-line reason for the stop: $(tail -3 "$WORK/term.log")"
no_final "$WORK/out/e.csv"
no_final "$WORK/out/e.csv.manifest.json"
no_temporaries "$WORK/out"

note "the rerun publishes what an uninterrupted run does"
bg 2 -q "${args[@]}" --out "$WORK/out/e.csv" || fail "export after the stop"
cmp "$WORK/ref/e.csv" "$WORK/out/e.csv" || fail "the rerun's export differs from the reference"
"$BASKETGAP" -q export --verify "$WORK/out/e.csv" || fail "the rerun's export does not match its manifest"
echo "OK: SIGTERM to export"
