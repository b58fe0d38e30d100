"""Assortment churn (relaunches): 3000 households, 365 days, products 1..1000 plus successors 1001..1300.
300 random products among 1..1000 are discontinued on a uniform day in 200..345 and replaced by a successor
(new pack, new id: product i -> 1000 + its index); from that day a draw of the old product buys the successor.
Household: 20 favourites among 1..1000 (global Zipf(0.7) taste, personal Zipf(1) weights); trips every
2 + Exp(4) days, 8 draws: 75 % a favourite, 25 % a global Zipf(0.7) product. Judged as of T = 350, W = 14.
Oracle: favourites (through their successor when discontinued by T) by weight x 0.75 + global x 0.25 ->
relaunch.oracle.json; the true map (old id -> [successor, day]) -> relaunch.successors.json. relaunch.heur.json: personal top frequency without products no household bought in the
14 days up to T (a trivial dead-product filter, no successor mapping)."""
import numpy as np, json
from common import *
rng = np.random.default_rng(707); H, T = 3000, 350
g = 1.0 / np.arange(1, 1001) ** 0.7; g = g[rng.permutation(1000)]; g /= g.sum()
dead = rng.choice(1000, 300, replace=False) + 1; dday = dict(zip(dead.tolist(), rng.integers(200, 346, 300).tolist()))
succ = {int(p): 1001 + i for i, p in enumerate(dead)}
z20 = 1.0 / np.arange(1, 21); z20 /= z20.sum()
def real(p, day): return succ[p] if p in dday and day >= dday[p] else p
rows = []; b = 0; orc = {}
for hh in range(1, H + 1):
    fav = rng.choice(1000, 20, replace=False, p=g) + 1; d = rng.uniform(1, 6)
    while d <= 365:
        day = int(d); items = set()
        for _ in range(8):
            p = int(fav[rng.choice(20, p=z20)]) if rng.random() < 0.75 else int(rng.choice(1000, p=g)) + 1
            items.add(real(p, day))
        b += 1
        for p in sorted(items): rows.append((hh, b, day, p))
        d += 2 + rng.exponential(4)
    pr = defaultdict(float)
    for i, f in enumerate(fav): pr[real(int(f), T + 1)] += 0.75 * z20[i]
    for i in np.argsort(-g)[:40]: pr[real(int(i) + 1, T + 1)] += 0.25 * g[i]
    orc[hh] = sorted(pr, key=lambda p: -pr[p])[:12]
write_csv("relaunch.csv", rows); json.dump(orc, open("relaunch.oracle.json", "w"))
json.dump({p: [q, dday[p]] for p, q in succ.items()}, open("relaunch.successors.json", "w"))  # successors.py checks against it
alive = {p for hh, bb, d, p in rows if T - 14 < d <= T}
hist = load("relaunch.csv"); past, truth = split(hist, T, 14); pt = personal_top(past, 60)
json.dump({h: [p for p in l if p in alive][:12] for h, l in pt.items()}, open("relaunch.heur.json", "w"))
print(len(rows), "rows; successors in the truth:", sum(1 for t in truth.values() for p in t if p > 1000), "of", sum(len(t) for t in truth.values()))
