#!/usr/bin/env bash
# evaluate --windows N, the rolling backtest (docs/EVALUATE.md, "Rolling backtest"), on 3000
# generated households: 3 windows ending at T, the last exactly a plain single-window run (the
# rest of the JSON too), the means, t-intervals, paired differences and wins consistent with
# the window values; the same bytes for 1, 2 and 3 ranks; an N reaching before the store's
# first usable day and --windows with --coupons are usage errors (64); a window without
# purchases is a data error (65), in the rolling backtest and as --tune's validation window.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/faults.sh"

note "generate 3000 households, ingest"
make_data "$WORK/data" 3000
ingest_store "$WORK/data" "$WORK/store.h5"
read -r min_day max_day < <("$BASKETGAP" inspect "$WORK/store.h5" --json |
  python3 -c 'import json,sys; s=json.load(sys.stdin); print(s["min_day"], s["max_day"])')
T=$((max_day - 14))

note "a single window, then 3 windows with 1, 2 and 3 ranks"
bg 2 evaluate --store "$WORK/store.h5" --as-of $T --json "$WORK/single.json" -q >"$WORK/single.txt"
for n in 1 2 3; do
  bg "$n" evaluate --store "$WORK/store.h5" --as-of $T --windows 3 --json "$WORK/w$n.json" -q >"$WORK/w$n.txt"
done
for n in 2 3; do
  cmp -s "$WORK/w1.json" "$WORK/w$n.json" || fail "rolling JSON differs between 1 and $n ranks"
  cmp -s "$WORK/w1.txt" "$WORK/w$n.txt" || fail "rolling table differs between 1 and $n ranks"
done
grep -q "^Rolling backtest over 3 windows (as of days $((T - 28)), $((T - 14)), $T; 14 days each, K = 12)$" \
  "$WORK/w1.txt" || fail "no rolling section in the table"
grep -Eq "^over 3 windows, the basketgap engine: NDCG@12 [0-9.]+ \(95% CI [0-9.]+.[0-9.]+\), .*, ahead in [0-3] of 3 windows$" \
  "$WORK/w1.txt" || fail "no rolling headline: $(grep -A1 '^Rolling' "$WORK/w1.txt")"

python3 - "$WORK/w1.json" "$WORK/single.json" <<'PY' || fail "rolling results"
import json, math, sys
w, single = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
r = w.pop("rolling")
# Everything but the rolling section is the last window's: exactly the single run.
assert w == single, "the JSON without 'rolling' differs from the single-window run"
T = single["config"]["as_of"]
assert r["count"] == 3 and r["window"] == 14
assert [x["as_of"] for x in r["windows"]] == [T - 28, T - 14, T], r["windows"]
assert all(x["last_day"] - x["first_day"] == 13 for x in r["windows"])
last = r["windows"][-1]
assert last["evaluated_households"] == single["evaluated_households"]
systems = list(single["systems"])
assert list(last["systems"]) == systems == ["engine", "global_popularity", "personal_top_frequency"]
for s in systems:
    one = single["systems"][s]
    for m in ("recall", "precision", "hit_rate", "ndcg"):
        assert last["systems"][s][m] == one[m], (s, m, last["systems"][s][m], one[m])
    assert last["systems"][s]["repeat_hits_per_household"] == one["repeat_hits"] / one["households"]
    assert last["systems"][s]["explore_hits_per_household"] == one["explore_hits"] / one["households"]
# The earlier windows are judged on their own households and purchases.
assert r["windows"][0]["evaluated_households"] != last["evaluated_households"] or \
    r["windows"][0]["systems"]["engine"]["ndcg"] != last["systems"]["engine"]["ndcg"]
t2 = 4.302652729749464  # Student t, 0.975, 2 degrees of freedom
metrics = ["recall", "precision", "hit_rate", "ndcg", "repeat_hits_per_household", "explore_hits_per_household"]
def check_interval(values, x, what):
    mean = sum(values) / 3
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / 2)
    assert abs(x["mean"] - mean) < 1e-12, what
    assert abs(x["standard_error"] - sd / math.sqrt(3)) < 1e-12, what
    assert abs(x["ci_high"] - x["mean"] - t2 * x["standard_error"]) < 1e-9, what
    assert abs(x["mean"] - x["ci_low"] - t2 * x["standard_error"]) < 1e-9, what
for s in systems:
    for m in metrics:
        check_interval([x["systems"][s][m] for x in r["windows"]], r["systems"][s][m], (s, m))
d = r["differences"]
assert d["system"] == "engine" and list(d["versus"]) == ["global_popularity", "personal_top_frequency"]
for base, per in d["versus"].items():
    for m in metrics:
        diffs = [x["systems"]["engine"][m] - x["systems"][base][m] for x in r["windows"]]
        check_interval(diffs, per[m], (base, m))
        assert per[m]["wins"] == sum(1 for v in diffs if v > 0) and per[m]["windows"] == 3, (base, m)
        want = "better" if per[m]["ci_low"] > 0 else "worse" if per[m]["ci_high"] < 0 else "no clear difference"
        assert per[m]["verdict"] == want, (base, m)
# The engine beats global popularity on NDCG in every window, by a clear margin.
assert d["versus"]["global_popularity"]["ndcg"]["wins"] == 3
assert d["versus"]["global_popularity"]["ndcg"]["verdict"] == "better"
assert r["headline"].startswith("over 3 windows, the basketgap engine: NDCG@12 ")
PY

note "the report"
bg 2 evaluate --store "$WORK/store.h5" --as-of $T --windows 2 --report "$WORK/report" -q >/dev/null
grep -q "<h2>Rolling backtest over 2 windows</h2>" "$WORK/report/index.html" || fail "no rolling section in the report"
grep -q "<th>as of $((T - 14))<br>" "$WORK/report/index.html" || fail "the report lacks the first window"

note "errors"
# The engine's blend needs validation_window_days = 14 days of history before an as-of day.
first=$((min_day + 14))
most=$(((T - first) / 14 + 1))
earliest=$((T - most * 14))
expect_exit 64 bg 2 evaluate --store "$WORK/store.h5" --as-of $T --windows $((most + 1))
grep -q -- "--windows $((most + 1)) reaches back to as-of day $earliest " "$WORK/last.err" ||
  fail "the earliest day is not named: $(cat "$WORK/last.err")"
grep -q "the earliest as-of day this store allows is $first: .*use --windows $most at most" "$WORK/last.err" ||
  fail "unclear limit: $(cat "$WORK/last.err")"
[[ $(grep -c 'error' "$WORK/last.err") == 1 ]] || fail "want one error line: $(cat "$WORK/last.err")"
expect_exit 64 bg 1 evaluate --store "$WORK/store.h5" --as-of $T --windows 0
bg 2 score --store "$WORK/store.h5" --as-of $T --out "$WORK/coupons.h5" -q
expect_exit 64 bg 2 evaluate --store "$WORK/store.h5" --as-of $T --windows 3 --coupons "$WORK/coupons.h5"
grep -q -- "--windows 3 judges lists as of several days, but a coupons file holds the lists of one as-of day" \
  "$WORK/last.err" || fail "unclear --windows with --coupons message: $(cat "$WORK/last.err")"
# One window with a coupons file is the single backtest, as before.
bg 1 evaluate --store "$WORK/store.h5" --as-of $T --windows 1 --coupons "$WORK/coupons.h5" -q >/dev/null

note "a window without purchases (the shop closed in its days) is 65, not a window of zeros in the mean"
awk -F, -v a=$((T - 27)) -v b=$((T - 14)) 'NR == 1 || $3 < a || $3 > b' "$WORK/data/transactions.csv" >"$WORK/closed.csv"
bg 2 -q ingest --transactions "$WORK/closed.csv" --out "$WORK/closed.h5"
expect_exit 65 bg 2 evaluate --store "$WORK/closed.h5" --as-of $T --windows 3 --json "$WORK/closed.json"
grep -q "the window as of day $((T - 28)) (purchases of days $((T - 27))-$((T - 14))) has no household with a purchase" \
  "$WORK/last.err" || fail "the empty window is not named: $(cat "$WORK/last.err")"
[[ ! -e $WORK/closed.json ]] || fail "a report with an empty window was published"
expect_exit 65 bg 2 evaluate --store "$WORK/closed.h5" --as-of $((T - 14)) --window 14 --tune
grep -q -- "--tune: the validation window as of day $((T - 28))" "$WORK/last.err" ||
  fail "--tune on an empty validation window: $(cat "$WORK/last.err")"
no_temporaries "$WORK"
echo "PASS"
