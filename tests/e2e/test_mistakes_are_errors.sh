#!/usr/bin/env bash
# A mistake that changes what is mailed is an error with a one-line reason, not a quiet
# difference: export --store or evaluate --coupons with a store other than the coupons' own (65); score --as-of after
# the store's last day (65; --allow-stale: a warning) or too early for the blend's validation
# fold or when its days hold no purchase (64; --allow-default-blend: a warning; evaluate the same,
# --tune's validation windows too, the default blend noted in its results); a broken products file fails ingest before the
# parse pass (65, at -np 2); nobody with consent is a warning in ingest and export.
source "$(dirname "$0")/lib.sh"

inspect_field() { "$BASKETGAP" inspect --json "$1" | python3 -c 'import json,sys; j=json.load(sys.stdin); print(j[sys.argv[1]] if sys.argv[1] in j else j["attributes"][sys.argv[1]])' "$2"; }
has() { grep -qF -- "$2" "$1" || fail "$1 lacks '$2': $(tail -3 "$1")"; }

note "two stores from two generated data sets"
for seed in 1 2; do
  "$BASKETGAP" generate --households 150 --days 120 --seed $seed --out "$WORK/set$seed" -q
  bg 2 ingest --transactions "$WORK/set$seed/transactions.csv" --products "$WORK/set$seed/products.csv" \
    --households "$WORK/set$seed/households.csv" --out "$WORK/store$seed.h5" -q
done
first=$(inspect_field "$WORK/store1.h5" min_day)
last=$(inspect_field "$WORK/store1.h5" max_day)
fp1=$(inspect_field "$WORK/store1.h5" fingerprint)
fp2=$(inspect_field "$WORK/store2.h5" fingerprint)
[[ $fp1 != "$fp2" ]] || fail "two data sets, one fingerprint"
bg 2 score --store "$WORK/store1.h5" --as-of "$last" --out "$WORK/coupons1.h5" -q

note "export --store with another store is 65 naming both files and both fingerprints"
expect_exit 65 "$BASKETGAP" export --coupons "$WORK/coupons1.h5" --store "$WORK/store2.h5" --out "$WORK/e.csv"
has "$WORK/last.err" "coupons1.h5 was scored from another store: its store_fingerprint is $fp1, $WORK/store2.h5 has fingerprint $fp2"
[[ ! -e $WORK/e.csv && ! -e $WORK/e.csv.manifest.json ]] || fail "an export was published for the wrong store"
expect_exit 0 "$BASKETGAP" export --coupons "$WORK/coupons1.h5" --store "$WORK/store1.h5" --out "$WORK/e.csv"
# A coupons file scored before the fingerprint was recorded: the match cannot be checked, said.
cp "$WORK/coupons1.h5" "$WORK/old.h5"
/usr/bin/python3 -c 'import h5py, sys; f = h5py.File(sys.argv[1], "r+"); del f.attrs["store_fingerprint"]' "$WORK/old.h5"
expect_exit 0 "$BASKETGAP" export --coupons "$WORK/old.h5" --store "$WORK/store2.h5" --out "$WORK/old.csv"
grep -F "[warning]" "$WORK/last.err" | grep -qF "old.h5 has no store_fingerprint (scored before it was recorded): whether $WORK/store2.h5 is the store" ||
  fail "no warning for an unchecked store: $(cat "$WORK/last.err")"

note "evaluate --coupons against another store is 65 too (at -np 2: one line, every rank)"
bg 2 score --store "$WORK/store1.h5" --as-of $((last - 14)) --out "$WORK/earlier1.h5" -q
expect_exit 65 bg 2 evaluate --store "$WORK/store2.h5" --as-of $((last - 14)) --coupons "$WORK/earlier1.h5"
has "$WORK/last.err" "earlier1.h5 was scored from another store: its store_fingerprint is $fp1, $WORK/store2.h5 has fingerprint $fp2"
expect_exit 0 bg 2 evaluate --store "$WORK/store1.h5" --as-of $((last - 14)) --coupons "$WORK/earlier1.h5"

note "score --as-of after the store's last day is 65; --allow-stale makes it a warning"
late=$((last + 3))
expect_exit 65 bg 2 score --store "$WORK/store1.h5" --as-of $late --out "$WORK/stale.h5"
has "$WORK/last.err" "--as-of $late is 3 day(s) after the last day of $WORK/store1.h5 ($last): days $((last + 1))-$late are missing"
has "$WORK/last.err" "--allow-stale"
[[ $(grep -c "score failed" "$WORK/last.err") == 1 ]] || fail "the error is not one line from rank 0: $(cat "$WORK/last.err")"
[[ ! -e $WORK/stale.h5 ]] || fail "stale coupons were published"
expect_exit 0 bg 2 score --store "$WORK/store1.h5" --as-of $late --out "$WORK/stale.h5" --allow-stale
grep -F "[warning]" "$WORK/last.err" | grep -qF "days $((last + 1))-$late are missing; scoring on stale data" ||
  fail "no warning with --allow-stale: $(cat "$WORK/last.err")"

note "score at an as-of too early for the blend's validation fold is 64; --allow-default-blend a warning"
early=$((first + 5))
expect_exit 64 bg 2 score --store "$WORK/store1.h5" --as-of $early --out "$WORK/early.h5"
has "$WORK/last.err" "--as-of $early is too early to fit the blend: its validation fold (validation_window_days = 14) has no samples; it needs 14 days of history before the as-of day, --as-of $((first + 14)) or later"
expect_exit 0 bg 2 score --store "$WORK/store1.h5" --as-of $early --out "$WORK/early.h5" --allow-default-blend
grep -F "[warning]" "$WORK/last.err" | grep -qF "has no samples: the default blend is used" ||
  fail "no warning with --allow-default-blend: $(cat "$WORK/last.err")"
printf '[score]\nlearn_blend = false\n' >"$WORK/fixed.toml"
expect_exit 0 bg 2 score --store "$WORK/store1.h5" --as-of $early --out "$WORK/fixed.h5" --config "$WORK/fixed.toml"
# A 2-day horizon asks 7 folds to cover validation_span_days; a history of 5 days before the
# as-of day holds 2 of them, and the blend is fitted on those (a young shop), with a warning.
printf '[score]\nvalidation_window_days = 2\n' >"$WORK/short.toml"
expect_exit 0 bg 2 score --store "$WORK/store1.h5" --as-of $early --out "$WORK/short.h5" --config "$WORK/short.toml"
grep -F "[warning]" "$WORK/last.err" |
  grep -qF "the history from day $first holds 2 of the 7 2-day validation folds that validation_span_days = 14 asks" ||
  fail "no warning of the folds that fit: $(cat "$WORK/last.err")"
grep -q "default blend" "$WORK/last.err" && fail "the folds that fit were not used: $(cat "$WORK/last.err")"

note "a validation fold without a purchase (the shop closed in its days) is 64 too, not a blend fitted on nothing"
closed_to=$((last - 20))
awk -F, -v a=$((closed_to - 13)) -v b=$closed_to 'NR == 1 || $3 < a || $3 > b' "$WORK/set1/transactions.csv" >"$WORK/closed.csv"
bg 2 ingest --transactions "$WORK/closed.csv" --out "$WORK/closed.h5" -q
# Closed for 14 days in a shop that sold every day of its year, not recorded as nights without
# sales: 65 naming the hole (its nights look missing); given --allow-stale, the fold's check.
expect_exit 65 bg 2 score --store "$WORK/closed.h5" --as-of $closed_to --out "$WORK/closed-coupons.h5"
has "$WORK/last.err" "has no rows from day $((closed_to - 13)) to day $closed_to (14 days; the longest hole of the year before: 0 days)"
expect_exit 64 bg 2 score --store "$WORK/closed.h5" --as-of $closed_to --out "$WORK/closed-coupons.h5" --allow-stale
has "$WORK/last.err" "purchases of days $((closed_to - 13))-$closed_to) has no purchase among its"
[[ ! -e $WORK/closed-coupons.h5 ]] || fail "coupons from a blend fitted on no purchase were published"
expect_exit 0 bg 2 score --store "$WORK/closed.h5" --as-of $closed_to --out "$WORK/closed-coupons.h5" \
  --allow-default-blend --allow-stale
grep -F "[warning]" "$WORK/last.err" | grep -qF "has no purchase among its" || fail "no warning: $(cat "$WORK/last.err")"

note "evaluate judges the engine with a blend fitted on nothing only when told: 64, or the default blend noted"
expect_exit 64 bg 2 evaluate --store "$WORK/closed.h5" --as-of $closed_to --json "$WORK/closed.json"
has "$WORK/last.err" "has no purchase among its"
[[ ! -e $WORK/closed.json ]] || fail "evaluate published a judgement of a blend fitted on nothing"
expect_exit 0 bg 2 evaluate --store "$WORK/closed.h5" --as-of $closed_to --json "$WORK/closed.json" --allow-default-blend
has "$WORK/closed.json" "the engine used the default blend (--allow-default-blend) as of day(s) $closed_to"
# A rolling backtest whose earlier window is the closed one names that window's day.
expect_exit 64 bg 2 evaluate --store "$WORK/closed.h5" --as-of $((closed_to + 14)) --windows 2 --json "$WORK/closed2.json"
expect_exit 0 bg 2 evaluate --store "$WORK/closed.h5" --as-of $((closed_to + 14)) --windows 2 --json "$WORK/closed2.json" \
  --allow-default-blend
has "$WORK/closed2.json" "the engine used the default blend (--allow-default-blend) as of day(s) $closed_to"
# A window inside the closed days judges nobody: 65, not a report of zeros.
expect_exit 65 bg 2 evaluate --store "$WORK/closed.h5" --as-of $((closed_to - 14)) --json "$WORK/nobody.json"
has "$WORK/last.err" "the window as of day $((closed_to - 14)) (purchases of days $((closed_to - 13))-$closed_to) has no household with a purchase in it"
[[ ! -e $WORK/nobody.json ]] || fail "evaluate published a judgement of nobody"
# --tune's validation window is held to the same rule: its fold in the closed days is 64 naming
# that window, or with the flag the default blend named in the notes and in the tuned file.
expect_exit 64 bg 2 evaluate --store "$WORK/closed.h5" --as-of $((closed_to + 14)) --tune \
  --tuned-config "$WORK/closed-tuned.toml" --json "$WORK/closed-tuned.json"
has "$WORK/last.err" "--tune: the validation window as of day $closed_to: the blend's validation fold (features as of day $((closed_to - 14)), purchases of days $((closed_to - 13))-$closed_to) has no purchase among its"
[[ ! -e $WORK/closed-tuned.toml && ! -e $WORK/closed-tuned.json ]] || fail "evaluate --tune published a choice made with a blend fitted on nothing"
expect_exit 0 bg 2 evaluate --store "$WORK/closed.h5" --as-of $((closed_to + 14)) --tune \
  --tuned-config "$WORK/closed-tuned.toml" --json "$WORK/closed-tuned.json" --allow-default-blend
has "$WORK/closed-tuned.json" "tune: the validation as of day(s) $closed_to used the default blend (--allow-default-blend)"
has "$WORK/closed-tuned.toml" "# tune: the validation as of day(s) $closed_to used the default blend (--allow-default-blend)"

note "a broken products file fails ingest before the parse pass, on every rank alike"
{ head -3 "$WORK/set1/products.csv"; echo "x7,1,A,B,C,D,E"; } >"$WORK/bad-products.csv"
expect_exit 65 bg 2 ingest --transactions "$WORK/set1/transactions.csv" --products "$WORK/bad-products.csv" \
  --out "$WORK/bad.h5"
has "$WORK/last.err" "bad-products.csv:4:1:"
! grep -q "ingest/parse" "$WORK/last.err" || fail "the products file was read after the parse pass"
! grep -qi "MPI_ABORT" "$WORK/last.err" || fail "the ranks did not agree on the error"
[[ ! -e $WORK/bad.h5 ]] || fail "a store was published"
expect_exit 0 bg 2 ingest --transactions "$WORK/set1/transactions.csv" --out "$WORK/ok.h5"
has "$WORK/last.err" "ingest/parse"

note "a households file without a consent column: ingest and export warn, the manifest says so"
cut -d, -f1,3- "$WORK/set1/households.csv" >"$WORK/no-consent.csv"
expect_exit 0 bg 2 ingest --transactions "$WORK/set1/transactions.csv" --households "$WORK/no-consent.csv" \
  --out "$WORK/no-consent.h5"
grep -F "[warning]" "$WORK/last.err" | grep -qF "no-consent.csv has no consent column: every household's consent is unknown, export will mail nobody" ||
  fail "no ingest warning: $(cat "$WORK/last.err")"
bg 2 score --store "$WORK/no-consent.h5" --as-of "$last" --out "$WORK/no-consent-coupons.h5" -q
expect_exit 0 "$BASKETGAP" export --coupons "$WORK/no-consent-coupons.h5" --out "$WORK/nobody.csv"
grep -F "[warning]" "$WORK/last.err" | grep -qF "has consent = 1: the mailing is empty" ||
  fail "no export warning: $(cat "$WORK/last.err")"
json_field "$WORK/nobody.csv.manifest.json" warning | grep -qF "the mailing is empty" || fail "the manifest does not say so"
[[ $(json_field "$WORK/nobody.csv.manifest.json" households) == 0 ]] || fail "someone was mailed"
python3 -c 'import json,sys; sys.exit("warning" in json.load(open(sys.argv[1])))' "$WORK/e.csv.manifest.json" ||
  fail "a warning in the manifest of a normal mailing"

note "append without the store's column mapping (its --config forgotten) is 64 naming both mappings, not 65"
awk -F, -v cut=$((last - 3)) 'NR == 1 { sub("household_key", "hh"); print; next } $3 <= cut' \
  "$WORK/set1/transactions.csv" >"$WORK/mapped-base.csv"
awk -F, -v cut=$((last - 3)) 'NR == 1 { sub("household_key", "hh"); print; next } $3 > cut' \
  "$WORK/set1/transactions.csv" >"$WORK/mapped-night.csv"
printf '[ingest.columns]\nhousehold = "hh"\n' >"$WORK/mapped.toml"
bg 2 ingest --transactions "$WORK/mapped-base.csv" --config "$WORK/mapped.toml" --out "$WORK/mapped.h5" -q
expect_exit 64 bg 2 append --store "$WORK/mapped.h5" --transactions "$WORK/mapped-night.csv"
has "$WORK/last.err" "(give the store's --config)"
expect_exit 0 bg 2 append --store "$WORK/mapped.h5" --transactions "$WORK/mapped-night.csv" --config "$WORK/mapped.toml"

note "side files that describe none of the store's ids (another catalogue, another panel) are 65, no store"
awk -F, 'NR == 1 { print; next } { $1 = $1 + 900000000; print }' OFS=, "$WORK/set1/products.csv" >"$WORK/foreign-products.csv"
expect_exit 65 bg 2 ingest --transactions "$WORK/set1/transactions.csv" --products "$WORK/foreign-products.csv" \
  --out "$WORK/crossed.h5"
has "$WORK/last.err" "foreign-products.csv: describes none of the 1677 products bought"
awk -F, 'NR == 1 { print; next } { $1 = $1 + 900000000; print }' OFS=, "$WORK/set1/households.csv" >"$WORK/foreign-households.csv"
expect_exit 65 bg 2 ingest --transactions "$WORK/set1/transactions.csv" --households "$WORK/foreign-households.csv" \
  --out "$WORK/foreign.h5"
has "$WORK/last.err" "foreign-households.csv: describes none of the 150 households with purchases"
[[ ! -e $WORK/crossed.h5 && ! -e $WORK/foreign.h5 ]] || fail "a store was published with a foreign side file"
no_temporaries "$WORK"

note "a transactions file cut in the middle of a line (a copy still being written) is 65, not one reject"
tx=$WORK/set1/transactions.csv
head -c $(($(head -n 200 "$tx" | wc -c) + 30)) "$tx" >"$WORK/cut.csv" # 30 bytes into line 201
expect_exit 65 bg 2 ingest --transactions "$WORK/cut.csv" --out "$WORK/cut.h5"
has "$WORK/last.err" "cut.csv: its last line (from byte $(head -n 200 "$tx" | wc -c)) ends without an end of line and does not parse"
[[ ! -e $WORK/cut.h5 ]] || fail "a store was published from a cut-short file"
head -c $(($(head -n 200 "$tx" | wc -c) - 1)) "$tx" >"$WORK/no-newline.csv" # whole lines, the last without "\n"
expect_exit 0 bg 2 -q ingest --transactions "$WORK/no-newline.csv" --out "$WORK/no-newline.h5"
# Read as a whole line, with a warning: cut inside its last field, it would parse too.
has "$WORK/last.err" "no-newline.csv: its last line ends without an end of line; it was read as a whole line"
[[ $(grep -c "its last line ends without an end of line" "$WORK/last.err") == 1 ]] || fail "warned by more than rank 0"

note "zero-padded product codes are read as numbers, with a warning (the export prints them unpadded)"
awk -F, 'BEGIN { OFS = "," } NR > 1 { $4 = sprintf("%012d", $4) } { print }' "$tx" >"$WORK/padded.csv"
expect_exit 0 bg 2 -q ingest --transactions "$WORK/padded.csv" --out "$WORK/padded.h5"
has "$WORK/last.err" "padded.csv: ids written with leading zeros (PRODUCT_ID '0000"
[[ $(inspect_field "$WORK/no-newline.h5" rows) -gt 0 ]] || fail "no rows from the file without a last newline"

note "a mistyped day far ahead (99999) would make a store no score reads: ingest and append refuse it (65)"
awk -F, 'BEGIN { OFS = "," } NR == 2 { $3 = 99999 } { print }' "$tx" >"$WORK/far.csv"
expect_exit 65 bg 2 ingest --transactions "$WORK/far.csv" --out "$WORK/far.h5"
grep -q "far.csv: days [0-9]*\.\.99999 are more than 32767 days apart" "$WORK/last.err" ||
  fail "unclear refusal of a far day: $(cat "$WORK/last.err")"
[[ ! -e $WORK/far.h5 ]] || fail "a store was published with a day no score reads"
cp "$WORK/store1.h5" "$WORK/grown.h5"
printf '%s\n' "$(head -1 "$tx")" "$(sed -n 2p "$WORK/far.csv")" >"$WORK/far-night.csv"
expect_exit 65 bg 2 append --store "$WORK/grown.h5" --transactions "$WORK/far-night.csv"
has "$WORK/last.err" "with $WORK/far-night.csv: days $first..99999 are more than 32767 days apart"
cmp -s "$WORK/store1.h5" "$WORK/grown.h5" || fail "a refused night changed the store"
