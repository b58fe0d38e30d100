"""Shop 1 — low-repeat, taste clusters. 3000 households, 20 clusters x 300 products = 6000 products,
days 1..364, one trip a week (day = 7w + household offset 0..6), 8 items a trip.
Each household likes 2 clusters (weights 0.7/0.3). Each item: with prob 0.15 a repeat
(uniform over the household's past products), else a product of a liked cluster drawn by Zipf(1.0)
weight inside the cluster, rejected (redrawn up to 20x) if already bought -> a new product.
Usage: gen_lowrep.py [REPEAT_PROB=0.15] [OUT=lowrep.csv] [SEED=1]
Good recommender: unbought products of the household's clusters with the largest Zipf weight.
Oracle: the household's cluster weights x within-cluster Zipf weight over unbought products,
cluster weights estimated from its own history (counts of purchases per cluster)."""
import numpy as np
from common import *
import sys
REP = float(sys.argv[1]) if len(sys.argv) > 1 else 0.15
OUT = sys.argv[2] if len(sys.argv) > 2 else "lowrep.csv"
SEED = int(sys.argv[3]) if len(sys.argv) > 3 else 1
rng = np.random.default_rng(SEED)
H, C, M, D = 3000, 20, 300, 364
zipf = 1.0 / np.arange(1, M + 1); zipf /= zipf.sum()
rows = []; b = 0
for hh in range(1, H + 1):
    cl = rng.choice(C, 2, replace=False); cw = [0.7, 0.3]
    off = int(rng.integers(0, 7)); bought = []; bset = set()
    for w in range(D // 7):
        d = 7 * w + off + 1
        if d > D: break
        b += 1; items = set()
        for _ in range(8):
            if bought and rng.random() < REP:
                items.add(bought[int(rng.integers(len(bought)))]); continue
            c = cl[0] if rng.random() < 0.7 else cl[1]
            for _ in range(20):
                p = int(c * M + rng.choice(M, p=zipf)) + 1
                if p not in bset and p not in items: break
            items.add(p)
        for p in sorted(items):
            rows.append((hh, b, d, p))
            if p not in bset: bset.add(p); bought.append(p)
write_csv(OUT, rows); print(len(rows), "rows")
