"""Shared helpers: write a dunnhumby-schema CSV, and judge lists exactly as docs/EVALUATE.md defines."""
import numpy as np, math, json, sys
from collections import defaultdict

def write_csv(path, rows):
    """rows: iterable of (hh, basket, day, product)."""
    with open(path, "w") as f:
        f.write("household_key,BASKET_ID,DAY,PRODUCT_ID,QUANTITY,SALES_VALUE\n")
        for hh, b, d, p in rows:
            f.write(f"{hh},{b},{d},{p},1,1.00\n")

def load(path):
    import csv
    hist = defaultdict(list)  # hh -> list of (day, basket, product)
    with open(path) as f:
        next(f)
        for line in f:
            hh, b, d, p = line.split(",")[:4]
            hist[int(hh)].append((int(d), int(b), int(p)))
    return hist

def split(hist, T, W):
    past, truth = {}, {}
    for hh, rows in hist.items():
        pa = [r for r in rows if r[0] <= T]
        tr = {r[2] for r in rows if T < r[0] <= T + W}
        if pa and tr:
            past[hh] = pa; truth[hh] = tr
    return past, truth

def ndcg_recall(lists, truth, K=12):
    n, r = [], []
    for hh, tr in truth.items():
        L = lists.get(hh, [])[:K]
        seen = set(); dcg = 0.0; hits = 0
        for i, p in enumerate(L):
            if p in seen: continue
            seen.add(p)
            if p in tr:
                dcg += 1 / math.log2(i + 2); hits += 1
        idcg = sum(1 / math.log2(i + 2) for i in range(min(K, len(tr))))
        n.append(dcg / idcg); r.append(hits / len(tr))
    return float(np.mean(n)), float(np.mean(r)), len(n)

def personal_top(past, K=12):
    out = {}
    for hh, rows in past.items():
        bs = defaultdict(set); last = defaultdict(int)
        for d, b, p in rows:
            bs[p].add((d, b)); last[p] = max(last[p], d)
        out[hh] = sorted(bs, key=lambda p: (-len(bs[p]), -last[p], p))[:K]
    return out

def report(name, lists, truth, K=12):
    nd, rc, n = ndcg_recall(lists, truth, K)
    print(f"{name}: NDCG@{K} {nd:.4f} recall@{K} {rc:.4f} on {n} households")
    return nd, rc, n

def weekly_new_products(rng, households, days, repeat, setup, chooser, items=8):
    """A weekly trip of `items` products a household (day 7w + its offset + 1): each a product it
    bought before with probability `repeat` (uniform over them), else `chooser(rng, state)()`
    drawn up to 20 times until it is new to the household; `state = setup(rng)` per household.
    Returns the (household, basket, day, product) rows."""
    rows = []; b = 0
    for hh in range(1, households + 1):
        state = setup(rng)
        off = int(rng.integers(0, 7)); bought = []; bset = set()
        for w in range(days // 7):
            d = 7 * w + off + 1
            if d > days: break
            b += 1; trip = set()
            for _ in range(items):
                if bought and rng.random() < repeat:
                    trip.add(bought[int(rng.integers(len(bought)))]); continue
                draw = chooser(rng, state)
                for _ in range(20):
                    p = draw()
                    if p not in bset and p not in trip: break
                trip.add(p)
            for p in sorted(trip):
                rows.append((hh, b, d, p))
                if p not in bset: bset.add(p); bought.append(p)
    return rows
