#!/usr/bin/python3
"""The lab's experiments of the fourth round (docs/SCORING.md), on folds from dump_folds.sh:
validation = the mean of the test folds 607, 621, 635; test = 649 (evaluate's window as of 635).

    /usr/bin/python3 bench/quality_lab/experiments.py DIR
"""
import itertools
import sys
import numpy as np
import lab

TESTS = (607, 621, 635, 649)
CONTINUOUS = [lab.FEATURES.index(n) for n in (
    "log_decayed_long log_decayed_short log_baskets log_elapsed popularity cross_sell household_recent "
    "share_of_baskets expected_in_window repeat_rate log_baskets_since due_probability").split()]


def report(name, scores):
    """scores: per test fold, (NDCG, recall)."""
    r = np.array(scores)
    print(f"{name:36s} validation {r[:3, 0].mean():.4f} / {r[:3, 1].mean():.4f}   test {r[3, 0]:.4f} / "
          f"{r[3, 1]:.4f}   folds {' '.join(f'{x:.4f}' for x in r[:, 0])}", flush=True)


def with_products(pairs):
    return lambda f: np.hstack([f["X"]] + [(f["X"][:, i] * f["X"][:, j])[:, None] for i, j in pairs])


def main(folder):
    folds = {d: lab.load_fold(f"{folder}/fold{d}.f64") for d in (593,) + TESTS}

    def blend(transform=lambda f: f["X"], l2=1.0, post=None):
        out = []
        for t in TESTS:
            train, test = folds[t - 14], folds[t]
            w = lab.fit_logistic(transform(train), train["label"], l2)
            score = transform(test) @ w
            if post:
                score = post(train, transform(train) @ w, test, score)
            out.append(lab.metrics(test, score)[:2])
        return out

    report("blend (the engine's defaults)", blend())

    # A learned offset per product: log((purchases + a) / (predicted + a)) on the training fold.
    def product_offset(a):
        def post(train, z_train, test, z_test):
            n = max(train["product"].max(), test["product"].max()) + 1
            p = 1 / (1 + np.exp(-z_train))
            bought = np.bincount(train["product"], train["label"], n)
            predicted = np.bincount(train["product"], p, n)
            return z_test + np.log((bought + a) / (predicted + a))[test["product"]]
        return post
    for a in (3, 30):
        report(f"product offsets, a = {a}", blend(post=product_offset(a)))

    report("squares of the continuous features", blend(with_products([(i, i) for i in CONTINUOUS])))
    for l2 in (1.0, 10.0):
        report(f"every pair product, l2 = {l2:g}",
               blend(with_products(list(itertools.combinations(CONTINUOUS, 2))), l2=l2))

    # The blends of the last 2 folds averaged (the older at half weight).
    out = []
    for t in TESTS:
        test, z, weight = folds[t], 0.0, 0.0
        for i, d in enumerate(x for x in (t - 14, t - 28) if x in folds):
            w = lab.fit_logistic(folds[d]["X"], folds[d]["label"])
            z, weight = z + 0.5**i * (test["X"] @ w), weight + 0.5**i
        out.append(lab.metrics(test, z / weight)[:2])
    report("blends of 2 folds averaged", out)

    def rerank(**options):
        out = []
        for t in TESTS:
            train, test = folds[t - 14], folds[t]
            w = lab.fit_logistic(train["X"], train["label"])
            out.append(lab.metrics(test, lab.pairwise_rerank(train, test, w, **options))[:2])
        return out

    for top in (20, 30, 50):
        report(f"pairwise re-rank of the best {top}", rerank(top=top))
    report("the same (30) with the squares", rerank(transform=with_products([(i, i) for i in CONTINUOUS])))
    report("LambdaRank-weighted pairs (30)", rerank(lambda_weights=True))


if __name__ == "__main__":
    main(sys.argv[1])
