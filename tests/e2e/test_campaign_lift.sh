#!/usr/bin/env bash
# The lift view (docs/EVALUATE.md, docs/CAMPAIGN.md): control households are scored but get no
# coupons, their would-be lists are in /households/control_product_id; `evaluate --lift` gives
# the same JSON for 1, 2 and 3 ranks, with both groups and a confidence interval. Treated = the
# households the export mails (consent, not control, a coupon); control = consented control
# households with a would-be list; every other row of the file is counted with its reason.
# Judging the coupons file, every system is measured on the households the file gives a list.
source "$(dirname "$0")/lib.sh"

note "generate 1500 households, ingest"
"$BASKETGAP" -q generate --households 1500 --seed 11 --out "$WORK/data"
D=$WORK/data
bg 2 ingest --transactions "$D/transactions.csv" --products "$D/products.csv" \
  --households "$D/households.csv" --out "$WORK/store.h5" -q
max_day=$("$BASKETGAP" inspect "$WORK/store.h5" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["max_day"])')
T=$((max_day - 14))
cat >"$WORK/campaign.toml" <<EOF2
[campaign]
name = "lift-test"
control_share = 0.2
salt = "lift-test-salt"
EOF2

note "score with 1 and 2 ranks (control share 0.2), and without a campaign"
bg 1 score --store "$WORK/store.h5" --as-of $T --config "$WORK/campaign.toml" --out "$WORK/c1.h5" -q
bg 2 score --store "$WORK/store.h5" --as-of $T --config "$WORK/campaign.toml" --out "$WORK/c2.h5" -q
same_datasets "$WORK/c1.h5" "$WORK/c2.h5" /coupons /households
bg 1 score --store "$WORK/store.h5" --as-of $T --out "$WORK/plain.h5" -q
C=$WORK/c2.h5

note "evaluate --lift with 1 and 2 ranks"
bg 1 evaluate --store "$WORK/store.h5" --as-of $T --coupons "$C" --lift --json "$WORK/l1.json" -q >"$WORK/l1.txt"
bg 2 evaluate --store "$WORK/store.h5" --as-of $T --coupons "$C" --lift --json "$WORK/l2.json" \
  --report "$WORK/report" -q >"$WORK/l2.txt"
bg 3 evaluate --store "$WORK/store.h5" --as-of $T --coupons "$C" --lift --json "$WORK/l3.json" -q >"$WORK/l3.txt"
for n in 2 3; do
  cmp -s "$WORK/l1.json" "$WORK/l$n.json" || fail "lift JSON differs between 1 and $n ranks"
  cmp -s "$WORK/l1.txt" "$WORK/l$n.txt" || fail "lift table differs between 1 and $n ranks"
done
grep -q "^lift (days" "$WORK/l1.txt" || fail "no lift section in the table"
grep -q "treated = households that were mailed: consent = 1" "$WORK/l1.txt" || fail "no group definition in the table"
grep -q "Lift: treated vs control" "$WORK/report/index.html" || fail "no lift table in the report"
grep -q "consented control households" "$WORK/report/index.html" || fail "no group definition in the report"
# The judged households are named as what they are: the evaluated ones the file gives a list.
judged=$(json_field "$WORK/l1.json" evaluated_households)
grep -q "^$judged judged households; " "$WORK/l1.txt" || fail "the table does not name the judged households"
grep -q "$judged judged households (at least one purchase up to day $T and one in the window, and a list in the coupons file: $judged of [0-9,]* evaluated)" \
  "$WORK/report/index.html" || fail "the report does not say which households were judged"

note "the export mails exactly the treated group; the engine's evaluated households for the comparison"
"$BASKETGAP" -q export --coupons "$C" --format csv --out "$WORK/e.csv"
bg 1 evaluate --store "$WORK/store.h5" --as-of $T --json "$WORK/engine.json" -q >/dev/null

/usr/bin/python3 - "$WORK" "$T" <<'PY' || fail "lift properties"
import json, math, sys
import h5py, numpy as np
work, T = sys.argv[1], int(sys.argv[2])
with h5py.File(f"{work}/c2.h5") as c:
    ids = c["/coupons/household_id"][:]
    products = c["/coupons/product_id"][:]
    reasons = c["/coupons/reason"][:]
    scores = c["/coupons/score"][:]
    control = c["/households/control"][:]
    would = c["/households/control_product_id"][:]
assert would.shape == products.shape, (would.shape, products.shape)
assert control.sum() > 0
# Control rows: no coupon, a would-be list; other rows: no would-be list.
assert (products[control == 1] == -1).all() and (reasons[control == 1] == 0).all() and (scores[control == 1] == 0).all()
has_list = (would >= 0).any(axis=1)
assert (has_list == (control == 1)).all(), "would-be lists must be present exactly for control rows"
assert (would[control == 0] == -1).all()
# Control lists look like treated lists (same length distribution).
assert abs((would[control == 1] >= 0).sum(axis=1).mean() - (products[control == 0] >= 0).sum(axis=1).mean()) < 1.0
with h5py.File(f"{work}/plain.h5") as p:
    assert (p["/households/control_product_id"][:] == -1).all()
with h5py.File(f"{work}/c2.h5") as c:
    consent = c["/households/consent"][:]
no_consent = int((consent != 1).sum())
assert no_consent > 0 and (control[consent != 1] == 1).any(), "want households without consent, some drawn as control"
has_coupon = (products >= 0).any(axis=1)
treated_n = int(((consent == 1) & (control == 0) & has_coupon).sum())
control_n = int(((consent == 1) & (control == 1) & has_list).sum())
j = json.load(open(f"{work}/l1.json"))
lift = j["lift"]
assert lift["window"] == {"first_day": T + 1, "last_day": T + 14}
assert lift["treated"]["households"] == treated_n, (lift["treated"], treated_n)
assert lift["control"]["households"] == control_n, (lift["control"], control_n)
# Treated is what the export mailed: one definition.
manifest = json.load(open(f"{work}/e.csv.manifest.json"))
assert manifest["households"] == treated_n, (manifest["households"], treated_n)
# Every row of the file is in a group or left out for one reason.
left = lift["left_out"]
assert left["no_consent"] == no_consent, (left, no_consent)
assert left["not_in_store"] == 0
assert lift["file_households"] == len(ids)
assert treated_n + control_n + sum(left.values()) == len(ids), (treated_n, control_n, left, len(ids))
assert set(lift["groups"]) == {"treated", "control"}
# Same households: the coupons file and the baselines on the households it lists; control
# households (empty rows) are left out, and with them every evaluated household is accounted for.
engine = json.load(open(f"{work}/engine.json"))
cmp = j["compared"]
assert cmp["households"] == j["evaluated_households"]
assert cmp["left_out"]["control"] > 0, cmp
assert cmp["households"] + cmp["left_out"]["control"] + cmp["left_out"]["no_list_in_file"] == engine["evaluated_households"], (cmp, engine["evaluated_households"])
assert engine["compared"]["left_out"] == {"control": 0, "no_list_in_file": 0}
for name, s in j["systems"].items():
    assert s["households"] == cmp["households"], (name, s["households"])
    assert s["full_list_share"] > 0.9 or name != "coupons", s
    for m in ("recall", "precision", "hit_rate", "ndcg"):
        ci = s["ci95"][m]
        assert ci["ci95_low"] < s[m] < ci["ci95_high"], (name, m, ci)
        assert abs(ci["estimate"] - s[m]) < 1e-12
assert j["differences"]["system"] == "coupons"
for base, d in j["differences"]["versus"].items():
    for m, x in d.items():
        want = "better" if x["ci95_low"] > 0 else "worse" if x["ci95_high"] < 0 else "no clear difference"
        assert x["verdict"] == want, (base, m, x)
        assert abs(x["estimate"] - (j["systems"]["coupons"][m] - j["systems"][base][m])) < 1e-12
assert j["headline"].startswith("the coupons file: NDCG@12 "), j["headline"]
assert f"on {cmp['households']:,} households" in j["headline"], j["headline"]
for name in ("share_difference", "buyer_rate_difference"):
    d = lift[name]
    assert d["ci95_low"] <= d["estimate"] <= d["ci95_high"], d
    assert d["standard_error"] > 0
    assert abs(d["ci95_high"] - d["estimate"] - 1.959963984540054 * d["standard_error"]) < 1e-12
assert abs(lift["share_difference"]["estimate"] - (lift["treated"]["mean_share"] - lift["control"]["mean_share"])) < 1e-12
assert 0 < lift["control"]["mean_share"] < 1 and 0 < lift["treated"]["mean_share"] < 1
# No mailing happened: the groups differ only by chance (4 se: robust to engine changes).
for name in ("share_difference", "buyer_rate_difference"):
    assert abs(lift[name]["estimate"]) < 4 * lift[name]["standard_error"], lift
print(f"ok: treated {treated_n}, control {control_n}, share difference {lift['share_difference']}")
PY

note "errors: --lift without --coupons, or on a file without a control group"
expect_exit 64 bg 1 evaluate --store "$WORK/store.h5" --as-of $T --lift
grep -q "needs --coupons" "$WORK/last.err" || fail "unclear message: $(cat "$WORK/last.err")"
expect_exit 64 bg 1 evaluate --store "$WORK/store.h5" --as-of $T --coupons "$WORK/plain.h5" --lift
grep -q "control group" "$WORK/last.err" || fail "unclear message: $(cat "$WORK/last.err")"
no_temporaries "$WORK"
echo "OK: campaign lift"
