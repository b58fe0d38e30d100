#!/usr/bin/env bash
# Categories where they carry what a product's own history lacks: the variants shop of the real
# dunnhumby file (every purchase a random one of four variants of a family;
# bench/quality_lab/category_shops.py) with its products file naming the family as commodity and
# sub-commodity. With the categories (the defaults) the engine must rank clearly better than
# without them (category_level = "none") in each of two windows, and find more products new to
# the household without losing repeat hits (docs/SCORING.md "Categories": +17 % NDCG@12).
source "$(dirname "$0")/lib.sh"
real_dunnhumby
PY=/usr/bin/python3  # the one with numpy
$PY -c 'import numpy' 2>/dev/null || skip "$PY lacks numpy"

$PY "$REPO/bench/quality_lab/category_shops.py" "$D/transaction_data.csv" "$WORK"
bg 2 ingest --transactions "$WORK/variants.csv" --products "$WORK/variants_products.csv" --out "$WORK/variants.h5" -q
printf '[score]\ncategory_level = "none"\n' >"$WORK/none.toml"
for run in with:"" without:"--config $WORK/none.toml"; do
  IFS=: read -r name options <<<"$run"
  # shellcheck disable=SC2086  # options: empty or two words
  bg 2 evaluate --store "$WORK/variants.h5" --as-of 635 --window 14 --k 12 --windows 2 --json "$WORK/$name.json" \
    $options -q >/dev/null
done
$PY - "$WORK/with.json" "$WORK/without.json" <<'PY' || fail "the categories do not pay on the variants shop"
import json, sys
def windows(path):
    return [w["systems"]["engine"] for w in json.load(open(path))["rolling"]["windows"]]
bad = []
for i, (w, o) in enumerate(zip(windows(sys.argv[1]), windows(sys.argv[2]))):
    print(f"-- window {i + 1}: NDCG@12 {o['ndcg']:.4f} -> {w['ndcg']:.4f}, explore hits/hh "
          f"{o['explore_hits_per_household']:.3f} -> {w['explore_hits_per_household']:.3f}, repeat hits/hh "
          f"{o['repeat_hits_per_household']:.3f} -> {w['repeat_hits_per_household']:.3f}")
    if w["ndcg"] < o["ndcg"] + 0.005: bad.append(f"window {i + 1}: NDCG@12 {w['ndcg']:.4f} vs {o['ndcg']:.4f}")
    if w["explore_hits_per_household"] <= o["explore_hits_per_household"]: bad.append(f"window {i + 1}: explore hits")
    if w["repeat_hits_per_household"] < o["repeat_hits_per_household"]: bad.append(f"window {i + 1}: repeat hits")
for line in bad: print(line, file=sys.stderr)
sys.exit(1 if bad else 0)
PY
