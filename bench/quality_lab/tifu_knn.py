#!/usr/bin/python3
"""TIFU-KNN (Hu et al., "Modeling Personalized Item Frequency Information for Next-basket
Recommendation", SIGIR 2020) on a transactions CSV, with evaluate's protocol, to compare the
engine with the strongest published method on data other than the one it was chosen on.

    /usr/bin/python3 bench/quality_lab/tifu_knn.py TRANSACTIONS.csv --as-of T [--window 14]

A household's vector: its baskets up to the day (distinct products each, in day then basket
order) cut into groups of m from the latest; a basket weighs r_b^(baskets after it in its
group) / group size, a group r_g^(groups after it) / groups. Scores: alpha x the household's
vector + (1 - alpha) x the mean of its k nearest households' (cosine). The hyper-parameters are
chosen on the window before (purchases of days T-W+1..T, vectors as of T-W), on a grid (m, r_b,
r_g with alpha = 1, then k and alpha), and the chosen ones score the test window: NDCG@12 and
recall@12 as evaluate computes them (households with a purchase on or before T and one in the
window). Written from the paper's description; not the authors' code. Needs python3-numpy.
"""
import argparse
import itertools
import numpy as np

K = 12


def load(path):
    with open(path) as f:
        columns = f.readline().strip().split(",")
    use = [columns.index(c) for c in ("household_key", "BASKET_ID", "DAY", "PRODUCT_ID")]
    return np.loadtxt(path, delimiter=",", skiprows=1, usecols=use, dtype=np.int64)


class Data:
    def __init__(self, rows):
        h, b, d, p = rows.T
        self.households, self.h = np.unique(h, return_inverse=True)
        self.products, self.p = np.unique(p, return_inverse=True)
        self.b, self.d = b, d

    def basket_table(self, as_of):
        """Distinct (household, basket, product) up to the day, with each basket's rank from the
        household's latest (0 = latest)."""
        m = self.d <= as_of
        h, b, d, p = self.h[m], self.b[m], self.d[m], self.p[m]
        keys = np.unique(np.stack([h, d, b, p], axis=1), axis=0)
        h, d, b, p = keys.T
        first = np.r_[True, (np.diff(h) != 0) | (np.diff(d) != 0) | (np.diff(b) != 0)]
        basket = np.cumsum(first) - 1                      # basket index, in household order
        bh = h[first]
        count = np.bincount(bh, minlength=len(self.households))
        end = np.cumsum(count)                             # each household's end basket
        from_latest = end[bh] - 1 - np.arange(len(bh))     # 0 = the household's latest basket
        return h, p, from_latest[basket], count

    def truth(self, as_of, window):
        m = (self.d > as_of) & (self.d <= as_of + window)
        keys = np.unique(self.h[m] * len(self.products) + self.p[m])
        sets = {}
        for k in keys.tolist():
            sets.setdefault(k // len(self.products), set()).add(k % len(self.products))
        return sets


def vectors(data, table, m, r_b, r_g):
    h, p, from_latest, count = table
    group = from_latest // m                                # 0 = the latest group
    groups = (count + m - 1) // m
    size = np.minimum(m, count[h] - group * m)             # baskets in this row's group
    in_group = from_latest - group * m                     # baskets after it in its group
    weight = r_b ** in_group / size * r_g ** group / groups[h]
    U = np.zeros((len(data.households), len(data.products)), dtype=np.float32)
    np.add.at(U, (h, p), weight.astype(np.float32))
    return U


def scores(U, k, alpha):
    if alpha >= 1:
        return U
    norm = np.linalg.norm(U, axis=1)
    V = U / np.maximum(norm, 1e-12)[:, None]
    sim = V @ V.T
    np.fill_diagonal(sim, -np.inf)
    sim[norm == 0, :] = -np.inf
    sim[:, norm == 0] = -np.inf
    nearest = np.argpartition(-sim, k, axis=1)[:, :k]
    mean = np.zeros_like(sim, dtype=np.float32)
    np.put_along_axis(mean, nearest, 1.0 / k, axis=1)
    return alpha * U + (1 - alpha) * (mean @ U)


def metrics(S, U, truth):
    discount = 1 / np.log2(np.arange(2, K + 2))
    ndcg, recall = [], []
    for hh, t in truth.items():
        if U[hh].sum() == 0:  # no purchase on or before the day: not evaluated
            continue
        s = S[hh]
        top = np.argpartition(-s, K)[:K]
        top = top[np.lexsort((top, -s[top]))]
        top = top[s[top] > 0]
        hits = np.array([q in t for q in top.tolist()], dtype=float)
        ndcg.append((hits * discount[:len(hits)]).sum() / discount[:min(K, len(t))].sum())
        recall.append(hits.sum() / len(t))
    return float(np.mean(ndcg)), float(np.mean(recall)), len(ndcg)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("transactions")
    ap.add_argument("--as-of", type=int, required=True)
    ap.add_argument("--window", type=int, default=14)
    args = ap.parse_args()
    data = Data(load(args.transactions))
    T, W = args.as_of, args.window
    val_table, val_truth = data.basket_table(T - W), data.truth(T - W, W)
    best = None
    for m, r_b, r_g in itertools.product((1, 3, 7, 15), (0.9, 1.0), (0.6, 0.8, 0.9, 0.95, 1.0)):
        U = vectors(data, val_table, m, r_b, r_g)
        got = metrics(U, U, val_truth)[0]
        if best is None or got > best[0]:
            best = (got, m, r_b, r_g)
    _, m, r_b, r_g = best
    U = vectors(data, val_table, m, r_b, r_g)
    best_knn = (best[0], 1, 1.0)
    for k, alpha in itertools.product((50, 100, 300, 900), (0.5, 0.7, 0.9)):
        if k >= len(U):
            continue
        got = metrics(scores(U, k, alpha), U, val_truth)[0]
        if got > best_knn[0]:
            best_knn = (got, k, alpha)
    _, k, alpha = best_knn
    print(f"validation (vectors as of {T - W}): m = {m}, r_b = {r_b}, r_g = {r_g}, k = {k}, alpha = {alpha}: "
          f"NDCG@12 {best_knn[0]:.4f}")
    U = vectors(data, data.basket_table(T), m, r_b, r_g)
    ndcg, recall, n = metrics(scores(U, k, alpha), U, data.truth(T, W))
    print(f"TIFU-KNN as of {T}, window {W}: NDCG@12 {ndcg:.4f}  recall@12 {recall:.4f}  ({n} households)")


if __name__ == "__main__":
    main()
