#!/usr/bin/env bash
# ingest on the bad-input corpus (tests/data/bad, see its README): every rule gets its defined
# treatment, the rejects file names line, column and reason, the budget is enforced, and a
# failed run leaves nothing under a final name.
source "$(dirname "$0")/lib.sh"
BAD=$REPO/tests/data/bad

# rejects_of FILE: "line:column:reason" of every reject, in order.
rejects_of() { /usr/bin/python3 - "$1" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline='')))
print(' '.join(f"{r['line']}:{r['column']}:{r['reason']}" for r in rows))
PY
}

# check FILE "EXPECTED REJECTS" [extra ingest args]: under budget -> store + exact rejects;
# budget 0 -> exit 65, no store, no temporaries (unless only unbudgeted rejects).
check() {
  local name=$1 want=$2; shift 2
  local out=$WORK/$name.h5
  note "$name"
  bg 2 ingest --transactions "$BAD/$name.csv" --out "$out" --max-rejects 100 -q "$@" \
    || fail "$name: ingest within budget failed"
  [[ -f $out ]] || fail "$name: no store"
  local got
  got=$(rejects_of "$out.rejects.csv")
  [[ $got == "$want" ]] || fail "$name: rejects '$got', want '$want'"
  if grep -qvE ':(return_line|duplicate_line)' <<<"${want// /$'\n'}"; then
    expect_exit 65 bg 2 ingest --transactions "$BAD/$name.csv" --out "$WORK/$name-0.h5" --max-rejects 0 "$@"
    [[ ! -e $WORK/$name-0.h5 ]] || fail "$name: a store was published past the budget"
    grep -q "more than --max-rejects 0" "$WORK/last.err" || fail "$name: no one-line budget error"
  fi
  no_temporaries "$WORK"
}

check malformed_quote "3:4:malformed_line 5:4:malformed_line 6:2:malformed_line"
check column_count "3:0:column_count 4:0:column_count 5:0:column_count 6:0:column_count"
check not_a_number "2:1:not_a_number 3:2:not_a_number 4:3:not_a_number 5:4:not_a_number 6:5:not_a_number 7:6:not_a_number 9:6:not_a_number"
check bad_day_number "3:3:bad_day 4:3:bad_day 5:3:out_of_range"
check day_format_iso "4:3:bad_day 5:3:bad_day 6:3:bad_day 7:3:bad_day 8:3:bad_day 9:3:bad_day" \
  --config "$BAD/day_format_iso.toml"
check return_lines "3:5:return_line 4:5:return_line 5:5:return_line 6:4:not_a_number"
check negative_id "2:1:out_of_range 3:2:out_of_range 4:3:out_of_range 5:4:out_of_range 6:4:out_of_range"
check empty_field "2:1:empty_field 3:2:empty_field 4:3:empty_field 5:4:empty_field 6:5:empty_field 8:4:empty_field"
check duplicate_rows "4:0:duplicate_line 5:0:duplicate_line 6:0:duplicate_line"

note "duplicates: the store keeps one copy of each purchase"
data_lines=$(($(wc -l <"$BAD/duplicate_rows.csv") - 1))
rows=$("$BASKETGAP" inspect "$WORK/duplicate_rows.h5" --json | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["rows"])')
[[ $rows == $((data_lines - 3)) ]] || fail "duplicate_rows: $rows rows stored, want $((data_lines - 3))"

note "returns and duplicates past --max-rejects: the rejects file lists the first of each by line, for any rank count"
"$BASKETGAP" -q generate --households 200 --days 60 --seed 4 --out "$WORK/gen"
# The file twice, every third line of the copy a return: thousands of duplicates and returns.
{ cat "$WORK/gen/transactions.csv"; tail -n +2 "$WORK/gen/transactions.csv" |
  awk -F, 'BEGIN { OFS = "," } NR % 3 == 0 { $5 = -1 } { print }'; } >"$WORK/twice.csv"
for n in 1 3; do
  bg "$n" ingest --transactions "$WORK/twice.csv" --out "$WORK/twice$n.h5" --max-rejects 50 2>"$WORK/twice$n.err" ||
    fail "twice at -np $n: $(cat "$WORK/twice$n.err")"
done
cmp "$WORK/twice1.h5.rejects.csv" "$WORK/twice3.h5.rejects.csv" || fail "the rejects file depends on the rank count"
first_lines() { python3 -c 'import csv, sys; print(" ".join(r["line"] for r in csv.DictReader(open(sys.argv[1])) if r["reason"] == sys.argv[2]))' "$@"; }
returns=$(awk -F, 'NR > 1 && $5 <= 0 && n++ < 50 { print NR }' "$WORK/twice.csv" | paste -sd' ')
[[ $(first_lines "$WORK/twice3.h5.rejects.csv" return_line) == "$returns" ]] || fail "not the first 50 returns"
[[ $(first_lines "$WORK/twice3.h5.rejects.csv" duplicate_line | wc -w) == 50 ]] || fail "not 50 duplicates listed"
grep -q "it lists the first 50 returns and the first 50 duplicates by line" "$WORK/twice3.err" ||
  fail "the log does not say the list stops short: $(cat "$WORK/twice3.err")"
grep -q "are returns or corrections (quantity <= 0), dropped: a share that high is unusual" "$WORK/twice3.err" ||
  fail "no warning of the share of returns: $(cat "$WORK/twice3.err")"
awk -F, 'BEGIN { OFS = "," } NR > 1 { $5 = 0 } { print }' "$WORK/gen/transactions.csv" >"$WORK/returns-only.csv"
expect_exit 65 bg 2 ingest --transactions "$WORK/returns-only.csv" --out "$WORK/returns-only.h5"
grep -q "no valid transaction line ([0-9]* data lines: [0-9]* returns or corrections, quantity <= 0" "$WORK/last.err" ||
  fail "returns only: $(cat "$WORK/last.err")"

note "iso dates become day numbers (2020-01-01 = day 1)"
"$BASKETGAP" inspect "$WORK/day_format_iso.h5" --json >"$WORK/iso.json"
[[ $(json_field "$WORK/iso.json" min_day) == 1 ]] || fail "iso: min_day"
[[ $(json_field "$WORK/iso.json" max_day) == 426 ]] || fail "iso: max_day"

note "a bad header is one clear error, nothing written"
expect_exit 65 bg 2 ingest --transactions "$BAD/bad_header.csv" --out "$WORK/header.h5"
grep -q "bad_header.csv:1: missing column 'BASKET_ID'" "$WORK/last.err" || fail "bad header message"
[[ ! -e $WORK/header.h5 ]] || fail "bad header: store published"

note "an existing store is not replaced without --overwrite"
expect_exit 73 bg 1 ingest --transactions "$BAD/return_lines.csv" --out "$WORK/return_lines.h5"
grep -q "already exists" "$WORK/last.err" || fail "overwrite message"

note "a missing input file"
expect_exit 66 "$BASKETGAP" ingest --transactions "$WORK/nope.csv" --out "$WORK/nope.h5"

note "a pipe: the ranks read byte ranges of a file, so a pipe is 66 saying so, not an empty file"
expect_exit 66 sh -c "cat '$BAD/return_lines.csv' | '$BASKETGAP' ingest --transactions /dev/stdin --out '$WORK/pipe.h5'"
grep -q "not a regular file (a pipe or a device?)" "$WORK/last.err" || fail "pipe message: $(cat "$WORK/last.err")"
no_temporaries "$WORK"
echo PASS
