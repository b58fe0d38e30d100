#!/usr/bin/python3
"""Other shapes of shop from one transactions file, to check that the defaults win beyond the data
they were chosen on (docs/SCORING.md "Other shapes of data"):

    /usr/bin/python3 bench/quality_lab/shapes.py TRANSACTIONS.csv OUT_DIR

writes OUT_DIR/small_baskets.csv (a random 35 % of the rows: baskets a third as large, sparser
histories), weekly.csv (every day moved to the first day of its week: weekly panel data, where
day-level recency does not exist) and noisy.csv (30 % more rows of random products in the same
baskets: a lower share of repeat purchases), orders.csv (each household's baskets numbered
1, 2, 3, ... in time order in the DAY column: order numbers instead of days, every household on
its own clock, as in order-sequence data) and recent.csv (only the rows from 115 days before
day 635 on: short histories, as in a four-month data set) and variants.csv (every product one
of four variants of a family, each purchase a variant drawn at random: variety-seeking shoppers,
24 % of a window's products bought before instead of 39 %) and sparse.csv (the rows from day 520
on, of a random 15 % of the baskets: three baskets a household on average and 13 % of a window's
products bought before, as in a short panel of occasional shoppers). Seed 1: the same files every time.
The columns are the input's; only household_key, BASKET_ID, DAY and PRODUCT_ID are changed.
"""
import os
import sys
import numpy as np

source, out = sys.argv[1], sys.argv[2]
with open(source) as f:
    header = f.readline().strip()
columns = header.split(",")
household, basket = columns.index("household_key"), columns.index("BASKET_ID")
day, product = columns.index("DAY"), columns.index("PRODUCT_ID")
rows = np.loadtxt(source, delimiter=",", skiprows=1, dtype=np.int64)
rng = np.random.default_rng(1)
os.makedirs(out, exist_ok=True)


def write(name, data):
    np.savetxt(os.path.join(out, name + ".csv"), data, fmt="%d", delimiter=",", header=header, comments="")


write("small_baskets", rows[rng.random(len(rows)) < 0.35])
weekly = rows.copy()
weekly[:, day] = (weekly[:, day] - 1) // 7 * 7 + 1
write("weekly", weekly)
extra = rows[rng.random(len(rows)) < 0.3].copy()
extra[:, product] = rng.integers(1, rows[:, product].max() + 1, len(extra))
write("noisy", np.vstack([rows, extra]))
orders = rows[np.lexsort((rows[:, basket], rows[:, day], rows[:, household]))]
new_basket = np.r_[True, (np.diff(orders[:, household]) != 0) | (np.diff(orders[:, day]) != 0) |
                   (np.diff(orders[:, basket]) != 0)]
new_household = np.r_[True, np.diff(orders[:, household]) != 0]
count = np.cumsum(new_basket)
orders[:, day] = count - np.maximum.accumulate(np.where(new_household, count, 0)) + 1
write("orders", orders)
write("recent", rows[rows[:, day] >= 520])
variants = rows.copy()
variants[:, product] = (variants[:, product] - 1) // 4 * 4 + 1 + rng.integers(0, 4, len(variants))
write("variants", variants)
baskets, basket_of_row = np.unique(rows[:, basket], return_inverse=True)
kept_basket = rng.random(len(baskets)) < 0.15
write("sparse", rows[kept_basket[basket_of_row] & (rows[:, day] >= 520)])
