#!/usr/bin/env bash
# `basketgap generate` reproduces the embedded default data set byte for byte, and refuses to
# overwrite existing files without --overwrite.
# Env: BASKETGAP (binary), REPO (source tree).
set -euo pipefail

: "${BASKETGAP:?set BASKETGAP to the basketgap binary}"
: "${REPO:?set REPO to the source tree}"
HOUSEHOLDS=260
SEED=20261126
expected="$REPO/data/default"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$BASKETGAP" -q generate --households "$HOUSEHOLDS" --seed "$SEED" --out "$work/out"

status=0
for f in transactions.csv products.csv households.csv; do
  if ! cmp -s "$work/out/$f" "$expected/$f"; then
    echo "FAIL: generated $f differs from data/default/$f (generator changed? regenerate with:" >&2
    echo "      basketgap generate --households $HOUSEHOLDS --seed $SEED --out data/default --overwrite)" >&2
    status=1
  fi
done
[ "$status" -eq 0 ] || exit 1

if "$BASKETGAP" -q generate --households "$HOUSEHOLDS" --seed "$SEED" --out "$work/out" 2>"$work/err"; then
  echo "FAIL: a second run without --overwrite succeeded; it must refuse to replace the files" >&2
  exit 1
fi
if ! grep -q -- "--overwrite" "$work/err"; then
  echo "FAIL: the refusal does not mention --overwrite:" >&2
  cat "$work/err" >&2
  exit 1
fi
if ls "$work/out"/*.tmp >/dev/null 2>&1; then
  echo "FAIL: temporary files left behind" >&2
  exit 1
fi
"$BASKETGAP" -q generate --households "$HOUSEHOLDS" --seed "$SEED" --out "$work/out" --overwrite
cmp -s "$work/out/transactions.csv" "$expected/transactions.csv" || { echo "FAIL: --overwrite run differs" >&2; exit 1; }
echo "OK: generate reproduces data/default and refuses to overwrite"
