"""Shop 2 — strict replenishment. 2000 households, 300 products, days 1..400.
Each household has 20-30 staples (v2; v1 had 6-10, too easy), each on a personal cycle drawn from {7,10,14,21,30,45,60} days,
jitter uniform {-1,0,+1} day, random phase. A household shops on every day some staple is due;
the basket is the staples due that day (+ with prob 0.2 one random 'noise' product).
Oracle: per staple, next = last purchase + mean observed gap; list staples with next <= T+W
ordered by next (earliest first), then fill with personal top frequency."""
import numpy as np, sys
from common import *
rng = np.random.default_rng(2)
H, P, D = 2000, 300, 400
OUT = "replen.csv"
rows = []; b = 0
for hh in range(1, H + 1):
    ns = rng.integers(20, 31)
    staples = rng.choice(P, ns, replace=False) + 1
    cyc = rng.choice([7, 10, 14, 21, 30, 45, 60], ns)
    events = defaultdict(set)
    for s, c in zip(staples, cyc):
        d = int(rng.integers(1, c + 1))
        while d <= D:
            events[d].add(int(s))
            d += int(c) + int(rng.integers(-1, 2))
    for d in sorted(events):
        b += 1
        items = set(events[d])
        if rng.random() < 0.2: items.add(int(rng.integers(1, P + 1)))
        for p in sorted(items): rows.append((hh, b, d, p))
write_csv(OUT, rows)
print(len(rows), "rows")
