#!/usr/bin/env bash
# BASKETGAP_DUMP_FOLD (the offline quality lab, bench/quality_lab): score writes the blend's
# validation fold — every candidate of every household with history, labelled by the store's
# purchases in the fold's window — the same rows for 1 and 2 ranks, and the coupons do not change;
# the lab's numpy fit of those rows gives the blend the coupons file records.
source "$(dirname "$0")/lib.sh"
DATA=$REPO/data/default
PY=/usr/bin/python3  # the one with h5py and numpy
$PY -c 'import h5py, numpy' 2>/dev/null || skip "$PY lacks h5py/numpy"

bg 2 ingest --transactions "$DATA/transactions.csv" --out "$WORK/store.h5" -q
"$BASKETGAP" inspect "$WORK/store.h5" --json >"$WORK/inspect.json"
T=$(($(json_field "$WORK/inspect.json" max_day) - 14))

note "score as of $T without and with the dump, on 1 and 2 ranks"
bg 1 score --store "$WORK/store.h5" --as-of $T --out "$WORK/plain.h5" -q
BASKETGAP_DUMP_FOLD="$WORK/fold1.f64" bg 1 score --store "$WORK/store.h5" --as-of $T --out "$WORK/dump1.h5" -q
BASKETGAP_DUMP_FOLD="$WORK/fold2.f64" bg 2 score --store "$WORK/store.h5" --as-of $T --out "$WORK/dump2.h5" -q
same_datasets "$WORK/plain.h5" "$WORK/dump1.h5" /coupons
same_datasets "$WORK/plain.h5" "$WORK/dump2.h5" /coupons
[[ -s $WORK/fold2.f64.rank0 && -s $WORK/fold2.f64.rank1 && ! -e $WORK/fold2.f64 ]] ||
  fail "two ranks should write fold2.f64.rank0 and .rank1: $(ls "$WORK")"
cat "$WORK/fold2.f64.rank0" "$WORK/fold2.f64.rank1" >"$WORK/fold2.f64"
cmp -s "$WORK/fold1.f64" "$WORK/fold2.f64" || fail "the ranks' folds differ from the single rank's"

note "the rows against the store, and the lab's fit against the coupons file's blend"
PYTHONPATH="$REPO/bench/quality_lab" $PY - "$WORK/store.h5" "$WORK/fold1.f64" "$WORK/plain.h5" $T <<'PY' ||
import sys
import h5py, numpy as np
import lab
store, fold_path, coupons, T = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
W = 14
fold = lab.load_fold(fold_path)
with h5py.File(store, "r") as s:
    ids = s["/households/id"][()]
    day, hh, product = (s["/transactions/" + n][()] for n in ("day", "household", "product"))
# Households with a purchase on or before the fold's day, each once, in store order.
with_history = np.unique(hh[day <= T - W])
order = np.r_[True, np.diff(fold["household"]) != 0]
assert np.array_equal(fold["household"][order], ids[with_history]), "not the households with history"
# Labels and truth sizes: the store's purchases in days T-W+1 .. T.
window = (day > T - W) & (day <= T)
truth = {}
for h, p in zip(ids[hh[window]].tolist(), product[window].tolist()):
    truth.setdefault(h, set()).add(p)
got = {(h, p): y for h, p, y in zip(fold["household"].tolist(), fold["product"].tolist(), fold["label"].tolist())}
assert len(got) == len(fold["label"]), "a candidate twice in a household"
for (h, p), y in got.items():
    assert y == (p in truth.get(h, set())), f"household {h} product {p}: label {y}"
sizes = {h: n for h, n in zip(fold["household"].tolist(), fold["truth"].tolist())}
for h, n in sizes.items():
    assert n == len(truth.get(h, ())), f"household {h}: truth {n}, store {len(truth.get(h, ()))}"
assert (fold["X"][:, 0] == 1).all(), "the bias feature"
bought = fold["X"][:, lab.FEATURES.index("bought")]
print(f"-- {len(fold['label'])} samples, {int(bought.sum())} repeat, {int(fold['label'].sum())} positives")
# The lab's fit = the blend in the coupons file (the [blend] table of its config attribute; the
# engine fits on the features rounded to float, the lab on doubles).
with h5py.File(coupons, "r") as f:
    text = f.attrs["config"]
    text = text.decode() if isinstance(text, bytes) else text
weights = {}
# The [blend] table only (the pairwise re-rank's weights follow under their own header).
for line in text.split("[blend]", 1)[1].split("\n[", 1)[0].splitlines():
    name, _, value = line.partition("=")
    if name.strip() in lab.FEATURES:
        weights[name.strip()] = float(value)
engine = np.array([weights[n] for n in lab.FEATURES])
ours = lab.fit_logistic(fold["X"], fold["label"])
assert np.abs(ours - engine).max() < 1e-3 * max(1, np.abs(engine).max()), f"lab {ours}\nengine {engine}"
print(f"-- the lab's blend = the engine's within {np.abs(ours - engine).max():.1e}")
PY
  fail "the dumped fold"
