#!/usr/bin/env bash
# Makes the generated shops (docs/SCORING.md "Other shapes of data": shops unlike the dunnhumby
# file, each from a small generative model described in its script's docstring), ingests each and
# prints the engine's NDCG@12 / recall@12 against personal top frequency at one window.
#   bench/quality_lab/shops/run_all.sh OUT_DIR [BASKETGAP] [CONFIG.toml]   (~10 minutes on 2 cores)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(mkdir -p "$1" && cd "$1" && pwd)
bin=$(readlink -f "${2:-$here/../../../build/release/bin/basketgap}")
config=${3:+$(readlink -f "$3")}
python=/usr/bin/python3  # numpy
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
cd "$out"
[[ -f lowrep.csv ]] || "$python" "$here/gen_lowrep.py" 0.15 lowrep.csv
[[ -f lowrep30.csv ]] || "$python" "$here/gen_lowrep.py" 0.30 lowrep30.csv
[[ -f lowglob.csv ]] || "$python" "$here/gen_lowglob.py"
[[ -f replen.csv ]] || "$python" "$here/gen_replen.py"
[[ -f mix.csv ]] || "$python" "$here/gen_mix.py"
[[ -f ordrep.csv ]] || "$python" "$here/gen_ordrep.py"
[[ -f orders.csv ]] || "$python" "$here/gen_orders.py"
[[ -f trend.csv ]] || "$python" "$here/gen_trend.py"
[[ -f season.csv ]] || "$python" "$here/gen_season.py"
[[ -f cold.csv ]] || "$python" "$here/gen_cold.py"
for shop in big tiny; do [[ -f $shop.csv ]] || "$python" "$here/gen_baskets.py" $shop; done
for shop in few hand; do [[ -f $shop.csv ]] || "$python" "$here/gen_misc.py" $shop; done
printf '%-10s %5s %3s  %-17s %-17s\n' shop as-of W "engine NDCG/recall" "personal top"
for spec in lowrep:350:14 lowrep30:350:14 lowglob:350:14 mix:350:14 replen:380:7 ordrep:29:1 ordrep:29:3 \
            orders:3:1 trend:486:14 season:882:14 big:168:14 tiny:186:14 few:286:14 cold:200:14 hand:286:14; do
  IFS=: read -r shop t w <<<"$spec"
  [[ -f $shop.h5 ]] || mpirun -np 2 "$bin" -q ingest --transactions "$shop.csv" --out "$shop.h5" >"$shop.ingest.log" 2>&1
  args=(evaluate --store "$shop.h5" --as-of "$t" --window "$w" --k 12 --json "$shop-$w.json" --overwrite)
  [[ -n "$config" ]] && args+=(--config "$config")
  mpirun -np 2 "$bin" "${args[@]}" >"$shop-$w.log" 2>&1 || { echo "$shop: evaluate failed (see $out/$shop-$w.log)"; continue; }
  "$python" -c '
import json, sys
s = json.load(open(sys.argv[1]))["systems"]
e, p = s["engine"], s["personal_top_frequency"]
print("%-10s %5s %3s  %.4f / %.4f   %.4f / %.4f" % (sys.argv[2], sys.argv[3], sys.argv[4], e["ndcg"], e["recall"], p["ndcg"], p["recall"]))
' "$shop-$w.json" "$shop" "$t" "$w"
done
