#!/usr/bin/env bash
# The TOML config on the real binary (docs/SCORING.md, docs/CAMPAIGN.md, docs/FORMATS.md): one
# file may hold [ingest], [score] and [campaign] for every job; a misspelled section or key is
# one error line naming FILE:LINE:COLUMN, exit 64, and nothing is written under --out.
source "$(dirname "$0")/lib.sh"

note "generate 200 households, ingest"
"$BASKETGAP" -q generate --households 200 --seed 5 --out "$WORK/data"
D=$WORK/data
bg 1 ingest --transactions "$D/transactions.csv" --products "$D/products.csv" --out "$WORK/store.h5" -q
max_day=$("$BASKETGAP" inspect "$WORK/store.h5" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["max_day"])')
T=$((max_day - 14))
mkdir -p "$WORK/cfg" "$WORK/out"

# expect_config_error JOB CONFIG "FILE:LINE:COL: message" ARGS...: the job exits 64 with that
# one error line, and leaves --out (in $WORK/out) empty.
expect_config_error() {
  local job=$1 config=$2 want=$3; shift 3
  note "$job --config $(basename "$config")"
  expect_exit 64 bg 2 "$job" --config "$config" "$@"
  grep -qF -- "$want" "$WORK/last.err" || { cat "$WORK/last.err" >&2; fail "$job: want '$want'"; }
  [[ $(grep -c "failed:" "$WORK/last.err") == 1 ]] || { cat "$WORK/last.err" >&2; fail "$job: not one error line"; }
  [[ -z $(ls -A "$WORK/out") ]] || fail "$job: written under --out: $(ls -A "$WORK/out")"
}

printf '[score]\nk = 5\n\n[campain]\nname = "typo"\ncontrol_share = 0.1\n' >"$WORK/cfg/section.toml"
expect_config_error score "$WORK/cfg/section.toml" \
  "$WORK/cfg/section.toml:4:1: unknown section [campain] (known: campaign, ingest, score); did you mean [campaign]?" \
  --store "$WORK/store.h5" --as-of $T --out "$WORK/out/coupons.h5"

printf '[score]\nk = 5\nhalf_life_day = 90\n' >"$WORK/cfg/score_key.toml"
expect_config_error score "$WORK/cfg/score_key.toml" \
  "$WORK/cfg/score_key.toml:3:1: unknown key 'score.half_life_day'; did you mean 'score.half_life_days'?" \
  --store "$WORK/store.h5" --as-of $T --out "$WORK/out/coupons.h5"

printf '[score]\nk = 200\n' >"$WORK/cfg/range.toml"
expect_config_error score "$WORK/cfg/range.toml" "$WORK/cfg/range.toml:2:5: score.k = 200 is outside [1, 100]" \
  --store "$WORK/store.h5" --as-of $T --out "$WORK/out/coupons.h5"

printf '[ingest.columns]\nhousehold = "household_key"\nhousehld = "x"\n' >"$WORK/cfg/ingest_key.toml"
expect_config_error ingest "$WORK/cfg/ingest_key.toml" \
  "$WORK/cfg/ingest_key.toml:3:1: unknown key 'ingest.columns.househld'; did you mean 'ingest.columns.household'?" \
  --transactions "$D/transactions.csv" --out "$WORK/out/store.h5"

expect_config_error ingest "$WORK/cfg/section.toml" "$WORK/cfg/section.toml:4:1: unknown section [campain]" \
  --transactions "$D/transactions.csv" --out "$WORK/out/store.h5"

expect_config_error evaluate "$WORK/cfg/section.toml" "$WORK/cfg/section.toml:4:1: unknown section [campain]" \
  --store "$WORK/store.h5" --as-of $T --json "$WORK/out/eval.json"

note "one file with every section serves ingest and score"
cat >"$WORK/cfg/all.toml" <<'EOF2'
[ingest.columns]
household = "household_key"

[score]
k = 5
similarity = "jaccard"

[campaign]
name = "all-sections"
exclude_departments = ["TOBACCO"]
EOF2
bg 1 ingest --transactions "$D/transactions.csv" --config "$WORK/cfg/all.toml" --out "$WORK/store2.h5" -q \
  || fail "ingest with [score] and [campaign] in its config"
bg 2 score --store "$WORK/store.h5" --as-of $T --config "$WORK/cfg/all.toml" --out "$WORK/coupons.h5" -q \
  || fail "score with [ingest] in its config"
/usr/bin/python3 - "$WORK/coupons.h5" <<'PY' || fail "the coupons file lacks the effective config"
import h5py, sys
text = lambda v: v.decode() if isinstance(v, bytes) else v
with h5py.File(sys.argv[1]) as c:
    assert 'name = "all-sections"' in text(c.attrs["campaign"]), c.attrs["campaign"]
    assert 'similarity = "jaccard"' in text(c.attrs["config"]), c.attrs["config"]
PY
no_temporaries "$WORK"
echo PASS
