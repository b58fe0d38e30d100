"""A small promotion-calendar shop for tests/e2e/test_score_trees_choice.sh (standard library only).

Four disjoint sets of 30 deals, set w % 4 on promotion in week w. Each household shops once a week
on its own weekday (1 week in 10 skipped) and buys: its 3 staples when due (personal cycles of 1-3
weeks), 5 draws from the current deals by its own taste (a few favourites per set, so a favourite
recurs every 4 weeks and never between), and 2 products of a long tail. A blend of due-ness
features cannot say "due at 28, 56, 84 days, never between"; trees can.

    promo_shop.py OUT.csv [HOUSEHOLDS] [WEEKS]
"""
import random
import sys

out = sys.argv[1]
households = int(sys.argv[2]) if len(sys.argv) > 2 else 600
weeks = int(sys.argv[3]) if len(sys.argv) > 3 else 40
rng = random.Random(20261207)
deals = [list(range(1 + 30 * s, 31 + 30 * s)) for s in range(4)]  # products 1..120
staples = list(range(200, 400))
tail = list(range(1000, 3000))
basket = 0
with open(out, "w") as f:
    f.write("household_key,BASKET_ID,DAY,PRODUCT_ID,QUANTITY,SALES_VALUE\n")
    for h in range(1, households + 1):
        weekday = rng.randrange(7)
        mine = rng.sample(staples, 3)
        cycle = [rng.randint(1, 3) for _ in mine]
        due = [rng.randrange(c) for c in cycle]
        favourites = [rng.sample(deals[s], 4) for s in range(4)]
        for w in range(weeks):
            if rng.random() < 0.1:
                continue
            items = set()
            for i, p in enumerate(mine):
                if due[i] <= w:
                    items.add(p)
                    due[i] = w + cycle[i]
            s = w % 4
            for _ in range(5):
                items.add(rng.choice(favourites[s]) if rng.random() < 0.85 else rng.choice(deals[s]))
            for _ in range(2):
                items.add(rng.choice(tail))
            basket += 1
            for p in sorted(items):
                f.write(f"{h},{basket},{7 * w + weekday + 1},{p},1,1.0\n")
