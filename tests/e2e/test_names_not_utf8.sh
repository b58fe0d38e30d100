#!/usr/bin/env bash
# File names need not be UTF-8 (a transactions file "caf\xe9.csv" from a Latin-1 system): the
# JSON that holds them (inspect --json, evaluate --json, export's manifest) is written with
# U+FFFD in place of each invalid byte, exit 0, never "internal error" (exit 1); export --verify
# still matches the manifest to its file. The store has no products file, so the coupons are
# mailed with blank product columns: the manifest counts them, the log warns.
source "$(dirname "$0")/lib.sh"
has() { grep -qF -- "$2" "$1" || fail "$1 lacks '$2': $(tail -3 "$1")"; }

"$BASKETGAP" -q generate --households 100 --days 60 --seed 5 --out "$WORK/gen"
cd "$WORK"
latin() { printf "$1" | sed 's/E9/\xe9/g'; }  # a name with the Latin-1 byte for é
cp gen/transactions.csv "$(latin cafE9.csv)"
bg 1 -q ingest --transactions "$(latin cafE9.csv)" --households gen/households.csv --out "$(latin storeE9.h5)" ||
  fail "ingest"

note "inspect --json"
expect_exit 0 "$BASKETGAP" -q inspect --json "$(latin storeE9.h5)"
python3 - "$WORK/last.out" <<'PY' || fail "inspect --json: $(cat "$WORK/last.err")"
import json, sys
j = json.load(open(sys.argv[1], encoding="utf-8"))
assert j["store"] == "store\ufffd.h5", j["store"]
assert j["batches"][0]["source"].endswith("caf\ufffd.csv"), j["batches"][0]["source"]
PY

note "evaluate --json"
expect_exit 0 bg 1 evaluate --store "$(latin storeE9.h5)" --as-of 40 --json "$(latin evalE9.json)" -q
python3 -c 'import json,sys; assert json.load(open(sys.argv[1], encoding="utf-8"))["config"]["store"] == "store\ufffd.h5"' \
  "$(latin evalE9.json)" || fail "evaluate --json"

note "export and export --verify"
bg 1 -q score --store "$(latin storeE9.h5)" --as-of 59 --out "$(latin couponsE9.h5)" || fail "score"
expect_exit 0 "$BASKETGAP" -q export --coupons "$(latin couponsE9.h5)" --store "$(latin storeE9.h5)" --out "$(latin mailE9.csv)"
python3 - "$(latin mailE9.csv).manifest.json" <<'PY' || fail "the manifest"
import json, sys
m = json.load(open(sys.argv[1], encoding="utf-8"))
assert (m["file"], m["coupons_file"], m["store_file"]) == ("mail\ufffd.csv", "coupons\ufffd.h5", "store\ufffd.h5"), m
assert m["households"] > 0, m
assert m["product_text"] is True and m["coupons_without_product_text"] == m["coupons"] > 0, m
PY
LC_ALL=C grep -q "coupons name a product .* has no products-file text" "$WORK/last.err" ||
  fail "no warning of the blank product text: $(cat "$WORK/last.err")"
expect_exit 0 "$BASKETGAP" -q export --verify "$(latin mailE9.csv)"
no_temporaries "$WORK"
echo "PASS"
