#!/usr/bin/env bash
# What slurm/submit-nightly.sh and the site configuration refuse before a job is submitted, and
# the retention's choice — no Slurm needed (--dry-run prints the sbatch commands; the cleanup
# job is a plain script). A misspelled setting ran the night without it (a campaign config
# dropped: excluded departments mailed); a zero-padded as-of was read as octal (00700 = 448); a
# BG_AS_OF in site.conf beat --date; a dry run made a night folder that the retention counted.
source "$(dirname "$0")/lib.sh"
S=$REPO/slurm
conf() { # conf FILE LINES...: a site configuration with the given extra lines
  local file=$1
  shift
  { printf 'BG_BIN=%s\nBG_INPUT_DIR=%s\nBG_OUT_ROOT=%s\nBG_DAY_ONE=2024-01-01\nBG_KEEP_NIGHTS=2\n' \
    "$BASKETGAP" "$WORK/in" "$WORK/out"; printf '%s\n' "$@"; } >"$file"
}
submit() { "$S/submit-nightly.sh" --dry-run "$@"; }
mkdir -p "$WORK/in" "$WORK/out"
# Stand-ins for Slurm's commands, first in PATH where a case needs them: each logs its arguments
# to $WORK/slurm-calls; sbatch answers job ids 101, 102, ... and fails at call FAKE_SBATCH_FAIL_AT;
# FAKE_SBATCH_KILL_AT sends the submit a SIGTERM (a scrontab time limit) at that call; squeue
# lists nothing, or fails with FAKE_SQUEUE_FAIL=1.
mkdir -p "$WORK/fake"
for command in sbatch squeue scancel scontrol; do
  cat >"$WORK/fake/$command" <<FAKE
#!/usr/bin/env bash
echo "$command \$*" >>"$WORK/slurm-calls"
case $command in
  sbatch) n=\$((\$(grep -c '^sbatch ' "$WORK/slurm-calls"))); [[ \$n != "\${FAKE_SBATCH_FAIL_AT:-}" ]] || { echo "sbatch: error: Socket timed out" >&2; exit 1; }
    [[ \$n != "\${FAKE_SBATCH_KILL_AT:-}" ]] || kill -TERM \$PPID; echo "\$((100 + n))" ;;
  squeue) [[ \${FAKE_SQUEUE_FAIL:-0} != 1 ]] || { echo "squeue: error: Unable to contact slurm controller" >&2; exit 1; } ;;
esac
FAKE
  chmod +x "$WORK/fake/$command"
done
FAKE_PATH=$WORK/fake:$PATH

note "a valid configuration: the dry run prints the jobs and creates nothing; 00700 is day 700"
conf "$WORK/ok.conf" 'BG_STAGES="ingest score"'
submit --config "$WORK/ok.conf" --as-of 00700 >"$WORK/jobs.txt" 2>"$WORK/sbatch.txt" || fail "dry run: $(cat "$WORK/sbatch.txt")"
grep -q "BG_AS_OF=700," "$WORK/sbatch.txt" || fail "00700 is not day 700: $(cat "$WORK/sbatch.txt")"
[[ $(awk '{ print $1 }' "$WORK/jobs.txt" | paste -sd' ') == "ingest score cleanup" ]] || fail "jobs: $(cat "$WORK/jobs.txt")"
[[ -z $(ls "$WORK/out") ]] || fail "the dry run created $(ls "$WORK/out")"

note "each stage waits for the stages it reads (afterok), the cleanup for all of them"
conf "$WORK/chain.conf" 'BG_STAGES="ingest score export"'
submit --config "$WORK/chain.conf" --as-of 700 >/dev/null 2>"$WORK/chain.txt" || fail "dry run: $(cat "$WORK/chain.txt")"
waits() { grep -- "--job-name=bg-$1-700 " "$WORK/chain.txt" | grep -o -- "--dependency=[^ ]*" || true; }
[[ -z $(waits ingest) ]] || fail "ingest waits: $(waits ingest)"
[[ $(waits score) == --dependency=afterok:DRY-ingest ]] || fail "score: '$(waits score)'"
[[ $(waits export) == --dependency=afterok:DRY-score ]] || fail "export: '$(waits export)'"
[[ $(waits cleanup) == --dependency=afterok:DRY-ingest:DRY-score:DRY-export ]] || fail "cleanup: '$(waits cleanup)'"
# A failed backtest report does not stop the retention: the cleanup waits for evaluate to end, however.
conf "$WORK/all.conf"
submit --config "$WORK/all.conf" --as-of 700 >/dev/null 2>"$WORK/chain.txt" || fail "dry run: $(cat "$WORK/chain.txt")"
[[ $(waits cleanup) == --dependency=afterok:DRY-ingest:DRY-score:DRY-export,afterany:DRY-evaluate ]] ||
  fail "cleanup with evaluate: '$(waits cleanup)'"

note "a submission is all stages or none: the first job held until every stage is queued"
rm -f "$WORK/slurm-calls"
PATH=$FAKE_PATH "$S/submit-nightly.sh" --config "$WORK/chain.conf" --as-of 700 >"$WORK/jobs.txt" 2>"$WORK/submit.err" ||
  fail "submit: $(cat "$WORK/submit.err")"
grep '^sbatch ' "$WORK/slurm-calls" | head -1 | grep -q -- '--hold' || fail "the first job is not held: $(cat "$WORK/slurm-calls")"
[[ $(grep -c -- '--hold' "$WORK/slurm-calls") == 1 ]] || fail "more than the first job held: $(cat "$WORK/slurm-calls")"
grep -qx 'scontrol release 101' "$WORK/slurm-calls" || fail "the chain was not released: $(cat "$WORK/slurm-calls")"
# The jobs know the site configuration's digest as submitted (an edit meanwhile is warned of).
grep -q "BG_CONFIG_SHA256=$(sha256sum <"$WORK/chain.conf" | cut -d' ' -f1)," "$WORK/slurm-calls" ||
  fail "the jobs are not given the configuration's digest: $(cat "$WORK/slurm-calls")"
rm -f "$WORK/slurm-calls"
PATH=$FAKE_PATH FAKE_SBATCH_FAIL_AT=3 expect_exit 75 "$S/submit-nightly.sh" --config "$WORK/chain.conf" --as-of 701
grep -qx 'scancel 101 102' "$WORK/slurm-calls" || fail "the queued stages were not withdrawn: $(cat "$WORK/slurm-calls")"
! grep -q 'scontrol release' "$WORK/slurm-calls" || fail "a failed submission was released"
grep -q "sbatch of the export stage failed: night 701 not submitted (its jobs 101 102 cancelled)" "$WORK/last.err" ||
  fail "no reason: $(cat "$WORK/last.err")"
note "a submit stopped by a signal half way withdraws what it queued (a held job would hold the night)"
rm -f "$WORK/slurm-calls"
PATH=$FAKE_PATH FAKE_SBATCH_KILL_AT=2 expect_exit 75 "$S/submit-nightly.sh" --config "$WORK/chain.conf" --as-of 703
grep -qx 'scancel 101' "$WORK/slurm-calls" || fail "the held chain was left queued: $(cat "$WORK/slurm-calls")"
grep -q "interrupted by a signal: night 703 not submitted" "$WORK/last.err" || fail "no reason: $(cat "$WORK/last.err")"
[[ ! -e $WORK/out/as-of-00703 ]] || fail "the withdrawn night left its folder"
note "squeue failing: nothing submitted (75), not a night submitted twice"
rm -f "$WORK/slurm-calls"
PATH=$FAKE_PATH FAKE_SQUEUE_FAIL=1 expect_exit 75 "$S/submit-nightly.sh" --config "$WORK/chain.conf" --as-of 702
! grep -q '^sbatch' "$WORK/slurm-calls" || fail "submitted without knowing the queue: $(cat "$WORK/slurm-calls")"
rm -rf "$WORK"/out/as-of-0070[012]

note "--from export redoes the export, not the backtest (evaluate reads the store)"
submit --config "$WORK/all.conf" --as-of 700 --from export >"$WORK/jobs.txt" 2>/dev/null || fail "--from export"
[[ $(awk '{ print $1 }' "$WORK/jobs.txt" | paste -sd' ') == "export cleanup" ]] || fail "--from export: $(cat "$WORK/jobs.txt")"

note "--date wins over a BG_AS_OF in site.conf; a date on day one is no night"
conf "$WORK/asof.conf" 'BG_AS_OF=650'
submit --config "$WORK/asof.conf" --date 2024-02-01 >/dev/null 2>"$WORK/sbatch.txt" || fail "--date with BG_AS_OF"
grep -q "BG_AS_OF=31," "$WORK/sbatch.txt" || fail "--date 2024-02-01 is not as-of 31: $(cat "$WORK/sbatch.txt")"
expect_exit 64 submit --config "$WORK/ok.conf" --date 2024-01-01

note "a misspelled setting, a line that fails, bad shell, a count that is no number: 64 naming it"
# refused CODE LINE REASON: a site configuration with LINE is refused with CODE, saying REASON.
refused() {
  conf "$WORK/refused.conf" "$2"
  expect_exit "$1" submit --config "$WORK/refused.conf" --as-of 700
  grep -qF -- "$3" "$WORK/last.err" || fail "$2: the reason is not given: $(cat "$WORK/last.err")"
  [[ ! -s $WORK/last.out ]] || fail "$2: jobs were printed: $(cat "$WORK/last.out")"
}
refused 64 'BG_SCORE_CONFG=/etc/campaign.toml' "unknown setting(s) BG_SCORE_CONFG"
refused 64 'BG_SCORE_CONFIG = /etc/campaign.toml' "line 6: BG_SCORE_CONFIG: command not found"
conf "$WORK/syntax.conf" 'BG_STAGES=(ingest'
expect_exit 64 submit --config "$WORK/syntax.conf" --as-of 700
conf "$WORK/count.conf" 'BG_MAX_REQUEUES=three'
expect_exit 64 submit --config "$WORK/count.conf" --as-of 700
grep -q "BG_MAX_REQUEUES='three' is not a whole number" "$WORK/last.err" || fail "no reason: $(cat "$WORK/last.err")"
conf "$WORK/stops.conf" 'BG_STORE=${SCRATCH_NOT_SET_HERE:?}/store.h5' 'BG_SCORE_CONFG=x'
expect_exit 64 submit --config "$WORK/stops.conf" --as-of 700
grep -q "SCRATCH_NOT_SET_HERE: parameter null or not set" "$WORK/last.err" || fail "no reason: $(cat "$WORK/last.err")"
# A site's own variables, lower-case helpers and the environment ($HOME) are fine.
conf "$WORK/helper.conf" 'ROOT=/data' 'bg_root=/data' 'BG_STORE=$ROOT/store.h5' 'BG_INGEST_CONFIG=$HOME/x.toml' \
  '[[ -n "${NOT_SET_HERE:-}" ]] && BG_K=5'
touch "$WORK/x.toml"
HOME=$WORK submit --config "$WORK/helper.conf" --as-of 700 >/dev/null 2>"$WORK/sbatch.txt" ||
  fail "refused: $(cat "$WORK/sbatch.txt")"

note "a value the pipeline cannot use: 64 (66 for a config file that is not there), before any job"
refused 64 'BG_STAGES="ingest score exprot evaluate"' "'exprot' is not a stage"
refused 64 'BG_STAGES="ingest,score,export"' "'ingest,score,export' is not a stage"
refused 64 'BG_STAGES=" "' "BG_STAGES is empty"
refused 64 'BG_EXPORT_FORMAT=cvs' "BG_EXPORT_FORMAT='cvs' is neither csv nor jsonl"
refused 64 'BG_EXPORT_IDS_AS_STRINGS=yes' "BG_EXPORT_IDS_AS_STRINGS='yes' is neither 0 nor 1"
refused 64 'BG_EXPORT_IDS_AS_STRINGS=1' "BG_EXPORT_IDS_AS_STRINGS=1 is for BG_EXPORT_FORMAT=jsonl"
refused 64 'BG_K=0' "BG_K=0: at least one coupon per household"
refused 64 'BG_OUT_ROOT=' "BG_OUT_ROOT is empty"
refused 64 'BG_MIN_NIGHT_PERCENT=150' "BG_MIN_NIGHT_PERCENT=150 is a percentage, 0-100"
refused 64 'BG_MIN_NIGHT_PERCENT=0.5' "BG_MIN_NIGHT_PERCENT='0.5' is not a whole number"
refused 66 "BG_SCORE_CONFIG=$WORK/campaign-missing.toml" "campaign-missing.toml: no such file"
refused 64 "BG_STORE=$WORK/out/as-of-00699/store.h5" "lies in a night folder of BG_OUT_ROOT, which the retention deletes"
refused 64 'BG_SCORE_NTASKS=four' "BG_SCORE_NTASKS='four' is not a value sbatch takes"
refused 64 'BG_SCORE_MEM="64 GB"' "BG_SCORE_MEM='64 GB' is not a value sbatch takes"
refused 64 'BG_EXPORT_TIME=half-an-hour' "BG_EXPORT_TIME='half-an-hour' is not a value sbatch takes"
refused 64 'BG_SCORE_CONFIG=conf/score.toml' "BG_SCORE_CONFIG=conf/score.toml is a relative path"
refused 64 'BG_EVALUATE_WINDOW=0' "BG_EVALUATE_WINDOW=0: the backtest window needs at least one day"
refused 64 'BG_BIN=' "BG_BIN is not set"
refused 64 'BG_SPILL_DIR=scratch' "BG_SPILL_DIR=scratch is a relative path"
conf "$WORK/resources.conf" 'BG_SCORE_NODES=2-4' 'BG_SCORE_MEM=64G' 'BG_SCORE_TIME=1-04:00:00' 'BG_EXPORT_TIME=30'
submit --config "$WORK/resources.conf" --as-of 700 >/dev/null 2>"$WORK/sbatch.txt" || fail "resources refused: $(cat "$WORK/sbatch.txt")"
# A site line whose status is false on a node (a scratch folder it lacks) ends no job.
conf "$WORK/false-last.conf" '[[ -d /no/such/scratch ]] && export TMPDIR=/no/such/scratch'
bash -c 'set -euo pipefail; source "$1/lib.sh"; bg_load_config "$2"; echo loaded' _ "$S" "$WORK/false-last.conf" >"$WORK/loaded.txt" ||
  fail "a last line that is false ended the job: $(cat "$WORK/loaded.txt")"

note "arguments: a missing value, --stage with --from: 64"
expect_exit 64 submit --config "$WORK/ok.conf" --as-of
expect_exit 64 submit --config "$WORK/ok.conf" --as-of 700 --stage score --from export

note "retention keeps the newest nights up to this one; a later folder or a copy set aside does not count; 02 is 2"
conf "$WORK/ok.conf" 'BG_STAGES="ingest score"' 'BG_KEEP_NIGHTS=02'
for d in 695 696 697 698 699 700 705; do mkdir -p "$(printf '%s/out/as-of-%05d' "$WORK" "$d")"; done
cleanup() { PATH=$FAKE_PATH BG_SLURM_DIR=$S BG_CONFIG=$1 BG_AS_OF=700 BG_OUT_ROOT=$WORK/out bash "$S/jobs/cleanup.sbatch"; }
FAKE_SQUEUE_FAIL=1 cleanup "$WORK/ok.conf" >"$WORK/cleanup.log" || fail "cleanup: $(cat "$WORK/cleanup.log")"
grep -q "squeue failed: deleting no night tonight" "$WORK/cleanup.log" && [[ $(ls "$WORK/out" | wc -l) == 7 ]] ||
  fail "cleanup without an answer from squeue: $(ls "$WORK/out") $(cat "$WORK/cleanup.log")"
mkdir -p "$WORK/out/as-of-00698.orig"
echo '{"run_id": "r-697"}' >"$WORK/out/as-of-00697/export-697.csv.manifest.json" # mailed before the record existed
cleanup "$WORK/ok.conf" >"$WORK/cleanup.log" 2>&1 || fail "cleanup: $(cat "$WORK/cleanup.log")"
grep -q "^run_id r-697" "$WORK/out/.mailed/as-of-00697" || fail "a mailed night deleted without its record"
[[ $(ls "$WORK/out" | paste -sd' ') == "as-of-00698.orig as-of-00699 as-of-00700 as-of-00705" ]] ||
  fail "kept $(ls "$WORK/out" | paste -sd' '), want the copy aside, 699, 700 and the later 705 ($(cat "$WORK/cleanup.log"))"
! grep -q "syntax error" "$WORK/cleanup.log" || fail "cleanup: $(cat "$WORK/cleanup.log")"
conf "$WORK/eight.conf" 'BG_KEEP_NIGHTS=08' # bash reads 08 as a bad octal number: made decimal
cleanup "$WORK/eight.conf" >"$WORK/cleanup.log" 2>&1 ||
  fail "cleanup with BG_KEEP_NIGHTS=08: $(cat "$WORK/cleanup.log")"
[[ $(ls "$WORK/out" | wc -l) == 4 ]] || fail "BG_KEEP_NIGHTS=08 deleted nights"

note "a night that was exported is not rebuilt from newer inputs (a households file delivered again) unless forced"
mkdir -p "$WORK/out/as-of-00700"
echo '{}' >"$WORK/out/as-of-00700/export-700.csv.manifest.json"
touch "$WORK/in/households.csv" "$WORK/in/transactions.csv"
for stage in ingest score export; do
  PATH=$FAKE_PATH BG_SLURM_DIR=$S BG_CONFIG=$WORK/ok.conf BG_AS_OF=700 BG_OUT_ROOT=$WORK/out BG_FORCE=0 \
    bash "$S/jobs/$stage.sbatch" >"$WORK/$stage.log" 2>&1 || fail "$stage: $(cat "$WORK/$stage.log")"
  grep -q "night 700 was exported (.*export-700.csv.manifest.json): nothing to do" "$WORK/$stage.log" ||
    fail "$stage of a mailed night: $(cat "$WORK/$stage.log")"
done
note "without BG_STORE, a history cut short (a household-ordered file cut at a line end) is refused (65)"
"$BASKETGAP" generate --households 150 --days 60 --seed 5 --out "$WORK/gen" -q
mkdir -p "$WORK/hist/as-of-00059" "$WORK/hist/as-of-00060"
"$BASKETGAP" -q ingest --transactions "$WORK/gen/transactions.csv" --out "$WORK/hist/as-of-00059/store.h5"
head -n $(($(wc -l <"$WORK/gen/transactions.csv") * 2 / 3)) "$WORK/gen/transactions.csv" >"$WORK/cut.csv"
"$BASKETGAP" -q ingest --transactions "$WORK/cut.csv" --out "$WORK/hist/as-of-00060/store.h5"
history_kept() { # the ingest stage's check of night 60 against the nights before it
  bash -c 'source "$1/lib.sh" && bg_load_config "$2" && BG_AS_OF=60 BG_OUT_ROOT=$3 &&
    bg_check_history_kept "$3/as-of-00060/store.h5"' _ "$S" "$WORK/ok.conf" "$WORK/hist"
}
expect_exit 65 history_kept
grep -q "the history shrank since $WORK/hist/as-of-00059/store.h5 (rows" "$WORK/last.out" ||
  fail "no reason: $(cat "$WORK/last.out" "$WORK/last.err")"
[[ -f $WORK/hist/as-of-00060/store.h5.shrunk && ! -e $WORK/hist/as-of-00060/store.h5 ]] ||
  fail "the short store was not set aside (a rerun would skip the ingest): $(ls "$WORK/hist/as-of-00060")"
"$BASKETGAP" -q ingest --transactions "$WORK/gen/transactions.csv" --out "$WORK/hist/as-of-00060/store.h5"
history_kept >"$WORK/kept.log" || fail "the whole history was refused: $(cat "$WORK/kept.log")"

note "with BG_STORE: a night appended long ago needs no file to be done; a store gone missing is not made anew"
mkdir -p "$WORK/in2" "$WORK/store" "$WORK/nights"
cp "$WORK/gen/transactions.csv" "$WORK/in2/transactions-00060.csv"
"$BASKETGAP" -q ingest --transactions "$WORK/in2/transactions-00060.csv" --out "$WORK/store/store.h5"
rm "$WORK/in2/transactions-00060.csv" # the input folder cleaned; the night folder gone with the retention
conf "$WORK/store.conf" "BG_STORE=$WORK/store/store.h5" "BG_INPUT_DIR=$WORK/in2" "BG_OUT_ROOT=$WORK/nights"
night_ingest() { # night_ingest AS_OF CONFIG: the ingest stage's script, as Slurm would run it
  mkdir -p "$(printf '%s/nights/as-of-%05d' "$WORK" "$1")"
  PATH=$FAKE_PATH BG_SLURM_DIR=$S BG_CONFIG=$2 BG_AS_OF=$1 BG_OUT_ROOT=$WORK/nights BG_FORCE=0 bash "$S/jobs/ingest.sbatch"
}
expect_exit 0 night_ingest 60 "$WORK/store.conf"
grep -q "night 60 was appended to .*store.h5 as version 1" "$WORK/last.out" || fail "audit of night 60: $(cat "$WORK/last.out")"
[[ $(cat "$WORK/nights/as-of-00060/store-version") == 1 ]] || fail "night 60 not pinned to version 1"
conf "$WORK/moved.conf" "BG_STORE=$WORK/unmounted/store.h5" "BG_INPUT_DIR=$WORK/in2" "BG_OUT_ROOT=$WORK/nights"
cp "$WORK/gen/transactions.csv" "$WORK/in2/transactions-00061.csv"
expect_exit 66 night_ingest 61 "$WORK/moved.conf"
grep -q "unmounted/store.h5 is missing, but night 60 read it" "$WORK/last.out" || fail "no reason: $(cat "$WORK/last.out")"
[[ ! -e $WORK/unmounted ]] || fail "a new store was made"

note "a night mailed before is not exported again, also once the retention deleted its folder"
mkdir -p "$WORK/out/as-of-00690" "$WORK/out/.mailed"
printf 'manifest x\nrun_id r-690\nmanifest_sha256 0\n' >"$WORK/out/.mailed/as-of-00690"
export_stage() { # export_stage AS_OF CONFIG: the export stage's script, as Slurm would run it
  PATH=$FAKE_PATH BG_SLURM_DIR=$S BG_CONFIG=$2 BG_AS_OF=$1 BG_OUT_ROOT=$WORK/out BG_FORCE=0 bash "$S/jobs/export.sbatch"
}
expect_exit 0 export_stage 690 "$WORK/ok.conf"
grep -q "night 690 was mailed before (.*as-of-00690: r-690): not exported again" "$WORK/last.out" ||
  fail "a mailed night's audit: $(cat "$WORK/last.out")"
note "one mailing file a night: another format's export is not left beside a forced one"
mkdir -p "$WORK/out/as-of-00691"
echo '{}' >"$WORK/out/as-of-00691/export-691.jsonl.manifest.json"
PATH=$FAKE_PATH BG_SLURM_DIR=$S BG_CONFIG=$WORK/ok.conf BG_AS_OF=691 BG_OUT_ROOT=$WORK/out BG_FORCE=1 \
  expect_exit 64 bash "$S/jobs/export.sbatch"
grep -q "export-691.jsonl.manifest.json is this night's mailing in another format" "$WORK/last.out" ||
  fail "two formats: $(cat "$WORK/last.out")"

note "with BG_STORE: a night is found again by its file's name and its day (nights in DAY/transactions.csv share a name)"
mkdir -p "$WORK/in3/00060" "$WORK/in3/00061" "$WORK/nights3"
cp "$WORK/gen/transactions.csv" "$WORK/in3/00060/transactions.csv"
"$BASKETGAP" -q ingest --transactions "$WORK/in3/00060/transactions.csv" --out "$WORK/store/store3.h5"
conf "$WORK/perday.conf" "BG_STORE=$WORK/store/store3.h5" "BG_INPUT_DIR=$WORK/in3" "BG_OUT_ROOT=$WORK/nights3" \
  'BG_NIGHT_TRANSACTIONS=%05d/transactions.csv'
night3() {
  mkdir -p "$(printf '%s/nights3/as-of-%05d' "$WORK" "$1")"
  PATH=$FAKE_PATH BG_SLURM_DIR=$S BG_CONFIG=$WORK/perday.conf BG_AS_OF=$1 BG_OUT_ROOT=$WORK/nights3 BG_FORCE=0 bash "$S/jobs/ingest.sbatch"
}
expect_exit 0 night3 60 # an audit, its folder gone and its file still there: found by name and day
[[ $(cat "$WORK/nights3/as-of-00060/store-version") == 1 ]] || fail "night 60 not found again"
mkdir -p "$WORK/in3/00059" && cp "$WORK/gen/transactions.csv" "$WORK/in3/00059/transactions.csv"
expect_exit 65 night3 59 # before the store's last day, never appended: not appended after later nights
grep -q "night 59 is before .*store3.h5's last day 60 and no batch of it is found" "$WORK/last.out" ||
  fail "night 59: $(cat "$WORK/last.out")"
expect_exit 66 night3 61 # its file not there yet: not taken for night 60's batch of the same name
grep -q "00061/transactions.csv is missing" "$WORK/last.out" || fail "night 61: $(cat "$WORK/last.out")"
[[ ! -e $WORK/nights3/as-of-00061/store-version ]] || fail "night 61 pinned to another night's batch"
# A fixed night file name (no %): the same file every night, found where it is.
conf "$WORK/fixed.conf" "BG_STORE=$WORK/store/store3.h5" "BG_INPUT_DIR=$WORK/in3" "BG_OUT_ROOT=$WORK/nights3" \
  'BG_NIGHT_TRANSACTIONS=night.csv'
bash -c 'source "$1/lib.sh" && bg_load_config "$2" && BG_AS_OF=61 && bg_night_transactions' _ "$S" "$WORK/fixed.conf" >"$WORK/fixed.txt"
[[ $(cat "$WORK/fixed.txt") == "$WORK/in3/night.csv" ]] || fail "a fixed night file name: $(cat "$WORK/fixed.txt")"

note "with BG_STORE: a store the first night failed to make is not started by the next night alone"
mkdir -p "$WORK/nights4/as-of-00070/logs"
conf "$WORK/golive.conf" "BG_STORE=$WORK/store/never-made.h5" "BG_INPUT_DIR=$WORK/in2" "BG_OUT_ROOT=$WORK/nights4"
cp "$WORK/gen/transactions.csv" "$WORK/in2/transactions-00071.csv"
mkdir -p "$WORK/nights4/as-of-00071"
PATH=$FAKE_PATH BG_SLURM_DIR=$S BG_CONFIG=$WORK/golive.conf BG_AS_OF=71 BG_OUT_ROOT=$WORK/nights4 BG_FORCE=0 \
  expect_exit 66 bash "$S/jobs/ingest.sbatch"
grep -q "never-made.h5 is missing and night 70, submitted before this one, did not make it" "$WORK/last.out" ||
  fail "go-live night failed: $(cat "$WORK/last.out")"

note "submit-nightly checks OK"
