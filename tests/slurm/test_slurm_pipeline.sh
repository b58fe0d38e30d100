#!/usr/bin/env bash
# The nightly pipeline on a real single-node Slurm, with the project's own scripts
# (slurm/submit-nightly.sh + slurm/jobs/*.sbatch) on the embedded data (data/default):
# every job COMPLETED with exit 0, the outputs right; a resubmitted night changes nothing;
# a forced rerun of one stage gives identical datasets; retention deletes old nights, but not one
# whose job is queued.
# Skips (77) when Slurm/munge are not installed (cmake/setup-debian.sh --slurm).
source "$(dirname "$0")/../e2e/lib.sh"
source "$(dirname "$0")/cluster.sh"
slurm_available || skip "slurmctld/slurmd/munge not installed (cmake/setup-debian.sh --slurm)"
[[ $(id -u) == 0 ]] || skip "a test Slurm needs root"
trap 'slurm_stop; rm -rf "$WORK"' EXIT
slurm_start "$WORK/slurm" || fail "could not start Slurm (logs in $WORK/slurm/log)"
note "Slurm up: $(sinfo -h -o '%P %D %t %c CPUs')"

# The day 1 of data/default is 2024-01-01 here; running on DATE scores DATE - 1.
read -r min_day max_day < <(awk -F, 'NR > 1 { if (min == "" || $3 < min) min = $3; if ($3 > max) max = $3 } END { print min, max }' "$REPO/data/default/transactions.csv")
as_of=$((max_day - 7))
run_date=$(date -u -d "2024-01-01 + $as_of days" +%F)
export_ok=1
"$BASKETGAP" export --help >/dev/null 2>&1 || export_ok=0
stages="ingest score evaluate"
((export_ok)) && stages="ingest score export evaluate"

cat >"$WORK/site.conf" <<CONF
BG_BIN=$BASKETGAP
BG_INPUT_DIR=$REPO/data/default
BG_OUT_ROOT=$WORK/nightly
BG_DAY_ONE=2024-01-01
BG_AS_OF=""  # as in site.conf.example: the as-of day from the submission must win in the jobs
BG_STAGES="$stages"
BG_K=12
BG_EVALUATE_WINDOW=14
BG_KEEP_NIGHTS=2
BG_INGEST_NTASKS=2; BG_INGEST_CPUS=1; BG_INGEST_MEM=1G; BG_INGEST_TIME=00:10:00
BG_SCORE_NTASKS=2;  BG_SCORE_CPUS=1;  BG_SCORE_MEM=1G;  BG_SCORE_TIME=00:10:00
BG_EXPORT_NTASKS=1; BG_EXPORT_CPUS=1; BG_EXPORT_MEM=1G; BG_EXPORT_TIME=00:10:00
BG_EVALUATE_NTASKS=2; BG_EVALUATE_CPUS=1; BG_EVALUATE_MEM=1G; BG_EVALUATE_TIME=00:10:00
CONF
night=$(printf '%s/nightly/as-of-%05d' "$WORK" "$as_of")
# Older nights for the retention stage: with BG_KEEP_NIGHTS=2 only as-of-1 survives them, and
# as-of-3 while a job of that night (an audit rerun, held here) is queued.
for d in 3 2 1; do mkdir -p "$(printf '%s/nightly/as-of-%05d' "$WORK" $((as_of - d)))/logs"; done
audit_night=$(printf '%s/nightly/as-of-%05d' "$WORK" $((as_of - 3)))
audit_job=$(sbatch --parsable --hold --job-name="bg-score-$((as_of - 3))" --chdir="$audit_night" \
  --output=/dev/null --wrap true) || fail "could not queue the audit job"

# submit ARGS...: runs submit-nightly.sh, waits for its jobs, checks each COMPLETED 0:0.
submit() {
  "$REPO/slurm/submit-nightly.sh" --config "$WORK/site.conf" "$@" >"$WORK/jobs.txt" || fail "submit-nightly.sh $*"
  cat "$WORK/jobs.txt"
  mapfile -t ids < <(awk '{ print $2 }' "$WORK/jobs.txt")
  slurm_wait_jobs "${ids[@]}" || fail "jobs did not finish"
  while read -r stage id; do
    state=$(job_field "$id" JobState) code=$(job_field "$id" ExitCode)
    if [[ $state != COMPLETED || $code != 0:0 ]]; then
      cat "$night"/logs/*-"$id".out "$night"/logs/*-"$id".err >&2 || true
      fail "$stage job $id: $state, exit $code"
    fi
  done <"$WORK/jobs.txt"
}

note "night $as_of (run date $run_date): $stages"
SECONDS=0
submit --date "$run_date"
note "first submission finished in ${SECONDS}s"
grep -q "^ingest " "$WORK/jobs.txt" && grep -q "^cleanup " "$WORK/jobs.txt" || fail "stages missing from the submission"

# The outputs.
store=$night/store.h5 coupons=$night/coupons-$as_of.h5 export=$night/export-$as_of.csv
"$BASKETGAP" inspect --json "$store" >"$WORK/inspect.json" || fail "store unreadable"
[[ $(json_field "$WORK/inspect.json" households) == 260 ]] || fail "store: expected 260 households"
h5dump -a /as_of_day "$coupons" | grep -q "(0): $as_of\$" || fail "coupons: as_of_day is not $as_of"
h5dump -a /k "$coupons" | grep -q "(0): 12\$" || fail "coupons: k is not 12"
if ((export_ok)); then
  "$BASKETGAP" export --verify "$export" >/dev/null 2>&1 || fail "export does not match its manifest"
  rows=$(json_field "$export.manifest.json" rows)
  [[ $rows -gt 0 && $rows == $(($(wc -l <"$export") - 1)) ]] || fail "export: manifest rows $rows vs file"
fi
[[ -s $night/evaluate/evaluate.json && -s $night/evaluate/report/index.html ]] || fail "evaluate outputs missing"
# Household data at rest: night folder owner/group only, outputs 0640 (whatever the umask).
[[ $(stat -c %a "$night") == 750 ]] || fail "night folder mode $(stat -c %a "$night"), not 750"
for f in "$store" "$coupons" "$night/evaluate/evaluate.json"; do
  [[ $(stat -c %a "$f") == 640 ]] || fail "$f mode $(stat -c %a "$f"), not 640"
done
no_temporaries "$WORK/nightly"
[[ -z $(find "$night" -name '*.checkpoint-*') ]] || fail "a checkpoint was left after publishing"
[[ -d $(printf '%s/nightly/as-of-%05d' "$WORK" $((as_of - 1))) ]] || fail "retention deleted a night it should keep"
[[ ! -e $(printf '%s/nightly/as-of-%05d' "$WORK" $((as_of - 2))) ]] || fail "retention kept night $((as_of - 2))"
[[ -d $audit_night ]] || fail "retention deleted night $((as_of - 3)) under its queued job"
grep -q "keeping $audit_night for now: a job of that night is queued" "$night"/logs/bg-cleanup-*.out ||
  fail "the cleanup log does not say why night $((as_of - 3)) was kept"
scancel "$audit_job"

# Resubmitting the same night: it was exported, so no stage rebuilds anything (nor would from
# newer inputs, unless forced: tests/e2e/test_submit_nightly_checks.sh); nothing changes.
(cd "$night" && find . -type f ! -path './logs/*' -exec md5sum {} + | sort -k2) >"$WORK/before.md5"
submit --as-of "$as_of"
(cd "$night" && find . -type f ! -path './logs/*' -exec md5sum {} + | sort -k2) >"$WORK/after.md5"
diff "$WORK/before.md5" "$WORK/after.md5" || fail "a resubmitted night changed its outputs"
[[ ! -e $audit_night ]] || fail "retention kept night $((as_of - 3)) after its job left the queue"
for stage in ingest score export; do
  grep -l "night $as_of was exported (.*): nothing to do" "$night"/logs/bg-$stage-*.out >/dev/null ||
    fail "$stage did not report skipping"
done

# A forced rerun of one stage: republished, same datasets.
cp "$coupons" "$WORK/coupons-first.h5"
submit --as-of "$as_of" --stage score --force
[[ $(wc -l <"$WORK/jobs.txt") == 1 ]] || fail "--stage score submitted more than one job"
same_datasets "$WORK/coupons-first.h5" "$coupons" /coupons /households
no_temporaries "$WORK/nightly"
note "slurm pipeline OK in ${SECONDS}s"
