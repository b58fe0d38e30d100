#!/usr/bin/env bash
# Campaign rules and the export, as properties over generated data (docs/CAMPAIGN.md): no
# household without consent or in the control group is ever exported; every exported coupon
# is on offer on the mailing day, not excluded, within the per-department cap; the control
# share is within 4 sigma of the configured share and identical across reruns and rank counts;
# manifests verify, a truncated copy does not; pseudonyms hide raw ids and are stable per key,
# their rows in pseudonym order;
# a campaign with nothing on offer is an error in score; a product the products file does not
# describe carries no coupon when departments are excluded (its department is unknown); an excluded
# department spelt two ways in the products file is excluded in both.
source "$(dirname "$0")/lib.sh"

note "generate 3000 households, ingest"
"$BASKETGAP" -q generate --households 3000 --seed 7 --consent-rate 0.6 --out "$WORK/data"
D=$WORK/data
bg 2 ingest --transactions "$D/transactions.csv" --products "$D/products.csv" \
  --households "$D/households.csv" --out "$WORK/store.h5" -q
max_day=$("$BASKETGAP" inspect "$WORK/store.h5" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["max_day"])')
T=$((max_day - 14))

note "offers for a random half of the products (some expired before the mailing day), config"
python3 - "$D/products.csv" "$WORK/offers.csv" "$T" <<'PY'
import csv, random, sys
rng = random.Random(7)
T = int(sys.argv[3])
with open(sys.argv[1], newline="") as f, open(sys.argv[2], "w") as out:
    out.write("product_id,valid_from_day,valid_to_day\n")
    for row in csv.DictReader(f):
        if rng.random() < 0.5:
            if rng.random() < 0.1:
                out.write(f"{row['PRODUCT_ID']},1,{T}\n")       # ends on the as-of day: not usable
            else:
                out.write(f"{row['PRODUCT_ID']},{T - 30},{T + 1}\n")  # valid on the mailing day
PY
grep -q ",TOBACCO," "$D/products.csv" || fail "the generated catalogue has no TOBACCO department"
cat >"$WORK/campaign.toml" <<EOF2
[campaign]
name = "property-test"
offers = "offers.csv"
exclude_departments = ["TOBACCO", "ALCOHOL"]
max_per_department = 3
control_share = 0.1
salt = "property-test-salt"
day_one = "2024-01-01"
EOF2

note "score with 1 and 3 ranks (and again with 3)"
bg 1 score --store "$WORK/store.h5" --as-of $T --config "$WORK/campaign.toml" --out "$WORK/c1.h5" -q
bg 3 score --store "$WORK/store.h5" --as-of $T --config "$WORK/campaign.toml" --out "$WORK/c3.h5" -q
bg 3 score --store "$WORK/store.h5" --as-of $T --config "$WORK/campaign.toml" --out "$WORK/c3b.h5" -q
same_datasets "$WORK/c1.h5" "$WORK/c3.h5" /coupons /households
same_datasets "$WORK/c3.h5" "$WORK/c3b.h5" /households/control
bg 2 score --store "$WORK/store.h5" --as-of $T --out "$WORK/plain.h5" -q

note "the mailing month is the mailing day's (as-of + 1): as of the last day of February"
day_one=$(python3 -c "import datetime; print(datetime.date(2024, 3, 1) - datetime.timedelta(days=$T))")
sed "s/^day_one = .*/day_one = \"$day_one\"/" "$WORK/campaign.toml" >"$WORK/campaign-feb.toml"
bg 2 score --store "$WORK/store.h5" --as-of $T --config "$WORK/campaign-feb.toml" --out "$WORK/feb.h5" -q
month=$(/usr/bin/python3 -c 'import h5py, sys; print(int(h5py.File(sys.argv[1]).attrs["mailing_month"]))' "$WORK/feb.h5")
[[ $month == 3 ]] || fail "as of 29 February the mailing month is $month, want 3 (the mailing day's)"

note "exports"
C=$WORK/c3.h5
"$BASKETGAP" -q export --coupons "$C" --store "$WORK/store.h5" --format csv --out "$WORK/e.csv"
"$BASKETGAP" -q export --coupons "$C" --store "$WORK/store.h5" --format jsonl --out "$WORK/e.jsonl"
"$BASKETGAP" -q export --coupons "$C" --format csv --per-coupon --gzip --out "$WORK/pc.csv.gz"
"$BASKETGAP" -q export --coupons "$C" --store "$WORK/store.h5" --format jsonl --per-coupon --out "$WORK/pc.jsonl"
printf 'a-very-secret-key-for-tests\n' >"$WORK/key"
"$BASKETGAP" -q export --coupons "$C" --format csv --pseudonymise-key "$WORK/key" --out "$WORK/p1.csv"
BASKETGAP_PSEUDONYM_KEY=a-very-secret-key-for-tests "$BASKETGAP" -q export --coupons "$C" --format csv --out "$WORK/p2.csv"
BASKETGAP_PSEUDONYM_KEY=another-secret-key-for-tests "$BASKETGAP" -q export --coupons "$C" --format csv --out "$WORK/p3.csv"
cmp -s "$WORK/p1.csv" "$WORK/p2.csv" || fail "pseudonymised exports differ for the same key"
! grep -q "a-very-secret" "$WORK"/p1.csv* "$WORK"/p2.csv* || fail "the key leaked into an export or manifest"
[[ $(stat -c %a "$WORK/e.csv") == 640 ]] || fail "export mode is $(stat -c %a "$WORK/e.csv"), want 640"

/usr/bin/python3 - "$WORK" "$D/products.csv" "$T" <<'PY' || fail "campaign properties"
import csv, gzip, json, math, sys
import h5py, numpy as np
work, products_csv, T = sys.argv[1], sys.argv[2], int(sys.argv[3])
dept = {}
with open(products_csv, newline="") as f:
    for row in csv.DictReader(f):
        dept[int(row["PRODUCT_ID"])] = row["DEPARTMENT"]
usable = set()
with open(f"{work}/offers.csv", newline="") as f:
    for row in csv.DictReader(f):
        if int(row["valid_from_day"]) <= T + 1 <= int(row["valid_to_day"]):
            usable.add(int(row["product_id"]))
with h5py.File(f"{work}/c3.h5") as c:
    ids = c["/coupons/household_id"][:]
    products = c["/coupons/product_id"][:]
    reasons = c["/coupons/reason"][:]
    consent = c["/households/consent"][:]
    control = c["/households/control"][:]
    tier = c["/households/tier"][:]
    assert c.attrs["control_share"] == 0.1 and c.attrs["campaign_salt"] in (b"property-test-salt", "property-test-salt")
    assert "[campaign]" in (c.attrs["campaign"].decode() if isinstance(c.attrs["campaign"], bytes) else c.attrs["campaign"])
with h5py.File(f"{work}/plain.h5") as p:
    assert not p["/households/control"][:].any(), "control households without a campaign"
    assert (p["/coupons/product_id"][:] >= 0).sum() > 0
allowed = {int(i) for i, a, b in zip(ids, consent, control) if a == 1 and b == 0}
# The scored file itself: control rows are empty, coupons respect offers/exclusions/caps.
assert (products[control == 1] == -1).all() and (reasons[control == 1] == 0).all(), "control households got coupons"
for row in products[control == 0]:
    chosen = [int(p) for p in row if p >= 0]
    assert all(p in usable for p in chosen), "a coupon not on offer"
    assert all(dept[p] not in ("TOBACCO", "ALCOHOL") for p in chosen), "an excluded department"
    depts = [dept[p] for p in chosen]
    assert max(depts.count(d) for d in set(depts)) <= 3, "department cap exceeded"
# Control share within 4 sigma.
n = len(ids)
share = control.mean()
assert abs(share - 0.1) < 4 * math.sqrt(0.1 * 0.9 / n), f"control share {share} over {n}"
assert len(set(tier.tolist())) >= 3, "tiers not spread"

def check_rows(hids, coupons):
    assert hids, "empty export"
    assert set(hids) <= allowed, "a household without consent or in control was exported"
    for hid, cs in zip(hids, coupons):
        assert cs and all(p in usable and dept[p] not in ("TOBACCO", "ALCOHOL") for p in cs)
        depts = [dept[p] for p in cs]
        assert max(depts.count(d) for d in set(depts)) <= 3
with open(f"{work}/e.csv", newline="", encoding="utf-8") as f:
    rows = list(csv.DictReader(f))
check_rows([int(r["household_id"]) for r in rows],
           [[int(r[f"product_id_{k}"]) for k in range(1, 13) if r[f"product_id_{k}"]] for r in rows])
assert all(r["department_1"] for r in rows), "no department names with --store"
with open(f"{work}/e.jsonl", encoding="utf-8") as f:
    lines = [json.loads(l) for l in f]
check_rows([l["household_id"] for l in lines], [[c["product_id"] for c in l["coupons"]] for l in lines])
assert len(lines) == len(rows)
with gzip.open(f"{work}/pc.csv.gz", "rt", newline="", encoding="utf-8") as f:
    per = list(csv.DictReader(f))
assert "description" not in per[0], "product text without --store"
by_hh = {}
for r in per:
    by_hh.setdefault(int(r["household_id"]), []).append(int(r["product_id"]))
check_rows(list(by_hh), list(by_hh.values()))
# Manifests: counts and exclusions match the files.
m = json.load(open(f"{work}/e.csv.manifest.json"))
assert m["rows"] == len(rows) and m["coupons"] == sum(len(v) for v in by_hh.values()) == len(per)
assert m["excluded"]["no_consent"] == int((consent != 1).sum())
assert m["excluded"]["control"] == int(((consent == 1) & (control == 1)).sum())
assert m["households_in_coupons_file"] == n and m["as_of_day"] == T
assert m["product_text"] is True and m["coupons_without_product_text"] == 0, m
# Pseudonyms: no raw id, 32 hex digits, same key same ids, another key other ids.
with open(f"{work}/p1.csv", newline="") as f:
    p1 = list(csv.DictReader(f))
with open(f"{work}/p3.csv", newline="") as f:
    p3 = list(csv.DictReader(f))
raw = {str(i) for i in ids}
assert all(len(r["household_pseudonym"]) == 32 and r["household_pseudonym"] not in raw for r in p1)
assert "household_id" not in p1[0]
assert not {r["household_pseudonym"] for r in p1} & {r["household_pseudonym"] for r in p3}
assert json.load(open(f"{work}/p1.csv.manifest.json"))["pseudonymised"] is True
# In pseudonym order, not the raw ids' (which would pair them by position), each row the
# coupons of the household whose HMAC it is.
import hmac, hashlib
assert [r["household_pseudonym"] for r in p1] == sorted(r["household_pseudonym"] for r in p1)
of_id = {hmac.new(b"a-very-secret-key-for-tests", str(i).encode(), hashlib.sha256).hexdigest()[:32]: i for i in ids}
with open(f"{work}/e.csv", newline="") as f:
    plain = {int(r["household_id"]): r for r in csv.DictReader(f)}
assert len(p1) == len(plain) > 1000, (len(p1), len(plain))
assert [of_id[r["household_pseudonym"]] for r in p1] != sorted(plain), "pseudonymised rows in raw-id order"
for r in p1:
    e = plain[of_id[r["household_pseudonym"]]]
    assert all(r[c] == e[c] for c in r if c.startswith(("product_id_", "reason_")) or c == "coupons"), (r, e)
print(f"ok: {n} households, control share {share:.4f}, {len(rows)} exported")
PY

note "verify manifests; a truncated copy and a changed byte are detected"
for f in e.csv e.jsonl pc.csv.gz pc.jsonl p1.csv; do
  "$BASKETGAP" -q export --verify "$WORK/$f" || fail "--verify $f"
done
size=$(stat -c %s "$WORK/e.jsonl")
head -c $((size / 2)) "$WORK/e.jsonl" >"$WORK/cut.jsonl"
cp "$WORK/e.jsonl.manifest.json" "$WORK/cut.jsonl.manifest.json"
expect_exit 65 "$BASKETGAP" export --verify "$WORK/cut.jsonl"
[[ $(grep -c error "$WORK/last.err") == 1 ]] || fail "want one error line: $(cat "$WORK/last.err")"
grep -q "truncated" "$WORK/last.err" || fail "unclear truncation message: $(cat "$WORK/last.err")"
cp "$WORK/e.csv" "$WORK/flip.csv" && cp "$WORK/e.csv.manifest.json" "$WORK/flip.csv.manifest.json"
printf 'X' | dd of="$WORK/flip.csv" bs=1 seek=100 conv=notrunc status=none
expect_exit 65 "$BASKETGAP" export --verify "$WORK/flip.csv"
# A manifest edited to other counts (the file's bytes untouched): the counts must add up.
for edit in 'm["households"] = 5' 'm["excluded"]["control"] = 999' 'm["households_in_coupons_file"] += 1'; do
  cp "$WORK/e.csv" "$WORK/edited.csv"
  /usr/bin/python3 - "$WORK/e.csv.manifest.json" "$WORK/edited.csv.manifest.json" "$edit" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
m["file"] = "edited.csv"
exec(sys.argv[3])
json.dump(m, open(sys.argv[2], "w"), indent=2)
PY
  expect_exit 65 "$BASKETGAP" export --verify "$WORK/edited.csv"
  grep -q "the counts do not add up" "$WORK/last.err" || fail "$edit: $(cat "$WORK/last.err")"
done

# The gzip flag flipped in the manifest (the file untouched): the importer would misread it.
for f in e.csv pc.csv.gz; do
  cp "$WORK/$f" "$WORK/g-$f"
  /usr/bin/python3 - "$WORK/$f.manifest.json" "$WORK/g-$f.manifest.json" "g-$f" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
m["file"], m["gzip"] = sys.argv[3], not m["gzip"]
json.dump(m, open(sys.argv[2], "w"), indent=2)
PY
  expect_exit 65 "$BASKETGAP" export --verify "$WORK/g-$f"
  grep -q "the manifest says gzip" "$WORK/last.err" || fail "g-$f: $(cat "$WORK/last.err")"
done

note "errors"
expect_exit 73 "$BASKETGAP" export --coupons "$C" --format csv --out "$WORK/e.csv"
# A dangling link at --out is there (the publish would find it): 73 saying so, not a race.
ln -s "$WORK/nowhere/mail.csv" "$WORK/link.csv"
expect_exit 73 "$BASKETGAP" export --coupons "$C" --format csv --out "$WORK/link.csv"
grep -q "link.csv: already exists as a symbolic link (pass --overwrite" "$WORK/last.err" || fail "dangling link: $(cat "$WORK/last.err")"
rm "$WORK/link.csv"
# A name an importer would decode wrongly is said: plain text named .gz, JSONL named .csv.
expect_exit 0 "$BASKETGAP" export --coupons "$C" --format csv --out "$WORK/named.csv.gz"
grep -q "named.csv.gz is plain text but its name ends in .gz" "$WORK/last.err" || fail "no .gz warning: $(cat "$WORK/last.err")"
expect_exit 0 "$BASKETGAP" export --coupons "$C" --format jsonl --out "$WORK/named.csv"
grep -q "named.csv is JSONL but its name says otherwise" "$WORK/last.err" || fail "no name warning: $(cat "$WORK/last.err")"
rm "$WORK"/named.*
"$BASKETGAP" -q export --coupons "$C" --format csv --out "$WORK/e.csv" --overwrite
"$BASKETGAP" -q export --verify "$WORK/e.csv"
printf 'short\n' >"$WORK/short.key"
expect_exit 64 "$BASKETGAP" export --coupons "$C" --out "$WORK/x.csv" --pseudonymise-key "$WORK/short.key"
# Set but empty: the same mistake as a short key, never raw ids.
BASKETGAP_PSEUDONYM_KEY= expect_exit 64 "$BASKETGAP" export --coupons "$C" --out "$WORK/x.csv"
grep -q "BASKETGAP_PSEUDONYM_KEY is set but empty" "$WORK/last.err" || fail "unclear empty-key message: $(cat "$WORK/last.err")"
[[ ! -e "$WORK/x.csv" ]] || fail "an export was written with an empty key"
printf '[campaign]\ncontrol_shar = 0.1\n' >"$WORK/typo.toml"
expect_exit 64 bg 1 score --store "$WORK/store.h5" --as-of $T --config "$WORK/typo.toml" --out "$WORK/x.h5"
grep -q "unknown key 'campaign.control_shar'" "$WORK/last.err" || fail "unclear typo message"
# A department name a typo or a case away from the store's would exclude nothing: 64 naming both.
for name in TOBACO alcohol; do
  printf '[campaign]\nexclude_departments = ["%s"]\n' "$name" >"$WORK/near.toml"
  expect_exit 64 bg 2 score --store "$WORK/store.h5" --as-of $T --config "$WORK/near.toml" --out "$WORK/x.h5"
  grep -q "\[campaign\] exclude_departments: '$name' is not a name in the store, but '[A-Z]*' is" "$WORK/last.err" ||
    fail "$name: unclear message: $(cat "$WORK/last.err")"
done

note "a campaign with nothing on offer is 65 in score (nobody would get a coupon), no coupons file"
printf 'product_id,valid_from_day,valid_to_day\n' >"$WORK/none.csv"
sed 's/^offers = .*/offers = "none.csv"/' "$WORK/campaign.toml" >"$WORK/none.toml"
expect_exit 65 bg 2 score --store "$WORK/store.h5" --as-of $T --config "$WORK/none.toml" --out "$WORK/none.h5"
[[ $(grep -c '\[error\]' "$WORK/last.err") == 1 ]] || fail "want one error line: $(cat "$WORK/last.err")"
grep -qF "[campaign]: no product is eligible on day $((T + 1)) (0 offer lines" "$WORK/last.err" ||
  fail "unclear message for a campaign with nothing eligible: $(cat "$WORK/last.err")"
[[ ! -e $WORK/none.h5 ]] || fail "coupons were published for a campaign with nothing eligible"
note "products the products file does not describe carry no coupon under exclusions (fail closed)"
# The file leaves out every TOBACCO and ALCOHOL product and 20 others on offer: their
# departments are unknown to the store, so the exclusions cannot be checked on them.
awk -F, 'NR == FNR { if (FNR > 1) offered[$1] = 1; next }
  FNR == 1 || !($3 == "TOBACCO" || $3 == "ALCOHOL" || ($1 in offered && ++n <= 20))' \
  "$WORK/offers.csv" "$D/products.csv" >"$WORK/partial-products.csv"
[[ $(head -1 "$D/products.csv" | cut -d, -f3) == DEPARTMENT ]] && ! grep -q '"' "$D/products.csv" ||
  fail "the products file is not the plain CSV the awk above reads: $(head -1 "$D/products.csv")"
# score_with_products NAME PRODUCTS_CSV: a store NAME.h5 with that products file, scored under
# the campaign into NAME-c.h5, the log in NAME.log.
score_with_products() {
  bg 2 ingest --transactions "$D/transactions.csv" --products "$2" --households "$D/households.csv" \
    --out "$WORK/$1.h5" -q
  bg 2 score --store "$WORK/$1.h5" --as-of $T --config "$WORK/campaign.toml" --out "$WORK/$1-c.h5" \
    >"$WORK/$1.log" 2>&1 || fail "score with $2: $(tail -3 "$WORK/$1.log")"
}
score_with_products partial "$WORK/partial-products.csv"
grep -q "warning.*products on offer have no department or commodity in the store" "$WORK/partial.log" ||
  fail "no warning for the undescribed products: $(grep campaign "$WORK/partial.log")"
/usr/bin/python3 - "$WORK/partial-c.h5" "$WORK/partial-products.csv" <<'PY' || fail "an undescribed product got a coupon"
import csv, sys
import h5py
described = {int(r["PRODUCT_ID"]) for r in csv.DictReader(open(sys.argv[2], newline=""))}
with h5py.File(sys.argv[1]) as c:
    couponed = {int(p) for p in c["/coupons/product_id"][:].ravel() if p >= 0}
assert couponed and couponed <= described, sorted(couponed - described)[:10]
PY
note "an excluded department spelt three ways in the products file (case, blanks around and inside): all excluded, said"
awk -F, 'BEGIN { OFS = "," } FNR > 1 && $3 == "TOBACCO" && $1 % 3 == 0 { $3 = "Tobacco " }
  FNR > 1 && $3 == "TOBACCO" && $1 % 3 == 1 { $3 = "TOBAC CO" } { print }' \
  "$D/products.csv" >"$WORK/two-spellings.csv"
grep -q ',Tobacco ,' "$WORK/two-spellings.csv" || fail "no product spelt 'Tobacco '"
grep -q ',TOBAC CO,' "$WORK/two-spellings.csv" || fail "no product spelt 'TOBAC CO'"
score_with_products two "$WORK/two-spellings.csv"
for spelling in 'Tobacco' 'TOBAC CO'; do
  grep -q "also name.*'$spelling' (as 'TOBACCO').*, which differs only in case or blanks: excluded as well" "$WORK/two.log" ||
    fail "no warning for the spelling '$spelling': $(grep campaign "$WORK/two.log")"
done
/usr/bin/python3 -c 'import h5py, sys; print(*sorted({int(p) for p in h5py.File(sys.argv[1])["/coupons/product_id"][:].ravel() if p >= 0}), sep="\n")' \
  "$WORK/two-c.h5" >"$WORK/two-couponed.txt"
[[ -s $WORK/two-couponed.txt ]] || fail "no coupon at all with two spellings"
awk -F, 'NR == FNR { couponed[$1] = 1; next }
  FNR > 1 { name = toupper($3); gsub(/ /, "", name) }
  FNR > 1 && name ~ /^(TOBACCO|ALCOHOL)$/ && $1 in couponed { print "couponed: " $0; bad = 1 }
  END { exit bad }' "$WORK/two-couponed.txt" "$WORK/two-spellings.csv" || fail "a product of the second spelling got a coupon"

note "a coupon whose product a later products file moves into an excluded department is not exported (65)"
cp "$WORK/store.h5" "$WORK/moved.h5"
moved=$(/usr/bin/python3 -c 'import h5py, sys; print(next(int(p) for p in h5py.File(sys.argv[1])["/coupons/product_id"][:].ravel() if p >= 0))' "$WORK/c1.h5")
printf 'PRODUCT_ID,DEPARTMENT,COMMODITY_DESC\n%s,TOBACCO,CIGARETTES\n' "$moved" >"$WORK/reclass.csv"
head -1 "$D/transactions.csv" >"$WORK/closed.csv"
bg 1 -q append --store "$WORK/moved.h5" --transactions "$WORK/closed.csv" --no-sales-day $((max_day + 1)) \
  --products "$WORK/reclass.csv" || fail "append of the reclassification"
expect_exit 65 "$BASKETGAP" export --coupons "$WORK/c1.h5" --store "$WORK/moved.h5" --format csv --out "$WORK/moved.csv"
grep -q "coupon(s) name products that .*moved.h5 now puts where the campaign excludes (e.g. $moved (TOBACCO / CIGARETTES)" \
  "$WORK/last.err" || fail "unclear refusal of a reclassified coupon: $(cat "$WORK/last.err")"
[[ ! -e $WORK/moved.csv ]] || fail "an export with a now-excluded coupon was published"
no_temporaries "$WORK"
echo "OK: campaign properties"
