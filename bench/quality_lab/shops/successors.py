#!/usr/bin/python3
"""Lab: can a relaunched product's successor be learnt from the history alone? (docs/SCORING.md,
"Shops shaped like public data sets": a successor inheriting its predecessor's history is not built.)

For every product silent since its last sale L (no sale in the last 7 days, sold on >= 10 days),
its regular buyers (>= 3 purchase days of it) still shopping after L, and for each product Q
the share of them whose first purchase of Q came after L - 3, against the same share over every
household shopping after L; the successor is the Q of largest lift, shrunk by 5 pseudo-buyers,
kept when its adopters are at least 3 and unlikely at the base rate (Poisson tail < 1e-6).

    /usr/bin/python3 successors.py SHOP.csv T [TRUTH.json]   (TRUTH: gen_relaunch.py's map)
"""
import json, math, sys
from collections import defaultdict
from common import load

hist, T = load(sys.argv[1]), int(sys.argv[2])
spans = {}  # household -> product -> [first day, last day, purchase days]
sale_days, last_seen = defaultdict(set), {}
for hh, rows in hist.items():
    mine = {}
    for day, _, p in rows:
        if day > T: continue
        sale_days[p].add(day)
        s = mine.setdefault(p, [day, day, set()])
        s[0], s[1] = min(s[0], day), max(s[1], day); s[2].add(day)
    if mine:
        spans[hh] = {p: (f, l, len(d)) for p, (f, l, d) in mine.items()}
        last_seen[hh] = max(l for f, l, n in spans[hh].values())
last_sale = {p: max(d) for p, d in sale_days.items()}
first_after = defaultdict(list)  # product -> households' first purchase days
for hh, s in spans.items():
    for p, (f, l, n) in s.items(): first_after[p].append((f, hh))
found = {}
for p, L in last_sale.items():
    if T - L < 7 or len(sale_days[p]) < 10: continue
    regulars = [hh for hh, s in spans.items() if p in s and s[p][2] >= 3 and last_seen[hh] > L]
    active = sum(1 for hh in last_seen if last_seen[hh] > L)
    if not regulars or not active: continue
    adopted = defaultdict(int)
    for hh in regulars:
        for q, (f, l, n) in spans[hh].items():
            if q != p and f > L - 3: adopted[q] += 1
    def base(q):
        return sum(1 for f, hh in first_after[q] if f > L - 3 and last_seen[hh] > L)
    def lift(q):
        return adopted[q] / (len(regulars) + 5) / ((base(q) + 1) / (active + 1))
    if adopted:
        q = max(adopted, key=lift)
        # Significance: the chance of >= k adopters among the regulars at the base rate (Poisson).
        k, lam = adopted[q], len(regulars) * (base(q) + 1) / (active + 1)
        term, tail = math.exp(-lam), 0.0
        for i in range(k):
            tail += term; term *= lam / (i + 1)
        found[p] = (q, L, len(regulars), lift(q), max(1e-300, 1 - tail), k)
significant = {p: v for p, v in found.items() if v[4] < 1e-6 and v[5] >= 3}
print(f"significant (P < 1e-6 at the base rate, >= 3 adopters): {len(significant)}")
lifts = sorted(v[3] for v in found.values())
q = lambda f: lifts[int(f * (len(lifts) - 1))] if lifts else float("nan")
print(f"{len(found)} silent products with a successor candidate as of {T}; lift quartiles "
      f"{q(0.25):.1f} / {q(0.5):.1f} / {q(0.75):.1f}")
if len(sys.argv) > 3:
    truth = {int(p): q for p, (q, day) in json.load(open(sys.argv[3])).items() if day <= T}
    right = sum(1 for p, (q, *_) in found.items() if truth.get(p) == q)
    print(f"significant and right: {sum(1 for p, v in significant.items() if truth.get(p) == v[0])} of "
          f"{len(significant)}")
    wrong = [(p, found[p][0], truth.get(p)) for p in found if truth.get(p) != found[p][0]]
    print(f"relaunched by {T}: {len(truth)}; learnt right: {right}; silent and found otherwise: {len(wrong)}")
    print("  e.g. (product, learnt, true):", wrong[:8])
    right_lifts = sorted(found[p][3] for p in found if truth.get(p) == found[p][0])
    print(f"  lift of the right ones: median {right_lifts[len(right_lifts) // 2]:.1f}" if right_lifts else "")
