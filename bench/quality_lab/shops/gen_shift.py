"""Taste-change shop: 2000 households, 365 days, 2000 products (50 categories x 40; category 0 = baby products).
Trips every 2 + Exp(4) days, 10 items a trip: 85 % from the household's CURRENT favourites (25 products, weights
Zipf(1)), 15 % from a global Zipf(0.8). Every household switches taste once on a uniform day in 120..320
(new 25 favourites, 5 kept); 35 % of households additionally start a baby phase on a uniform day in 150..340:
8 baby products (category 0) join the favourites with triple weight (diapers etc.).
Judged as of T = 350, W = 14: recency should beat long-run frequency.
Oracle: the current favourite weights at T (x0.85) + 0.15 x global, ranked -> shift.oracle.json."""
import numpy as np, json
from common import *
rng = np.random.default_rng(303); C, M = 50, 40; P = C * M; H = 2000; T = 350
g = 1.0 / np.arange(1, P + 1) ** 0.8; g = g[rng.permutation(P)]; g /= g.sum()
z25 = 1.0 / np.arange(1, 26)
rows = []; b = 0; orc = {}; par = {}
def favw(fav, baby):
    ids = list(fav) + list(baby); w = np.concatenate([z25, np.full(len(baby), 3 * z25[:8].mean())]) if baby else z25.copy()
    return np.array(ids), w / w.sum()
for hh in range(1, H + 1):
    favA = rng.choice(np.arange(M, P), 25, replace=False) + 1
    favB = np.concatenate([favA[:5], rng.choice(np.arange(M, P), 20, replace=False) + 1]); rng.shuffle(favB)
    sw = rng.integers(120, 321); bd = rng.integers(150, 341) if rng.random() < 0.35 else 10**9
    baby = list(rng.choice(M, 8, replace=False) + 1)
    par[hh] = (int(sw), int(bd) if bd < 10**9 else None)
    d = rng.uniform(1, 7)
    while d <= 365:
        day = int(d); ids, w = favw(favA if day < sw else favB, baby if day >= bd else [])
        items = set()
        for _ in range(10):
            items.add(int(ids[rng.choice(len(ids), p=w)]) if rng.random() < 0.85 else int(rng.choice(P, p=g)) + 1)
        b += 1
        for p in sorted(items): rows.append((hh, b, day, p))
        d += 2 + rng.exponential(4)
    ids, w = favw(favA if T < sw else favB, baby if T >= bd else [])
    pr = 0.15 * g.copy(); np.add.at(pr, ids - 1, 0.85 * w); orc[hh] = [int(x) + 1 for x in np.argsort(-pr)[:12]]
write_csv("shift.csv", rows); json.dump(orc, open("shift.oracle.json", "w")); json.dump(par, open("shift.params.json", "w")); print(len(rows), "rows")
