"""Durable -> consumable shop (first purchase of a complement is an EXPLORE item): 3000 households, 365 days,
products 1..100 durables (coffee machine, printer), 101..200 their consumables (capsules, ink: durable a ->
100 + a), 201..1500 groceries. Trips every 1 + Exp(3) days, 6 draws from the household's 25 favourites among
201..1500 (Zipf 1) + 1 global grocery. Each household buys 1 + Poisson(0.5) durables over the year, each on a
uniform day (bought on the first trip within 3 days of it, else never), chosen by a global Zipf(1) over 1..100; its consumable is first bought on the first trip >= 1 + Poisson(2)
days later (prob 0.95), then every 12 + Poisson(4) days (next trip on or after). Judged as of T = 350, W = 14.
Oracle: consumables of durables bought by T not yet bought (first), consumables due (last + 12..16 <= T + 14),
then favourites by weight -> durable.oracle.json."""
import numpy as np, json
from common import *
rng = np.random.default_rng(808); H, T, W = 3000, 350, 14
zd = 1.0 / np.arange(1, 101); zd /= zd.sum(); z25 = 1.0 / np.arange(1, 26); z25 /= z25.sum()
rows = []; b = 0; orc = {}
for hh in range(1, H + 1):
    fav = rng.choice(np.arange(201, 1501), 25, replace=False)
    dur = {int(rng.choice(100, p=zd)) + 1: int(rng.integers(1, 366)) for _ in range(1 + rng.poisson(0.5))}
    nextc = {}  # consumable -> next due day
    d = rng.uniform(1, 4); state = None
    while d <= 365:
        day = int(d)
        if day > T and state is None: state = dict(nextc), {a: dd for a, dd in dur.items() if dd <= T}
        items = set(int(fav[rng.choice(25, p=z25)]) for _ in range(6)); items.add(int(rng.integers(201, 1501)))
        for a, dd in dur.items():
            if dd == day or (dd < day and ('bought', a) not in nextc and dd > day - 4 and a not in [x for x in nextc]):
                if ('bought', a) not in nextc:
                    items.add(a); nextc[('bought', a)] = 1
                    if rng.random() < 0.95: nextc[100 + a] = day + 1 + rng.poisson(2)
        for c, due in list(nextc.items()):
            if isinstance(c, int) and day >= due: items.add(c); nextc[c] = day + 12 + rng.poisson(4)
        b += 1
        for p in sorted(items): rows.append((hh, b, day, p))
        d += 1 + rng.exponential(3)
    if state is None: state = dict(nextc), {}
    orc[hh] = state[0]
write_csv("durable.csv", rows)
hist = load("durable.csv"); past, truth = split(hist, T, W); out = {}
for hh, nc in orc.items():
    if hh not in past: continue
    mine = {p for _, _, p in past[hh]}; cnt = defaultdict(int)
    for _, _, p in past[hh]: cnt[p] += 1
    first = sorted((due, c) for c, due in nc.items() if isinstance(c, int) and c not in mine)
    due = sorted((due, c) for c, due in nc.items() if isinstance(c, int) and c in mine and due <= T + W)
    L = [c for _, c in first] + [c for _, c in due]
    L += [p for p in sorted(cnt, key=lambda p: -cnt[p]) if p > 200 and p not in L]
    out[hh] = L[:12]
json.dump(out, open("durable.oracle.json", "w"))
fc = sum(1 for h in truth for p in truth[h] if 100 < p <= 200 and p not in {q for _, _, q in past[h]})
print(len(rows), "rows; truth consumables first bought in the window:", fc, "; truth consumables:", sum(1 for h in truth for p in truth[h] if 100 < p <= 200))
