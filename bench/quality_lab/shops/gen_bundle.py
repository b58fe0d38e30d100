"""Complement / bundle shop: 3000 households, 300 days, 1500 products. Products 1..200 are "A" products
(printer, razor, coffee machine, ...), A product a has its complement B = 200 + a (ink, blades, capsules).
Trips every 1 + Exp(3) days, 6 items: 4 from the household's 20 favourites among products 401..1500 (Zipf),
with prob 0.25 one A product (from its 10 liked A's; otherwise a global draw of 401..1500). After buying A on day d,
the household buys B on its first trip after d + 1 + Poisson(1) days (never the same basket) with prob 0.9,
and nothing else ties A and B. Judged as of T = 290, W = 7.
Oracle: pending B's (A bought, B not yet bought since) first, then favourites by weight -> bundle.oracle.json;
heuristic bundle.oracle_pt.json = pending B's then personal top frequency (shows what the A->B link is worth)."""
import numpy as np, json
from common import *
rng = np.random.default_rng(505); H, T = 3000, 290
z20 = 1.0 / np.arange(1, 21); z20 /= z20.sum(); z10 = 1.0 / np.arange(1, 11); z10 /= z10.sum()
rows = []; b = 0; orc = {}; orc2 = {}
for hh in range(1, H + 1):
    fav = rng.choice(np.arange(401, 1501), 20, replace=False); likeA = rng.choice(np.arange(1, 201), 10, replace=False)
    pend = {}  # B -> earliest day
    d = rng.uniform(1, 4); cnt = defaultdict(int); pendT = None
    while d <= 300:
        day = int(d)
        if day > T and pendT is None: pendT = dict(pend)
        items = set(int(fav[rng.choice(20, p=z20)]) for _ in range(4))
        items.add(int(rng.integers(401, 1501)))
        for bb, e in list(pend.items()):
            if day >= e: items.add(bb); del pend[bb]
        if rng.random() < 0.25:
            a = int(likeA[rng.choice(10, p=z10)]); items.add(a)
            if rng.random() < 0.9: pend[200 + a] = day + 1 + rng.poisson(1)
        b += 1
        for p in sorted(items): rows.append((hh, b, day, p))
        if day <= T:
            for p in items: cnt[p] += 1
        d += 1 + rng.exponential(3)
    if pendT is None: pendT = dict(pend)
    pb = sorted(pendT, key=lambda x: pendT[x])
    orc[hh] = (pb + [int(f) for f in fav])[:12]
    orc2[hh] = (pb + [p for p in sorted(cnt, key=lambda p: -cnt[p]) if p not in pb])[:12]
write_csv("bundle.csv", rows); json.dump(orc, open("bundle.oracle.json", "w")); json.dump(orc2, open("bundle.oracle_pt.json", "w"))
print(len(rows), "rows")
