#!/usr/bin/env bash
# Household ids beyond 2^53 - 1 (17-digit loyalty cards) in a JSONL export: a JSON reader that
# holds numbers as doubles (JavaScript, jq) would read other ids and merge households, so the
# export refuses them (65, naming the dataset, no file published) unless --ids-as-strings, which
# writes every id as a JSON string — the CSV's ids exactly; the manifest says so and verifies.
source "$(dirname "$0")/lib.sh"
d=$REPO/data/default
big() { awk -F, -v OFS=, 'NR > 1 { $1 = "900719925474" sprintf("%05d", $1) } { print }' "$1"; }
big "$d/transactions.csv" >"$WORK/t.csv"
big "$d/households.csv" >"$WORK/h.csv"
bg 2 -q ingest --transactions "$WORK/t.csv" --households "$WORK/h.csv" --products "$d/products.csv" \
  --out "$WORK/s.h5" || fail "ingest"
last=$(json_field <("$BASKETGAP" inspect --json "$WORK/s.h5") max_day)
bg 2 -q score --store "$WORK/s.h5" --as-of "$last" --out "$WORK/c.h5" || fail "score"

note "JSONL with numbers: 65 on every rank, nothing published"
expect_exit 65 bg 2 export --coupons "$WORK/c.h5" --store "$WORK/s.h5" --format jsonl --out "$WORK/e.jsonl"
grep -q "/coupons/household_id holds 900719925474[0-9]*, beyond 2^53 - 1" "$WORK/last.err" ||
  fail "unclear refusal: $(cat "$WORK/last.err")"
[[ ! -e $WORK/e.jsonl && ! -e $WORK/e.jsonl.manifest.json ]] || fail "a refused export was published"

note "--ids-as-strings: the CSV's ids, as strings; the manifest says so and verifies"
bg 2 -q export --coupons "$WORK/c.h5" --store "$WORK/s.h5" --format jsonl --ids-as-strings --out "$WORK/e.jsonl" ||
  fail "export --ids-as-strings"
bg 1 -q export --coupons "$WORK/c.h5" --store "$WORK/s.h5" --format csv --out "$WORK/e.csv" || fail "csv export"
"$BASKETGAP" -q export --verify "$WORK/e.jsonl" || fail "--verify of the JSONL"
python3 - "$WORK/e.jsonl" "$WORK/e.csv" <<'PY' || fail "the JSONL's ids are not the CSV's"
import csv, json, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
assert all(isinstance(r["household_id"], str) for r in rows)
assert all(isinstance(c["product_id"], str) for r in rows for c in r["coupons"])
by_csv = [(r["household_id"], r["product_id_1"]) for r in csv.DictReader(open(sys.argv[2], newline=""))]
assert [(r["household_id"], r["coupons"][0]["product_id"]) for r in rows] == by_csv, "ids differ"
assert min(int(h) for h, _ in by_csv) > 2**53, "the test's ids are not beyond 2^53"
assert json.load(open(sys.argv[1] + ".manifest.json"))["ids_as_strings"] is True
PY
expect_exit 64 bg 1 export --coupons "$WORK/c.h5" --format csv --ids-as-strings --out "$WORK/x.csv"
no_temporaries "$WORK"
echo "OK: export of large ids"
