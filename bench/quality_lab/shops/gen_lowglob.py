"""Shop 1b — low repeat WITHOUT taste clusters (control for F1). 3000 households, 6000 products, weekly trip of
8 items; each item a repeat (uniform over own past products) with prob 0.15, else a product drawn from ONE global
Zipf(1.0) over all 6000 products, redrawn (up to 20x) if already bought. Here unbought globally popular products
ARE the right explore recommendation. Oracle: unbought products by global Zipf rank."""
import numpy as np
from common import *
rng = np.random.default_rng(13); H, P, D = 3000, 6000, 364
z = 1.0 / np.arange(1, P + 1); z /= z.sum()
rows = []; b = 0
for hh in range(1, H + 1):
    off = int(rng.integers(0, 7)); bought = []; bset = set()
    for w in range(D // 7):
        d = 7 * w + off + 1
        if d > D: break
        b += 1; items = set()
        for _ in range(8):
            if bought and rng.random() < 0.15: items.add(bought[int(rng.integers(len(bought)))]); continue
            for _ in range(20):
                p = int(rng.choice(P, p=z)) + 1
                if p not in bset and p not in items: break
            items.add(p)
        for p in sorted(items):
            rows.append((hh, b, d, p))
            if p not in bset: bset.add(p); bought.append(p)
write_csv("lowglob.csv", rows); print(len(rows), "rows")
