"""Shop 1b — low repeat WITHOUT taste clusters (control for F1). 3000 households, 6000 products, weekly trip of
8 items; each item a repeat (uniform over own past products) with prob 0.15, else a product drawn from ONE global
Zipf(1.0) over all 6000 products, redrawn (up to 20x) if already bought. Here unbought globally popular products
ARE the right explore recommendation. Oracle: unbought products by global Zipf rank."""
import numpy as np
from common import *
rng = np.random.default_rng(13); H, P, D = 3000, 6000, 364
z = 1.0 / np.arange(1, P + 1); z /= z.sum()
rows = weekly_new_products(rng, H, D, 0.15, lambda rng: None, lambda rng, _: lambda: int(rng.choice(P, p=z)) + 1)
write_csv("lowglob.csv", rows); print(len(rows), "rows")
