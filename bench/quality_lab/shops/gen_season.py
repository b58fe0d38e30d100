"""Shop 6 — seasonality, 3 years (days 1..1092, 52-week years). 2000 households, weekly trip (offset 0..6).
300 everyday products: each household 12 favourites (Zipf 0.8), a trip buys 4 of them.
60 seasonal products (1001..1060): product 1000+j is sold only in weeks s_j..s_j+2 of each year (s_j = 3 + (j-1)%20*2.4).
Each household likes 10 seasonal products (drawn uniformly, fixed for life); in a season week of a liked product
it buys it with prob 0.7 on that trip.
Judged as of the day before a season starts in year 3: the products whose season starts then are due
for the households that bought them the year before — a good recommender finds them ('bought in these weeks a year ago').
Oracle (oracle_season.py): seasonal products in season in (T, T+W] that the household bought in the same weeks
last year first, then personal top frequency of non-seasonal products."""
import numpy as np
from common import *
rng = np.random.default_rng(7); H, P, D = 2000, 300, 1092
pop = 1.0 / np.arange(1, P + 1) ** 0.8; pop /= pop.sum()
start = {1000 + j: int(3 + ((j - 1) % 20) * 2.4) for j in range(1, 61)}   # season start week (0-based week of year)
def in_season(p, d):
    w = ((d - 1) // 7) % 52; return start[p] <= w < start[p] + 3
rows = []; b = 0
for hh in range(1, H + 1):
    fav = rng.choice(P, 12, replace=False, p=pop) + 1
    seas = rng.choice(list(start), 10, replace=False)
    off = int(rng.integers(1, 8))
    for d in range(off, D + 1, 7):
        b += 1; items = set(int(x) for x in rng.choice(fav, 4, replace=False))
        for p in seas:
            if in_season(int(p), d) and rng.random() < 0.7: items.add(int(p))
        for p in sorted(items): rows.append((hh, b, d, p))
write_csv("season.csv", rows); print(len(rows), "rows"); print(sorted(set(start.values())))
