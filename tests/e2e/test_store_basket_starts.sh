#!/usr/bin/env bash
# /transactions/basket_start (docs/FORMATS.md): ingest writes 1 where a row opens a basket (its
# household's first row, or a basket id other than the row before's), and score reads it in
# place of the 8-byte basket ids. The flags equal those derived from the ids; a store without
# them (written before they existed) scores to the same coupons; and they are really read:
# flags cleared to one basket per household change the coupons.
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
    assert flags.dtype == np.uint8, flags.dtype
derived = np.ones(len(household), dtype=np.uint8)
derived[1:] = (household[1:] != household[:-1]) | (basket[1:] != basket[:-1])
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
