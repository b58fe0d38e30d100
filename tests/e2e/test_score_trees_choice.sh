#!/usr/bin/env bash
# The fit's out-of-sample choice of boosted trees (docs/SCORING.md "fit"), on a small
# promotion-calendar shop (tests/tools/promo_shop.py: favourite deals every 4 weeks, never
# between) where a linear blend of due-ness features cannot rank the coming week's deals: the
# fit says the trees score tonight, the coupons file's model has them, the coupons are the
# same bytes for 1 rank x 2 threads and 2 or 3 ranks x 1 thread, a run resumed from the fit's
# checkpoint writes the same coupons, and evaluate ranks the next week clearly better than
# with `fit_tries_trees = false`.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/faults.sh"
: "${BG_TIMEOUT:=240}"
PY=/usr/bin/python3
$PY -c 'import h5py, numpy' 2>/dev/null || skip "$PY lacks h5py/numpy"

"$PY" "$REPO/tests/tools/promo_shop.py" "$WORK/promo.csv" 600 40
bg 2 -q ingest --transactions "$WORK/promo.csv" --out "$WORK/promo.h5" || fail "ingest"
T=266  # week 38 (days 267-273) is the window judged
args=(score --store "$WORK/promo.h5" --as-of $T)

note "1 rank x 2 threads: the trees are chosen"
bg 1 "${args[@]}" --threads 2 --out "$WORK/one.h5" >"$WORK/one.log" 2>&1 || { cat "$WORK/one.log"; fail "score"; }
grep -q "score/fit/choice: out of sample, NDCG@12 of the [0-9]* households of the trees' latest fold .*: the trees score tonight" "$WORK/one.log" ||
  { grep "score/fit" "$WORK/one.log"; fail "the trees were not chosen on the promotion calendar"; }
$PY - "$WORK/one.h5" <<'PY' || fail "the coupons file's model has no trees"
import sys, h5py
with h5py.File(sys.argv[1], "r") as f:
    config = f.attrs["config"]
    config = config.decode() if isinstance(config, bytes) else config
assert "\ntrees = 100\n" in config and "[pairwise_rerank]" not in config, config[-400:]
PY

# (With 2 ranks rank 1 fits the whole set's trees while rank 0 fits both halves'; with 3, rank 2
# fits the second half: jobs/score/tree_choice.hpp.)
note "2 and 3 ranks x 1 thread: the same coupons"
for n in 2 3; do
  bg $n "${args[@]}" --threads 1 --out "$WORK/ranks$n.h5" -q || fail "score -np $n"
  same_datasets "$WORK/one.h5" "$WORK/ranks$n.h5" /coupons /households
done

note "stopped after the fit's checkpoint, resumed: the same coupons"
mkdir "$WORK/out"
BASKETGAP_FAILPOINT=score/fit-checkpointed:until-stop start "$WORK/term.log" "${args[@]}" --out "$WORK/out/c.h5"
wait_for_line "$WORK/term.log" "\[rank 0\] \[warning\] failpoint score/fit-checkpointed: waiting"
signal_ranks TERM
finish_within 120
[[ $RUN_CODE == 75 ]] || { cat "$WORK/term.log"; fail "expected exit 75 after SIGTERM, got $RUN_CODE"; }
bg 2 "${args[@]}" --out "$WORK/out/c.h5" >"$WORK/resume.log" 2>&1 || { cat "$WORK/resume.log"; fail "resume"; }
grep -q "resuming from checkpoint .*fitted blend" "$WORK/resume.log" || { cat "$WORK/resume.log"; fail "did not resume"; }
grep -q "out of sample" "$WORK/resume.log" && fail "the resumed run judged the trees again"
same_datasets "$WORK/one.h5" "$WORK/out/c.h5" /coupons /households

note "evaluate: the trees against the linear model alone"
printf '[score]\nfit_tries_trees = false\n' >"$WORK/linear.toml"
bg 2 -q evaluate --store "$WORK/promo.h5" --as-of $T --window 7 --k 12 --json "$WORK/trees.json" ||
  fail "evaluate"
bg 2 -q evaluate --store "$WORK/promo.h5" --as-of $T --window 7 --k 12 --config "$WORK/linear.toml" \
  --json "$WORK/linear.json" || fail "evaluate (linear)"
$PY - "$WORK/trees.json" "$WORK/linear.json" <<'PY' || fail "the trees did not rank the deals better"
import json, sys
trees, linear = (json.load(open(p))["systems"]["engine"]["ndcg"] for p in sys.argv[1:])
print(f"NDCG@12: trees tried {trees:.4f}, linear only {linear:.4f}")
# 0.74 against 0.70 (0.73 against 0.62 before the missed-sales feature: the linear blend uses it
# on this shop too, whose deals sell in their weeks only)
assert trees > linear + 0.02, (trees, linear)
PY
# The report says which model ranked each night.
$PY - "$WORK/trees.json" "$WORK/linear.json" <<'PY' || fail "evaluate does not say which model ranked"
import json, sys
trees, linear = (json.load(open(p))["config"]["engine_model"] for p in sys.argv[1:])
assert trees == "the learned blend and 100 trees", trees
assert linear.startswith("the learned blend and the re-rank"), linear
PY
