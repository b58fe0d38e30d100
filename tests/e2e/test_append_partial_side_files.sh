#!/usr/bin/env bash
# An append's products/households file with some of the columns only (a brand feed, a file of
# birth months, an opt-out of `household_key,consent`): the columns it has update the entries it
# names, the others keep their stored values (docs/RUNBOOK.md "Daily append"). Before, such a
# file erased every department (a campaign excluding one then mailed it) or every consent. An
# opt-out file whose consent column has another name, or that has none of the columns an append
# applies, is refused (65): its opt-outs would be lost without a word.
source "$(dirname "$0")/lib.sh"
"$BASKETGAP" -q generate --households 200 --seed 7 --out "$WORK/gen" || fail "generate"
g=$WORK/gen
bg 1 -q ingest --transactions "$g/transactions.csv" --products "$g/products.csv" \
  --households "$g/households.csv" --out "$WORK/s.h5" || fail "ingest"
last=$(awk -F, 'NR > 1 && $3 > m { m = $3 } END { print m }' "$g/transactions.csv")
night() { printf '%s\n1,9900000000%d,%d,100001,1,1.0,0,0,0,102,0,0\n' "$(head -1 "$g/transactions.csv")" "$1" "$1" >"$WORK/n$1.csv"; }
field() { "$BASKETGAP" -q inspect --json "$WORK/s.h5" | python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }
# table STORE: every product's department, commodity, sub-commodity and brand, and every
# household's consent, birth month and type, one line each.
table() {
  /usr/bin/python3 - "$WORK/s.h5" <<'PY'
import sys, h5py
with h5py.File(sys.argv[1], "r") as f:
    def names(group, column):
        codes, words = f[f"{group}/{column}"][:], [w.decode() for w in f[f"{group}/{column}_names"][:]]
        return [words[c] if c >= 0 else "" for c in codes]
    columns = [names("/products", c) for c in ("department", "commodity", "sub_commodity", "brand")]
    for i, pid in enumerate(f["/products/id"][:]):
        print("product", pid, *[c[i] for c in columns], sep="|")
    kinds = names("/households", "type")
    for i, hid in enumerate(f["/households/id"][:]):
        print("household", hid, f["/households/consent"][i], f["/households/birth_month"][i], kinds[i], sep="|")
PY
}
departments=$(field products_with_department)
consented=$(field households_consented)
((departments > 0 && consented > 0)) || fail "the generated store has no departments ($departments) or consent ($consented)"
table >"$WORK/before.txt"

note "a brand feed (PRODUCT_ID,BRAND): one brand changes, every department stays"
product=$(awk -F, 'NR == 2 { print $1 }' "$g/products.csv")
{ echo "PRODUCT_ID,BRAND"; awk -F, -v p="$product" 'NR > 1 { print $1 "," ($1 == p ? "Renamed" : $4) }' "$g/products.csv"; } >"$WORK/brands.csv"
night $((last + 1))
bg 2 -q append --store "$WORK/s.h5" --transactions "$WORK/n$((last + 1)).csv" --products "$WORK/brands.csv" ||
  fail "append with the brand feed"
[[ $(field products_with_department) == "$departments" ]] ||
  fail "departments: $departments before, $(field products_with_department) after a file without DEPARTMENT"
table >"$WORK/after-brands.txt"
diff <(grep -v "^product|$product|" "$WORK/before.txt") <(grep -v "^product|$product|" "$WORK/after-brands.txt") ||
  fail "the brand feed changed other entries"
grep -q "^product|$product|.*|Renamed$" "$WORK/after-brands.txt" || fail "the brand was not updated"

note "a file of birth months (household_key,birth_month): consent stays, no warning"
{ echo "household_key,birth_month"; awk -F, 'NR > 1 { print $1 ",1" }' "$g/households.csv"; } >"$WORK/months.csv"
night $((last + 2))
expect_exit 0 bg 2 append --store "$WORK/s.h5" --transactions "$WORK/n$((last + 2)).csv" --households "$WORK/months.csv"
! grep -q "mail nobody" "$WORK/last.err" || fail "a warning that nobody can be mailed: $(grep 'mail nobody' "$WORK/last.err")"
[[ $(field households_consented) == "$consented" ]] ||
  fail "consent: $consented households before, $(field households_consented) after a file without consent"

note "an opt-out (household_key,consent): one household less, its birth month kept, no warning"
out=$(awk -F, 'NR > 1 && $2 == 1 { print $1; exit }' "$g/households.csv")
printf 'household_key,consent\n%s,0\n' "$out" >"$WORK/optout.csv"
night $((last + 3))
expect_exit 0 bg 2 append --store "$WORK/s.h5" --transactions "$WORK/n$((last + 3)).csv" --households "$WORK/optout.csv"
! grep -q "mail nobody" "$WORK/last.err" || fail "a warning that nobody can be mailed after one opt-out"
[[ $(field households_consented) == $((consented - 1)) ]] || fail "the opt-out was not applied"
grep -q "optout.csv names 1 households: consent withdrawn for 1, given for 0" "$WORK/last.err" ||
  fail "the log does not say what the opt-out did: $(grep append "$WORK/last.err")"
table >"$WORK/after-optout.txt"
grep -q "^household|$out|0|1|" "$WORK/after-optout.txt" ||
  fail "the opt-out lost the household's birth month: $(grep "^household|$out|" "$WORK/after-optout.txt")"

note "an opt-out under another column name, or without the column: 65, nothing lost in silence"
digest() { cat "$WORK/s.h5" "$WORK"/s.h5.segments/* | md5sum; }
before=$(digest)
second=$(awk -F, 'NR > 1 && $2 == 1 { n++; if (n == 2) { print $1; exit } }' "$g/households.csv")
night $((last + 9))
for header in marketing_consent opt_out "Consent Flag"; do
  printf 'household_key,%s\n%s,0\n' "$header" "$second" >"$WORK/renamed.csv"
  expect_exit 65 bg 2 append --store "$WORK/s.h5" --transactions "$WORK/n$((last + 9)).csv" --households "$WORK/renamed.csv"
  grep -q "renamed.csv:1: column '$header' is not read as consent: only a column named 'consent' is" "$WORK/last.err" ||
    fail "$header: unclear refusal: $(cat "$WORK/last.err")"
done
printf 'household_key,household_size_desc\n%s,2\n' "$second" >"$WORK/nothing.csv"
expect_exit 65 bg 2 append --store "$WORK/s.h5" --transactions "$WORK/n$((last + 9)).csv" --households "$WORK/nothing.csv"
grep -q "nothing.csv: has none of the columns an append applies" "$WORK/last.err" || fail "unclear refusal: $(cat "$WORK/last.err")"
[[ $(digest) == "$before" ]] || fail "a refused households file changed the store"
expect_exit 65 bg 1 ingest --transactions "$g/transactions.csv" --households "$WORK/renamed.csv" --out "$WORK/renamed.h5"
grep -q "renamed.csv:1: column 'Consent Flag' is not read as consent" "$WORK/last.err" || fail "ingest: $(cat "$WORK/last.err")"
rm "$WORK/n$((last + 9)).csv"

note "a rerun of that night with a household new to the store: refused, not dropped"
printf 'household_key,consent\n%s,0\n987654321,1\n' "$out" >"$WORK/optout-new.csv"
expect_exit 64 bg 2 append --store "$WORK/s.h5" --transactions "$WORK/n$((last + 3)).csv" --households "$WORK/optout-new.csv"
grep -q "1 household(s) and 0 product(s) of .*optout-new.csv were NOT applied" "$WORK/last.err" ||
  fail "unclear refusal: $(cat "$WORK/last.err")"

note "everyone opts out: the warning says so"
{ echo "household_key,consent"; awk -F, 'NR > 1 { print $1 ",0" }' "$g/households.csv"; } >"$WORK/all-out.csv"
night $((last + 4))
expect_exit 0 bg 2 append --store "$WORK/s.h5" --transactions "$WORK/n$((last + 4)).csv" --households "$WORK/all-out.csv"
grep -q "no household of .*s.h5 has consent = 1 .*export will mail nobody" "$WORK/last.err" ||
  fail "no warning that nobody can be mailed"
note "a products file of another numbering: refused as at ingest, the store unchanged"
printf 'PRODUCT_ID,DEPARTMENT\n900000001,TOBACCO\n900000002,TOBACCO\n' >"$WORK/other.csv"
night $((last + 5))
digest() { cat "$WORK/s.h5" "$WORK"/s.h5.segments/* | md5sum; }
before=$(digest)
expect_exit 65 bg 2 append --store "$WORK/s.h5" --transactions "$WORK/n$((last + 5)).csv" --products "$WORK/other.csv"
grep -q "other.csv: describes none of the store's products nor the night's (2 entries" "$WORK/last.err" ||
  fail "unclear refusal: $(cat "$WORK/last.err")"
[[ $(digest) == "$before" ]] || fail "the refused append changed the store"
echo "OK: append with partial side files"
