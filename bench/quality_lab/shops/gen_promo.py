"""Promotion-calendar shop (high-low pricing, deal-driven shoppers): 2000 households, 364 days, 3000 products.
A fixed 4-week promotion calendar: week w discounts the 60 products of set w mod 4 (4 disjoint sets of 60 among
1..1000). Household: one trip a week (fixed weekday, 10 % skipped); 8 staples on personal cycles of 1-4 weeks
(bought when due with prob 0.85), plus 12 draws from the current promo set by its own taste (Dirichlet(0.15)
over the 60: each shopper has a few favourite deals, so they recur every 4 weeks), plus 4 global Zipf(1) products.
Judged as of T = 350, W = 7 (the next trip, in week 50: set 50 mod 4 = 2).
Oracle (knows cycles, calendar, tastes): due staples, then the coming week's promo products by taste ->
promo.oracle.json; promo.heur.json (no model knowledge, from the history alone): the household's products bought
exactly 4, 8, 12 ... weeks before the coming trip (same calendar phase) by count, then personal top."""
import numpy as np, json
from common import *
rng = np.random.default_rng(909); H, P, T, W = 2000, 3000, 350, 7
g = 1.0 / np.arange(1, P + 1); g = g[rng.permutation(P)]; g /= g.sum()
sets = rng.choice(np.arange(1, 1001), (4, 60), replace=False)
rows = []; b = 0; orc = {}
for hh in range(1, H + 1):
    off = int(rng.integers(0, 7)); st = rng.choice(np.arange(1001, P + 1), 8, replace=False)
    cyc = rng.integers(1, 5, 8); nxt = rng.integers(0, cyc); taste = rng.dirichlet(np.full(60, 0.15), 4)
    wt = next(w for w in range(60) if T < 7 * w + off + 1 <= T + W); snap = None
    for w in range(52):
        d = 7 * w + off + 1
        if d > 364: break
        if w == wt: snap = nxt.copy()
        if rng.random() < 0.1: continue
        items = set()
        for i in range(8):
            if nxt[i] <= w and (rng.random() < 0.85 or nxt[i] < w): items.add(int(st[i])); nxt[i] = w + cyc[i]
        s = w % 4
        for _ in range(12): items.add(int(sets[s][rng.choice(60, p=taste[s])]))
        for _ in range(4): items.add(int(rng.choice(P, p=g)) + 1)
        b += 1
        for p in sorted(items): rows.append((hh, b, d, p))
    if snap is None: snap = nxt.copy()
    due = [int(st[i]) for i in np.argsort(snap) if snap[i] <= wt]
    s = wt % 4; pr = [int(sets[s][j]) for j in np.argsort(-taste[s])]
    orc[hh] = (due + [p for p in pr if p not in due])[:12]
write_csv("promo.csv", rows); json.dump(orc, open("promo.oracle.json", "w"))
hist = load("promo.csv"); past, truth = split(hist, T, W); heur = {}
for hh, rs in past.items():
    lastd = max(d for d, _, _ in rs); nextd = lastd + 7  # the coming trip, weekly
    ph = defaultdict(int); cnt = defaultdict(int)
    for d, _, p in rs:
        cnt[p] += 1
        if (nextd - d) % 28 == 0: ph[p] += 1
    L = sorted(ph, key=lambda p: -ph[p] - 0.001 * cnt[p])[:12]
    heur[hh] = (L + [p for p in sorted(cnt, key=lambda p: -cnt[p]) if p not in L])[:12]
json.dump(heur, open("promo.heur.json", "w")); print(len(rows), "rows", len(rows) / b, "items/basket")
