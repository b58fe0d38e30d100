#!/usr/bin/env bash
# The defaults beyond the file they were chosen on: the real dunnhumby transactions and seven
# other shops made from them (bench/quality_lab/shapes.py: a third of the basket sizes, weekly
# days, 30 % random extra rows, order numbers instead of days judged on the next 3 orders, the
# last 4 months only, products bought as random variants of a family, a few baskets per household of the last 4
# months). On each, the engine
# leads personal top frequency in NDCG@12 and recall@12 overall and in NDCG@12 in every
# segment of the report (docs/SCORING.md "Other shapes of data"). A default tuned to one file's quirks fails here.
source "$(dirname "$0")/lib.sh"
real_dunnhumby
PY=/usr/bin/python3  # the one with numpy
$PY -c 'import numpy' 2>/dev/null || skip "$PY lacks numpy"

$PY "$REPO/bench/quality_lab/shapes.py" "$D/transaction_data.csv" "$WORK"
cp "$D/transaction_data.csv" "$WORK/file.csv"
for shop in file:635:14 small_baskets:635:14 weekly:631:14 noisy:635:14 orders:30:3 recent:635:14 variants:635:14 sparse:635:14; do
  IFS=: read -r name T W <<<"$shop"
  bg 2 ingest --transactions "$WORK/$name.csv" --out "$WORK/$name.h5" -q
  bg 2 evaluate --store "$WORK/$name.h5" --as-of "$T" --window "$W" --k 12 --json "$WORK/$name.json" -q >/dev/null
  rm -f "$WORK/$name.csv" "$WORK/$name.h5"
  python3 - "$WORK/$name.json" "$name" <<'PY' || fail "$name: the engine does not lead personal top frequency"
import json, sys
r, name = json.load(open(sys.argv[1])), sys.argv[2]
e, p = r["systems"]["engine"], r["systems"]["personal_top_frequency"]
bad = [f"{m}: engine {e[m]:.4f}, personal top frequency {p[m]:.4f}" for m in ("ndcg", "recall") if e[m] <= p[m]]
margins = []
for s in r["segments"]:
    if s["households"] == 0:  # order numbers: every household has made T orders, one activity tercile
        continue
    se, sp = s["systems"]["engine"]["ndcg"], s["systems"]["personal_top_frequency"]["ndcg"]
    margins.append(se - sp)
    if se <= sp:
        bad.append(f"segment {s['dimension']}/{s['segment']}: NDCG engine {se:.4f}, personal {sp:.4f}")
print(f"-- {name}: {r['evaluated_households']} households, NDCG@12 {e['ndcg']:.4f} vs {p['ndcg']:.4f}, "
      f"recall@12 {e['recall']:.4f} vs {p['recall']:.4f}, smallest segment margin {min(margins):+.4f}")
for line in bad: print(f"{name}: {line}", file=sys.stderr)
sys.exit(1 if bad else 0)
PY
done
