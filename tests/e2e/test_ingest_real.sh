#!/usr/bin/env bash
# ingest on the real dunnhumby files: the published counts, identical stores for 1, 2 and 3
# ranks, and the weeks 96-98 original file with its product hierarchy and returns.
source "$(dirname "$0")/lib.sh"
real_dunnhumby

for n in 1 2 3; do
  note "ingest transaction_data.csv with $n rank(s)"
  bg "$n" ingest --transactions "$D/transaction_data.csv" --out "$WORK/store$n.h5" \
    --memory-rows 200000 -q
  "$BASKETGAP" inspect "$WORK/store$n.h5" --json >"$WORK/inspect$n.json"
done
check() { [[ $(json_field "$WORK/inspect1.json" "$1") == "$2" ]] || fail "$1: want $2, got $(json_field "$WORK/inspect1.json" "$1")"; }
check rows 835073
check households 2421
check products 23356
check baskets 120269
check min_day 1
check max_day 711
for n in 2 3; do
  same_datasets "$WORK/store1.h5" "$WORK/store$n.h5" /transactions /households /products
done
no_temporaries "$WORK"

note "weeks 96-98 original rows with product.csv and hh_demographic.csv"
bg 2 ingest --transactions "$D/transaction_data_weeks96-98_original.csv" --products "$D/product.csv" \
  --households "$D/hh_demographic.csv" --out "$WORK/weeks.h5" -q
"$BASKETGAP" inspect "$WORK/weeks.h5" --json >"$WORK/weeks.json"
returns=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["attributes"]["return_lines"])' "$WORK/weeks.json")
[[ $returns == 451 ]] || fail "return lines: want 451, got $returns"
rejected_returns=$(grep -c ',return_line,' "$WORK/weeks.h5.rejects.csv")
[[ $rejected_returns == 451 ]] || fail "rejects file lists $rejected_returns returns, want 451"
[[ $(json_field "$WORK/weeks.json" rows) == $((88734 - 451)) ]] || fail "weeks rows"
[[ $(json_field "$WORK/weeks.json" households) == 1885 ]] || fail "weeks households"
with_dept=$(json_field "$WORK/weeks.json" products_with_department)
products=$(json_field "$WORK/weeks.json" products)
[[ $with_dept == "$products" ]] || fail "every weeks product joins product.csv: $with_dept of $products"
echo "PASS"
