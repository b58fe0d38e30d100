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


def cluster_product(rng, liked):
    c = liked[0] if rng.random() < 0.7 else liked[1]
    return lambda: int(c * M + rng.choice(M, p=zipf)) + 1


rows = weekly_new_products(rng, H, D, REP, lambda rng: rng.choice(C, 2, replace=False), cluster_product)
write_csv(OUT, rows); print(len(rows), "rows")
