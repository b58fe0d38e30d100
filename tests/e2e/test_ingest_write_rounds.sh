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
