#!/usr/bin/env bash
# Relaunched products end to end (docs/SCORING.md "Relaunched products"): product 101 sells until
# day 30 to 12 regular buyers and 10 of them take up product 202, launched on day 31; 400 other
# households buy other products. As of day 50 score finds 101 -> 202 (the log names the ids), the
# two regular buyers who never bought 202 get it as a product they replenish (101's cycle), never
# 101 itself, on 1 and 2 ranks alike; with `successors = false` 202 is no product of theirs.
source "$(dirname "$0")/lib.sh"

note "a shop with one relaunch"
python3 - "$WORK/shop.csv" <<'PY'
import sys
rows = []
basket = 0
def buy(hh, day, products):
    global basket
    basket += 1
    for p in products:
        rows.append((hh, basket, day, p))
for hh in range(1, 13):  # regular buyers of 101; 1..10 take up 202
    buy(hh, 1, [303])
    for day in (10, 20, 30):
        buy(hh, day, [101, 303])
    if hh <= 10:
        buy(hh, 35, [202])
        buy(hh, 45, [202, 303])
    buy(hh, 48, [303])
for hh in range(1001, 1401):  # the rest of the shop, every few days
    for b in range(10):
        day = 1 + 5 * b + hh % 5
        buy(hh, day, [404] if b % 2 else [404, 505])
rows.sort(key=lambda r: (r[0], r[2], r[1]))
with open(sys.argv[1], "w") as f:
    f.write("household_key,BASKET_ID,DAY,PRODUCT_ID,QUANTITY,SALES_VALUE\n")
    for hh, b, day, p in rows:
        f.write(f"{hh},{b},{day},{p},1,1.00\n")
PY
bg 2 -q ingest --transactions "$WORK/shop.csv" --out "$WORK/store.h5" || fail "ingest"

note "score as of day 50 on 1 and 2 ranks: the relaunch found, the coupons alike"
for n in 1 2; do
  bg "$n" score --store "$WORK/store.h5" --as-of 50 --k 3 --out "$WORK/c$n.h5" >"$WORK/score$n.log" 2>&1 ||
    fail "score on $n rank(s): $(tail -5 "$WORK/score$n.log")"
done
grep -q "score: as of day 50, 1 product(s) relaunched under a new id (old -> new product id): 101 -> 202" \
  "$WORK/score2.log" || fail "the relaunch is not logged: $(grep -i relaunch "$WORK/score2.log")"
same_datasets "$WORK/c1.h5" "$WORK/c2.h5" /coupons

printf '[score]\nsuccessors = false\n' >"$WORK/off.toml"
bg 2 -q score --store "$WORK/store.h5" --as-of 50 --k 3 --config "$WORK/off.toml" --out "$WORK/off.h5" ||
  fail "score with successors = false"


/usr/bin/python3 - "$WORK/c2.h5" "$WORK/off.h5" <<'PY' || fail "the coupons of the relaunch"
import sys
import h5py
def coupons(path):
    with h5py.File(path, "r") as f:
        names = [n.decode() if isinstance(n, bytes) else n for n in f["/coupons/reason_names"][:]]
        out = {}
        for hh, products, reasons in zip(f["/coupons/household_id"][:], f["/coupons/product_id"][:],
                                         f["/coupons/reason"][:]):
            out[int(hh)] = {int(p): names[r] for p, r in zip(products, reasons) if p >= 0}
        return out
on, off = coupons(sys.argv[1]), coupons(sys.argv[2])
assert all(101 not in c for c in on.values()), "a coupon for the old id"
for hh in (11, 12):  # regular buyers of 101 who never bought 202
    assert on[hh].get(202) in ("replenish", "win_back", "repeat"), (hh, on[hh])
    assert off[hh].get(202) not in ("replenish", "win_back", "repeat"), (hh, off[hh])
PY
echo "PASS"
