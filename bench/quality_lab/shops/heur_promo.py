"""heur_promo.py SHOP.csv T W: the same-calendar-phase heuristic of gen_promo.py (products bought 4, 8, 12...
weeks before the coming trip, by count; then personal top), scored with evaluate's protocol."""
import sys
from common import *
hist = load(sys.argv[1]); T, W = int(sys.argv[2]), int(sys.argv[3]); past, truth = split(hist, T, W); heur = {}
for hh, rs in past.items():
    nextd = max(d for d, _, _ in rs) + 7; ph = defaultdict(int); cnt = defaultdict(int)
    for d, _, p in rs:
        cnt[p] += 1
        if (nextd - d) % 28 == 0: ph[p] += 1
    L = sorted(ph, key=lambda p: -ph[p] - 0.001 * cnt[p])[:12]
    heur[hh] = (L + [p for p in sorted(cnt, key=lambda p: -cnt[p]) if p not in L])[:12]
report(f"phase heuristic T={T}", heur, truth)
