#!/usr/bin/env bash
# Coupons built on rows a retract has withdrawn since (a wrong night's file) are not exported
# (65, naming the batch, nothing published); coupons of a version before that batch, or scored
# after the retract, are; so are coupons whose version holds a retracted night without sales
# (no rows withdrawn), or a retracted night after their as-of day (its rows unused).
source "$(dirname "$0")/lib.sh"
"$BASKETGAP" -q generate --households 300 --seed 5 --days 400 --out "$WORK/gen" || fail "generate"
cd "$WORK"
awk -F, 'NR == 1 || $3 <= 390' gen/transactions.csv >base.csv
for d in 391 392 393; do awk -F, -v d=$d 'NR == 1 || $3 == d' gen/transactions.csv >night-$d.csv; done
head -1 gen/transactions.csv >closed.csv
"$BASKETGAP" -q ingest --transactions base.csv --households gen/households.csv --products gen/products.csv \
  --out store.h5 || fail "ingest"
"$BASKETGAP" -q append --store store.h5 --transactions night-391.csv || fail "append 391" # version 2
"$BASKETGAP" -q append --store store.h5 --transactions night-392.csv || fail "append 392" # version 3
"$BASKETGAP" -q append --store store.h5 --transactions closed.csv --no-sales-day 393 ||
  fail "the closed day 393" # version 4
score() { "$BASKETGAP" -q score --store store.h5 --as-of "$1" --out "$2" --allow-default-blend "${@:3}"; }
score 391 c391.h5 --store-version 2 || fail "score 391"
score 392 c392.h5 --store-version 3 || fail "score 392"
score 393 c393.h5 --allow-stale || fail "score 393"

note "night 392's file retracted (version 5): its coupons and night 393's hold its rows"
"$BASKETGAP" -q retract --store store.h5 --version 3 || fail "retract 392"
for night in 392 393; do
  expect_exit 65 "$BASKETGAP" export --coupons c$night.h5 --store store.h5 --out e$night.csv
  grep -q "c$night.h5 was scored from version [34] of store.h5, whose rows include batch 3 (night-392.csv, days 392..392), retracted in version 5 since" \
    "$WORK/last.err" || fail "night $night: $(cat "$WORK/last.err")"
  [[ ! -e e$night.csv && ! -e e$night.csv.manifest.json ]] || fail "night $night's refused export was published"
done
note "night 391's coupons (version 2, before the batch) and coupons scored after the retract export"
"$BASKETGAP" -q export --coupons c391.h5 --store store.h5 --out e391.csv || fail "night 391: $(cat "$WORK/last.err")"
score 393 c393-again.h5 --allow-stale || fail "score 393 again"
"$BASKETGAP" -q export --coupons c393-again.h5 --store store.h5 --out e393.csv || fail "night 393 rescored"

note "a retracted night without sales withdraws no rows"
"$BASKETGAP" -q retract --store store.h5 --version 4 || fail "retract the closed day"
"$BASKETGAP" -q export --coupons c393-again.h5 --store store.h5 --out e393b.csv ||
  fail "coupons of a version holding a retracted closed day: $(cat "$WORK/last.err")"
note "a retracted batch of days after the coupons' as-of day gave them nothing"
"$BASKETGAP" -q append --store store.h5 --transactions night-393.csv || fail "append 393" # version 7
score 392 c392-head.h5 || fail "score 392 at the latest version"
"$BASKETGAP" -q retract --store store.h5 --version 7 || fail "retract 393"
"$BASKETGAP" -q export --coupons c392-head.h5 --store store.h5 --out e392.csv ||
  fail "coupons as of 392 refused for a retracted night 393: $(cat "$WORK/last.err")"
echo "PASS"
