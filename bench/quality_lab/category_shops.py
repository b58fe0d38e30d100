#!/usr/bin/python3
"""Shops whose products have categories, from one transactions file, to try category-level
features (a product's family, department) where the family is known:

    /usr/bin/python3 bench/quality_lab/category_shops.py TRANSACTIONS.csv OUT_DIR

writes OUT_DIR/variants.csv (shapes.py's variants shop, byte for byte: every product one of four
variants of a family, family = (PRODUCT_ID-1)//4, each purchase a variant drawn at random),
loyal_variants.csv (the same families, but each household has a favourite variant of each family,
drawn once, bought with probability 0.7, otherwise a variant drawn at random, the favourite
included) and variants_products.csv (a products file in dunnhumby's header naming every id
1..4 x families: DEPARTMENT "D<family//50>", COMMODITY_DESC and SUB_COMMODITY_DESC "F<family>",
MANUFACTURER 1, BRAND National, no size), for `ingest --products`. Seed 1: the same files every
time. The columns are the input's; only PRODUCT_ID is changed.
"""
import os
import sys
import numpy as np

source, out = sys.argv[1], sys.argv[2]
with open(source) as f:
    header = f.readline().strip()
columns = header.split(",")
household, product = columns.index("household_key"), columns.index("PRODUCT_ID")
rows = np.loadtxt(source, delimiter=",", skiprows=1, dtype=np.int64)
rng = np.random.default_rng(1)
os.makedirs(out, exist_ok=True)


def write(name, data):
    np.savetxt(os.path.join(out, name + ".csv"), data, fmt="%d", delimiter=",", header=header, comments="")


# shapes.py's draws before its variants shop (small_baskets, noisy), so that the stream is the same
rng.random(len(rows))
extra = rng.random(len(rows)) < 0.3
rng.integers(1, rows[:, product].max() + 1, int(extra.sum()))

family = (rows[:, product] - 1) // 4
variants = rows.copy()
variants[:, product] = family * 4 + 1 + rng.integers(0, 4, len(rows))
write("variants", variants)

pairs, pair_of_row = np.unique(rows[:, household] * (family.max() + 1) + family, return_inverse=True)
favourite = rng.integers(0, 4, len(pairs))
loyal = rows.copy()
chosen = np.where(rng.random(len(rows)) < 0.7, favourite[pair_of_row], rng.integers(0, 4, len(rows)))
loyal[:, product] = family * 4 + 1 + chosen
write("loyal_variants", loyal)

families = int(family.max()) + 1
with open(os.path.join(out, "variants_products.csv"), "w") as f:
    f.write("PRODUCT_ID,MANUFACTURER,DEPARTMENT,BRAND,COMMODITY_DESC,SUB_COMMODITY_DESC,CURR_SIZE_OF_PRODUCT\n")
    for fam in range(families):
        for v in range(1, 5):
            f.write(f"{fam * 4 + v},1,D{fam // 50},National,F{fam},F{fam},\n")
