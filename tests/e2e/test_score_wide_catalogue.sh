#!/usr/bin/env bash
# A catalogue wider than 16 bits: score keeps a history row's product in 16 bits only while
# every index fits (engine/history) and widens the rows past 65,535 products. On a generated
# store with ~100 k products, /coupons is identical for 1 and 2 ranks and 1 and 2 threads, and
# coupons name products whose dense index needs the wide rows.
source "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3  # the one with h5py and numpy
$PY -c 'import h5py, numpy' 2>/dev/null || skip "$PY lacks h5py/numpy"

note "generate 6,000 households over a 300,000-product catalogue, ingest"
"$BASKETGAP" -q generate --households 6000 --products 300000 --days 120 --seed 3 --out "$WORK/data"
bg 2 ingest --transactions "$WORK/data/transactions.csv" --products "$WORK/data/products.csv" \
  --households "$WORK/data/households.csv" --out "$WORK/store.h5" -q
"$BASKETGAP" inspect "$WORK/store.h5" --json >"$WORK/inspect.json"
products=$(json_field "$WORK/inspect.json" products)
((products > 65536)) || fail "the store has $products products: not enough to need wide rows"

note "score as of day 110 with 1 and 2 ranks, 1 and 2 threads ($products products)"
bg 1 score --store "$WORK/store.h5" --as-of 110 --out "$WORK/c1.h5" -q
bg 2 score --store "$WORK/store.h5" --as-of 110 --out "$WORK/c2.h5" -q
bg 1 score --store "$WORK/store.h5" --as-of 110 --threads 2 --out "$WORK/t2.h5" -q
same_datasets "$WORK/c1.h5" "$WORK/c2.h5" /coupons
same_datasets "$WORK/c1.h5" "$WORK/t2.h5" /coupons

note "coupons include products past dense index 65,535, all of them in the catalogue"
$PY - "$WORK/store.h5" "$WORK/c2.h5" <<'PY'
import sys
import h5py, numpy as np
with h5py.File(sys.argv[1], "r") as s:
    ids = s["/products/id"][()]
with h5py.File(sys.argv[2], "r") as f:
    listed = f["/coupons/product_id"][()]
index = {int(p): i for i, p in enumerate(ids)}
dense = np.array([index[int(p)] for p in listed.ravel() if p >= 0])
assert len(dense) == (listed >= 0).sum(), "a coupon product outside the catalogue"
wide = int((dense > 65535).sum())
assert wide > 0, "no coupon product needs more than 16 bits: the wide rows are not exercised"
print(f"{wide} of {len(dense)} coupons name a product past index 65,535")
PY
echo "PASS"
