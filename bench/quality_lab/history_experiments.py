#!/usr/bin/python3
"""The fourth round's features that need the purchase history itself (docs/SCORING.md), each
added to the blend as a 22nd feature in the lab: computed from the transactions CSV as of each
fold's feature day, joined to the dumped candidates by household and product id.

    /usr/bin/python3 bench/quality_lab/history_experiments.py TRANSACTIONS.csv STORE.h5 DIR

DIR holds fold593 ... fold649 (dump_folds.sh); STORE.h5 is the store they were dumped from (for
its product ids). Validation = the mean NDCG@12 of the test folds 607, 621, 635; test = 649.
Takes about 5 minutes on dunnhumby.
"""
import sys
import h5py
import numpy as np
import lab
import tifu_knn

TESTS = (607, 621, 635, 649)
W = 14


class History:
    def __init__(self, csv):
        self.rows = tifu_knn.load(csv)
        self.hh, self.bk, self.day, self.pr = self.rows.T
        self.NP = int(self.pr.max()) + 1
        self.key = self.hh * self.NP + self.pr

    def buyers(self, lo, hi):
        k = np.unique(self.key[(self.day > lo) & (self.day <= hi)])
        return np.bincount(k % self.NP, minlength=self.NP).astype(float)


def product_level(h, T, kind):
    if kind == "seasonal":  # buyers in the coming window's days a year earlier, over the year's pace
        return np.log((h.buyers(T - 364, T - 350) + 3) / (h.buyers(T - 365, T) * 14 / 365 + 3))
    if kind == "trend":  # the last 14 days over the 90-day pace
        return np.log((h.buyers(T - 14, T) + 3) / (h.buyers(T - 90, T) * 14 / 90 + 3))
    if kind == "adoption":  # first-time buyers in 28 days over the households that never bought
        m = h.day <= T
        uk, inv = np.unique(h.key[m], return_inverse=True)
        first = np.full(len(uk), 10**9)
        np.minimum.at(first, inv, h.day[m])
        prod = uk % h.NP
        adopters = np.bincount(prod[first > T - 28], minlength=h.NP).astype(float)
        buyers = np.bincount(prod, minlength=h.NP).astype(float)
        return np.log((adopters + 0.1) / (len(np.unique(h.hh[m])) - buyers + 1.0))
    raise ValueError(kind)


def pair_level(h, T, fold, pid):
    """Per candidate, from the household's purchase days of the product as of T."""
    m = h.day <= T
    kd = np.unique(h.key[m] * 1024 + h.day[m])
    keys, days = kd // 1024, kd % 1024
    starts = np.r_[0, np.nonzero(np.diff(keys))[0] + 1]
    ends = np.r_[starts[1:], len(keys)]
    ukey, n, last = keys[starts], ends - starts, days[ends - 1]
    lastgap = np.where(n >= 2, last - days[np.maximum(ends - 2, 0)], 0)
    elapsed = T - last
    same = np.diff(keys) == 0
    gi = np.searchsorted(ukey, keys[1:][same])
    g, e = np.diff(days)[same], elapsed[gi]
    over = np.bincount(gi, (g > e).astype(float), len(ukey))
    hits = np.bincount(gi, ((g > e) & (g <= e + W)).astype(float), len(ukey))
    recent = (h.day <= T) & (h.day > T - 91)
    week = (T - h.day[recent]) // 7
    active = np.bincount(np.unique(h.hh[recent] * 16 + week) // 16, minlength=h.hh.max() + 1)
    pu, pc = np.unique(np.unique(h.key[recent] * 16 + week) // 16, return_counts=True)
    ck = fold["household"] * h.NP + pid[fold["product"]]
    i = np.minimum(np.searchsorted(ukey, ck), len(ukey) - 1)
    found = ukey[i] == ck
    two = found & (n[i] >= 2)
    j = np.minimum(np.searchsorted(pu, ck), len(pu) - 1)
    return {
        "last interval": np.where(two, np.log1p(lastgap[i]), 0),
        "elapsed / last interval": np.where(two, np.log((elapsed[i] + 1) / (lastgap[i] + 1)), 0),
        "empirical hazard": np.where(found, (hits[i] + 0.5) / (over[i] + 2), 0),
        "intervals longer than elapsed": np.where(found, over[i], 0),
        "weekly share (13 weeks)": np.where(pu[j] == ck, pc[j], 0) / np.maximum(active[fold["household"]], 1),
    }


def product_hazard(h, T, fold, pid, a=5.0, b=2.0):
    """The issue's smooth per-item due-ness, learned without a shape: over every household's
    intervals of the product (and its open spells, censored at T), the share of those longer
    than the days elapsed that end in the coming 14 days; shrunk towards the same share over all
    products by `a` intervals, and the household's own intervals shrunk towards it by `b`."""
    m = h.day <= T
    kd = np.unique(h.key[m] * 1024 + h.day[m])
    keys, days = kd // 1024, kd % 1024
    same = np.diff(keys) == 0
    gaps, gap_keys = np.diff(days)[same], keys[1:][same]
    starts = np.r_[0, np.nonzero(np.diff(keys))[0] + 1]
    ukey, last = keys[starts], days[np.r_[starts[1:], len(keys)] - 1]
    cand = fold["household"] * h.NP + pid[fold["product"]]
    i = np.minimum(np.searchsorted(ukey, cand), len(ukey) - 1)
    found = (ukey[i] == cand) & (fold["X"][:, 1] > 0)
    e = np.where(found, T - last[i], 0)

    def ending(group, values, at):  # per candidate: (ending in (e, e + W], longer than e)
        s = np.sort(group * 2048 + values)
        le, le_w = (np.searchsorted(s, at * 2048 + x, "right") for x in (e, e + W))
        return le_w - le, np.searchsorted(s, at * 2048 + 2047, "right") - le

    # an open spell longer than e + W is known not to end in the window; a shorter one is unknown
    open_in, open_over = ending(ukey % h.NP, T - last, pid[fold["product"]])
    open_spells = open_over - open_in
    hits, over = ending(gap_keys % h.NP, gaps, pid[fold["product"]])
    all_hits, all_over = ending(np.zeros_like(gaps), gaps, np.zeros_like(e))
    all_open = ending(np.zeros_like(last), T - last, np.zeros_like(e))
    overall = (all_hits + 1) / (all_over + all_open[1] - all_open[0] + 2)
    product = (hits + a * overall) / (over + open_spells + a)
    own_hits, own_over = ending(gap_keys, gaps, cand)
    return {"product hazard": np.where(found, np.log(product), 0),
            "household hazard shrunk to the product's": np.where(
                found, np.log((own_hits + b * product) / (own_over + b)), 0)}


def substitutes(h, T, min_buyers=15, top=20):
    """Products bought by the same households (cosine) but in at most 2 % of their shared
    households' baskets together: each product's `top` such."""
    m = h.day <= T
    hk = np.unique(h.key[m])
    hh, pp = hk // h.NP, hk % h.NP
    buyers = np.bincount(pp, minlength=h.NP)
    ok = buyers[pp] >= min_buyers
    hh, pp = hh[ok], pp[ok]
    pairs = []
    bounds = np.r_[0, np.nonzero(np.diff(hh))[0] + 1, len(hh)]
    for s, e in zip(bounds[:-1], bounds[1:]):
        if e - s > 1:
            a, b = np.triu_indices(e - s, 1)
            pairs.append(pp[s:e][a] * h.NP + pp[s:e][b])
    uk, together_households = np.unique(np.concatenate(pairs), return_counts=True)
    bk, bp = h.bk[m], h.pr[m]
    order = np.lexsort((bp, bk))
    bk, bp = bk[order], bp[order]
    keep = buyers[bp] >= min_buyers
    bk, bp = bk[keep], bp[keep]
    bounds = np.r_[0, np.nonzero(np.diff(bk))[0] + 1, len(bk)]
    bpairs = []
    for s, e in zip(bounds[:-1], bounds[1:]):
        q = np.unique(bp[s:e])
        if len(q) > 1:
            a, b = np.triu_indices(len(q), 1)
            bpairs.append(q[a] * h.NP + q[b])
    ubk, together_baskets = np.unique(np.concatenate(bpairs), return_counts=True)
    pos = np.minimum(np.searchsorted(ubk, uk), len(ubk) - 1)
    baskets = np.where(ubk[pos] == uk, together_baskets[pos], 0)
    a, c = uk // h.NP, uk % h.NP
    sub = together_households / np.sqrt(buyers[a] * buyers[c]) * (baskets <= 0.02 * together_households)
    A, C, S = np.r_[a, c], np.r_[c, a], np.r_[sub, sub]
    A, C, S = A[S > 0], C[S > 0], S[S > 0]
    o = np.lexsort((-S, A))
    A, C, S = A[o], C[o], S[o]
    st = np.r_[0, np.nonzero(np.diff(A))[0] + 1]
    rank = np.arange(len(A)) - np.repeat(st, np.diff(np.r_[st, len(A)]))
    out = {}
    for x, y, s in zip(A[rank < top].tolist(), C[rank < top].tolist(), S[rank < top].tolist()):
        out.setdefault(x, []).append((y, s))
    return out


def switch_signal(h, T, fold, pid):
    """Σ similarity of the product's substitutes the household bought after its last purchase of it."""
    subs = substitutes(h, T)
    m = h.day <= T
    uk, inv = np.unique(h.key[m], return_inverse=True)
    last = np.zeros(len(uk), np.int64)
    np.maximum.at(last, inv, h.day[m])
    last_day = dict(zip(uk.tolist(), last.tolist()))
    out = np.zeros(len(fold["label"]))
    products, households = pid[fold["product"]], fold["household"]
    for i in np.nonzero(fold["X"][:, 1] > 0)[0]:
        p, hh = int(products[i]), int(households[i])
        lp = last_day.get(hh * h.NP + p)
        out[i] = sum(s for q, s in subs.get(p, ()) if last_day.get(hh * h.NP + q, -1) > lp)
    return out


def transitions(h, T, fold, pid, span=364, min_windows=20):
    """Σ over the household's products of its last 14 days of the positive log-lift of buying the
    candidate in the next 14-day window (learned over every household's windows of the last year)."""
    m = (h.day <= T) & (h.day > T - span)
    win = (T - h.day[m]) // W
    hw = np.unique(h.key[m] * 32 + win)
    hh, p, w = (hw // 32) // h.NP, (hw // 32) % h.NP, hw % 32
    g = hh * 32 + w
    o = np.lexsort((p, g))
    g, p, w = g[o], p[o], w[o]
    gs = np.r_[0, np.nonzero(np.diff(g))[0] + 1]
    ge = np.r_[gs[1:], len(g)]
    where = {int(g[s]): (s, e) for s, e in zip(gs, ge)}
    keys = []
    for s, e in zip(gs, ge):
        nxt = where.get(int(g[s]) - 1)
        if int(g[s]) % 32 and nxt:
            keys.append((p[s:e][:, None] * h.NP + p[nxt[0]:nxt[1]][None, :]).ravel())
    uk, count = np.unique(np.concatenate(keys), return_counts=True)
    q_windows = np.bincount(p[w >= 1], minlength=h.NP).astype(float)
    p_windows = np.bincount(p, minlength=h.NP).astype(float)
    windows = len(np.unique(g))
    q, r = uk // h.NP, uk % h.NP
    ok = (q != r) & (q_windows[q] >= min_windows)
    lift = np.log((count[ok] + 1) / (q_windows[q[ok]] * (p_windows[r[ok]] + 1) / (windows + 1) + 1))
    table = dict(zip(uk[ok].tolist(), lift.tolist()))
    last = hw[(hw % 32) == 0] // 32
    recent = {}
    for a, b in zip((last // h.NP).tolist(), (last % h.NP).tolist()):
        recent.setdefault(a, []).append(b)
    out = np.zeros(len(fold["label"]))
    for i, (a, b) in enumerate(zip(fold["household"].tolist(), pid[fold["product"]].tolist())):
        out[i] = sum(max(table.get(x * h.NP + b, 0.0), 0.0) for x in recent.get(a, ()))
    return np.log1p(out)


def novelty(h, T, fold):
    """The household's share of first purchases among its product-days of 90 days (log), on the
    explore candidates."""
    m = h.day <= T
    uk, inv = np.unique(h.key[m], return_inverse=True)
    first = np.full(len(uk), 10**9)
    np.minimum.at(first, inv, h.day[m])
    kd = np.unique(h.key[m] * 1024 + h.day[m])
    k, d = kd // 1024, kd % 1024
    inside = d > T - 90
    is_first = d == first[np.searchsorted(uk, k)]
    total = np.bincount((k // h.NP)[inside], minlength=h.hh.max() + 1).astype(float)
    new = np.bincount((k // h.NP)[inside & is_first], minlength=h.hh.max() + 1).astype(float)
    return np.log((new + 1) / (total + 4))[fold["household"]] * (fold["X"][:, 1] == 0)


def main(csv, store, folder):
    h = History(csv)
    with h5py.File(store, "r") as f:
        pid = f["/products/id"][()].astype(np.int64)
    folds = {d: lab.load_fold(f"{folder}/fold{d}.f64") for d in (593,) + TESTS}
    data = tifu_knn.Data(h.rows)
    extra = {}
    for d, fold in folds.items():
        T = d - W
        repeat, explore = fold["X"][:, 1] > 0, fold["X"][:, 1] == 0
        cols = {name: product_level(h, T, kind)[pid[fold["product"]]] * mask
                for name, kind, mask in (("product seasonality", "seasonal", repeat),
                                         ("product trend", "trend", repeat),
                                         ("adoption rate (explore)", "adoption", explore))}
        cols.update(pair_level(h, T, fold, pid))
        cols.update(product_hazard(h, T, fold, pid))
        cols["switch to a substitute"] = switch_signal(h, T, fold, pid)
        cols["window-to-window transitions"] = transitions(h, T, fold, pid)
        cols["household novelty (explore)"] = novelty(h, T, fold)
        U = tifu_knn.vectors(data, data.basket_table(T), 1, 0.9, 0.95)
        hi = np.searchsorted(data.households, fold["household"])
        pi = np.minimum(np.searchsorted(data.products, pid[fold["product"]]), len(data.products) - 1)
        known = data.products[pi] == pid[fold["product"]]
        cols["TIFU-KNN vector"] = np.where(known, np.log1p(100 * U[hi, pi]), 0)
        cols["TIFU-KNN neighbours (900)"] = np.where(known, np.log1p(1000 * tifu_knn.scores(U, 900, 0.0)[hi, pi]), 0)
        extra[d] = cols
        print(f"-- features as of {T}", flush=True)

    def report(name, names, rerank=False):
        out = []
        for t in TESTS:
            X = {d: np.hstack([folds[d]["X"]] + [extra[d][n][:, None] for n in names]) for d in (t - W, t)}
            train, test = folds[t - W], folds[t]
            if rerank:
                w0 = lab.fit_logistic(train["X"], train["label"])
                score = lab.pairwise_rerank(dict(train, Z=X[t - W]), dict(test, Z=X[t]), w0,
                                            transform=lambda f: f["Z"])
            else:
                score = X[t] @ lab.fit_logistic(X[t - W], train["label"])
            out.append(lab.metrics(test, score)[:2])
        r = np.array(out)
        print(f"{name:40s} validation {r[:3, 0].mean():.4f}   test {r[3, 0]:.4f} / {r[3, 1]:.4f}", flush=True)

    report("blend (the defaults)", [])
    for name in extra[649]:
        report(name, [name])
    report("last interval + elapsed / last interval", ["last interval", "elapsed / last interval"])
    report("empirical hazard + intervals", ["empirical hazard", "intervals longer than elapsed"])
    report("TIFU-KNN vector + pairwise re-rank of 30", ["TIFU-KNN vector"], rerank=True)


if __name__ == "__main__":
    main(*sys.argv[1:4])
