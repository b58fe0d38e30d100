#!/usr/bin/env bash
# An output that is one of the job's own inputs (or another of its outputs) is a usage mistake
# (64) found before any work, even with --overwrite and however the path is spelled (./x, a hard
# link): the input is untouched.
source "$(dirname "$0")/lib.sh"

has() { grep -qF -- "$2" "$1" || fail "$1 lacks '$2': $(tail -3 "$1")"; }
sum() { sha256sum "$1" | cut -d' ' -f1; }

"$BASKETGAP" generate --households 100 --days 90 --seed 3 --out "$WORK/gen" -q
cd "$WORK"
"$BASKETGAP" ingest --transactions gen/transactions.csv --out store.h5 -q
last=$("$BASKETGAP" inspect --json store.h5 | python3 -c 'import json,sys; print(json.load(sys.stdin)["max_day"])')
"$BASKETGAP" score --store store.h5 --as-of "$last" --out coupons.h5 --allow-default-blend -q
store_sum=$(sum store.h5)
coupons_sum=$(sum coupons.h5)
csv_sum=$(sum gen/transactions.csv)

# untouched FILE SUM: the input is still there, byte for byte.
untouched() { [[ -f $1 && $(sum "$1") == "$2" ]] || fail "$1 was replaced or removed"; }

note "score --out the store (also as ./store.h5 and through a hard link) is 64"
ln store.h5 store-link.h5
for out in store.h5 ./store.h5 store-link.h5; do
  expect_exit 64 "$BASKETGAP" score --store store.h5 --as-of "$last" --out "$out" --overwrite
  has last.err "--out is the same file as --store"
  has last.err "$out"
  untouched store.h5 "$store_sum"
done
! grep -q "score/load" last.err || fail "the history was loaded before the check"

note "export --out the coupons file or the store is 64"
expect_exit 64 "$BASKETGAP" export --coupons coupons.h5 --out coupons.h5 --overwrite
has last.err "--out is the same file as --coupons (coupons.h5)"
expect_exit 64 "$BASKETGAP" export --coupons coupons.h5 --store store.h5 --out ./store.h5 --overwrite
has last.err "--out is the same file as --store (./store.h5 and store.h5)"
untouched coupons.h5 "$coupons_sum"
untouched store.h5 "$store_sum"

note "score --out the campaign's offers file (named in --config, relative to its folder) is 64"
mkdir -p campaign
printf 'product_id,valid_from_day,valid_to_day\n%s,1,%s\n' \
  "$(sed -n 2p gen/transactions.csv | cut -d, -f4)" $((last + 30)) >campaign/offers.csv
offers_sum=$(sum campaign/offers.csv)
printf '[campaign]\nname = "t"\noffers = "offers.csv"\nsalt = "s"\nday_one = "2024-01-01"\n' >campaign/c.toml
expect_exit 64 "$BASKETGAP" score --store store.h5 --as-of "$last" --config campaign/c.toml --out campaign/offers.csv \
  --overwrite --allow-default-blend
has last.err "--out is the same file as the campaign's offers file"
untouched campaign/offers.csv "$offers_sum"

note "evaluate --json the store is 64 before the backtest"
expect_exit 64 "$BASKETGAP" evaluate --store store.h5 --as-of $((last - 14)) --json store.h5 --overwrite
has last.err "--json is the same file as --store (store.h5)"
! grep -q "evaluate: window\|NDCG" last.err || fail "the backtest ran before the check"
untouched store.h5 "$store_sum"

note "evaluate --tuned-config the same file as --json is 64 before the backtest"
expect_exit 64 "$BASKETGAP" evaluate --store store.h5 --as-of $((last - 14)) --json out.json --tune \
  --tuned-config ./out.json --overwrite
has last.err "--tuned-config is the same file as --json (./out.json and out.json)"
! grep -q "evaluate: window\|NDCG" last.err || fail "the backtest ran before the check"
[[ ! -e out.json ]] || fail "out.json was written"

note "append --rejects the store or the night's file is 64, and the store keeps its version"
head -1 gen/transactions.csv >night.csv
night_sum=$(sum night.csv)
for rejects in store.h5 night.csv; do
  expect_exit 64 "$BASKETGAP" append --store store.h5 --transactions night.csv --rejects "$rejects"
  has last.err "--rejects is the same file as"
  untouched store.h5 "$store_sum"
  untouched night.csv "$night_sum"
done

note "ingest --out the transactions file is 64"
expect_exit 64 "$BASKETGAP" ingest --transactions gen/transactions.csv --out gen/../gen/transactions.csv --overwrite
has last.err "--out is the same file as --transactions (gen/../gen/transactions.csv and gen/transactions.csv)"
untouched gen/transactions.csv "$csv_sum"
no_temporaries "$WORK"

note "--rejects in the store's segments folder is 64 (ingest --overwrite removed the folder, the rejects with it)"
# The last day's rows again as the next night's (another batch: the store gets a segments folder).
awk -F, -v OFS=, -v last="$last" 'NR == 1 { print; next } $3 == last { $3 = last + 1; print }' \
  gen/transactions.csv >next.csv
"$BASKETGAP" -q append --store store.h5 --transactions next.csv || fail "append a night"
[[ -d store.h5.segments ]] || fail "no segments folder after the append"
store_sum=$(sum store.h5)
expect_exit 64 "$BASKETGAP" ingest --transactions gen/transactions.csv --out store.h5 --overwrite \
  --rejects store.h5.segments/rejects.csv
has last.err "--rejects store.h5.segments/rejects.csv lies in "
has last.err "store.h5.segments, the segments folder of the store "
untouched store.h5 "$store_sum"
expect_exit 64 "$BASKETGAP" append --store store.h5 --transactions night.csv --rejects ./store.h5.segments/r.csv
has last.err "the segments folder of the store"
[[ ! -e store.h5.segments/rejects.csv && ! -e store.h5.segments/r.csv ]] || fail "a rejects file was written"

note "no job's output may replace a segment, or the segments folder, of any store (even with --overwrite)"
segment=$(ls store.h5.segments | tail -1)
segment_sum=$(sum "store.h5.segments/$segment")
folder_list=$(ls store.h5.segments)
expect_exit 64 "$BASKETGAP" score --store store.h5 --as-of "$last" --out "store.h5.segments/$segment" --overwrite
has last.err "--out store.h5.segments/$segment lies in "
expect_exit 64 "$BASKETGAP" score --store store.h5 --as-of "$last" --out store.h5.segments/coupons.h5
expect_exit 64 "$BASKETGAP" ingest --transactions gen/transactions.csv --out "store.h5.segments/$segment" --overwrite
expect_exit 64 "$BASKETGAP" export --coupons coupons.h5 --out store.h5.segments/mail.csv
expect_exit 64 "$BASKETGAP" evaluate --store store.h5 --as-of $((last - 14)) --report store.h5.segments --overwrite
has last.err "--report store.h5.segments is "
expect_exit 64 "$BASKETGAP" evaluate --store store.h5 --as-of $((last - 14)) --json store.h5.segments/x/e.json
untouched "store.h5.segments/$segment" "$segment_sum"
[[ $(ls store.h5.segments) == "$folder_list" ]] || fail "the segments folder changed: $(ls store.h5.segments)"
untouched store.h5 "$store_sum"

note "evaluate --report a folder holding an input is 64; --overwrite replaces only a report folder (73 else)"
mkdir sb
cp store.h5 sb/s.h5
echo precious >sb/notes.txt
expect_exit 64 "$BASKETGAP" evaluate --store sb/s.h5 --as-of $((last - 14)) --report sb --overwrite
has last.err "--report sb holds --store (sb/s.h5): replacing the folder would delete it"
untouched sb/s.h5 "$store_sum"
expect_exit 73 "$BASKETGAP" evaluate --store store.h5 --as-of $((last - 14)) --report sb --overwrite
has last.err "sb: is a folder basketgap did not write (no index.html"
[[ $(cat sb/notes.txt) == precious ]] || fail "the notes were deleted"
"$BASKETGAP" evaluate --store store.h5 --as-of $((last - 14)) --report rep -q || fail "a report"
"$BASKETGAP" evaluate --store store.h5 --as-of $((last - 14)) --report rep --overwrite -q || fail "a report replaced"
[[ -f rep/index.html ]] || fail "no report after --overwrite"
"$BASKETGAP" evaluate --store store.h5 --as-of $((last - 14)) --report rep/ --overwrite -q ||
  fail "a report folder named with a trailing slash was not replaced"
[[ -f rep/index.html && -z $(ls -d rep.tmp-* rep/*.tmp-* 2>/dev/null) ]] || fail "rep/ left temporaries or no report"
mkdir empty && cd empty
expect_exit 73 "$BASKETGAP" evaluate --store ../store.h5 --as-of $((last - 14)) --report . --overwrite
cd ..
has last.err ".: names the working folder, its parent or the root, not a folder of its own"
