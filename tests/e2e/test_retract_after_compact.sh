#!/usr/bin/env bash
# A retracted night and `compact` (docs/FORMATS.md "Batches and versions"). Before the compact a
# rerun pinned to a version that held the night gives that night's coupons; the compact keeps
# the rows visible now only, so afterwards score gives the coupons of a store that never had the
# night, and a rerun pinned to a version that held it is refused (65, naming the versions) rather
# than giving other coupons in silence; a night already compacted into the base cannot be
# retracted (64, the store unchanged).
source "$(dirname "$0")/lib.sh"
"$BASKETGAP" -q generate --households 300 --seed 5 --out "$WORK/gen" || fail "generate"
g=$WORK/gen
last=$(awk -F, 'NR > 1 && $3 > m { m = $3 } END { print m }' "$g/transactions.csv")
as_of=$((last - 1))
awk -F, -v d="$as_of" 'NR == 1 || $3 < d' "$g/transactions.csv" >"$WORK/base.csv"
awk -F, -v d="$as_of" 'NR == 1 || $3 >= d' "$g/transactions.csv" >"$WORK/night.csv"
# A wrong night of the as-of day: the base's rows of the day before, moved to the as-of day with
# other products and baskets; it changes the coupons, so that its retract is seen.
awk -F, -v OFS=, -v from=$((as_of - 1)) -v to="$as_of" 'NR == 1 { print; next }
  $3 == from { $2 = "9" $2; $3 = to; $4 = $4 + 1; print }' "$WORK/base.csv" >"$WORK/wrong.csv"
side=(--products "$g/products.csv" --households "$g/households.csv")

note "the store that never had the wrong night: base, then the night"
bg 2 -q ingest --transactions "$WORK/base.csv" "${side[@]}" --out "$WORK/right.h5" || fail "ingest"
bg 2 -q append --store "$WORK/right.h5" --transactions "$WORK/night.csv" || fail "append the night"
bg 2 -q score --store "$WORK/right.h5" --as-of "$as_of" --out "$WORK/c-right.h5" || fail "score right"

note "base, the wrong night (version 2), the night (3); retract version 2 (4); compact"
bg 2 -q ingest --transactions "$WORK/base.csv" "${side[@]}" --out "$WORK/s.h5" || fail "ingest"
bg 2 -q append --store "$WORK/s.h5" --transactions "$WORK/wrong.csv" || fail "append the wrong night"
bg 2 -q append --store "$WORK/s.h5" --transactions "$WORK/night.csv" || fail "append the night"
bg 2 -q score --store "$WORK/s.h5" --as-of "$as_of" --out "$WORK/c-v3.h5" || fail "score version 3"
h5diff -q "$WORK/c-right.h5" "$WORK/c-v3.h5" /coupons /coupons >/dev/null &&
  fail "the wrong night changed no coupon: the test proves nothing"
bg 2 -q retract --store "$WORK/s.h5" --version 2 || fail "retract the wrong night"
bg 2 -q score --store "$WORK/s.h5" --store-version 3 --as-of "$as_of" --out "$WORK/c-v3-rerun.h5" || fail "rerun 3"
same_datasets "$WORK/c-v3.h5" "$WORK/c-v3-rerun.h5" /coupons
bg 2 -q compact --store "$WORK/s.h5" || fail "compact"
for n in 1 2; do
  bg $n -q score --store "$WORK/s.h5" --as-of "$as_of" --out "$WORK/c-v4-$n.h5" || fail "score version 4"
  same_datasets "$WORK/c-right.h5" "$WORK/c-v4-$n.h5" /coupons
  expect_exit 65 bg $n score --store "$WORK/s.h5" --store-version 3 --as-of "$as_of" --out "$WORK/c-v3-$n.h5"
  grep -q "version 3 held the [0-9]* rows of version 2 (wrong.csv), retracted in version 4 and removed by a compact since" \
    "$WORK/last.err" || fail "the refused rerun does not say why: $(cat "$WORK/last.err")"
  [[ ! -e $WORK/c-v3-$n.h5 ]] || fail "a refused rerun wrote coupons"
done
# The version before the night and the versions after the retract are read as they were.
bg 1 -q score --store "$WORK/s.h5" --store-version 1 --as-of $((as_of - 1)) --out "$WORK/c-v1.h5" || fail "rerun 1"
expect_exit 65 bg 1 evaluate --store "$WORK/s.h5" --store-version 2 --as-of $((as_of - 7)) --window 7

note "a night compacted into the base cannot be retracted"
md5=$(md5sum <"$WORK/s.h5")
expect_exit 64 bg 1 retract --store "$WORK/s.h5" --version 3
grep -q "its rows are part of the store's base file" "$WORK/last.err" || fail "no reason: $(cat "$WORK/last.err")"
[[ $(md5sum <"$WORK/s.h5") == "$md5" ]] || fail "the refused retract changed the store"
note "retract and compact OK"
