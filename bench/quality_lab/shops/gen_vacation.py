"""Vacation gaps shop (households away for weeks just before the as-of day): 3000 households, 365 days,
products 1..800 staples + 801..3000 others. Household: 30 staples (global Zipf(0.8) choice) on personal cycles
uniform 7..42 days, each bought on the first trip on or after its due day (next due = that day + cycle ± 2);
trips every 2 + Exp(2) days with 3 global Zipf(1) extras. 40 % of households take one vacation of 14..35 days
(no trips) ending on a uniform day in T - 10 .. T + 7: their staples are all overdue at T and bought on the first
trip back (a restock). Judged as of T = 350, W = 14.
Oracle: staples whose next due day is <= T + 14, earliest first (then the rest by cycle) -> vacation.oracle.json;
vacation.params.json: household -> [vacation start, end] or null."""
import numpy as np, json
from common import *
rng = np.random.default_rng(1010); H, T, W = 3000, 350, 14
gs = 1.0 / np.arange(1, 801) ** 0.8; gs /= gs.sum(); go = 1.0 / np.arange(1, 2201); go /= go.sum()
rows = []; b = 0; orc = {}; par = {}
for hh in range(1, H + 1):
    st = rng.choice(800, 30, replace=False, p=gs) + 1; cyc = rng.integers(7, 43, 30); due = rng.integers(1, cyc + 1).astype(int)
    vac = None
    if rng.random() < 0.4:
        end = int(rng.integers(T - 10, T + 8)); vac = (end - int(rng.integers(14, 36)), end)
    par[hh] = vac; d = rng.uniform(1, 4); snap = None
    while d <= 365:
        day = int(d)
        if vac and vac[0] <= day < vac[1]: d = vac[1] + rng.uniform(0, 2); continue
        if day > T and snap is None: snap = due.copy()
        items = set()
        for i in range(30):
            if day >= due[i]: items.add(int(st[i])); due[i] = day + int(cyc[i]) + int(rng.integers(-2, 3))
        for _ in range(3): items.add(801 + int(rng.choice(2200, p=go)))
        b += 1
        for p in sorted(items): rows.append((hh, b, day, p))
        d += 2 + rng.exponential(2)
    if snap is None: snap = due.copy()
    order = sorted(range(30), key=lambda i: (snap[i] > T + W, snap[i]))
    orc[hh] = [int(st[i]) for i in order][:12]
write_csv("vacation.csv", rows); json.dump(orc, open("vacation.oracle.json", "w")); json.dump(par, open("vacation.params.json", "w"))
print(len(rows), "rows")
