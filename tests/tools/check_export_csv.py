#!/usr/bin/python3
"""Checks a CSV export against its inputs, independently of the exporter (docs/CAMPAIGN.md
"basketgap export"): every household mailed consents in the households file and is not held out;
its coupons are the coupons file's row, in order, empty slots skipped; product ids, ranks (from 1)
and text columns (description = sub-commodity, else commodity; department; commodity) are the
products file's.

    check_export_csv.py EXPORT.csv COUPONS.h5 PRODUCTS.csv HOUSEHOLDS.csv
"""
import csv
import sys

import h5py


def main(export, coupons, products_csv, households_csv):
    text = {}
    for r in csv.DictReader(open(products_csv, newline="")):
        sub, commodity = r["SUB_COMMODITY_DESC"], r["COMMODITY_DESC"]
        text[int(r["PRODUCT_ID"])] = (sub or commodity, r["DEPARTMENT"], commodity)
    consent = {int(r["household_key"]): r["consent"] for r in csv.DictReader(open(households_csv, newline=""))}
    with h5py.File(coupons, "r") as f:
        ids = f["/coupons/household_id"][:]
        lists = f["/coupons/product_id"][:]
        control = f["/households/control"][:] if "/households/control" in f else [0] * len(ids)
    row_of = {int(h): i for i, h in enumerate(ids)}
    rows = list(csv.DictReader(open(export, newline="")))
    assert rows, "an empty export proves nothing"
    per_coupon = "rank" in rows[0]
    mailed = {}
    for line, r in enumerate(rows, start=2):
        h = int(r["household_id"])
        assert consent.get(h) == "1", f"line {line}: household {h} mailed, consent {consent.get(h)!r}"
        assert control[row_of[h]] == 0, f"line {line}: household {h} of the control group mailed"
        coupons = mailed.setdefault(h, [])
        if per_coupon:
            coupons.append((int(r["rank"]), int(r["product_id"]), r["description"], r["department"], r["commodity"]))
        else:
            for slot in range(1, 1 + lists.shape[1]):
                if r.get(f"product_id_{slot}"):
                    coupons.append((slot, int(r[f"product_id_{slot}"]), r[f"description_{slot}"],
                                    r[f"department_{slot}"], r[f"commodity_{slot}"]))
    for h, coupons in mailed.items():
        want = [int(p) for p in lists[row_of[h]] if p >= 0]
        assert [c[1] for c in coupons] == want, f"household {h}: {[c[1] for c in coupons]} against {want}"
        assert [c[0] for c in coupons] == list(range(1, len(want) + 1)), f"household {h}: ranks {[c[0] for c in coupons]}"
        for rank, product, *columns in coupons:
            assert tuple(columns) == text[product], f"household {h} rank {rank}: {columns} against {text[product]}"
    print(f"{export}: {len(mailed)} households, {sum(len(c) for c in mailed.values())} coupons as their inputs say")


if __name__ == "__main__":
    main(*sys.argv[1:])
