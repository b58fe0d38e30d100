"""Shop 7 — odd sizes, all with i.i.d. trips from a fixed personal preference (Zipf(1.0) x Gamma(0.3) noise),
oracle = top 12 by the true personal weight (oracle_baskets.py NAME T W).
  few:    3000 households, 30 products, a trip every Exp(4) days, 3 items (days 1..300)
  hand:   5 households, 500 products, weekly trip, 10 items (days 1..300)
  wide:   3000 households, 250,000 products, weekly trip, 10 items (days 1..300); the Zipf is over a random
          permutation per household block of 5,000 products so the catalogue really is used"""
import numpy as np, sys, pickle
from common import *
shop = sys.argv[1]; rng = np.random.default_rng({"few": 8, "hand": 9, "wide": 10}[shop])
H, P, n = {"few": (3000, 30, 3), "hand": (5, 500, 10), "wide": (3000, 250000, 10)}[shop]; D = 300
rows = []; b = 0; truew = {}
for hh in range(1, H + 1):
    if shop == "wide":
        # a household draws from its own 2,000-product neighbourhood of the catalogue (taste region)
        base = int(rng.integers(0, P - 2000)); ids = base + np.arange(2000)
        z = 1.0 / np.arange(1, 2001) ** 1.0; w = z * rng.gamma(0.3, 1.0, 2000)
    else:
        ids = np.arange(P); w = (1.0 / np.arange(1, P + 1)) * rng.gamma(0.3, 1.0, P)
    w /= w.sum(); truew[hh] = ids[np.argsort(-w)[:12]] + 1
    if shop == "few":
        days = []; d = rng.exponential(4)
        while d < D: days.append(int(d) + 1); d += rng.exponential(4)
        days = sorted(set(days))
    else: days = range(int(rng.integers(1, 8)), D + 1, 7)
    for d in days:
        b += 1
        for p in sorted(set(int(ids[x]) + 1 for x in rng.choice(len(ids), n, p=w))): rows.append((hh, b, d, p))
write_csv(f"{shop}.csv", rows); pickle.dump(truew, open(f"{shop}.truew.pkl", "wb")); print(shop, len(rows), "rows")
