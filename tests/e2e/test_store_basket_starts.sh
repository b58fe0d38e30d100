#!/usr/bin/env bash
# /transactions/basket_start (docs/FORMATS.md): ingest writes 1 where a row opens a basket (its
# household's first row, or a basket id or day other than the row before's), and score reads it
# in place of the 8-byte basket ids. The flags equal those derived from the ids and days; a
# store without them (written before they existed) scores to the same coupons; and they are
# really read: flags cleared to one basket per household change the coupons. Basket ids that a
# till numbers again every day (1, 2, 3, ... each day) give the same baskets and coupons as
# unique ones (they were merged into one basket across days).
source "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3  # the one with h5py and numpy
$PY -c 'import h5py, numpy' 2>/dev/null || skip "$PY lacks h5py/numpy"

note "generate 3,000 households over 120 days, ingest with 2 ranks"
"$BASKETGAP" -q generate --households 3000 --products 4000 --days 120 --seed 11 --out "$WORK/data"
bg 2 ingest --transactions "$WORK/data/transactions.csv" --out "$WORK/store.h5" -q

note "the flags equal those derived from household and basket ids; copies without and with cleared flags"
cp "$WORK/store.h5" "$WORK/without.h5"
cp "$WORK/store.h5" "$WORK/cleared.h5"
$PY - "$WORK" <<'PY'
import sys
import h5py, numpy as np
work = sys.argv[1]
with h5py.File(f"{work}/store.h5", "r") as f:
    household = f["/transactions/household"][()]
    basket = f["/transactions/basket"][()]
    flags = f["/transactions/basket_start"][()]
    f_day = f["/transactions/day"][()]
    assert flags.dtype == np.uint8, flags.dtype
derived = np.ones(len(household), dtype=np.uint8)
day = f_day
derived[1:] = (household[1:] != household[:-1]) | (basket[1:] != basket[:-1]) | (day[1:] != day[:-1])
assert np.array_equal(flags, derived), f"{int((flags != derived).sum())} flags differ from the ids"
assert 0 < flags.sum() < len(flags), "degenerate flags"
with h5py.File(f"{work}/without.h5", "r+") as f:
    del f["/transactions/basket_start"]
with h5py.File(f"{work}/cleared.h5", "r+") as f:
    first = np.ones(len(household), dtype=np.uint8)
    first[1:] = household[1:] != household[:-1]
    f["/transactions/basket_start"][...] = first
print(f"{len(flags)} rows, {int(flags.sum())} baskets")
PY

note "score each store as of day 110 with 2 ranks"
for s in store without cleared; do
  bg 2 score --store "$WORK/$s.h5" --as-of 110 --out "$WORK/c-$s.h5" -q
done
same_datasets "$WORK/c-store.h5" "$WORK/c-without.h5" /coupons
h5diff -q "$WORK/c-store.h5" "$WORK/c-cleared.h5" /coupons /coupons >/dev/null &&
  fail "coupons unchanged by cleared basket starts: score does not read them"

note "basket ids numbered again every day: the same baskets and coupons"
$PY - "$WORK/data/transactions.csv" "$WORK/daily.csv" <<'PY'
import csv, sys
counters, ids = {}, {}
with open(sys.argv[1]) as src, open(sys.argv[2], "w", newline="") as out:
    rows, w = csv.reader(src), csv.writer(out, lineterminator="\n")
    header = next(rows)
    w.writerow(header)
    b, d = header.index("BASKET_ID"), header.index("DAY")
    for r in rows:
        key = (r[d], r[b])
        if key not in ids:
            counters[r[d]] = counters.get(r[d], 0) + 1
            ids[key] = counters[r[d]]
        r[b] = str(ids[key])
        w.writerow(r)
PY
bg 2 ingest --transactions "$WORK/daily.csv" --out "$WORK/daily.h5" -q
baskets() { json_field <("$BASKETGAP" -q inspect --json "$1") baskets; }
[[ $(baskets "$WORK/daily.h5") == $(baskets "$WORK/store.h5") ]] ||
  fail "daily basket ids: $(baskets "$WORK/daily.h5") baskets, unique ids $(baskets "$WORK/store.h5")"
bg 2 score --store "$WORK/daily.h5" --as-of 110 --out "$WORK/c-daily.h5" -q
same_datasets "$WORK/c-store.h5" "$WORK/c-daily.h5" /coupons
cp "$WORK/daily.h5" "$WORK/daily-without.h5"
$PY -c 'import sys, h5py; f = h5py.File(sys.argv[1], "r+"); del f["/transactions/basket_start"]' "$WORK/daily-without.h5"
bg 2 score --store "$WORK/daily-without.h5" --as-of 110 --out "$WORK/c-daily-without.h5" -q
same_datasets "$WORK/c-store.h5" "$WORK/c-daily-without.h5" /coupons

note "a basket_start column of the wrong length is a corrupt store"
cp "$WORK/store.h5" "$WORK/short.h5"
$PY - "$WORK/short.h5" <<'PY'
import sys
import h5py
with h5py.File(sys.argv[1], "r+") as f:
    n = len(f["/transactions/basket_start"])
    del f["/transactions/basket_start"]
    f.create_dataset("/transactions/basket_start", data=[1] * (n - 1), dtype="u1")
PY
expect_exit 65 bg 1 score --store "$WORK/short.h5" --as-of 110 --out "$WORK/c-short.h5" -q
grep -q "basket_start.*corrupt store" "$WORK/last.err" || { cat "$WORK/last.err" >&2; fail "no clear error"; }
echo "PASS"
