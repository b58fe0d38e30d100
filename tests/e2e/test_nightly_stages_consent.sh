#!/usr/bin/env bash
# The nightly stage scripts (slurm/jobs/*.sbatch) run as Slurm would run them, with an srun that
# runs the one task here (no Slurm needed): what a forced rerun of a night — a re-mailing — does
# with data the night's store does not have.
# - A persistent store: a households file with an opt-out delivered after the night was
#   appended fails the night's ingest rerun (64, the opt-out not applied: a mailing made now
#   would mail it); the same file delivered again unchanged lets it through (0).
# - The night's own file retracted: its score refuses (65: re-ingest the corrected file); an
#   earlier night's retracted: the score reads the store's latest version, which has none of the
#   withdrawn rows; export refuses coupons scored from withdrawn rows (65) either way.
# - A store per night: a households file newer than the night's store fails its score and
#   export (65: rebuild from ingest), and the rebuild from ingest mails without the opt-out.
source "$(dirname "$0")/lib.sh"
"$BASKETGAP" -q generate --households 300 --seed 5 --days 400 --out "$WORK/gen" || fail "generate"

mkdir -p "$WORK/shim"
printf '#!/bin/bash\nwhile [[ $# -gt 0 && $1 == -* ]]; do shift; done\nexec "$@"\n' >"$WORK/shim/srun"
chmod +x "$WORK/shim/srun"
# night ROOT AS_OF FORCE STAGE: runs one stage of a night; its exit code; its log in ROOT/STAGE-AS_OF.log
night() {
  local root=$1 as_of=$2 force=$3 stage=$4 folder
  folder=$(printf '%s/out/as-of-%05d' "$root" "$as_of")
  mkdir -p "$folder"
  (cd "$folder" && PATH=$WORK/shim:$PATH BG_SLURM_DIR=$REPO/slurm BG_CONFIG=$root/site.conf BG_AS_OF=$as_of \
    BG_FORCE=$force bash "$REPO/slurm/jobs/$stage.sbatch" >"$root/$stage-$as_of.log" 2>&1)
}
site() { # site ROOT STORE: site.conf for ROOT, with the persistent store STORE ("" = one a night)
  sed -e "s#^BG_BIN=.*#BG_BIN=$BASKETGAP#" -e "s#^BG_INPUT_DIR=.*#BG_INPUT_DIR=$1/in#" \
    -e "s#^BG_OUT_ROOT=.*#BG_OUT_ROOT=$1/out#" -e "s#^BG_STORE=.*#BG_STORE=$2#" \
    -e "s#^BG_SCORE_CONFIG=.*#BG_SCORE_CONFIG=$1/score.toml#" "$REPO/slurm/site.conf.example" >"$1/site.conf"
  printf '[score]\nmax_training_households = 200\n' >"$1/score.toml"
}
opted_out() { # opted_out FILE ID: the households file with ID's consent withdrawn
  awk -F, -v x="$2" 'BEGIN { OFS = "," } NR > 1 && $1 == x { $2 = 0 } { print }' "$WORK/gen/households.csv" >"$1"
}
mailed() { grep -c "^$2," "$1" || true; }

note "a persistent store: nights 390, 391, 392, 393"
P=$WORK/persistent
mkdir -p "$P/in" "$P/store"
site "$P" "$P/store/store.h5"
awk -F, 'NR == 1 || $3 <= 390' "$WORK/gen/transactions.csv" >"$P/in/transactions-00390.csv"
for d in 391 392 393; do
  awk -F, -v d=$d 'NR == 1 || $3 == d' "$WORK/gen/transactions.csv" >"$P/in/transactions-00$d.csv"
done
cp "$WORK/gen/products.csv" "$WORK/gen/households.csv" "$P/in/"
for d in 390 391; do
  for stage in ingest score export; do night "$P" $d 0 $stage || fail "night $d $stage: $(tail -3 "$P/$stage-$d.log")"; done
done
export391=$P/out/as-of-00391/export-391.csv
x=$(sed -n 2p "$export391" | cut -d, -f1)
[[ -n $x && $(mailed "$export391" "$x") -ge 1 ]] || fail "no household mailed on night 391"

note "household $x withdraws consent in a households file delivered after night 391; night 391 rerun"
opted_out "$P/in/households.csv" "$x"
code=0
night "$P" 391 1 ingest || code=$?
[[ $code == 64 ]] || fail "a forced ingest of an appended night with an unapplied opt-out exited $code: $(tail -3 "$P/ingest-391.log")"
grep -q "a mailing of night 391 made now would not see them" "$P/ingest-391.log" || fail "$(tail -3 "$P/ingest-391.log")"
grep -q "1 household(s) and 0 product(s)" "$P/ingest-391.log" || fail "append's refusal missing: $(cat "$P/ingest-391.log")"
cp "$WORK/gen/households.csv" "$P/in/households.csv" # delivered again, unchanged (a newer file)
night "$P" 391 1 ingest || fail "an appended night with its own side files again: $(tail -3 "$P/ingest-391.log")"
grep -q "nothing to do" "$P/ingest-391.log" || fail "$(tail -3 "$P/ingest-391.log")"

note "nights 392 and 393; then night 392's file retracted"
for d in 392 393; do
  for stage in ingest score; do night "$P" $d 0 $stage || fail "night $d $stage: $(tail -3 "$P/$stage-$d.log")"; done
done
v392=$(cat "$P/out/as-of-00392/store-version") v393=$(cat "$P/out/as-of-00393/store-version")
"$BASKETGAP" -q retract --store "$P/store/store.h5" --version "$v392" || fail "retract"
code=0
night "$P" 392 1 score || code=$?
[[ $code == 65 ]] || fail "night 392 scored from its retracted file: exit $code $(tail -3 "$P/score-392.log")"
grep -q "submit the night again from ingest with the corrected file" "$P/score-392.log" || fail "$(tail -2 "$P/score-392.log")"
expect_exit 65 "$BASKETGAP" export --coupons "$P/out/as-of-00393/coupons-393.h5" --store "$P/store/store.h5" \
  --out "$WORK/e393.csv"
grep -q "whose rows include batch $v392 (transactions-00392.csv, days 392..392), retracted in version" "$WORK/last.err" ||
  fail "$(cat "$WORK/last.err")"
[[ ! -e $WORK/e393.csv ]] || fail "an export of coupons built on withdrawn rows was published"
night "$P" 393 1 score || fail "night 393 rescored: $(tail -3 "$P/score-393.log")"
latest=$("$BASKETGAP" inspect --json "$P/store/store.h5" | python3 -c 'import json, sys; print(json.load(sys.stdin)["store_version"])')
grep -q "scoring $P/store/store.h5's latest version $latest instead" "$P/score-393.log" || fail "$(tail -3 "$P/score-393.log")"
grep -q -- "--store-version $latest" "$P/score-393.log" || fail "night 393 not scored at version $latest"
((latest > v393)) || fail "latest $latest"
night "$P" 393 1 export || fail "night 393's export after the rescore: $(tail -3 "$P/export-393.log")"

note "a store per night: an opt-out delivered after night 393's store was built"
N=$WORK/per-night
mkdir -p "$N/in"
site "$N" ""
awk -F, 'NR == 1 || $3 <= 393' "$WORK/gen/transactions.csv" >"$N/in/transactions.csv"
cp "$WORK/gen/products.csv" "$WORK/gen/households.csv" "$N/in/"
for stage in ingest score export; do night "$N" 393 0 $stage || fail "night 393 $stage: $(tail -3 "$N/$stage-393.log")"; done
export393=$N/out/as-of-00393/export-393.csv
y=$(sed -n 2p "$export393" | cut -d, -f1)
sleep 1 # a file system's mtime may count whole seconds
opted_out "$N/in/households.csv" "$y"
for stage in score export; do
  code=0
  night "$N" 393 1 $stage || code=$?
  [[ $code == 65 ]] || fail "a forced $stage from a store older than its households file exited $code"
  grep -q "households.csv was delivered after this night's store" "$N/$stage-393.log" || fail "$(tail -2 "$N/$stage-393.log")"
done
[[ $(mailed "$export393" "$y") -ge 1 ]] || fail "the refused export changed the mailing"
for stage in ingest score export; do night "$N" 393 1 $stage || fail "rebuilt night $stage: $(tail -3 "$N/$stage-393.log")"; done
[[ $(mailed "$export393" "$y") == 0 ]] || fail "household $y, opted out, is in the rebuilt mailing"
echo "PASS"
