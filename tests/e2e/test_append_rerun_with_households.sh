#!/usr/bin/env bash
# A night appended again with products/households files (docs/RUNBOOK.md "Daily append"): the
# same files as before change nothing (exit 0, a requeued nightly job); files that would change
# the store (an opt-out) are refused with exit 64 saying they were not applied, the store
# untouched; passed with the next night's append they take effect. Retracting that night says
# its households file's changes stay; a rebuild (ingest --overwrite) that would give the
# opted-out household consent again is refused.
source "$(dirname "$0")/lib.sh"
"$BASKETGAP" -q generate --households 200 --seed 7 --out "$WORK/gen" || fail "generate"
g=$WORK/gen
side=(--products "$g/products.csv" --households "$g/households.csv")
bg 1 -q ingest --transactions "$g/transactions.csv" "${side[@]}" --out "$WORK/s.h5" || fail "ingest"
last=$(awk -F, 'NR > 1 && $3 > m { m = $3 } END { print m }' "$g/transactions.csv")
night() { printf '%s\n1,9900000000%d,%d,100001,1,1.0,0,0,0,102,0,0\n' "$(head -1 "$g/transactions.csv")" "$1" "$1"; }
night $((last + 1)) >"$WORK/n1.csv"
night $((last + 2)) >"$WORK/n2.csv"
bg 2 -q append --store "$WORK/s.h5" --transactions "$WORK/n1.csv" "${side[@]}" || fail "append night 1"
digest() { cat "$WORK/s.h5" "$WORK"/s.h5.segments/* | md5sum; }
consented() { "$BASKETGAP" -q inspect --json "$WORK/s.h5" | python3 -c 'import json,sys; print(json.load(sys.stdin)["households_consented"])'; }
before=$(digest)
consented_before=$(consented)

note "the same files again: nothing to do"
expect_exit 0 bg 2 append --store "$WORK/s.h5" --transactions "$WORK/n1.csv" "${side[@]}"
grep -q "already appended as version 2; nothing to do" "$WORK/last.err" "$WORK/last.out" || fail "no 'nothing to do'"
[[ $(digest) == "$before" ]] || fail "the store changed"

note "an opt-out with a night already appended: refused, not dropped"
out=$(awk -F, 'NR > 1 && $2 == 1 { print $1; exit }' "$g/households.csv")
printf 'household_key,consent\n%s,0\n' "$out" >"$WORK/optout.csv"
expect_exit 64 bg 2 append --store "$WORK/s.h5" --transactions "$WORK/n1.csv" --households "$WORK/optout.csv"
grep -q "n1.csv is already appended as version 2: the store is unchanged and 1 household(s) and 0 product(s) of .*optout.csv were NOT applied; pass the file(s) with the next night's append" \
  "$WORK/last.err" || fail "unclear refusal: $(cat "$WORK/last.err")"
[[ $(digest) == "$before" ]] || fail "the store changed on a refused append"
[[ $(consented) == "$consented_before" ]] || fail "consent changed"

note "with the next night's append it takes effect"
bg 2 -q append --store "$WORK/s.h5" --transactions "$WORK/n2.csv" --households "$WORK/optout.csv" ||
  fail "append night 2"
[[ $(consented) == $((consented_before - 1)) ]] || fail "the opt-out was not applied: $(consented)"

note "retracting that night says its households file's changes stay"
bg 1 retract --store "$WORK/s.h5" --version 3 >"$WORK/retract.log" 2>&1 || fail "retract: $(cat "$WORK/retract.log")"
grep -q "batch 3 came with the households file optout.csv: its consent changes stay" "$WORK/retract.log" ||
  fail "retract did not say the households file stays: $(cat "$WORK/retract.log")"
[[ $(consented) == $((consented_before - 1)) ]] || fail "retract changed consent: $(consented)"

note "rebuilding the store with --overwrite from the original households file would lose the opt-out: 65"
cp "$WORK/s.h5" "$WORK/head-before.h5"
expect_exit 65 bg 2 ingest --transactions "$g/transactions.csv" "${side[@]}" --out "$WORK/s.h5" --overwrite
grep -q "nights appended since its ingest), where 1 household(s) have no consent, with a store that gives them consent again (e.g. $out)" "$WORK/last.err" ||
  fail "unclear refusal of the rebuild: $(cat "$WORK/last.err")"
cmp -s "$WORK/s.h5" "$WORK/head-before.h5" || fail "the refused rebuild changed the store"
awk -F, -v h="$out" 'BEGIN { OFS = "," } NR > 1 && $1 == h { $2 = 0 } { print }' "$g/households.csv" >"$WORK/kept.csv"
bg 2 -q ingest --transactions "$g/transactions.csv" --products "$g/products.csv" --households "$WORK/kept.csv" \
  --out "$WORK/s.h5" --overwrite || fail "the rebuild with the opt-out in its households file"
[[ $(consented) == $((consented_before - 1)) ]] || fail "the rebuild lost the opt-out: $(consented)"
note "a store of one version rebuilt with a newer households file: a household may opt in again"
bg 1 -q ingest --transactions "$g/transactions.csv" --products "$g/products.csv" --households "$WORK/kept.csv" \
  --out "$WORK/one.h5" || fail "ingest of a one-version store"
bg 1 -q ingest --transactions "$g/transactions.csv" "${side[@]}" --out "$WORK/one.h5" --overwrite ||
  fail "a one-version store rebuilt with the household opted in again was refused"
echo "OK: append rerun with households"
