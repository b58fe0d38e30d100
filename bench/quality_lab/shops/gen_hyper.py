"""Hypermarket / "valued shopper"-like shop: 1500 households, 364 days, one big weekly trip (fixed weekday,
10 % skipped), 6000 products. Household: 35 staples on personal cycles of 1, 1, 2, 2, 3, 4, 6 or 8 weeks
(random phase; bought in the due week with prob 0.85, else the following week), plus each trip ~N(12, 3) promotion
items and ~N(8, 3) one-off items. Promotions follow a 4-week calendar: week w promotes the 150 products of set
w mod 4 (4 fixed sets); a household buys promo items from the current set by its taste (Dirichlet over the set).
One-offs: global Zipf(1.0). Baskets 30-60 items.
Judged as of T = 350, W = 7 (the next weekly trip). Oracle (fair: knows cycles and the promo calendar, not the
draws): staples due in the window by due-ness prob, then the coming week's promo products by the household's taste
x expected count -> hyper.oracle.json; hyper.oracle_nopromo.json = staples due, then top personal frequency."""
import numpy as np, json
from common import *
rng = np.random.default_rng(404); H, P, T, W = 1500, 6000, 350, 7
g = 1.0 / np.arange(1, P + 1); g = g[rng.permutation(P)]; g /= g.sum()
promo = [rng.choice(np.arange(1000, P), 150, replace=False) + 1 for _ in range(4)]
rows = []; b = 0; orc = {}; orc2 = {}
for hh in range(1, H + 1):
    off = int(rng.integers(0, 7)); st = rng.choice(1000, 35, replace=False) + 1
    cyc = rng.choice([1, 1, 2, 2, 3, 4, 6, 8], 35); nxt = rng.integers(0, cyc)  # next due week
    taste = [rng.dirichlet(np.full(150, 0.3)) for _ in range(4)]
    cnt = defaultdict(int); last_week_in = None
    for w in range(52):
        d = 7 * w + off + 1
        if d > 364: break
        if d > T and last_week_in is None: last_week_in = w
        if rng.random() < 0.1: continue
        items = set()
        for i in range(35):
            if nxt[i] <= w:
                if rng.random() < 0.85 or nxt[i] < w: items.add(int(st[i])); nxt[i] = w + cyc[i]
        s = w % 4
        for _ in range(max(0, int(rng.normal(12, 3)))): items.add(int(promo[s][rng.choice(150, p=taste[s])]))
        for _ in range(max(0, int(rng.normal(8, 3)))): items.add(int(rng.choice(P, p=g)) + 1)
        b += 1
        for p in sorted(items): rows.append((hh, b, d, p))
        if d <= T:
            for p in items: cnt[p] += 1
            state = (w, nxt.copy())
    # oracle as of T: the trip in (T, T+7] is week wt
    wt = (T - off) // 7 + 1 if (T - off) % 7 else (T - off) // 7
    wt = next(w for w in range(60) if T < 7 * w + off + 1 <= T + W)
    _, nx = state
    due = [(0 if nx[i] < wt else 1, -cyc[i], int(st[i])) for i in range(35) if nx[i] <= wt]
    due = [p for _, _, p in sorted(due)]
    s = wt % 4; pr = sorted(range(150), key=lambda j: -taste[s][j])
    orc[hh] = (due + [int(promo[s][j]) for j in pr if int(promo[s][j]) not in due])[:12]
    top = sorted(cnt, key=lambda p: -cnt[p])
    orc2[hh] = (due + [p for p in top if p not in due])[:12]
write_csv("hyper.csv", rows); json.dump(orc, open("hyper.oracle.json", "w")); json.dump(orc2, open("hyper.oracle_nopromo.json", "w"))
print(len(rows), "rows", len(rows) / b, "items/basket")
