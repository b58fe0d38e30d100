#!/usr/bin/env bash
# The second set of generated shops (stop 43's quality probe): shapes of public next-basket data
# sets and retail patterns the first set (run_all.sh) lacks — Instacart-like order numbers,
# Ta-Feng-like short histories, hypermarket baskets, taste changes, bundles, heavy-tailed
# activity, relaunched products, durables and their consumables, a promotion calendar, vacations.
# Each script's docstring gives its generative model and the oracle it writes. Prints, per shop,
# the engine's NDCG@12 / recall@12 (evaluate, the defaults), personal top frequency's, TIFU-KNN's
# (tuned on the window before) and the oracle's.
#   bench/quality_lab/shops/run_more.sh OUT_DIR [BASKETGAP]   (~25 minutes on 2 cores)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(mkdir -p "$1" && cd "$1" && pwd)
bin=$(readlink -f "${2:-$here/../../../build/release/bin/basketgap}")
python=/usr/bin/python3  # numpy
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
cd "$out"
for gen in instacart tafeng hyper shift bundle heavy relaunch durable promo vacation; do
  [[ -f $gen.csv ]] || "$python" "$here/gen_$gen.py" >"gen_$gen.log"
done
printf '%-15s %6s %3s  %-17s %-17s %-17s %s\n' shop as-of W "engine" "personal top" "TIFU-KNN" "oracle"
for spec in instacart:8:1:instacart.oracle1 instacart:8:3:instacart.oracle3 instacart_last:99:1:instacart_last.oracle1 \
            tafeng:106:14:tafeng.oracle hyper:350:7:hyper.oracle shift:350:14:shift.oracle bundle:290:7:bundle.oracle \
            heavy:350:14:heavy.oracle relaunch:350:14:relaunch.oracle durable:350:14:durable.oracle \
            promo:350:7:promo.oracle vacation:350:14:vacation.oracle; do
  IFS=: read -r shop t w oracle <<<"$spec"
  [[ -f $shop.h5 ]] || mpirun -np 2 "$bin" -q ingest --transactions "$shop.csv" --out "$shop.h5" >"$shop.ingest.log" 2>&1
  mpirun -np 2 "$bin" evaluate --store "$shop.h5" --as-of "$t" --window "$w" --k 12 --json "$shop-$w.json" \
    --overwrite >"$shop-$w.log" 2>&1 || { echo "$shop: evaluate failed (see $out/$shop-$w.log)"; continue; }
  tifu=$("$python" "$here/../tifu_knn.py" "$shop.csv" --as-of "$t" --window "$w" | sed -n 's/.*NDCG@12 \([0-9.]*\)  recall@12 \([0-9.]*\).*/\1 \/ \2/p' | tail -1)
  best=$("$python" "$here/oracle_score.py" "$shop.csv" "$t" "$w" "$oracle.json")
  best=${best%%$'\n'*}  # its first line: the oracle's (the second checks personal top frequency)
  "$python" -c '
import json, sys
s = json.load(open(sys.argv[1]))["systems"]
e, p = s["engine"], s["personal_top_frequency"]
print("%-15s %6s %3s  %.4f / %.4f   %.4f / %.4f   %-17s %s" % (sys.argv[2], sys.argv[3], sys.argv[4], e["ndcg"], e["recall"], p["ndcg"], p["recall"], sys.argv[5], sys.argv[6]))
' "$shop-$w.json" "$shop" "$t" "$w" "$tifu" "$best"
done
