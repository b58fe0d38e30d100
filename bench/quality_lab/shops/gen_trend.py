"""Shop 3 — new products launched during the history. 3000 households, days 1..500, one trip a week.
400 established products (1..400): each household has 15 favourites drawn by Zipf(0.8) popularity, a trip
buys 5 of them (uniform). 20 new products (1001..1020) launched on days 100,120,...,480. For each launch
60 % of households will adopt: adoption day = launch + Exponential(mean 45 days); from its first trip on or after
that day the household buys the new product on each trip with prob 0.6 (it is added to the basket).
A good recommender puts the newest launches (growing, many recent first-time buyers) on households that
have not bought them yet. Oracle (oracle_trend.py): mix of personal top and the unbought launches with most
first-time buyers in the last 28 days."""
import numpy as np
from common import *
rng = np.random.default_rng(3)
H, P, D = 3000, 400, 500
pop = 1.0 / np.arange(1, P + 1) ** 0.8; pop /= pop.sum()
launch = {1001 + j: 100 + 20 * j for j in range(20)}
rows = []; b = 0
for hh in range(1, H + 1):
    fav = rng.choice(P, 15, replace=False, p=pop) + 1
    adopt = {p: L + rng.exponential(45) for p, L in launch.items() if rng.random() < 0.6}
    off = int(rng.integers(1, 8))
    for d in range(off, D + 1, 7):
        b += 1
        items = set(int(x) for x in rng.choice(fav, 5, replace=False))
        for p, ad in adopt.items():
            if d >= ad and rng.random() < 0.6: items.add(p)
        for p in sorted(items): rows.append((hh, b, d, p))
write_csv("trend.csv", rows); print(len(rows), "rows")
