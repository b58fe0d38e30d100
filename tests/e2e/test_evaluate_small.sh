#!/usr/bin/env bash
# evaluate on the embedded default data set (no real data needed): identical output for 1, 2
# and 3 ranks (the intervals too), a coupons file from `score`, the headline, the report with
# departments, and the errors.
source "$(dirname "$0")/lib.sh"
DATA=$REPO/data/default

note "ingest the default data set"
bg 2 ingest --transactions "$DATA/transactions.csv" --products "$DATA/products.csv" \
  --households "$DATA/households.csv" --out "$WORK/store.h5" -q
max_day=$("$BASKETGAP" inspect "$WORK/store.h5" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["max_day"])')
T=$((max_day - 14))

for n in 1 2 3; do
  bg "$n" evaluate --store "$WORK/store.h5" --as-of $T --window 14 --json "$WORK/base$n.json" -q >"$WORK/base$n.txt"
done
for n in 2 3; do
  cmp -s "$WORK/base1.json" "$WORK/base$n.json" || fail "JSON differs between 1 and $n ranks"
  cmp -s "$WORK/base1.txt" "$WORK/base$n.txt" || fail "table differs between 1 and $n ranks"
done
evaluated=$(json_field "$WORK/base1.json" evaluated_households)
(( evaluated > 50 )) || fail "only $evaluated evaluated households"
head -1 "$WORK/base1.txt" | grep -Eq "^the basketgap engine: NDCG@12 [0-9.]+ \(95% CI [0-9.]+.[0-9.]+\), .* on [0-9,]+ households$" ||
  fail "no headline first: $(head -1 "$WORK/base1.txt")"
python3 - "$WORK/base1.json" <<'PY' || fail "intervals"
import json, sys
r = json.load(open(sys.argv[1]))
assert list(r["systems"]) == ["engine", "global_popularity", "personal_top_frequency"]
assert r["compared"]["households"] == r["evaluated_households"]
assert r["compared"]["left_out"] == {"control": 0, "no_list_in_file": 0}, "engine mode lists every household"
n = r["evaluated_households"]
for name, s in r["systems"].items():
    for m in ("recall", "precision", "hit_rate", "ndcg"):
        ci = s["ci95"][m]
        assert abs(ci["estimate"] - s[m]) < 1e-12, (name, m)
        assert abs(ci["ci95_high"] - ci["estimate"] - 1.959963984540054 * ci["standard_error"]) < 1e-12
        assert ci["ci95_low"] <= s[m] <= ci["ci95_high"] and ci["standard_error"] > 0
versus = r["differences"]["versus"]
assert list(versus) == ["global_popularity", "personal_top_frequency"]
for base, d in versus.items():
    for m, x in d.items():
        assert abs(x["estimate"] - (r["systems"]["engine"][m] - r["systems"][base][m])) < 1e-12
        want = "better" if x["ci95_low"] > 0 else "worse" if x["ci95_high"] < 0 else "no clear difference"
        assert x["verdict"] == want
assert versus["global_popularity"]["ndcg"]["verdict"] == "better", versus["global_popularity"]["ndcg"]
assert f"on {n:,} households" in r["headline"]
# Each dimension's segments split the households: their household-weighted means and summed hits
# are the overall figures (a segment judged on another truth would not add up).
for dimension in ("activity", "basket_size"):
    parts = [seg for seg in r["segments"] if seg["dimension"] == dimension]
    assert sum(seg["households"] for seg in parts) == n, dimension
    for name, s in r["systems"].items():
        for m in ("recall", "precision", "hit_rate", "ndcg"):
            mean = sum(seg["systems"][name][m] * seg["households"] for seg in parts) / n
            assert abs(mean - s[m]) < 1e-9, (dimension, name, m, mean, s[m])
        assert sum(seg["systems"][name]["hits"] for seg in parts) == s["hits"], (dimension, name)
PY

note "a 3-day window: the engine predicts 3 days (its blend on 5 folds) unless the config file sets its horizon"
bg 2 evaluate --store "$WORK/store.h5" --as-of $T --window 3 --json "$WORK/w3.json" -q >/dev/null
printf '[score]\nvalidation_window_days = 14\n' >"$WORK/h14.toml"
bg 2 evaluate --store "$WORK/store.h5" --as-of $T --window 3 --config "$WORK/h14.toml" --json "$WORK/w3h14.json" >/dev/null 2>"$WORK/w3h14.err"
grep -q "the engine chooses coupons for purchases in the next 14 days (validation_window_days in the config file), the window judged is 3 days" \
  "$WORK/w3h14.err" || fail "no warning of the horizon set apart from the window: $(cat "$WORK/w3h14.err")"
python3 - "$WORK/w3.json" "$WORK/w3h14.json" <<'PY' || fail "the engine's horizon under --window 3"
import json, sys
own, given = (json.load(open(p)) for p in sys.argv[1:])
assert "validation_window_days = 3\n" in own["config"]["engine_config"], own["config"]["engine_config"]
assert "validation_window_days = 14\n" in given["config"]["engine_config"]
assert own["systems"]["engine"] != given["systems"]["engine"], "the horizon changed no list"
PY

note "score a coupons file and judge it"
bg 2 score --store "$WORK/store.h5" --as-of $T --out "$WORK/coupons.h5" -q
for n in 1 2; do
  bg "$n" evaluate --store "$WORK/store.h5" --as-of $T --window 14 --coupons "$WORK/coupons.h5" \
    --json "$WORK/coupons$n.json" --report "$WORK/report$n" -q >"$WORK/table$n.txt"
done
cmp -s "$WORK/coupons1.json" "$WORK/coupons2.json" || fail "coupons JSON differs between 1 and 2 ranks"
python3 - "$WORK/coupons1.json" "$WORK/base1.json" <<'PY' || fail "coupons results"
import json, sys
c, b = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
assert list(c["systems"]) == ["coupons", "global_popularity", "personal_top_frequency"], list(c["systems"])
assert c["config"]["coupons_run_id"], "no run id"
# Without a control group the file lists every evaluated household: the baselines are judged on
# the same households as in engine mode.
assert c["compared"]["left_out"] == {"control": 0, "no_list_in_file": 0}, c["compared"]
assert c["systems"]["personal_top_frequency"] == b["systems"]["personal_top_frequency"], "baseline changed"
assert c["lists"]["system"] == "coupons" and c["lists"]["coupons"] > 0
assert c["lists"]["by_department"], "no departments counted"
PY
grep -q '<p class="headline">the coupons file: NDCG@12 ' "$WORK/report1/index.html" || fail "no headline in the report"
grep -q "Differences against the baselines" "$WORK/report1/index.html" || fail "no differences in the report"
for png in metrics segments scores reasons departments; do
  [[ -s $WORK/report1/$png.png ]] || fail "report lacks $png.png"
done

note "a run whose outputs cannot all be written publishes none of them (a JSON beside an old report)"
# The report written, then an injected write error before anything is published (a full disk).
cp "$WORK/coupons1.json" "$WORK/coupons1.before.json"
BASKETGAP_FAILPOINT=evaluate/outputs-written:fail-rank0 expect_exit 74 bg 1 evaluate \
  --store "$WORK/store.h5" --as-of $T --window 14 --coupons "$WORK/coupons.h5" --k 10 \
  --json "$WORK/coupons1.json" --report "$WORK/report1" --overwrite -q
cmp -s "$WORK/coupons1.json" "$WORK/coupons1.before.json" || fail "a failed run replaced the JSON"
grep -q "NDCG@12" "$WORK/report1/index.html" || fail "a failed run replaced or removed the report"
BASKETGAP_FAILPOINT=evaluate/outputs-written:fail-rank0 expect_exit 74 bg 1 evaluate \
  --store "$WORK/store.h5" --as-of $T --window 14 --coupons "$WORK/coupons.h5" \
  --json "$WORK/fresh.json" --report "$WORK/fresh-report" -q
[[ ! -e $WORK/fresh.json && ! -e $WORK/fresh-report ]] || fail "a failed run published an output"
compgen -G "$WORK/*.tmp-*" >/dev/null && fail "temporaries left: $(ls -d "$WORK"/*.tmp-*)"

note "a product the store does not know, listed twice, is one product (full lists count distinct products)"
for kind in same different; do
  cp "$WORK/coupons.h5" "$WORK/unknown-$kind.h5"
  /usr/bin/python3 - "$WORK/unknown-$kind.h5" "$kind" <<'PY'
import sys, h5py
with h5py.File(sys.argv[1], "r+") as f:
    p = f["/coupons/product_id"][:]
    p[:, 0] = 999999991
    p[:, 1] = 999999991 if sys.argv[2] == "same" else 999999992
    f["/coupons/product_id"][...] = p
PY
  bg 2 evaluate --store "$WORK/store.h5" --as-of $T --window 14 --coupons "$WORK/unknown-$kind.h5" \
    --json "$WORK/unknown-$kind.json" -q >/dev/null 2>&1 || fail "evaluate of the coupons with unknown products ($kind)"
done
full() { python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["systems"]["coupons"]["full_list_share"])' "$1"; }
[[ $(full "$WORK/unknown-same.json") == 0.0 ]] || fail "one unknown product listed twice made full lists: $(full "$WORK/unknown-same.json")"
[[ $(full "$WORK/unknown-different.json") == $(full "$WORK/coupons1.json") ]] ||
  fail "two unknown products: $(full "$WORK/unknown-different.json") full, want the file's $(full "$WORK/coupons1.json")"

note "--tune --tune-windows 2 --tuned-config: the configuration it chose, for score --config, judged alike"
for n in 1 2; do
  bg "$n" evaluate --store "$WORK/store.h5" --as-of $T --window 14 --tune --tune-windows 2 --tuned-config "$WORK/tuned$n.toml" \
    --json "$WORK/tuned$n.json" -q >/dev/null
done
cmp -s "$WORK/tuned1.toml" "$WORK/tuned2.toml" || fail "the tuned configuration differs between 1 and 2 ranks"
bg 2 score --store "$WORK/store.h5" --as-of $T --config "$WORK/tuned1.toml" --out "$WORK/tuned.h5" -q
bg 2 evaluate --store "$WORK/store.h5" --as-of $T --window 14 --coupons "$WORK/tuned.h5" --json "$WORK/tuned-coupons.json" -q >/dev/null
python3 - "$WORK/tuned1.toml" "$WORK/tuned1.json" "$WORK/tuned-coupons.json" <<'PY' || fail "the tuned configuration"
import json, re, sys
text, tuned, judged = open(sys.argv[1]).read(), json.load(open(sys.argv[2])), json.load(open(sys.argv[3]))
section = text[text.index("[score]\n"):]
assert section == tuned["config"]["engine_config"], "the file is not the configuration the report gives"
kept = re.findall(r"^# tune: (\w+) = (\S+)\s+validation NDCG@12 [0-9.]+, .* \(kept\)$", text, re.M)
for key, value in kept:  # choices are written as TOML: a choice quoted
    assert re.search(rf'^{key} = "?{value}"?$', section, re.M), f"{key} = {value} kept by the search, not in the file"
# A change is kept exactly when the 95 % interval of its paired gain lies above 0 (a change that
# changes nothing has the interval [0, 0]: never kept).
steps = re.findall(r"^# tune: (.+?)\s+validation NDCG@12 [0-9.]+, ([-+][0-9.]+) \(95% CI ([-+][0-9.]+) to "
                   r"([-+][0-9.]+)\)( \(kept\))?$", text, re.M)
assert len(steps) >= 9, text
for change, gain, low, high, was_kept in steps:
    assert float(low) <= float(gain) <= float(high), change
    assert bool(was_kept) == (float(low) > 0) or float(low) == 0.0, f"{change}: CI low {low}, kept {bool(was_kept)}"
# score with the file makes the lists the tuned engine was judged on: the same metrics, exactly.
assert judged["systems"]["coupons"] == tuned["systems"]["engine"], (judged["systems"]["coupons"], tuned["systems"]["engine"])
print(f"-- tuned: {len(kept)} steps kept; score --config gives NDCG@12 {judged['systems']['coupons']['ndcg']:.4f}, as judged")
PY
# With a [campaign] in --config: a warning (the lists are judged before its rules), and the
# tuned file carries the campaign on, so that it is a night's whole configuration.
(cd "$REPO" && bg 1 evaluate --store "$WORK/store.h5" --as-of $T --window 14 --config data/campaign-example.toml --tune \
  --tuned-config "$WORK/tuned-campaign.toml" >/dev/null 2>"$WORK/tuned-campaign.err")
grep -q "has a \[campaign\] section: the engine's lists are judged before its rules" "$WORK/tuned-campaign.err" ||
  fail "no warning that evaluate judges the lists before the campaign's rules"
grep -q '^name = "demo-week-100"$' "$WORK/tuned-campaign.toml" || fail "the tuned file lost the [campaign] section"
# Its offers path holds from any working folder (evaluate read the config by a relative path).
mkdir "$WORK/elsewhere"
(cd "$WORK/elsewhere" && bg 2 score --store "$WORK/store.h5" --as-of $T --config ../tuned-campaign.toml \
  --out "$WORK/tuned-campaign.h5" -q) || fail "score with the tuned file from another folder: $(grep offers "$WORK/tuned-campaign.toml")"
grep -q "^# (validation: the purchases of days $((T - 27))-$T in 2 window(s) of 14 days" "$WORK/tuned1.toml" ||
  fail "the tuned file does not name its two validation windows: $(head -3 "$WORK/tuned1.toml")"
note "--config's k is the K judged and the k the tuned file keeps; --k judges another K (a warning), the file keeps its k"
printf '[score]\nk = 5\n' >"$WORK/k5.toml"
bg 2 evaluate --store "$WORK/store.h5" --as-of $T --config "$WORK/k5.toml" --tune --tuned-config "$WORK/tuned-k5.toml" \
  --json "$WORK/k5.json" -q >"$WORK/k5.txt"
head -1 "$WORK/k5.txt" | grep -q "^the basketgap engine: NDCG@5 " || fail "not judged @5: $(head -1 "$WORK/k5.txt")"
grep -qx "k = 5" "$WORK/tuned-k5.toml" || fail "the tuned file lost the config's k = 5: $(grep '^k = ' "$WORK/tuned-k5.toml")"
bg 2 evaluate --store "$WORK/store.h5" --as-of $T --config "$WORK/k5.toml" --k 10 --tune --tuned-config "$WORK/tuned-k10.toml" \
  --json "$WORK/k10.json" >/dev/null 2>"$WORK/k10.err"
grep -F "[warning]" "$WORK/k10.err" | grep -qF "$WORK/k5.toml sets k = 5 coupons per household, --k judges lists of 10" ||
  fail "no warning that --k differs from the file's k: $(grep -F '[warning]' "$WORK/k10.err")"
grep -qx "k = 5" "$WORK/tuned-k10.toml" || fail "--k 10 replaced the file's k = 5 in the tuned file"
grep -q "^# judged @10 (--k); k = 5 below is $WORK/k5.toml's" "$WORK/tuned-k10.toml" || fail "the tuned file hides the K judged"
python3 - "$WORK/k5.json" "$WORK/k10.json" <<'PY' || fail "the K judged"
import json, sys
k5, k10 = (json.load(open(p)) for p in sys.argv[1:])
assert k5["config"]["k"] == 5 and "k = 5\n" in k5["config"]["engine_config"], k5["config"]
assert k10["config"]["k"] == 10 and "k = 10\n" in k10["config"]["engine_config"], k10["config"]
PY
bg 2 score --store "$WORK/store.h5" --as-of $T --config "$WORK/tuned-k10.toml" --out "$WORK/tuned-k10.h5" -q
"$BASKETGAP" -q export --coupons "$WORK/tuned-k10.h5" --out "$WORK/tuned-k10.csv"
[[ $(json_field "$WORK/tuned-k10.csv.manifest.json" k) == 5 ]] || fail "the nightly score with the tuned file mails other than 5"
expect_exit 64 bg 1 evaluate --store "$WORK/store.h5" --as-of $T --tune-windows 2
expect_exit 64 bg 1 evaluate --store "$WORK/store.h5" --as-of 40 --tune --tune-windows 2
grep -q -- "--tune-windows 2 validates as of day 12" "$WORK/last.err" || fail "unclear --tune-windows message: $(cat "$WORK/last.err")"
expect_exit 64 bg 1 evaluate --store "$WORK/store.h5" --as-of $T --tuned-config "$WORK/t.toml"
grep -q -- "--tuned-config writes what --tune chose: add --tune" "$WORK/last.err" || fail "unclear --tuned-config message"
expect_exit 64 bg 1 evaluate --store "$WORK/store.h5" --as-of $T --tune --coupons "$WORK/coupons.h5" --tuned-config "$WORK/t.toml"
expect_exit 64 bg 1 evaluate --store "$WORK/store.h5" --as-of $T --coupons "$WORK/coupons.h5" --tune
grep -q -- "--tune chooses the engine's configuration, but --coupons judges a file's lists" "$WORK/last.err" ||
  fail "--tune with --coupons: $(cat "$WORK/last.err")"
note "--k below the config's slot minimums is 64 (as the same k in the file would be), before any work"
printf '[score]\nreward_slots = 4\ndiscovery_slots = 2\n' >"$WORK/slots.toml"
expect_exit 64 bg 1 evaluate --store "$WORK/store.h5" --as-of $T --k 5 --config "$WORK/slots.toml"
grep -q -- "--k 5 is less than score.reward_slots + score.discovery_slots (4 + 2) of $WORK/slots.toml" "$WORK/last.err" ||
  fail "unclear --k message: $(cat "$WORK/last.err")"
expect_exit 64 bg 1 score --store "$WORK/store.h5" --as-of $T --k 5 --config "$WORK/slots.toml" --out "$WORK/k5.h5"
[[ ! -e $WORK/k5.h5 ]] || fail "coupons published with --k below the slot minimums"
expect_exit 73 bg 1 evaluate --store "$WORK/store.h5" --as-of $T --tune --tuned-config "$WORK/tuned1.toml"
[[ ! -e $WORK/t.toml ]] || fail "a tuned configuration written after an error"

note "errors"
expect_exit 64 bg 1 evaluate --store "$WORK/store.h5" --as-of $((max_day + 5))
[[ $(grep -c 'error' "$WORK/last.err") == 1 ]] || fail "want one error line: $(cat "$WORK/last.err")"
grep -q -- "--as-of $((max_day + 5)) is outside the store's days" "$WORK/last.err" || fail "unclear as-of message"
expect_exit 64 bg 2 evaluate --store "$WORK/store.h5" --as-of 0
expect_exit 64 bg 1 evaluate --store "$WORK/store.h5" --as-of $((T - 7)) --coupons "$WORK/coupons.h5"
grep -q "coupons were scored as of day $T, but --as-of is $((T - 7))" "$WORK/last.err" || fail "unclear coupons as-of message: $(cat "$WORK/last.err")"
expect_exit 64 bg 1 evaluate --store "$WORK/store.h5" --as-of $T --k 0
expect_exit 64 bg 1 evaluate --store "$WORK/store.h5" --as-of $T --window 0
expect_exit 73 bg 1 evaluate --store "$WORK/store.h5" --as-of $T --json "$WORK/base1.json"
no_temporaries "$WORK"
echo "PASS"
