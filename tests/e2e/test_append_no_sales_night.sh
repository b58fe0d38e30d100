#!/usr/bin/env bash
# A night without sales (the shop closed for a holiday): its file is a header alone. `append`
# refuses it (65, naming --no-sales-day: a broken extract looks the same); with --no-sales-day D
# it is a version of its own — no rows, day D covered, so `score --as-of D` is not stale and
# gives the coupons of the rows before D; a pinned read of the version before is stale again;
# the night's households file applies (an opt-out on a closed day counts); a rerun changes
# nothing, a second closed day with the same bytes is a version of its own; a wrong day is
# retracted (before or after `compact`); `compact` keeps the covered day; only the day after the
# store's last can be a night without sales; a row dated far ahead does not make an earlier
# as-of current, while a closed day inside the history is no stale store (docs/RUNBOOK.md "A day
# without sales").
source "$(dirname "$0")/lib.sh"
"$BASKETGAP" -q generate --households 200 --seed 11 --out "$WORK/gen" || fail "generate"
g=$WORK/gen
last=$(awk -F, 'NR > 1 && $3 > m { m = $3 } END { print m }' "$g/transactions.csv")
awk -F, -v last="$last" 'NR == 1 || $3 < last' "$g/transactions.csv" >"$WORK/history.csv"
L=$((last - 1)) # the store's last day with sales
bg 1 -q ingest --transactions "$WORK/history.csv" --households "$g/households.csv" --out "$WORK/s.h5" ||
  fail "ingest"
cp "$WORK/s.h5" "$WORK/base.h5"
head -1 "$g/transactions.csv" >"$WORK/closed.csv"
field() { "$BASKETGAP" -q inspect --json "$WORK/s.h5" | python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

note "a header alone without --no-sales-day: 65 naming the option, the store unchanged"
md5=$(md5sum <"$WORK/s.h5")
expect_exit 65 bg 2 append --store "$WORK/s.h5" --transactions "$WORK/closed.csv"
grep -q -- "--no-sales-day" "$WORK/last.err" || fail "the refusal does not name --no-sales-day: $(cat "$WORK/last.err")"
[[ $(md5sum <"$WORK/s.h5") == "$md5" && ! -e $WORK/s.h5.segments ]] || fail "the refused night changed the store"

note "--no-sales-day with a file of rows, or a day the store has: 64; a day past a gap: 65"
expect_exit 64 bg 1 append --store "$WORK/s.h5" --transactions "$g/transactions.csv" --no-sales-day "$((L + 1))"
grep -q "has purchase lines" "$WORK/last.err" || fail "no reason given: $(cat "$WORK/last.err")"
expect_exit 64 bg 1 append --store "$WORK/s.h5" --transactions "$WORK/closed.csv" --no-sales-day "$L"
grep -q "already covers that day" "$WORK/last.err" || fail "no reason given: $(cat "$WORK/last.err")"
expect_exit 65 bg 1 append --store "$WORK/s.h5" --transactions "$WORK/closed.csv" --no-sales-day "$((L + 3))"
grep -q "days $((L + 1))-$((L + 2)) are missing" "$WORK/last.err" || fail "the gap is not named: $(cat "$WORK/last.err")"
expect_exit 65 bg 1 append --store "$WORK/s.h5" --transactions "$WORK/closed.csv" --no-sales-day "$((L + 2))"
grep -q "day $((L + 1)) is missing" "$WORK/last.err" || fail "one missing day is not named: $(cat "$WORK/last.err")"
[[ $(md5sum <"$WORK/s.h5") == "$md5" ]] || fail "a refused --no-sales-day changed the store"

note "a night of returns only is a night without sales too"
{ head -1 "$g/transactions.csv"; awk -F, -v OFS=, 'NR == 2 { $5 = -1; print }' "$WORK/history.csv"; } >"$WORK/returns.csv"
expect_exit 65 bg 1 append --store "$WORK/s.h5" --transactions "$WORK/returns.csv"
grep -q "no purchase line (a header alone, or returns only)" "$WORK/last.err" || fail "returns only: $(cat "$WORK/last.err")"
cp "$WORK/s.h5" "$WORK/returns.h5"
bg 1 -q append --store "$WORK/returns.h5" --transactions "$WORK/returns.csv" --no-sales-day "$((L + 1))" ||
  fail "a night of returns only with --no-sales-day"
rm -rf "$WORK/returns.h5" "$WORK/returns.h5.segments"

note "day $((L + 1)) without sales: version 2, no rows, the day covered"
bg 2 -q append --store "$WORK/s.h5" --transactions "$WORK/closed.csv" --no-sales-day "$((L + 1))" ||
  fail "append --no-sales-day"
[[ $(field "['store_version']") == 2 && $(field "['max_day']") == $((L + 1)) ]] ||
  fail "version $(field "['store_version']"), max_day $(field "['max_day']"); want 2 and $((L + 1))"
[[ $(field "['batches'][-1]['rows']") == 0 && $(field "['batches'][-1]['no_sales']") == True &&
  $(field "['batches'][-1]['first_day']") == $((L + 1)) ]] || fail "the batch record: $(field "['batches'][-1]")"
[[ $(field "['rows']") == $(json_field <("$BASKETGAP" -q inspect --json "$WORK/base.h5") rows) ]] ||
  fail "the row count changed"
"$BASKETGAP" -q inspect "$WORK/s.h5" | grep -q "v2 *no sales on day $((L + 1)), closed.csv" ||
  fail "inspect does not say the night had no sales: $("$BASKETGAP" -q inspect "$WORK/s.h5" | grep '^  v')"

note "score as of the closed day: not stale, the coupons of the rows before it"
bg 2 -q score --store "$WORK/s.h5" --as-of "$((L + 1))" --out "$WORK/closed.h5" || fail "score as of the closed day"
bg 2 -q score --store "$WORK/base.h5" --as-of "$((L + 1))" --allow-stale --out "$WORK/stale.h5" ||
  fail "score of the base store with --allow-stale"
same_datasets "$WORK/closed.h5" "$WORK/stale.h5" /coupons
expect_exit 65 bg 1 score --store "$WORK/s.h5" --store-version 1 --as-of "$((L + 1))" --out "$WORK/v1.h5"
grep -q "day $((L + 1)) is missing" "$WORK/last.err" || fail "version 1 is not stale: $(cat "$WORK/last.err")"

note "a rerun of the night changes nothing"
md5=$(md5sum <"$WORK/s.h5")
bg 1 -q append --store "$WORK/s.h5" --transactions "$WORK/closed.csv" --no-sales-day "$((L + 1))" || fail "rerun"
[[ $(md5sum <"$WORK/s.h5") == "$md5" ]] || fail "the rerun changed the store"

note "a second closed day (the same bytes) with an opt-out: version 3, the opt-out applied"
cp "$WORK/closed.csv" "$WORK/closed-again.csv"
optout=$(awk -F, 'NR > 1 && $2 == 1 { print $1; exit }' "$g/households.csv")
printf 'household_key,consent\n%s,0\n' "$optout" >"$WORK/optout.csv"
consented=$(field "['households_consented']")
bg 2 -q append --store "$WORK/s.h5" --transactions "$WORK/closed-again.csv" --no-sales-day "$((L + 2))" \
  --households "$WORK/optout.csv" || fail "the second closed day"
[[ $(field "['store_version']") == 3 && $(field "['max_day']") == $((L + 2)) ]] || fail "not version 3 covering day $((L + 2))"
[[ $(field "['households_consented']") == $((consented - 1)) ]] ||
  fail "the opt-out was not applied: $(field "['households_consented']") consented, was $consented"

note "a wrong --no-sales-day is retracted: the day is not covered any more; compact keeps the rest"
bg 1 retract --store "$WORK/s.h5" --version 3 >"$WORK/retract.log" 2>&1 || fail "retract the closed day"
# Its households file (an opt-out here) is not recorded for a night without rows: the warning that
# what it changed stays is given anyway (a wrong file's consent would otherwise be thought undone).
grep -q "batch 3 was a night without sales: if it came with a households or products file, what that file changed stays" \
  "$WORK/retract.log" || fail "no warning that the closed night's households file still holds: $(cat "$WORK/retract.log")"
[[ $(field "['max_day']") == $((L + 1)) ]] || fail "max_day $(field "['max_day']") after the retract, want $((L + 1))"
expect_exit 65 bg 1 score --store "$WORK/s.h5" --as-of "$((L + 2))" --out "$WORK/x.h5"
bg 2 -q compact --store "$WORK/s.h5" || fail "compact"
[[ ! -e $WORK/s.h5.segments && $(field "['max_day']") == $((L + 1)) ]] ||
  fail "compact: max_day $(field "['max_day']"), want $((L + 1))"
bg 2 -q score --store "$WORK/s.h5" --as-of "$((L + 1))" --out "$WORK/compacted.h5" || fail "score after compact"
same_datasets "$WORK/compacted.h5" "$WORK/stale.h5" /coupons

note "after compact, a wrong closed day is still retracted (the store becomes segmented again)"
# (closed-again.csv of day L+2 was retracted; a night without sales has no file to correct, so
# its day may be recorded again, unlike a retracted night of rows)
bg 1 -q append --store "$WORK/s.h5" --transactions "$WORK/closed-again.csv" --no-sales-day "$((L + 2))" ||
  fail "a retracted closed day recorded again, after compact"
v=$(field "['store_version']")
bg 1 -q retract --store "$WORK/s.h5" --version "$v" || fail "retract of the closed day after compact"
[[ $(field "['max_day']") == $((L + 1)) && $(field "['store_version']") == $((v + 1)) ]] ||
  fail "after the retract: max_day $(field "['max_day']"), version $(field "['store_version']")"
bg 2 -q score --store "$WORK/s.h5" --as-of "$((L + 1))" --out "$WORK/after-retract.h5" || fail "score after the retract"
same_datasets "$WORK/after-retract.h5" "$WORK/stale.h5" /coupons

note "a row dated far ahead by mistake does not make the days before it current"
cp "$WORK/base.h5" "$WORK/typo.h5"
row=$(awk -F, 'NR == 2' "$WORK/history.csv")
{ head -1 "$g/transactions.csv"; echo "$row" | awk -F, -v OFS=, -v d=$((L + 1000)) '{ $2 = 99999999; $3 = d; print }'; } >"$WORK/typo.csv"
bg 1 -q append --store "$WORK/typo.h5" --transactions "$WORK/typo.csv" || fail "append of the night with the typo"
expect_exit 65 bg 2 score --store "$WORK/typo.h5" --as-of "$((L + 2))" --out "$WORK/t.h5"
grep -q "has no rows from day $((L + 1)) to day $((L + 999))" "$WORK/last.err" || fail "the gap is not named: $(cat "$WORK/last.err")"
# Ten days ahead: a hole of 9 days in a shop that sold every day of its year is missing nights.
{ head -1 "$g/transactions.csv"; echo "$row" | awk -F, -v OFS=, -v d=$((L + 10)) '{ $2 = 99999998; $3 = d; print }'; } >"$WORK/typo10.csv"
cp "$WORK/base.h5" "$WORK/typo10.h5"
bg 1 -q append --store "$WORK/typo10.h5" --transactions "$WORK/typo10.csv" || fail "append of the night with the 10-day typo"
expect_exit 65 bg 2 score --store "$WORK/typo10.h5" --as-of "$((L + 2))" --out "$WORK/t.h5"
grep -q "has no rows from day $((L + 1)) to day $((L + 9)) (9 days; the longest hole of the year before: 0 days)" \
  "$WORK/last.err" || fail "the 9-day gap is not named: $(cat "$WORK/last.err")"
# evaluate says so (a warning and a note in the results) when the hole lies inside its window,
# or around its as-of day (the window's only purchases on the stray row's day: NDCG 0, silently).
for as_of in $((L - 4)) $((L + 2)); do
  bg 2 evaluate --store "$WORK/typo10.h5" --as-of "$as_of" --window 8 --json "$WORK/e$as_of.json" \
    >"$WORK/e.log" 2>&1 || { cat "$WORK/e.log"; fail "evaluate as of $as_of over the 10-day typo"; }
  grep -q "warning.*the store has no rows from day $((L + 1)) to day $((L + 9)) .*day $((L + 10))'s rows dated ahead" \
    "$WORK/e.log" || { cat "$WORK/e.log"; fail "evaluate as of $as_of: no warning of the hole"; }
  grep -q "no rows from day $((L + 1))" "$WORK/e$as_of.json" || fail "evaluate as of $as_of: no note of the hole"
done
# A rolling backtest whose earlier window lies over the hole (nights L+10 .. L+20 appended after
# it, each with day L's rows): its truth is cut short too, though the last window's days are whole.
cp "$WORK/typo10.h5" "$WORK/later.h5" && cp -r "$WORK/typo10.h5.segments" "$WORK/later.h5.segments"
for d in $(seq $((L + 11)) $((L + 20))); do
  awk -F, -v OFS=, -v from="$L" -v to="$d" 'NR == 1 { print; next } $3 == from { $3 = to; print }' \
    "$WORK/history.csv" >"$WORK/night$d.csv"
  bg 1 -q append --store "$WORK/later.h5" --transactions "$WORK/night$d.csv" || fail "append of night $d"
done
bg 2 evaluate --store "$WORK/later.h5" --as-of "$((L + 12))" --window 8 --windows 2 --json "$WORK/rolling.json" \
  >"$WORK/e.log" 2>&1 || { cat "$WORK/e.log"; fail "evaluate --windows 2 after the hole"; }
grep -q "warning.*the store has no rows from day $((L + 1)) to day $((L + 9))" "$WORK/e.log" ||
  { cat "$WORK/e.log"; fail "evaluate --windows 2: no warning of the hole in its earlier window"; }
# The shop's usual holes are no stale store: a closed day inside the history; weekly data
# (rows on one day a week: 6-day holes), scored mid-week; a week closed with a week closed
# the year before.
awk -F, -v d="$((L - 3))" 'NR == 1 || $3 != d' "$WORK/history.csv" >"$WORK/gap.csv"
bg 1 -q ingest --transactions "$WORK/gap.csv" --out "$WORK/gap.h5" || fail "ingest with a closed day"
bg 2 -q score --store "$WORK/gap.h5" --as-of "$((L - 3))" --out "$WORK/gap-coupons.h5" || fail "score as of a closed day"
awk -F, -v l="$L" 'NR == 1 || (l - $3) % 7 == 0' "$WORK/history.csv" >"$WORK/weekly.csv"
bg 1 -q ingest --transactions "$WORK/weekly.csv" --out "$WORK/weekly.h5" || fail "ingest of weekly rows"
bg 2 -q score --store "$WORK/weekly.h5" --as-of "$((L - 10))" --out "$WORK/weekly-coupons.h5" ||
  fail "score of weekly data mid-week: $(cat "$WORK/last.err")"
awk -F, -v l="$L" 'NR == 1 || !(($3 > l - 20 && $3 <= l - 12) || ($3 > l - 380 && $3 <= l - 375))' \
  "$WORK/history.csv" >"$WORK/closings.csv"
bg 1 -q ingest --transactions "$WORK/closings.csv" --out "$WORK/closings.h5" || fail "ingest with two closings"
bg 2 -q score --store "$WORK/closings.h5" --as-of "$((L - 15))" --out "$WORK/closings-coupons.h5" ||
  fail "score inside an 8-day closing after a 5-day one the year before: $(cat "$WORK/last.err")"
bg 2 -q score --store "$WORK/typo.h5" --as-of "$((L + 2))" --allow-stale --out "$WORK/t.h5" || fail "--allow-stale"
no_temporaries "$WORK"
note "nights without sales OK"
