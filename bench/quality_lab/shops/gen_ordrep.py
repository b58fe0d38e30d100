"""Shop 5b — order numbers, long histories, replenishment in ORDER units. 3000 households, 30..40 orders each,
DAY = order index. 200 products. Each household has 15 staples, staple s bought every c_s orders
(c_s in {2,3,4,5,6,8}, jitter: skip/advance by one order with prob 0.15 each), random phase; plus 1 random product
per order with prob 0.3. Judged on the next 1 order (W = 1) and next 3 orders (W = 3).
Oracle (oracle_ordrep.py): staples whose next order index (last + mean gap) falls in the window, earliest first,
then personal top."""
import numpy as np
from common import *
rng = np.random.default_rng(11); H, P = 3000, 200
rows = []; b = 0
for hh in range(1, H + 1):
    n = int(rng.integers(30, 41)); st = rng.choice(P, 15, replace=False) + 1
    cyc = rng.choice([2, 3, 4, 5, 6, 8], 15); ev = defaultdict(set)
    for s, c in zip(st, cyc):
        o = int(rng.integers(1, c + 1))
        while o <= n:
            ev[o].add(int(s)); r = rng.random()
            o += int(c) + (1 if r < 0.15 else (-1 if r < 0.3 else 0))
    for o in range(1, n + 1):
        b += 1; items = set(ev[o])
        if rng.random() < 0.3 or not items: items.add(int(rng.integers(1, P + 1)))
        for p in sorted(items): rows.append((hh, b, o, p))
write_csv("ordrep.csv", rows); print(len(rows), "rows")
