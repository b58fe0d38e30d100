#!/usr/bin/env bash
# evaluate on the real dunnhumby data (T = 635, W = 14, K = 12): the published baseline
# numbers of EVALUATION.md, byte-identical JSON for 1 and 3 ranks, the rolling backtest over 4
# windows (its last window the single run's figures), and the HTML report.
source "$(dirname "$0")/lib.sh"
real_dunnhumby

note "ingest transaction_data.csv"
bg 2 ingest --transactions "$D/transaction_data.csv" --out "$WORK/store.h5" -q

for n in 1 3; do
  note "evaluate with $n rank(s)"
  bg "$n" evaluate --store "$WORK/store.h5" --as-of 635 --window 14 --k 12 \
    --json "$WORK/eval$n.json" -q >"$WORK/table$n.txt"
done
cmp -s "$WORK/eval1.json" "$WORK/eval3.json" || fail "JSON differs between 1 and 3 ranks"
cmp -s "$WORK/table1.txt" "$WORK/table3.txt" || fail "table differs between 1 and 3 ranks"
cat "$WORK/table1.txt"

python3 - "$WORK/eval1.json" <<'PY' || fail "baseline numbers"
import json, sys
r = json.load(open(sys.argv[1]))
bad = []
def near(what, got, want, tol):
    if abs(got - want) > tol:
        bad.append(f"{what}: {got:.4f}, want {want} +- {tol}")
if r["evaluated_households"] != 1109:
    bad.append(f"evaluated households: {r['evaluated_households']}, want 1109")
near("mean truth size", r["mean_truth_size"], 15.3, 0.05)
near("truth bought before", r["truth_bought_before_share"], 0.39, 0.01)
p = r["systems"]["personal_top_frequency"]
near("personal NDCG@12", p["ndcg"], 0.205, 0.002)
near("personal recall@12", p["recall"], 0.132, 0.002)
near("personal precision@12", p["precision"], 0.153, 0.002)
near("personal hit@12", p["hit_rate"], 0.721, 0.003)
g = r["systems"]["global_popularity"]
near("popularity NDCG@12", g["ndcg"], 0.076, 0.002)
near("popularity recall@12", g["recall"], 0.043, 0.002)
near("popularity precision@12", g["precision"], 0.054, 0.002)
near("popularity hit@12", g["hit_rate"], 0.446, 0.003)
if g["coverage"] != 12: bad.append(f"popularity coverage {g['coverage']}, want 12")
if p["explore_hits"] != 0: bad.append("personal top frequency cannot have explore hits")
if len(r["segments"]) != 6: bad.append("want 6 segments (activity, basket_size x low/mid/high)")
if sum(s["households"] for s in r["segments"]) != 2 * 1109: bad.append("segments do not cover the households")
for line in bad: print(line, file=sys.stderr)
sys.exit(1 if bad else 0)
PY

note "rolling backtest over 4 windows"
bg 2 evaluate --store "$WORK/store.h5" --as-of 635 --window 14 --k 12 --windows 4 \
  --json "$WORK/w4.json" -q >"$WORK/w4.txt"
sed -n '/^Rolling backtest/,$p' "$WORK/w4.txt"
grep -q "^Rolling backtest over 4 windows (as of days 593, 607, 621, 635; 14 days each, K = 12)$" "$WORK/w4.txt" ||
  fail "no rolling section"
grep -Eq "^95% CI +[0-9.]+.[0-9.]+ +[0-9.]+.[0-9.]+ +[0-9.]+.[0-9.]+$" "$WORK/w4.txt" || fail "no intervals printed"
python3 - "$WORK/w4.json" "$WORK/eval1.json" <<'PY' || fail "rolling backtest"
import json, math, sys
w, single = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
r = w.pop("rolling")
assert w == single, "the last window differs from the single-window run"
assert [x["as_of"] for x in r["windows"]] == [593, 607, 621, 635]
last = r["windows"][-1]
assert last["evaluated_households"] == 1109
for s, one in single["systems"].items():
    for m in ("recall", "precision", "hit_rate", "ndcg"):
        assert last["systems"][s][m] == one[m], (s, m)
for s, per in r["systems"].items():
    for m, x in per.items():
        assert math.isfinite(x["ci_low"]) and x["ci_low"] <= x["mean"] <= x["ci_high"], (s, m, x)
for x in r["windows"]:
    g, p = x["systems"]["global_popularity"], x["systems"]["personal_top_frequency"]
    assert g["ndcg"] < p["ndcg"] and p["explore_hits_per_household"] == 0, x["as_of"]
PY

note "report"
bg 2 evaluate --store "$WORK/store.h5" --as-of 635 --window 14 --k 12 --report "$WORK/report" -q >/dev/null
[[ -s $WORK/report/index.html ]] || fail "no index.html"
for png in metrics segments scores reasons; do
  [[ $(head -c 4 "$WORK/report/$png.png" | od -An -c | tr -d ' ') == "211PNG" ]] || fail "$png.png is not a PNG"
done
grep -q 'personal_top_frequency' "$WORK/report/index.html" || fail "index.html lacks the baseline table"
grep -q "$(json_field "$WORK/eval1.json" config | python3 -c 'import ast,sys; print(ast.literal_eval(sys.stdin.read())["store_fingerprint"])')" \
  "$WORK/report/index.html" || fail "index.html lacks the store fingerprint"
! grep -Eq '(src|href)="(https?:)?//' "$WORK/report/index.html" || fail "index.html refers to an external URL"
no_temporaries "$WORK"
echo "PASS"
