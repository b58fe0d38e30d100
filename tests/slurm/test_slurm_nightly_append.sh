#!/usr/bin/env bash
# Nightly append on a real single-node Slurm with the project's scripts: BG_STORE set, three
# consecutive nights each bring their own file (the first creates the store, the next two are
# appended: versions 1, 2, 3), the third with late rows dated on the first night's day; then
# the first night is rerun (score --force): pinned to version 1 by NIGHT/store-version, its
# coupons are the same bytes as the first time. A resubmitted night appends nothing. With
# BG_COMPACT_SEGMENTS=2 the third night's ingest job compacts the store (3 segments > 2): the
# pinned rerun reads the compacted file. A fourth night, a closed day, brings a header alone: it
# fails the ingest job (65) until submitted with --no-sales, then it is version 4 and scored.
# Night 3's evaluate, run after that, judges the store's version 3 (the night's pin).
source "$(dirname "$0")/../e2e/lib.sh"
source "$(dirname "$0")/cluster.sh"
slurm_available || skip "slurmctld/slurmd/munge not installed (cmake/setup-debian.sh --slurm)"
[[ $(id -u) == 0 ]] || skip "a test Slurm needs root"
"$BASKETGAP" append --help >/dev/null 2>&1 || skip "this build has no append subcommand"
trap 'slurm_stop; rm -rf "$WORK"' EXIT
"$BASKETGAP" -q generate --households 2000 --seed 3 --out "$WORK/generated" || fail "generate"
slurm_start "$WORK/slurm" || fail "could not start Slurm (logs in $WORK/slurm/log)"

# The nights' files: night 1 = the history up to day d1 but a tenth of day d1's rows, which
# arrive late with night 3; nights 2 and 3 = their own day.
mkdir -p "$WORK/input"
cp "$WORK/generated/products.csv" "$WORK/generated/households.csv" "$WORK/input/"
d1=$(awk -F, 'NR > 1 && $3 > max { max = $3 } END { print max - 2 }' "$WORK/generated/transactions.csv")
d2=$((d1 + 1)) d3=$((d1 + 2))
night_file() { printf '%s/input/transactions-%05d.csv' "$WORK" "$1"; }
awk -F, -v d1="$d1" -v d2="$d2" -v d3="$d3" -v f1="$(night_file $d1)" -v f2="$(night_file $d2)" \
  -v f3="$(night_file $d3)" '
  NR == 1 { print > f1; print > f2; print > f3; next }
  $3 < d1 || ($3 == d1 && NR % 10 != 0) { print > f1; next }
  $3 == d1 || $3 == d3 { print > f3; next }
  $3 == d2 { print > f2 }' "$WORK/generated/transactions.csv"
note "nights $d1 $d2 $d3: $(wc -l <"$(night_file $d1)") / $(wc -l <"$(night_file $d2)") / $(wc -l <"$(night_file $d3)") lines"

printf '[score]\nmax_training_households = 300\n' >"$WORK/score.toml"
cat >"$WORK/site.conf" <<CONF
BG_BIN=$BASKETGAP
BG_INPUT_DIR=$WORK/input
BG_OUT_ROOT=$WORK/nightly
BG_STORE=$WORK/store/store.h5
BG_NIGHT_TRANSACTIONS="transactions-%05d.csv"
BG_COMPACT_SEGMENTS=2
BG_SCORE_CONFIG=$WORK/score.toml
BG_STAGES="ingest score export"
BG_KEEP_NIGHTS=0
BG_INGEST_NTASKS=2; BG_INGEST_CPUS=1; BG_INGEST_MEM=1G; BG_INGEST_TIME=00:10:00
BG_SCORE_NTASKS=2;  BG_SCORE_CPUS=1;  BG_SCORE_MEM=1G;  BG_SCORE_TIME=00:10:00
BG_EXPORT_NTASKS=1; BG_EXPORT_CPUS=1; BG_EXPORT_MEM=1G; BG_EXPORT_TIME=00:10:00
BG_EVALUATE_NTASKS=2; BG_EVALUATE_CPUS=1; BG_EVALUATE_MEM=1G; BG_EVALUATE_TIME=00:10:00
CONF
mkdir -p "$WORK/store"
night_dir() { printf '%s/nightly/as-of-%05d' "$WORK" "$1"; }

# night AS_OF ARGS...: submits one night, waits, checks every job COMPLETED 0:0.
night() {
  local as_of=$1
  shift
  "$REPO/slurm/submit-nightly.sh" --config "$WORK/site.conf" --as-of "$as_of" "$@" >"$WORK/jobs.txt" || fail "submit $as_of"
  mapfile -t ids < <(awk '{ print $2 }' "$WORK/jobs.txt")
  slurm_wait_jobs "${ids[@]}" || fail "night $as_of: jobs did not finish"
  while read -r stage id; do
    state=$(job_field "$id" JobState) code=$(job_field "$id" ExitCode)
    [[ $state == COMPLETED && $code == 0:0 ]] ||
      { tail -n 20 "$(night_dir "$as_of")"/logs/*-"$id".*; fail "night $as_of: $stage job $id $state $code"; }
  done <"$WORK/jobs.txt"
}

# ingest_refused AS_OF WHY: submits one night, waits; its ingest job must end 65 (WHY names the case).
ingest_refused() {
  local as_of=$1 why=$2 ingest_id
  "$REPO/slurm/submit-nightly.sh" --config "$WORK/site.conf" --as-of "$as_of" >"$WORK/jobs.txt" || fail "submit $as_of"
  mapfile -t ids < <(awk '{ print $2 }' "$WORK/jobs.txt")
  slurm_wait_jobs "${ids[@]}" || fail "night $as_of: jobs did not finish"
  ingest_id=$(awk '$1 == "ingest" { print $2 }' "$WORK/jobs.txt")
  [[ $(job_field "$ingest_id" ExitCode) == 65:0 ]] ||
    fail "night $as_of $why: ingest job $(job_field "$ingest_id" JobState) $(job_field "$ingest_id" ExitCode), not 65"
}

v=0
for d in $d1 $d2 $d3; do
  night "$d"
  v=$((v + 1))
  [[ $(cat "$(night_dir "$d")/store-version") == "$v" ]] || fail "night $d: store-version is not $v"
  h5dump -a /store_version "$(night_dir "$d")/coupons-$d.h5" | grep -q "(0): $v\$" || fail "night $d: coupons not pinned to version $v"
  if ((v == 2)); then
    [[ $(ls "$WORK/store/store.h5.segments") == $'v000001.h5\nv000002.h5' ]] || fail "night $d: segments $(ls "$WORK/store/store.h5.segments")"
  fi
  cp "$(night_dir "$d")/coupons-$d.h5" "$WORK/first-$d.h5"
done
[[ $(json_field <("$BASKETGAP" inspect --json "$WORK/store/store.h5") store_version) == 3 ]] || fail "the store is not at version 3"
[[ ! -e $WORK/store/store.h5.segments ]] || fail "the third night did not compact the store"
grep -q "compacting" "$(night_dir "$d3")"/logs/bg-ingest-*.out || fail "the third night's log does not say it compacted"
note "three nights appended: versions 1, 2, 3; compacted after the third"

# A resubmitted night appends nothing and changes nothing.
md5=$(md5sum <"$WORK/store/store.h5")
night "$d2" --stage ingest
[[ $(md5sum <"$WORK/store/store.h5") == "$md5" ]] || fail "a resubmitted night changed the store"
# A corrected file under the same name, not retracted first: refused (65), never taken for the
# file appended; the store unchanged.
cp "$(night_file "$d2")" "$WORK/night2.keep"
sed -i '$d' "$(night_file "$d2")"
ingest_refused "$d2" "with its file changed"
grep -q "changed since night $d2 appended it to .*store.h5 as version 2" "$(night_dir "$d2")"/logs/bg-ingest-* ||
  fail "the changed file is not named: $(tail -3 "$(night_dir "$d2")"/logs/bg-ingest-*)"
[[ $(md5sum <"$WORK/store/store.h5") == "$md5" ]] || fail "the changed night's file changed the store"
cp "$WORK/night2.keep" "$(night_file "$d2")"

# The first night again, after the late rows of its day arrived with night 3: the same coupons.
night "$d1" --stage score --force
"$REPO/tests/tools/same_h5.py" "$WORK/first-$d1.h5" "$(night_dir "$d1")/coupons-$d1.h5" ||
  fail "the rerun of night $d1 differs from its first run"
grep -q -- "--store-version 1" "$(night_dir "$d1")"/logs/bg-score-*.out || fail "the rerun was not pinned to version 1"
# A closed day: the night's file is a header alone. A broken extract looks the same, so without
# --no-sales the ingest job fails with 65 and the night's score is cancelled; with it the night
# is version 4 (no rows, its day covered) and scored as of that day.
d4=$((d3 + 1))
head -1 "$(night_file "$d3")" >"$(night_file "$d4")"
ingest_refused "$d4" "without --no-sales"
grep -q -- "--no-sales-day" "$(night_dir "$d4")"/logs/bg-ingest-* || fail "the failed night's log does not name --no-sales-day"
[[ ! -e "$(night_dir "$d4")/coupons-$d4.h5" ]] || fail "night $d4 was scored after its ingest failed"
night "$d4" --no-sales
[[ $(cat "$(night_dir "$d4")/store-version") == 4 ]] || fail "night $d4: store-version is not 4"
h5dump -a /store_version "$(night_dir "$d4")/coupons-$d4.h5" | grep -q "(0): 4\$" || fail "night $d4: coupons not pinned to version 4"
# Night 3's report, made now that the store is at version 4: judged as night 3 saw it.
sed -i 's/^BG_STAGES=.*/BG_STAGES="ingest score export evaluate"/' "$WORK/site.conf"
night "$d3" --stage evaluate
grep -q -- "--store-version 3" "$(night_dir "$d3")"/logs/bg-evaluate-*.out || fail "night $d3's evaluate was not pinned to version 3"
[[ $(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["config"]["store_version"])' \
  "$(night_dir "$d3")/evaluate/evaluate.json") == 3 ]] || fail "night $d3's report does not judge version 3"
# A night whose ingest failed (its file late) is not skipped over by the next: night d6 before
# night d5 is refused (65) — appended, it left day d5 out of every later night's coupons — and
# once d5 is in, d6 is appended after it.
d5=$((d4 + 1)) d6=$((d4 + 2))
for d in "$d5" "$d6"; do
  awk -F, -v OFS=, -v from="$d3" -v to="$d" 'NR == 1 { print; next } $3 == from { $3 = to; print }' \
    "$(night_file "$d3")" >"$(night_file "$d")"
done
sed -i 's/^BG_STAGES=.*/BG_STAGES="ingest score"/' "$WORK/site.conf"
ingest_refused "$d6" "before night $d5"
grep -q "day(s) $d5 are not in .*store.h5 (their nights failed or never ran)" "$(night_dir "$d6")"/logs/bg-ingest-* ||
  fail "the refused night's log does not name the missing day: $(tail -3 "$(night_dir "$d6")"/logs/bg-ingest-*)"
[[ ! -e "$(night_dir "$d6")/store-version" && ! -e "$(night_dir "$d6")/coupons-$d6.h5" ]] ||
  fail "night $d6 was appended or scored before night $d5"
night "$d5"
night "$d6"
[[ $(cat "$(night_dir "$d5")/store-version") == 5 && $(cat "$(night_dir "$d6")/store-version") == 6 ]] ||
  fail "nights $d5 $d6: store-versions $(cat "$(night_dir "$d5")/store-version") $(cat "$(night_dir "$d6")/store-version"), not 5 6"
# Two nights submitted back to back (a slow night, then the next one's scrontab): the later
# night's ingest waits for the earlier one's, and a night still queued is not submitted twice.
d7=$((d4 + 3)) d8=$((d4 + 4))
for d in "$d7" "$d8"; do
  awk -F, -v OFS=, -v from="$d3" -v to="$d" 'NR == 1 { print; next } $3 == from { $3 = to; print }' \
    "$(night_file "$d3")" >"$(night_file "$d")"
done
# Night d7 submitted twice at the same moment (before either's jobs are queued): one submits,
# the other finds its jobs (75).
for i in 1 2; do
  "$REPO/slurm/submit-nightly.sh" --config "$WORK/site.conf" --as-of "$d7" >"$WORK/jobs7-$i.txt" 2>"$WORK/twice-$i.err" &
  pids[i]=$!
done
codes=()
for i in 1 2; do
  code=0
  wait "${pids[i]}" || code=$?
  codes[i]=$code
done
case "${codes[1]} ${codes[2]}" in
  "0 75") first=1 second=2 ;;
  "75 0") first=2 second=1 ;;
  *) fail "night $d7 submitted twice at once: exits ${codes[*]}, $(cat "$WORK"/twice-*.err)" ;;
esac
grep -q "night $d7 is already queued or running" "$WORK/twice-$second.err" ||
  fail "night $d7 submitted twice at once: $(cat "$WORK/twice-$second.err")"
cp "$WORK/jobs7-$first.txt" "$WORK/jobs7.txt"
code=0
"$REPO/slurm/submit-nightly.sh" --config "$WORK/site.conf" --as-of "$d7" >/dev/null 2>"$WORK/twice.err" || code=$?
[[ $code == 75 ]] && grep -q "night $d7 is already queued or running" "$WORK/twice.err" ||
  fail "a night submitted again while queued: exit $code, $(cat "$WORK/twice.err")"
"$REPO/slurm/submit-nightly.sh" --config "$WORK/site.conf" --as-of "$d8" >"$WORK/jobs8.txt" || fail "submit $d8"
ingest7=$(awk '$1 == "ingest" { print $2 }' "$WORK/jobs7.txt") ingest8=$(awk '$1 == "ingest" { print $2 }' "$WORK/jobs8.txt")
mapfile -t ids < <(awk '{ print $2 }' "$WORK/jobs7.txt" "$WORK/jobs8.txt")
slurm_wait_jobs "${ids[@]}" || fail "nights $d7 $d8: jobs did not finish"
for id in "${ids[@]}"; do
  [[ $(job_field "$id" JobState) == COMPLETED ]] || fail "nights $d7 $d8: job $id $(job_field "$id" JobState) $(job_field "$id" ExitCode)"
done
[[ $(cat "$(night_dir "$d7")/store-version") == 7 && $(cat "$(night_dir "$d8")/store-version") == 8 ]] ||
  fail "nights $d7 $d8 were not appended in order"
# (ISO times sort as strings) night d8's ingest started only once night d7's had ended.
[[ ! $(job_field "$ingest8" StartTime) < $(job_field "$ingest7" EndTime) ]] ||
  fail "night $d8's ingest started at $(job_field "$ingest8" StartTime), before night $d7's ended ($(job_field "$ingest7" EndTime))"
# A night skipped on purpose: --allow-missing-nights appends night d8 + 2 over day d8 + 1.
d10=$((d8 + 2))
awk -F, -v OFS=, -v from="$d3" -v to="$d10" 'NR == 1 { print; next } $3 == from { $3 = to; print }' \
  "$(night_file "$d3")" >"$(night_file "$d10")"
night "$d10" --allow-missing-nights
[[ $(cat "$(night_dir "$d10")/store-version") == 9 ]] || fail "night $d10 with --allow-missing-nights: not version 9"
no_temporaries "$WORK/nightly"
note "closed day $d4: refused without --no-sales (65), recorded as version 4 with it"
note "nights $d7 $d8 back to back: appended in order; night $d7 not submitted twice, at once or while queued (75)"
note "night $d6 before night $d5: refused (65); after it: versions 5 and 6"
note "nightly append OK: rerun of night $d1 pinned to version 1 is identical (${SECONDS}s)"
