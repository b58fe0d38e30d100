#!/usr/bin/env bash
# ingest's write rounds end on a multiple of 1 Mi rows and carry their other rows, with their
# basket starts, into the next round (jobs/ingest/write_pass). A store of a few thousand
# households never splits there, so BASKETGAP_WRITE_ALIGN_ROWS makes the rounds end every 7 /
# 1,000 rows — inside households and baskets — with many buckets (--memory-rows): the store is
# the same as the default's, at 1 and 2 ranks.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/faults.sh"
make_data "$WORK/data" 3000
args=(ingest --transactions "$WORK/data/transactions.csv" --products "$WORK/data/products.csv"
      --households "$WORK/data/households.csv" --memory-rows 20000 -q)
bg 2 "${args[@]}" --out "$WORK/reference.h5" || fail "reference ingest"
rows=$("$BASKETGAP" inspect "$WORK/reference.h5" --json | grep -m1 '"rows"' | tr -dc 0-9)
((rows > 50000)) || fail "too few rows ($rows) for several buckets"
for align in 7 1000; do
  for ranks in 1 2; do
    BASKETGAP_WRITE_ALIGN_ROWS=$align bg "$ranks" "${args[@]}" --out "$WORK/s-$align-$ranks.h5" ||
      fail "ingest, rounds aligned to $align rows, $ranks rank(s)"
    same_datasets "$WORK/reference.h5" "$WORK/s-$align-$ranks.h5" /transactions /households /products
  done
  note "rounds ending every $align rows: the same store at 1 and 2 ranks"
done

note "SIGTERM between write rounds (a time limit during a long write): exit 75 within seconds, no store"
mkdir "$WORK/term"
# The ranks wait after the first round until the signal: without the stop between rounds they
# would write every other round and publish (exit 0).
loud_args=()
for a in "${args[@]}"; do [[ $a == -q ]] || loud_args+=("$a"); done
BASKETGAP_FAILPOINT=ingest/write-round:until-stop BASKETGAP_STOP_GRACE_SECONDS=60 start "$WORK/term.log" \
  "${loud_args[@]}" --out "$WORK/term/store.h5"
wait_for_line "$WORK/term.log" "\[rank 0\] \[warning\] failpoint ingest/write-round: waiting"
signal_ranks TERM
finish_within 20
[[ $RUN_CODE == 75 ]] || { cat "$WORK/term.log"; fail "expected exit 75 after SIGTERM during the write, got $RUN_CODE"; }
grep -q "stopped by a signal during ingest/write; no output was published" "$WORK/term.log" ||
  { cat "$WORK/term.log"; fail "no one-line reason for the stop"; }
grep -q "MPI_ABORT\|still running (blocked" "$WORK/term.log" && { cat "$WORK/term.log"; fail "the stop went through MPI_Abort"; }
no_final "$WORK/term/store.h5"
no_temporaries "$WORK/term"
bg 2 "${args[@]}" --out "$WORK/term/store.h5" || fail "rerun after the stop"
same_datasets "$WORK/reference.h5" "$WORK/term/store.h5" /transactions /households /products
