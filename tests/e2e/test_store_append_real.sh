#!/usr/bin/env bash
# Nightly append on the real dunnhumby file (issue 13): the file split by day into a base (days
# <= 705) and six nights (days 706..711, one file each; some of day 704's rows arrive late, in
# night 3's file). Stores built night by night at -np 1 and at -np 2 give coupons identical to
# the one-shot store's, before and after `compact`; the compacted stores hold the one-shot
# store's rows and tables.
source "$(dirname "$0")/lib.sh"
real_dunnhumby
T=711
mkdir "$WORK/n"
awk -F, -v dir="$WORK/n" 'NR == 1 { print > (dir "/base.csv"); for (i = 1; i <= 6; ++i) print > (dir "/night" i ".csv"); next }
  $3 == 704 && NR % 20 == 0 { print > (dir "/night3.csv"); next }
  $3 <= 705 { print > (dir "/base.csv"); next } { print > (dir "/night" ($3 - 705) ".csv") }' "$D/transaction_data.csv"
late=$(awk -F, '$3 == 704' "$WORK/n/night3.csv" | wc -l)
((late > 0)) || fail "no late rows in night 3"
note "base $(($(wc -l <"$WORK/n/base.csv") - 1)) rows, nights $(for i in 1 2 3 4 5 6; do echo -n "$(($(wc -l <"$WORK/n/night$i.csv") - 1)) "; done)($late late)"

bg 2 -q ingest --transactions "$D/transaction_data.csv" --out "$WORK/oneshot.h5" || fail "one-shot ingest"
bg 2 -q score --store "$WORK/oneshot.h5" --as-of $T --out "$WORK/c-oneshot.h5" || fail "score one-shot"
for np in 1 2; do
  note "night by night at -np $np"
  s=$WORK/nightly-$np.h5
  bg "$np" -q ingest --transactions "$WORK/n/base.csv" --out "$s" || fail "base ingest"
  for i in 1 2 3 4 5 6; do
    bg "$np" -q append --store "$s" --transactions "$WORK/n/night$i.csv" || fail "append night $i"
  done
  [[ $(ls "$s.segments" | wc -l) == 7 ]] || fail "not 7 segments: $(ls "$s.segments")"
  bg "$np" -q score --store "$s" --as-of $T --out "$WORK/c-nightly-$np.h5" || fail "score"
  same_datasets "$WORK/c-oneshot.h5" "$WORK/c-nightly-$np.h5" /coupons /households
  note "compact at -np $((3 - np))"
  bg $((3 - np)) -q compact --store "$s" || fail "compact"
  [[ ! -e $s.segments ]] || fail "segments left after compact"
  same_datasets "$WORK/oneshot.h5" "$s" /transactions/household /transactions/day /transactions/basket \
    /transactions/product /transactions/quantity /transactions/spend /households /products
  bg "$np" -q score --store "$s" --as-of $T --out "$WORK/c-compacted-$np.h5" || fail "score compacted"
  same_datasets "$WORK/c-oneshot.h5" "$WORK/c-compacted-$np.h5" /coupons /households
done
no_temporaries "$WORK"
