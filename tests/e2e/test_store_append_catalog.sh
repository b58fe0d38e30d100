#!/usr/bin/env bash
# A product and a household the side files describe but that have no rows until an appended
# night (docs/FORMATS.md "The catalog"): the appended store describes them as a one-shot ingest
# of the same rows does, so a campaign excluding the product's department mails the same
# coupons (the product not among them), the export's text is the same, and the household keeps
# its consent = 1. `compact` keeps it so; `retract` keeps the catalog, and `compact` after it
# keeps only what the side files described (not the ids of the withdrawn rows).
source "$(dirname "$0")/lib.sh"
d=$WORK/data
bg 1 -q generate --households 200 --seed 7 --out "$d" || fail "generate"
side=(--products "$d/products.csv" --households "$d/households.csv")

# A BAKERY product and a consenting household, both with every row taken out of the base.
product=$(awk -F, '$3 == "BAKERY" { print $1; exit }' "$d/products.csv")
household=$(awk -F, 'NR > 1 && $2 == 1 { print $1; exit }' "$d/households.csv")
[[ -n $product && -n $household ]] || fail "no BAKERY product or consenting household in the generated files"
awk -F, -v p="$product" -v h="$household" 'NR == 1 || ($3 <= 600 && $4 != p && $1 != h)' \
  "$d/transactions.csv" >"$WORK/base.csv"
# The night: households 1-150 buy the product on days 601, 603 and 605 (it would be a coupon).
{
  head -1 "$WORK/base.csv"
  for h in $(seq 1 150); do for day in 601 603 605; do
    echo "$h,9$h$day,$day,$product,1,2.5,0,0,0,87,0,0"
  done; done
  echo "99999,9999999,601,999999,1,2.5,0,0,0,87,0,0"  # ids no side file describes
} >"$WORK/night.csv"
{ cat "$WORK/base.csv"; tail -n +2 "$WORK/night.csv"; } >"$WORK/both.csv"
grep -q "^$household," "$WORK/night.csv" || fail "household $household is not in the night"

note "the base ingest keeps the files' entries for ids without rows; the night is appended"
bg 1 -q ingest --transactions "$WORK/base.csv" "${side[@]}" --out "$WORK/appended.h5" || fail "base ingest"
bg 2 -q append --store "$WORK/appended.h5" --transactions "$WORK/night.csv" || fail "append"
bg 1 -q ingest --transactions "$WORK/both.csv" "${side[@]}" --out "$WORK/oneshot.h5" || fail "one-shot ingest"
same_datasets "$WORK/oneshot.h5" "$WORK/appended.h5" /households/id /households/consent /households/birth_month \
  /households/type /households/type_names /products /catalog

# consent_of STORE ID: the stored consent of household ID.
consent_of() {
  /usr/bin/python3 - "$1" "$2" <<'PY'
import sys, h5py
with h5py.File(sys.argv[1], "r") as f:
    ids = list(f["/households/id"][:])
    print(int(f["/households/consent"][ids.index(int(sys.argv[2]))]))
PY
}
[[ $(consent_of "$WORK/appended.h5" "$household") == 1 ]] ||
  fail "household $household, first seen in the appended night, lost its consent = 1"

note "an excluded department: the appended store's coupons and export are the one-shot store's"
printf '[campaign]\nexclude_departments = ["BAKERY"]\n' >"$WORK/camp.toml"
for s in appended oneshot; do
  bg 1 -q score --store "$WORK/$s.h5" --as-of 605 --out "$WORK/c-$s.h5" --config "$WORK/camp.toml" ||
    fail "score $s"
  bg 1 -q export --coupons "$WORK/c-$s.h5" --store "$WORK/$s.h5" --out "$WORK/e-$s.csv" --per-coupon ||
    fail "export $s"
done
same_datasets "$WORK/c-oneshot.h5" "$WORK/c-appended.h5" /coupons
cmp "$WORK/e-oneshot.csv" "$WORK/e-appended.csv" || fail "the appended store's export differs from the one-shot's"
! grep -q ",$product," "$WORK/e-appended.csv" || fail "product $product of the excluded BAKERY was mailed"
grep -q "^$household," "$WORK/e-appended.csv" || fail "household $household (consent = 1) was not mailed"

note "retract keeps the catalog; compact keeps the one-shot store's tables"
cp "$WORK/appended.h5" "$WORK/retracted.h5"
cp -r "$WORK/appended.h5.segments" "$WORK/retracted.h5.segments"
bg 1 -q retract --store "$WORK/retracted.h5" --version 2 || fail "retract"
same_datasets "$WORK/appended.h5" "$WORK/retracted.h5" /catalog
note "compacted after the retract: the base's one-shot ingest (no ids of the withdrawn rows in /catalog)"
bg 1 -q compact --store "$WORK/retracted.h5" || fail "compact the retracted store"
bg 1 -q ingest --transactions "$WORK/base.csv" "${side[@]}" --out "$WORK/base-oneshot.h5" || fail "base one-shot"
same_datasets "$WORK/base-oneshot.h5" "$WORK/retracted.h5" /catalog /households/id /products/id
bg 1 -q compact --store "$WORK/appended.h5" || fail "compact"
same_datasets "$WORK/oneshot.h5" "$WORK/appended.h5" /households/consent /products /catalog
echo "PASS"
