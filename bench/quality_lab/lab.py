#!/usr/bin/python3
"""The offline quality lab: the engine's blend refitted in numpy on folds dumped by `score`
(dump_folds.sh), to try a feature, a model or a ranker in seconds instead of a rebuild.

    /usr/bin/python3 bench/quality_lab/lab.py DIR [--tests 607,621,635,649]

For each test fold T (features as of T-14, purchases of T-13..T), the blend is fitted on the fold
before it (T-14) and ranks T's candidates; NDCG@12 and recall@12 are computed as `evaluate`
does (households with a purchase in the window; the ideal DCG over min(12, |truth|)). The fold
649 of the dunnhumby store is evaluate's test window as of 635: the baseline printed for it is
evaluate's 0.2271 / 0.1459 (the same candidates and the same ridge logistic fit; coupons that
walk past the candidates to popular fill-ins are the only difference, none on that file).
Needs python3-numpy (Debian). Experiments: import this module (see experiments.py).
"""
import argparse
import os
import numpy as np

FEATURES = ("bias bought log_decayed_long log_decayed_short log_baskets log_elapsed ratio_lt_0.5 "
            "ratio_0.5_1 ratio_1_1.5 ratio_1.5_2.5 ratio_2.5_4 ratio_ge_4 popularity cross_sell "
            "household_recent share_of_baskets no_cycle expected_in_window repeat_rate "
            "log_baskets_since due_probability log_category_long log_category_short category_share "
            "missed_sales").split()
COLUMNS = 4 + len(FEATURES)  # household id, product, label, truth size, features
K = 12


def load_fold(path):
    rows = np.fromfile(path, dtype=np.float64)
    if rows.size % COLUMNS:
        raise SystemExit(f"{path}: {rows.size} values is not a whole number of {COLUMNS}-value rows")
    rows = rows.reshape(-1, COLUMNS)
    return dict(household=rows[:, 0].astype(np.int64), product=rows[:, 1].astype(np.int64),
                label=rows[:, 2], truth=rows[:, 3], X=rows[:, 4:])


def fit_logistic(X, y, l2=1.0, steps=12):
    """The engine's fit: Newton steps, ridge on every weight but the bias (engine/logistic_sums)."""
    w = np.zeros(X.shape[1])
    ridge = np.full(X.shape[1], l2)
    ridge[0] = 1e-9
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(X @ w)))
        gradient = X.T @ (p - y) + ridge * w
        hessian = (X * (p * (1 - p))[:, None]).T @ X + np.diag(ridge)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-5:
            break
    return w


def households(fold, score):
    """Candidates ordered by household, then score (descending), then product; and the bounds of
    each household's run."""
    order = np.lexsort((fold["product"], -score, fold["household"]))
    h = fold["household"][order]
    starts = np.r_[0, np.nonzero(np.diff(h))[0] + 1]
    return order, starts, np.r_[starts[1:], len(order)]


def rank_in_household(fold, score):
    order, starts, ends = households(fold, score)
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order)) - np.repeat(starts, ends - starts)
    return rank


def metrics(fold, score, k=K):
    """(NDCG@k, recall@k, evaluated households), as evaluate computes them."""
    order, starts, ends = households(fold, score)
    label, truth = fold["label"][order], fold["truth"][order]
    discount = 1 / np.log2(np.arange(2, k + 2))
    ndcg, recall = [], []
    for s, e in zip(starts, ends):
        if truth[s] == 0:
            continue
        top = label[s:min(e, s + k)]
        ndcg.append((top * discount[:len(top)]).sum() / discount[:int(min(k, truth[s]))].sum())
        recall.append(top.sum() / truth[s])
    return float(np.mean(ndcg)), float(np.mean(recall)), len(ndcg)


def pairwise_rerank(train, test, w_blend, top=30, l2=100.0, transform=lambda f: f["X"], lambda_weights=False):
    """A linear ranker fitted on each training household's (bought, not bought) pairs among the
    blend's best `top` candidates (pairwise logistic loss, Newton steps with backtracking);
    re-ranks the test households' best `top` (the rest keep the blend's order below them).
    `lambda_weights`: each pair weighs the change of DCG its swap makes (LambdaRank's weights)."""
    Xtr = transform(train)
    order, starts, ends = households(train, train["X"] @ w_blend)
    discount = 1 / np.log2(np.arange(2, top + 2))
    diffs, weights = [], []
    for s, e in zip(starts, ends):
        idx = order[s:e][:top]
        positive = train["label"][idx] > 0
        pos, neg = idx[positive], idx[~positive]
        if len(pos) and len(neg):
            diffs.append((Xtr[pos][:, None, :] - Xtr[neg][None, :, :]).reshape(-1, Xtr.shape[1]))
            at = np.arange(len(idx))
            weights.append(np.abs(discount[at[positive]][:, None] - discount[at[~positive]][None, :]).ravel()
                           if lambda_weights else np.ones(len(pos) * len(neg)))
    D = np.vstack(diffs)
    c = np.concatenate(weights)
    c *= len(c) / c.sum()
    ridge = np.full(D.shape[1], l2)
    loss = lambda w: (c * np.logaddexp(0, -(D @ w))).sum() + 0.5 * (ridge * w * w).sum()
    w = np.zeros(D.shape[1])
    current = loss(w)
    for _ in range(40):
        p = 1 / (1 + np.exp(-(D @ w)))
        gradient = D.T @ (c * (p - 1)) + ridge * w
        hessian = (D * (c * p * (1 - p))[:, None]).T @ D + np.diag(ridge)
        step, t = np.linalg.solve(hessian, gradient), 1.0
        while loss(w - t * step) > current and t > 1e-4:
            t /= 2
        w -= t * step
        new = loss(w)
        if current - new < 1e-7 * abs(current):
            break
        current = new
    blend = test["X"] @ w_blend
    return np.where(rank_in_household(test, blend) < top, 1e3 + transform(test) @ w, blend)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dir")
    parser.add_argument("--tests", default="607,621,635,649")
    parser.add_argument("--window", type=int, default=14)
    args = parser.parse_args()
    tests = [int(t) for t in args.tests.split(",")]
    folds = {}
    for day in sorted(set(tests) | {t - args.window for t in tests}):
        path = os.path.join(args.dir, f"fold{day}.f64")
        if not os.path.exists(path):
            raise SystemExit(f"{path} is missing: bench/quality_lab/dump_folds.sh STORE {args.dir} {day}")
        folds[day] = load_fold(path)
    print(f"{'test fold':>9}  {'households':>10}  {'blend NDCG / recall':>20}  {'+ pairwise re-rank of 30':>24}")
    for t in tests:
        train, test = folds[t - args.window], folds[t]
        w = fit_logistic(train["X"], train["label"])
        base = metrics(test, test["X"] @ w)
        ranked = metrics(test, pairwise_rerank(train, test, w))
        print(f"{t:>9}  {base[2]:>10}  {base[0]:>11.4f} / {base[1]:.4f}  {ranked[0]:>15.4f} / {ranked[1]:.4f}")


if __name__ == "__main__":
    main()
