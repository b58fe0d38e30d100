#!/usr/bin/env bash
# score on the real dunnhumby data as of day 635 with 2 ranks, judged independently in python
# by the protocol of ../shared/docs/EVALUATION.md (truth: distinct products bought in (635, 649];
# evaluated: households with purchases both on or before 635 and in the window, 1,109 of them):
# recall, precision, hit rate and NDCG at 12 must beat the published TIFU-KNN numbers.
source "$(dirname "$0")/lib.sh"
real_dunnhumby
PY=/usr/bin/python3  # the one with h5py and numpy
$PY -c 'import h5py, numpy' 2>/dev/null || skip "$PY lacks h5py/numpy"
T=635
W=14

note "ingest transaction_data.csv"
bg 2 ingest --transactions "$D/transaction_data.csv" --out "$WORK/store.h5" -q
note "score as of day $T with 2 ranks"
bg 2 score --store "$WORK/store.h5" --as-of $T --out "$WORK/coupons.h5" -q

note "judge the coupons on days $((T + 1))-$((T + W))"
$PY - "$WORK/coupons.h5" "$D/transaction_data.csv" $T $W <<'PY' || fail "coupon quality on the real data"
import csv, math, sys
import h5py
coupons, transactions, T, W = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
K = 12
before, truth = set(), {}
with open(transactions, newline="") as f:
    rows = csv.reader(f)
    head = next(rows)
    ih, iday, ip = head.index("household_key"), head.index("DAY"), head.index("PRODUCT_ID")
    for r in rows:
        day, household = int(r[iday]), int(r[ih])
        if day <= T:
            before.add(household)
        elif day <= T + W:
            truth.setdefault(household, set()).add(int(r[ip]))
with h5py.File(coupons, "r") as f:
    assert int(f.attrs["as_of_day"]) == T and int(f.attrs["k"]) == K, dict(f.attrs)
    households = f["/coupons/household_id"][()]
    products = f["/coupons/product_id"][()]
lists = {int(h): [int(p) for p in row if p >= 0] for h, row in zip(households, products)}
assert all(len(l) == K for l in lists.values()), "a household without K products"
assert set(lists) == before, f"{len(lists)} households scored, {len(before)} with history"
evaluated = sorted(h for h in truth if h in before)
recall = precision = hit = ndcg = 0.0
for h in evaluated:
    t, l = truth[h], lists.get(h, [])
    hits = [i for i, p in enumerate(l[:K]) if p in t]
    recall += len(hits) / len(t)
    precision += len(hits) / K
    hit += 1.0 if hits else 0.0
    dcg = sum(1 / math.log2(i + 2) for i in hits)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(K, len(t))))
    ndcg += dcg / ideal
n = len(evaluated)
got = {"recall@12": recall / n, "precision@12": precision / n, "hit@12": hit / n, "ndcg@12": ndcg / n}
print(f"-- {n} evaluated households: " + "  ".join(f"{k} {v:.4f}" for k, v in got.items()))
assert n == 1109, f"{n} evaluated households, want 1,109"
# TIFU-KNN (Hu et al., SIGIR 2020) on the same split, ../shared/docs/EVALUATION.md.
tifu = {"recall@12": 0.140, "precision@12": 0.163, "hit@12": 0.730, "ndcg@12": 0.219}
worse = [f"{k} {got[k]:.4f} <= {v}" for k, v in tifu.items() if not got[k] > v]
assert not worse, "not above TIFU-KNN: " + ", ".join(worse)
PY
no_temporaries "$WORK"
echo "PASS"
