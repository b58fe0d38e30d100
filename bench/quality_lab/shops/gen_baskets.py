"""Shop 4 — basket size extremes, i.i.d. baskets from a fixed personal preference (no time structure).
Personal weight of product i = Zipf(1.0, over P products) x Gamma(0.3) noise (each household its own draw),
normalised. Each trip draws n items with replacement from it and dedupes.
  big:  1000 households, 2000 products, one trip every 7 days (days 1..182), n = 50..100 per trip
  tiny: 5000 households, 500 products,  a trip every Exp(3) days (days 1..200), n = 1 or 2
Since trips are i.i.d., the Bayes-optimal list is the household's top 12 by TRUE weight (oracle_baskets.py)."""
import numpy as np, sys, pickle
from common import *
shop = sys.argv[1]; rng = np.random.default_rng(4 if shop == "big" else 5)
if shop == "big": H, P, D = 1000, 2000, 182
else: H, P, D = 5000, 500, 200
z = 1.0 / np.arange(1, P + 1)
rows = []; b = 0; truew = {}
for hh in range(1, H + 1):
    w = z * rng.gamma(0.3, 1.0, P); w /= w.sum(); truew[hh] = np.argsort(-w)[:12] + 1
    if shop == "big": days = range(int(rng.integers(1, 8)), D + 1, 7)
    else:
        days = []; d = rng.exponential(3)
        while d < D: days.append(int(d) + 1); d += rng.exponential(3)
        days = sorted(set(days))
    for d in days:
        b += 1
        n = int(rng.integers(50, 101)) if shop == "big" else int(rng.integers(1, 3))
        items = set(int(x) + 1 for x in rng.choice(P, n, p=w))
        for p in sorted(items): rows.append((hh, b, d, p))
write_csv(f"{shop}.csv", rows); pickle.dump(truew, open(f"{shop}.truew.pkl", "wb")); print(len(rows), "rows")
