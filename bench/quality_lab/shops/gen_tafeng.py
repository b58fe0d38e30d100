"""Ta-Feng-like shop: 4 months (days 1..120), 8000 customers, 4000 products in 100 categories x 40.
Global popularity: product weight Zipf(1.1) over a random permutation (a strong head).
Customer: visits = 1 + Geometric(0.45) - 1 (most 1-3, mean ~2.2, max 15) on uniform random days; basket size
1 + Poisson(gamma(2, 3)) (~7). Each item: with prob 0.25 a repeat of a past product (uniform over past purchases),
else with prob 0.6 a draw from the global popularity, else from one of the customer's 3 liked categories (Zipf inside).
Judged as of T = 106, W = 14 (the last two weeks).
Oracle: per-draw probability from the true model given the history at T (0.25 x past share + 0.75 x (0.6 global +
0.4 taste)), ranked -> tafeng.oracle.json."""
import numpy as np, json
from common import *
rng = np.random.default_rng(202); H, C, M = 8000, 100, 40; P = C * M; T = 106
g = 1.0 / np.arange(1, P + 1) ** 1.1; g = g[rng.permutation(P)]; g /= g.sum()
cz = 1.0 / np.arange(1, M + 1); cz /= cz.sum()
rows = []; b = 0; orc = {}
for hh in range(1, H + 1):
    nv = min(15, int(rng.geometric(0.45))); days = np.sort(rng.integers(1, 121, nv))
    cats = rng.choice(C, 3, replace=False); lam = rng.gamma(2, 3); past = []
    for d in days:
        b += 1; items = set()
        for _ in range(1 + rng.poisson(lam)):
            r = rng.random()
            if past and r < 0.25: items.add(past[rng.integers(len(past))])
            elif r < 0.25 + 0.75 * 0.6: items.add(int(rng.choice(P, p=g)) + 1)
            else: items.add(int(cats[rng.integers(3)] * M + rng.choice(M, p=cz)) + 1)
        for p in sorted(items): rows.append((hh, b, int(d), p))
        if d <= T: past += sorted(items)
    if past:
        pr = 0.75 * 0.6 * g.copy()
        for c in cats: pr[c * M:(c + 1) * M] += 0.75 * 0.4 / 3 * cz
        for p in past: pr[p - 1] += 0.25 / len(past)
        orc[hh] = [int(x) + 1 for x in np.argsort(-pr)[:12]]
write_csv("tafeng.csv", rows); json.dump(orc, open("tafeng.oracle.json", "w"))
seen = defaultdict(set); rep = tot = 0
for hh, bb, d, p in rows:
    tot += 1; rep += p in seen[hh]; seen[hh].add(p)
print(len(rows), "rows; share of rows bought before by the household:", round(rep / tot, 3))
