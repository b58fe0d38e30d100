#!/usr/bin/env bash
# Consent at export (docs/CAMPAIGN.md "Consent at export"): an opt-out (or a consent made unknown) appended to the store after
# scoring keeps the household out of `export --store` (counted as excluded.consent_withdrawn in
# the manifest); a consent granted after scoring adds nobody (the stricter of the two wins);
# without --store the coupons' snapshot alone decides; 1 and 2 ranks give the same bytes; when
# every household has opted out since scoring, the empty mailing is a warning in the log and the
# manifest, as when nobody consented at scoring.
source "$(dirname "$0")/lib.sh"
"$BASKETGAP" -q generate --households 200 --seed 7 --out "$WORK/gen" || fail "generate"
g=$WORK/gen
bg 1 -q ingest --transactions "$g/transactions.csv" --products "$g/products.csv" --households "$g/households.csv" \
  --out "$WORK/s.h5" || fail "ingest"
last=$(awk -F, 'NR > 1 && $3 > m { m = $3 } END { print m }' "$g/transactions.csv")
bg 1 -q score --store "$WORK/s.h5" --as-of "$last" --out "$WORK/c.h5" || fail "score"
"$BASKETGAP" -q export --coupons "$WORK/c.h5" --store "$WORK/s.h5" --out "$WORK/before.csv" || fail "export before"

# A household mailed before the opt-out, one mailed before its consent became unknown (an empty
# field: not a yes), and one without consent when scored.
out=$(awk -F, 'NR == 2 { print $1 }' "$WORK/before.csv")
unknown=$(awk -F, 'NR == 3 { print $1 }' "$WORK/before.csv")
in=$(awk -F, 'NR > 1 && $2 == 0 { print $1; exit }' "$g/households.csv")
[[ -n $out && -n $unknown && -n $in ]] || fail "no household to opt out or in"
grep -q "^$out," "$WORK/before.csv" || fail "household $out not mailed before the opt-out"
! grep -q "^$in," "$WORK/before.csv" || fail "household $in mailed without consent"

note "an append after scoring: $out opts out, $unknown's consent becomes unknown, $in opts in"
printf '%s\n1,99000000001,%d,100001,1,1.0,0,0,0,102,0,0\n' "$(head -1 "$g/transactions.csv")" $((last + 1)) \
  >"$WORK/night.csv"
printf 'household_key,consent\n%s,0\n%s,\n%s,1\n' "$out" "$unknown" "$in" >"$WORK/consent.csv"
bg 1 -q append --store "$WORK/s.h5" --transactions "$WORK/night.csv" --households "$WORK/consent.csv" ||
  fail "append"
"$BASKETGAP" -q export --coupons "$WORK/c.h5" --store "$WORK/s.h5" --out "$WORK/after.csv" || fail "export after"
! grep -q "^$out," "$WORK/after.csv" || fail "household $out mailed after it opted out"
! grep -q "^$unknown," "$WORK/after.csv" || fail "household $unknown mailed though its consent is unknown now"
! grep -q "^$in," "$WORK/after.csv" || fail "household $in mailed though the night did not consider it"
[[ $(($(wc -l <"$WORK/before.csv") - $(wc -l <"$WORK/after.csv"))) == 2 ]] || fail "not exactly two rows less"
grep -v -e "^$out," -e "^$unknown," "$WORK/before.csv" | cmp -s - "$WORK/after.csv" || fail "other rows changed"
python3 - "$WORK/before.csv.manifest.json" "$WORK/after.csv.manifest.json" <<'PY' || fail "manifest counts"
import json, sys
before, after = (json.load(open(p)) for p in sys.argv[1:])
assert before["excluded"]["consent_withdrawn"] == 0, before["excluded"]
assert after["excluded"]["consent_withdrawn"] == 2, after["excluded"]
assert list(after["excluded"]) == ["no_consent", "consent_withdrawn", "control", "no_coupon"], after["excluded"]
for k in ["no_consent", "control", "no_coupon"]:
    assert after["excluded"][k] == before["excluded"][k], k
assert after["households"] == before["households"] - 2, (after["households"], before["households"])
PY
"$BASKETGAP" -q export --verify "$WORK/after.csv" || fail "verify"

note "2 ranks: the same bytes"
bg 2 -q export --coupons "$WORK/c.h5" --store "$WORK/s.h5" --out "$WORK/after2.csv" || fail "export on 2 ranks"
cmp -s "$WORK/after.csv" "$WORK/after2.csv" || fail "2 ranks differ"

note "without --store: the snapshot alone"
"$BASKETGAP" -q export --coupons "$WORK/c.h5" --out "$WORK/snapshot.csv" || fail "export without --store"
grep -q "^$out," "$WORK/snapshot.csv" || fail "without --store the snapshot's consent should decide"
[[ $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["excluded"]["consent_withdrawn"])' \
  "$WORK/snapshot.csv.manifest.json") == 0 ]] || fail "consent_withdrawn without --store"

note "every household opts out after scoring: an empty mailing, warned of in the log and the manifest"
awk -F, 'NR == 1 { print "household_key,consent"; next } { print $1 ",0" }' "$g/households.csv" >"$WORK/nobody.csv"
printf '%s\n1,99000000002,%d,100001,1,1.0,0,0,0,102,0,0\n' "$(head -1 "$g/transactions.csv")" $((last + 2)) \
  >"$WORK/night2.csv"
bg 1 -q append --store "$WORK/s.h5" --transactions "$WORK/night2.csv" --households "$WORK/nobody.csv" ||
  fail "append the opt-outs"
for n in 1 2; do
  expect_exit 0 bg $n export --coupons "$WORK/c.h5" --store "$WORK/s.h5" --out "$WORK/none$n.csv"
  grep -F "[warning]" "$WORK/last.err" | grep -qF "has consent = 1: the mailing is empty (the " ||
    fail "no warning of an empty mailing on $n rank(s): $(grep -F '[warning]' "$WORK/last.err")"
done
python3 - "$WORK/none1.csv.manifest.json" "$WORK/before.csv.manifest.json" "$WORK/none2.csv.manifest.json" <<'PY' ||
import json, sys
m, before, two = (json.load(open(p)) for p in sys.argv[1:])
assert dict(two, file=m["file"]) == m, "the manifests differ between 1 and 2 ranks"
assert m["households"] == 0 and m["rows"] == 0, m
withdrawn = m["excluded"]["consent_withdrawn"]
assert withdrawn == before["households"] + before["excluded"]["control"] + before["excluded"]["no_coupon"], m["excluded"]
n = m["households_in_coupons_file"]
assert m["warning"] == (f"none of the {n} households of c.h5 has consent = 1: the mailing is empty (the {withdrawn} "
                        "that consented when scored have withdrawn it since, in s.h5)"), m["warning"]
PY
  fail "the manifest of the empty mailing"

note "the only consenting household is in the control group: an empty mailing, warned of too"
awk -F, -v OFS=, -v one="$out" 'NR > 1 { $2 = ($1 == one ? 1 : 0) } { print }' "$g/households.csv" >"$WORK/one.csv"
bg 1 -q ingest --transactions "$g/transactions.csv" --households "$WORK/one.csv" --out "$WORK/one.h5" || fail "ingest one"
for salt in $(seq 1 30); do  # the salt that puts it in the control group (each does with probability 1/2)
  printf '[campaign]\ncontrol_share = 0.5\nsalt = "s%d"\n' "$salt" >"$WORK/control.toml"
  bg 1 -q score --store "$WORK/one.h5" --as-of "$last" --config "$WORK/control.toml" --out "$WORK/one-c.h5" --overwrite ||
    fail "score with a control group"
  /usr/bin/python3 -c 'import h5py, sys; f = h5py.File(sys.argv[1]); c, k = f["/households/control"][:], f["/households/consent"][:]; sys.exit(0 if (k == 1).sum() == 1 and c[k == 1].all() else 1)' \
    "$WORK/one-c.h5" && break
done
expect_exit 0 bg 1 export --coupons "$WORK/one-c.h5" --store "$WORK/one.h5" --out "$WORK/control.csv"
grep -F "[warning]" "$WORK/last.err" | grep -qF "1 control): the mailing is empty (every household that may be mailed is in the control group)" ||
  fail "no warning of a mailing emptied by the control group: $(cat "$WORK/last.err")"
echo "OK: export consent since scoring"
