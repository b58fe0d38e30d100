"""Heavy-tailed activity shop: 5000 households, 365 days, 3000 products in 60 taste groups x 50.
Trips a year ~ 1 + Pareto(shape 1.1) x 3, capped at 365 (median ~4-5, a few % above 50, some daily shoppers),
on uniform random days (several on one day merged into one basket). 5 + Poisson(3) items a trip: with prob
rho_h ~ Beta(3, 3) a repeat (drawn by past count: habits reinforce), else a product of its 2 taste groups
(Zipf 1.0 inside, 80 %) or a global Zipf(0.9) product (20 %).
Judged as of T = 350, W = 14 (only households with a trip in the window are judged: the heavy ones are
over-represented, as in real data). Oracle: per-draw probability from the true model and the counts at T,
ranked -> heavy.oracle.json."""
import numpy as np, json
from common import *
rng = np.random.default_rng(606); H, G, M, T = 5000, 60, 50, 350; P = G * M
g = 1.0 / np.arange(1, P + 1) ** 0.9; g = g[rng.permutation(P)]; g /= g.sum()
zm = 1.0 / np.arange(1, M + 1); zm /= zm.sum()
rows = []; b = 0; orc = {}; ntrips = []; par = {}
for hh in range(1, H + 1):
    n = int(min(365, 1 + 3 * (rng.pareto(1.1) + 1) - 3 + rng.integers(0, 3)))
    days = np.unique(rng.integers(1, 366, n)); ntrips.append(len(days))
    grp = rng.choice(G, 2, replace=False); rho = rng.beta(3, 3); cnt = defaultdict(int); cntT = None; par[hh] = float(rho)
    for d in days:
        if d > T and cntT is None: cntT = dict(cnt)
        keys = list(cnt); items = set()
        cw = np.array([cnt[k] for k in keys], float) if keys else None
        for _ in range(5 + rng.poisson(3)):
            if keys and rng.random() < rho: items.add(keys[rng.choice(len(keys), p=cw / cw.sum())])
            elif rng.random() < 0.8: items.add(int(grp[rng.integers(2)] * M + rng.choice(M, p=zm)) + 1)
            else: items.add(int(rng.choice(P, p=g)) + 1)
        b += 1
        for p in sorted(items): rows.append((hh, b, int(d), p)); cnt[p] += 1
    if cntT is None: cntT = dict(cnt)
    if cntT:
        tot = sum(cntT.values()); pr = (1 - rho) * 0.2 * g.copy()
        for c in grp: pr[c * M:(c + 1) * M] += (1 - rho) * 0.8 / 2 * zm
        for p, c in cntT.items(): pr[p - 1] += rho * c / tot
        orc[hh] = [int(x) + 1 for x in np.argsort(-pr)[:12]]
write_csv("heavy.csv", rows); json.dump(orc, open("heavy.oracle.json", "w")); json.dump(par, open("heavy.params.json", "w"))
nt = np.array(ntrips); print(len(rows), "rows; trips median", np.median(nt), "p90", np.percentile(nt, 90), "p99", np.percentile(nt, 99), "max", nt.max(), "share of rows from top 5% hh:", np.sort(nt)[-250:].sum() / nt.sum())
