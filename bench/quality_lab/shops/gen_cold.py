"""Shop 8 — many new customers (short histories). 5000 households, 10 taste clusters x 200 products.
A household's first trip is on a uniform day in 160..200, then trips every 3 + Exp(7) days up to day 214.
Basket: 6 items; each a repeat of one of its past products with prob 0.5 (uniform), else a product of its
one liked cluster by Zipf(1.0). Judged as of 200, W = 14 (so 1..6 trips of history).
Oracle: the household's past products by count, then the unbought products of its cluster by Zipf rank
(cluster = that of its first purchase). Heuristic 2: personal top then global popularity fill."""
import numpy as np
from common import *
rng = np.random.default_rng(12); H, C, M = 5000, 10, 200
z = 1.0 / np.arange(1, M + 1); z /= z.sum()
rows = []; b = 0
for hh in range(1, H + 1):
    c = int(rng.integers(C)); d = float(rng.integers(160, 201)); past = []
    while d <= 214:
        b += 1; items = set()
        for _ in range(6):
            if past and rng.random() < 0.5: items.add(past[int(rng.integers(len(past)))])
            else: items.add(int(c * M + rng.choice(M, p=z)) + 1)
        for p in sorted(items): rows.append((hh, b, int(d), p)); past.append(p)
        d += 3 + rng.exponential(7)
write_csv("cold.csv", rows); print(len(rows), "rows")
