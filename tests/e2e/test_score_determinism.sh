#!/usr/bin/env bash
# score on the embedded default data: /coupons identical for 1, 2, 3 and 4 ranks and for 1 or 2
# threads; K distinct products and valid reasons in every row; one row per household with a
# purchase on or before the as-of day; rows appended after the as-of day (more baskets, a new
# household, a new product) change no byte of /coupons; the errors and their exit codes.
source "$(dirname "$0")/lib.sh"
: "${BG_TIMEOUT:=240}"  # a rank waiting in a collective the others skipped: a failure, not ctest's 600 s
DATA=$REPO/data/default
PY=/usr/bin/python3  # the one with h5py and numpy
$PY -c 'import h5py, numpy' 2>/dev/null || skip "$PY lacks h5py/numpy"

note "ingest the default transactions"
bg 2 ingest --transactions "$DATA/transactions.csv" --out "$WORK/store.h5" -q
"$BASKETGAP" inspect "$WORK/store.h5" --json >"$WORK/inspect.json"
min_day=$(json_field "$WORK/inspect.json" min_day)
max_day=$(json_field "$WORK/inspect.json" max_day)
T=$((max_day - 14))
K=12

note "score as of day $T with 1, 2, 3, 4 ranks and with 1 and 2 threads"
for n in 1 2 3 4; do
  bg "$n" score --store "$WORK/store.h5" --as-of $T --out "$WORK/coupons$n.h5" -q
done
for t in 1 2; do
  bg 2 score --store "$WORK/store.h5" --as-of $T --threads $t --out "$WORK/threads$t.h5" -q
done
for other in coupons2 coupons3 coupons4 threads1 threads2; do
  same_datasets "$WORK/coupons1.h5" "$WORK/$other.h5" /coupons
done

# Rows: K distinct products, valid reasons, sources only on cross-sells, scores ordered; the
# households are exactly those with a purchase on or before T; datasets byte-identical.
check_rows() {
  $PY - "$@" <<'PY'
import sys
import h5py, numpy as np
store, T, K, first, others = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5:]
with h5py.File(store, "r") as s:
    ids = s["/households/id"][()]
    day = s["/transactions/day"][()]
    hh = s["/transactions/household"][()]
    eligible = np.unique(ids[hh[day <= T]])
with h5py.File(first, "r") as f:
    assert int(f.attrs["as_of_day"]) == T and int(f.attrs["k"]) == K, dict(f.attrs)
    names = [n.decode() for n in f["/coupons/reason_names"][()]]
    c = {name: f["/coupons/" + name][()] for name in
         ("household_id", "product_id", "score", "reason", "source_product_id")}
h, p, sc, r, src = (c[n] for n in ("household_id", "product_id", "score", "reason", "source_product_id"))
assert p.shape == (len(h), K), p.shape
assert np.array_equal(np.sort(h), eligible), f"{len(h)} households in the file, {len(eligible)} eligible"
assert len(np.unique(h)) == len(h), "a household twice"
assert (p >= 0).all(), f"{int((p < 0).any(axis=1).sum())} rows with empty slots"
for row in p:
    assert len(set(row.tolist())) == K, f"duplicate product in {row}"
valid = {names.index(n) for n in ("replenish", "win_back", "cross_sell", "popular", "repeat")}
assert set(np.unique(r).tolist()) <= valid, f"reasons {np.unique(r)} not in {valid}"
cross = r == names.index("cross_sell")
assert (src[~cross] == -1).all(), "a source on a slot that is not a cross-sell"
assert (src[cross] >= 0).all(), "a cross-sell without its source"
# Scored candidates come first, best first; popular fill-ins (score 0) after them.
assert (np.diff(sc, axis=1) <= 0).all(), "scores not in descending order"
counts = {names[i]: int((r == i).sum()) for i in np.unique(r)}
print(f"-- {len(h)} households x {K}: {counts}")
for other in others:
    with h5py.File(other, "r") as g:
        for name, values in c.items():
            got = g["/coupons/" + name][()]
            assert got.dtype == values.dtype and got.tobytes() == values.tobytes(), f"{other}: {name} differs"
PY
}
check_rows "$WORK/store.h5" $T $K "$WORK/coupons1.h5" "$WORK"/coupons[234].h5 "$WORK"/threads[12].h5 ||
  fail "coupon rows"

# score_variant NAME CONFIG RANKS...: score with the [score] keys CONFIG on each rank count and on
# 2 ranks x 2 threads: identical, valid coupons, and some lists not the defaults'.
score_variant() {
  local name=$1 config=$2
  shift 2
  printf '[score]\n%b\n' "$config" >"$WORK/$name.toml"
  local files=()
  for n in "$@"; do
    bg "$n" score --store "$WORK/store.h5" --as-of $T --config "$WORK/$name.toml" --out "$WORK/$name$n.h5" -q
    files+=("$WORK/$name$n.h5")
  done
  bg 2 score --store "$WORK/store.h5" --as-of $T --config "$WORK/$name.toml" --threads 2 --out "$WORK/$name-t2.h5" -q
  check_rows "$WORK/store.h5" $T $K "${files[@]}" "$WORK/$name-t2.h5" ||
    fail "$name: the coupons differ across ranks or threads"
  $PY - "${files[0]}" "$WORK/coupons1.h5" "$name" <<'PY' || fail "$name changed nothing"
import sys, h5py
with h5py.File(sys.argv[1], "r") as t, h5py.File(sys.argv[2], "r") as l:
    a, b = t["/coupons/product_id"][()], l["/coupons/product_id"][()]
    changed = int((a != b).any(axis=1).sum())
    assert changed > 0, f"{sys.argv[3]} chose every list as the defaults"
    print(f"-- {sys.argv[3]}: {changed} of {len(a)} households' lists differ from the defaults'")
PY
}

note "the tree ranker: the same coupons for 1, 2, 3 ranks and 2 threads, and not the defaults'"
score_variant trees 'ranker = "trees"\ntree_rounds = 20' 1 2 3
$PY - "$WORK/trees1.h5" <<'PY' || fail "the trees were not used"
import sys, h5py
with h5py.File(sys.argv[1], "r") as t:
    config = t.attrs["config"]
    config = config.decode() if isinstance(config, bytes) else config
    assert "trees = 20\n" in config and 'ranker = "trees"' in config, config[-400:]
PY

note "categories: with the products file the same coupons for 1, 2, 3 ranks and 2 threads, not the lists without; category_level = none gives the bytes of the store without"
bg 2 ingest --transactions "$DATA/transactions.csv" --products "$DATA/products.csv" --out "$WORK/cat-store.h5" -q
"$BASKETGAP" inspect "$WORK/cat-store.h5" --json >"$WORK/cat-inspect.json"
[[ $(json_field "$WORK/cat-inspect.json" category_level) == sub_commodity ]] || fail "inspect: not sub_commodity"
(($(json_field "$WORK/cat-inspect.json" categories) > 0)) || fail "inspect: no categories"
[[ $(json_field "$WORK/inspect.json" category_level) == none && $(json_field "$WORK/inspect.json" categories) == 0 ]] ||
  fail "inspect: categories in a store without a products file"
for n in 1 2 3; do
  bg "$n" score --store "$WORK/cat-store.h5" --as-of $T --out "$WORK/cat$n.h5" -q
done
bg 2 score --store "$WORK/cat-store.h5" --as-of $T --threads 2 --out "$WORK/cat-t2.h5" 2>"$WORK/cat.log"
grep -q "score: categories sub_commodity: [1-9][0-9]* categories over" "$WORK/cat.log" ||
  fail "no categories line in the log: $(grep -i categor "$WORK/cat.log")"
check_rows "$WORK/cat-store.h5" $T $K "$WORK/cat1.h5" "$WORK/cat2.h5" "$WORK/cat3.h5" "$WORK/cat-t2.h5" ||
  fail "categories: the coupons differ across ranks or threads"
$PY - "$WORK/cat1.h5" "$WORK/coupons1.h5" <<'PY' || fail "the categories were not used"
import sys, h5py
def read(path):
    with h5py.File(path, "r") as f:
        config = f.attrs["config"]
        return f["/coupons/product_id"][()], config.decode() if isinstance(config, bytes) else config
(a, config), (b, _) = read(sys.argv[1]), read(sys.argv[2])
changed = int((a != b).any(axis=1).sum())
assert changed > 0, "the categories changed no list"
assert 'category_level = "sub_commodity"' in config and "\nlog_category_long = " in config, config[-1200:]
print(f"-- categories: {changed} of {len(a)} households' lists differ from the store without them")
PY
printf '[score]\ncategory_level = "none"\n' >"$WORK/no-categories.toml"
bg 2 score --store "$WORK/cat-store.h5" --as-of $T --config "$WORK/no-categories.toml" --out "$WORK/cat-none.h5" -q
same_datasets "$WORK/coupons1.h5" "$WORK/cat-none.h5" /coupons

note "the blend alone (ranker = linear): the same coupons for 1, 3 ranks and 2 threads, and not the defaults' (the pairwise re-rank added)"
score_variant linear 'ranker = "linear"' 1 3
$PY - "$WORK/coupons1.h5" "$WORK/linear1.h5" <<'PY' || fail "the default pairwise re-rank was not used, or used with ranker = linear"
import sys, h5py
def config(path):
    with h5py.File(path, "r") as t:
        text = t.attrs["config"]
        return text.decode() if isinstance(text, bytes) else text
defaults, linear = config(sys.argv[1]), config(sys.argv[2])
assert "[pairwise_rerank]\nbias = 0\n" in defaults and 'ranker = "pairwise_linear"' in defaults, defaults[-900:]
assert "[pairwise_rerank]" not in linear and 'ranker = "linear"' in linear, linear[-900:]
PY

note "a 3-day horizon: the blend fitted on 5 folds of 3 days; the same coupons for 1, 3 ranks and 2 threads"
score_variant short 'validation_window_days = 3' 1 3

note "a 1-day horizon: 14 folds share max_training_households out exactly (the fit's cost stays the defaults')"
printf '[score]\nvalidation_window_days = 1\nmax_training_households = 140\n' >"$WORK/one-day.toml"
bg 1 score --store "$WORK/store.h5" --as-of $T --config "$WORK/one-day.toml" --out "$WORK/one-day.h5" 2>"$WORK/one-day.log"
fitted=$(sed -n 's/.*score\/fit balance:.* households min \([0-9]*\) .*/\1/p' "$WORK/one-day.log")
[[ -n $fitted ]] || fail "no fit balance line in the log: $(grep fit "$WORK/one-day.log")"
echo "-- the 1-day horizon's fit: $fitted household-folds over 14 folds (budget 140)"
((fitted == 140)) || fail "the 14 folds sampled $fitted household-folds, not 140 (10 a fold)"

note "samples smaller than the households: each exactly as large, the same households on 1, 2, 3 ranks and 2 threads"
score_variant sampled 'max_training_households = 120\nsimilarity_households = 150\nrerank_training_households = 60' 1 2 3
for n in 1 3; do
  bg "$n" score --store "$WORK/store.h5" --as-of $T --config "$WORK/sampled.toml" --out "$WORK/sampled-log$n.h5" 2>"$WORK/sampled$n.log"
  fitted=$(sed -n 's/.*score\/fit balance:.* households min \([0-9]*\) .*max \([0-9]*\) .*/\1 \2/p' "$WORK/sampled$n.log")
  # Each re-rank's (with and without the popular candidates: the same households).
  reranked=$(sed -n 's/.*score\/fit\/rerank: [0-9]* pairs of \([0-9]*\) households.*/\1/p' "$WORK/sampled$n.log" | sort -u)
  read -r low high <<<"$fitted"
  echo "-- $n rank(s): blend sample min/max per rank $low/$high, re-rank $reranked households"
  if ((n == 1)); then ((low == 120)) || fail "the blend's sample has $low households, not 120"; fi
  [[ $reranked == 60 ]] || fail "the re-rank's samples have $reranked households, not 60"
done

note "repeat_similarity: the same coupons for 1, 3 ranks and 2 threads, and not the defaults'"
score_variant similar 'repeat_similarity = true' 1 3

note "score early in the data (day $((min_day + 9))): fewer households, short histories, the default blend"
E=$((min_day + 9))
for n in 1 3; do
  # Too early for the blend's validation fold: an error unless --allow-default-blend says so.
  bg "$n" score --store "$WORK/store.h5" --as-of $E --out "$WORK/early$n.h5" -q --allow-default-blend
done
check_rows "$WORK/store.h5" $E $K "$WORK/early1.h5" "$WORK/early3.h5" || fail "coupon rows as of day $E"

note "append rows after day $T (existing households, a new household, a new product)"
$PY - "$DATA/transactions.csv" "$WORK/more.csv" $T <<'PY' || fail "building the appended CSV"
import csv, sys
src, dst, T = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(src, newline="") as f:
    rows = list(csv.reader(f))
head, body = rows[0], rows[1:]
ih, ib, iday, ip, iw = (head.index(c) for c in ("household_key", "BASKET_ID", "DAY", "PRODUCT_ID", "WEEK_NO"))
households = sorted({int(r[ih]) for r in body})
products = sorted({int(r[ip]) for r in body})
# A new household id that sorts first and a new product id inside the range (both shift the
# dense indices of everything after them).
new_household = min(households) - 1
assert new_household >= 0 and new_household not in households
new_product = next(p + 1 for p, q in zip(products, products[1:]) if q > p + 1)
basket = max(int(r[ib]) for r in body) + 1
extra = []
def add(template, household, day, product):
    row = list(template)
    row[ih], row[ib], row[iday], row[ip], row[iw] = str(household), str(basket), str(day), str(product), str((day - 1) // 7 + 1)
    extra.append(row)
last_row = {}
for r in body:
    last_row[int(r[ih])] = r
for i, h in enumerate(households[::7]):
    day = T + 1 + i % 14
    add(last_row[h], h, day, last_row[h][ip])
    add(last_row[h], h, day, products[(i * 37) % len(products)])
    if i % 3 == 0:
        add(last_row[h], h, day, new_product)
    basket += 1
for d in (T + 1, T + 5):
    add(body[0], new_household, d, new_product)
    add(body[0], new_household, d, products[0])
    basket += 1
with open(dst, "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(head)
    w.writerows(body + extra)
print(f"-- {len(extra)} rows appended: household {new_household}, product {new_product}")
PY
bg 2 ingest --transactions "$WORK/more.csv" --out "$WORK/more.h5" -q
"$BASKETGAP" inspect "$WORK/more.h5" --json >"$WORK/more.json"
[[ $(json_field "$WORK/more.json" households) == $(( $(json_field "$WORK/inspect.json" households) + 1 )) ]] ||
  fail "the appended store lacks the new household"
[[ $(json_field "$WORK/more.json" products) == $(( $(json_field "$WORK/inspect.json" products) + 1 )) ]] ||
  fail "the appended store lacks the new product"
for n in 1 3; do
  bg "$n" score --store "$WORK/more.h5" --as-of $T --out "$WORK/more$n.h5" -q
  same_datasets "$WORK/coupons1.h5" "$WORK/more$n.h5" /coupons
done
check_rows "$WORK/more.h5" $T $K "$WORK/more1.h5" "$WORK/coupons1.h5" "$WORK/more3.h5" ||
  fail "rows appended after the as-of day changed the coupons"

note "errors"
expect_exit 64 bg 2 score --store "$WORK/store.h5" --as-of $((min_day - 1)) --out "$WORK/early.h5"
[[ ! -e $WORK/early.h5 ]] || fail "an output file after a usage error"
grep -q -- "--as-of $((min_day - 1)) is before the first day" "$WORK/last.err" || fail "unclear as-of message: $(cat "$WORK/last.err")"
cp "$WORK/coupons1.h5" "$WORK/keep.h5"
expect_exit 73 bg 2 score --store "$WORK/store.h5" --as-of $T --out "$WORK/coupons1.h5"
cmp -s "$WORK/coupons1.h5" "$WORK/keep.h5" || fail "an existing output was touched without --overwrite"
bg 1 score --store "$WORK/store.h5" --as-of $T --out "$WORK/coupons1.h5" --overwrite -q
same_datasets "$WORK/keep.h5" "$WORK/coupons1.h5" /coupons
no_temporaries "$WORK"
echo "PASS"
