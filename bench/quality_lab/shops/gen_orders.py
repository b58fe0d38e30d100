"""Shop 5 — order numbers instead of days, short histories. 5000 households, each with 3..6 orders;
DAY = the household's order index 1..n (so day 4 = 'the 4th order'). 1000 products.
Personal weight = Zipf(1.0) x Gamma(0.3) noise; 8 items per order drawn with replacement from it (deduped).
Oracle: the household's top 12 by TRUE weight (orders are i.i.d.)."""
import numpy as np, pickle
from common import *
rng = np.random.default_rng(6); H, P = 5000, 1000
z = 1.0 / np.arange(1, P + 1); rows = []; b = 0; truew = {}
for hh in range(1, H + 1):
    w = z * rng.gamma(0.3, 1.0, P); w /= w.sum(); truew[hh] = np.argsort(-w)[:12] + 1
    for d in range(1, int(rng.integers(3, 7)) + 1):
        b += 1
        for p in sorted(set(int(x) + 1 for x in rng.choice(P, 8, p=w))): rows.append((hh, b, d, p))
write_csv("orders.csv", rows); pickle.dump(truew, open("orders.truew.pkl", "wb")); print(len(rows), "rows")
