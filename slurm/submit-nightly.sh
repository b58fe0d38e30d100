#!/usr/bin/env bash
# Submits one night of the basketgap pipeline as Slurm jobs chained with afterok:
#   ingest -> score -> export -> cleanup, and evaluate (a backtest report) after ingest (the
#   cleanup waits for it with afterany). All stages are queued or none (the first held until
#   the last is queued).
# Prints "stage job-id" lines. Each stage skips itself when its output is already up to date
# (so resubmitting a night is safe and cheap), and a night exported before (its folder's manifest,
# or BG_OUT_ROOT/.mailed) is never mailed again, unless --force.
#
#   slurm/submit-nightly.sh [--config FILE] [--date YYYY-MM-DD | --as-of DAY]
#                           [--stage STAGE | --from STAGE] [--no-sales] [--allow-missing-nights]
#                           [--force] [--dry-run]
#
#   --config FILE   site configuration (default: slurm/site.conf)
#   --date DATE     the run date; as-of = the day before it (BG_DAY_ONE = day 1). Default: today
#   --as-of DAY     the as-of day number, explicitly (e.g. to rerun an old day)
#   --stage STAGE   submit only this stage (ingest, score, export, evaluate, cleanup)
#   --from STAGE    submit this stage and the ones after it (--from export: export and cleanup;
#                   evaluate reads the store, not the export)
#   --no-sales      the shop sold nothing on the as-of day: with BG_STORE the night's file is a
#                   header alone (append --no-sales-day; without the flag such a file fails the
#                   ingest stage, 65, as a broken extract would); without BG_STORE the night's
#                   score accepts a history that ends the day before (score --allow-stale)
#   --allow-missing-nights  with BG_STORE, append this night although days between the store's
#                   last day and the as-of came with no night (their nights failed or never ran;
#                   more than BG_NIGHT_DAYS apart): without it the ingest stage refuses, 65
#   --force         redo the submitted stages even when their outputs are up to date
#   --dry-run       print the sbatch commands instead of running them
#
# A night already queued or running is not submitted again (75), also when two submits of it run
# at once. With BG_STORE, a night's ingest waits for the ingest jobs of earlier nights still in
# the queue (nights append in order).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/lib.sh"

# The comment block above, without its '#' (--help: stdout, exit 0; a bad argument: stderr, 64).
usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; }
config=$here/site.conf date="" as_of="" only="" from="" force=0 dry=0 no_sales=0 allow_missing=0
# value OPTION ARGS...: the option's value (the next argument), or exit 64 when it has none.
value() { [[ $# -ge 2 && $2 != --* ]] || { echo "submit-nightly.sh: $1 needs a value" >&2; usage >&2; exit 64; }; }
while (($#)); do
  case $1 in
    --config) value "$@"; config=$2; shift 2 ;;
    --date) value "$@"; date=$2; shift 2 ;;
    --as-of) value "$@"; as_of=$2; shift 2 ;;
    --stage) value "$@"; only=$2; shift 2 ;;
    --from) value "$@"; from=$2; shift 2 ;;
    --force) force=1; shift ;;
    --no-sales) no_sales=1; shift ;;
    --allow-missing-nights) allow_missing=1; shift ;;
    --dry-run) dry=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "submit-nightly.sh: unknown argument $1" >&2; usage >&2; exit 64 ;;
  esac
done
[[ -n "$date" && -n "$as_of" ]] && { echo "submit-nightly.sh: --date and --as-of exclude each other" >&2; exit 64; }
[[ -n "$only" && -n "$from" ]] && { echo "submit-nightly.sh: --stage and --from exclude each other" >&2; exit 64; }
bg_load_config "$config" || exit $?
# The command line wins over BG_AS_OF (site.conf or the environment); the default is the day
# before today's date where the site is (its local time zone, not UTC).
if [[ -z "$as_of" && -n "$date" ]]; then
  as_of=$(bg_as_of_for_date "$date") || exit $?
fi
[[ -n "$as_of" ]] || as_of=$BG_AS_OF
[[ -n "$as_of" ]] || as_of=$(bg_as_of_for_date "$(date +%F)") || exit $?
[[ "$as_of" =~ ^[0-9]+$ ]] || { echo "submit-nightly.sh: as-of day must be a number, got '$as_of'" >&2; exit 64; }
as_of=$((10#$as_of)) # decimal: a zero-padded day copied from a night folder (as-of-00700) is 700
((as_of > 0)) || { echo "submit-nightly.sh: as-of day 0 has no day before it to score" >&2; exit 64; }
[[ -x "$BG_BIN" ]] || { echo "submit-nightly.sh: BG_BIN=$BG_BIN is not executable" >&2; exit 66; }


# The stages to submit, in pipeline order.
order=(ingest score export evaluate cleanup)
enabled=" $BG_STAGES cleanup "
stages=()
started=0
[[ -z "$from" ]] && started=1
for s in "${order[@]}"; do
  [[ "$s" == "$from" ]] && started=1
  # evaluate reads the store, not the export: --from export does not redo the backtest.
  [[ $from == export && $s == evaluate ]] && continue
  if [[ -n "$only" ]]; then [[ "$s" == "$only" ]] && stages+=("$s")
  elif ((started)) && [[ "$enabled" == *" $s "* ]]; then stages+=("$s"); fi
done
((${#stages[@]})) || { echo "submit-nightly.sh: no stage matches --stage '$only' / --from '$from'" >&2; exit 64; }

BG_OUT_ROOT=$(realpath -m "$BG_OUT_ROOT")
night=$(bg_night "$as_of")

# This user's basketgap jobs of this site's nights (their folder under BG_OUT_ROOT) in the queue,
# pending or running, as "ID NAME" lines. Fails (75) when Slurm does not answer: an empty queue
# assumed would submit a night twice, or before the earlier nights it must follow.
queued_jobs() {
  local listed
  listed=$(squeue -h -u "$(id -un)" -o '%i|%j|%Z') || {
    echo "submit-nightly.sh: squeue failed (the controller did not answer?): nothing submitted; submit again once Slurm answers" >&2
    return 75
  }
  awk -F'|' -v root="$BG_OUT_ROOT/as-of-" '$2 ~ /^bg-[a-z]+-[0-9]+$/ && index($3, root) == 1 { print $1, $2 }' <<<"$listed"
}
# Two submits at once (an operator's and the scrontab's, within one second) would both find the
# queue empty: the check and the submission happen under one lock of this site, so the later
# submit sees the earlier one's jobs (75 for the same night; afterok on its ingest for a later one).
queue=""
if ((!dry)); then
  mkdir -p "$BG_OUT_ROOT"
  exec {submit_lock}>"$BG_OUT_ROOT/.submit-nightly.lock"
  # (shorter than the scrontab job's 5-minute limit, so the reason reaches its log)
  locked=0
  flock -w 240 "$submit_lock" || locked=$?
  if ((locked == 1)); then
    echo "submit-nightly.sh: another submit-nightly.sh has held $BG_OUT_ROOT/.submit-nightly.lock for 4 minutes: is it stuck?" >&2
    exit 75
  elif ((locked != 0)); then
    echo "submit-nightly.sh: cannot lock $BG_OUT_ROOT/.submit-nightly.lock (flock exit $locked: a file system without locks?): keep BG_OUT_ROOT where flock works" >&2
    exit 74
  fi
  queue=$(queued_jobs) || exit $?
fi
# The same night twice at once: the chains would race to publish, the later failing 73.
running=$(awk -v n="$as_of" '{ split($2, p, "-"); if (p[3] == n) { printf "%s%s", sep, $1; sep = " " } }' <<<"$queue")
if [[ -n "$running" ]]; then
  echo "submit-nightly.sh: night $as_of is already queued or running (jobs $running): wait for it to end (or scancel them — held ones are left by a submission that was interrupted), then submit again" >&2
  exit 75
fi
# With BG_STORE the nights append in order: this night's ingest waits for the ingest of every
# earlier night still queued or running. afterany, not afterok: an earlier night that fails
# leaves a gap its own check refuses to append over (65, FAILED in the accounting), while an
# audit of a night appended long ago that fails (its file cleaned up) must not cancel tonight.
earlier_ingests=""
[[ -n "$BG_STORE" ]] &&
  earlier_ingests=$(awk -v n="$as_of" '{ split($2, p, "-"); if (p[2] == "ingest" && p[3] + 0 < n + 0) { printf "%s%s", sep, $1; sep = ":" } }' <<<"$queue")

# The night folder, once the night is to be submitted (a refused or mistyped submission leaves
# no folder to count in the retention).
made_night=0
if ((!dry)); then
  [[ -d $night ]] || made_night=1
  mkdir -p "$night/logs"
fi
# The site configuration's digest as submitted: a job that finds the file edited since says so
# (the night then runs with mixed settings; a copy cannot be used instead, as a site.conf may
# find its own files beside it).
config_sha=$(sha256sum <"$BG_CONFIG" | cut -d' ' -f1)

# resources STAGE: the sbatch options of a stage from
# BG_<STAGE>_{NODES,NTASKS,NTASKS_PER_NODE,CPUS,MEM,TIME} (unset or empty: Slurm's default).
resources() {
  local up=${1^^} opt var
  local -A flag=([NODES]=--nodes [NTASKS]=--ntasks [NTASKS_PER_NODE]=--ntasks-per-node
                 [CPUS]=--cpus-per-task [MEM]=--mem [TIME]=--time)
  for opt in NODES NTASKS NTASKS_PER_NODE CPUS MEM TIME; do
    var=BG_${up}_$opt
    [[ -n "${!var:-}" ]] && printf '%s=%s\n' "${flag[$opt]}" "${!var}"
  done
  return 0
}

declare -A job=()
submit() {
  local stage=$1 dep=$2 any=${3:-} args
  mapfile -t args < <(resources "$stage")
  args+=(--parsable --job-name="bg-$stage-$as_of" --chdir="$night"
         --output="$night/logs/%x-%j.out" --error="$night/logs/%x-%j.out"
         --export="ALL,BG_SLURM_DIR=$here,BG_CONFIG=$BG_CONFIG,BG_CONFIG_SHA256=$config_sha,BG_AS_OF=$as_of,BG_FORCE=$force,BG_NO_SALES=$no_sales,BG_ALLOW_MISSING_NIGHTS=$allow_missing,BG_OUT_ROOT=$BG_OUT_ROOT")
  [[ -n "$BG_PARTITION" ]] && args+=(--partition="$BG_PARTITION")
  [[ -n "$BG_ACCOUNT" ]] && args+=(--account="$BG_ACCOUNT")
  # An upstream failure cancels the dependants instead of leaving them pending forever.
  local deps=()
  [[ -n "$dep" ]] && deps+=("afterok:$dep")
  [[ $stage == ingest && -n "$earlier_ingests" ]] && any=${any:+$any:}$earlier_ingests
  [[ -n "$any" ]] && deps+=("afterany:$any")
  ((${#deps[@]})) && args+=(--dependency="$(IFS=,; echo "${deps[*]}")" --kill-on-invalid-dep=yes)
  # The chain's first job is held until every stage is queued: a submission that fails half way
  # leaves no ingest and score running towards a night whose export was never queued.
  ((${#job[@]})) || args+=(--hold)
  if ((dry)); then
    # One line to paste: an argument with a blank or a quote is quoted (commas stay readable).
    local a line=sbatch
    for a in "${args[@]}" "$here/jobs/$stage.sbatch"; do
      if [[ $a =~ [[:space:]\'\"\$\\] ]]; then line+=" $(printf '%q' "$a")"; else line+=" $a"; fi
    done
    echo "$line" >&2
    job[$stage]=DRY-$stage
  else
    local out
    if ! out=$(sbatch "${args[@]}" "$here/jobs/$stage.sbatch"); then
      withdraw "sbatch of the $stage stage failed"
    fi
    job[$stage]=${out%%;*}
    submitted+=("${job[$stage]}")
  fi
  echo "$stage ${job[$stage]}"
}

# withdraw REASON: cancels the jobs this submission queued (held, none has started) and ends it:
# all stages of a night or none (75: submit again, nothing of the night is left queued). Also on
# a signal (Ctrl-C, the scrontab job's time limit): a held first job left behind would hold the
# night, and with BG_STORE every later night's ingest, for ever.
submitted=() released=0
withdraw() {
  trap - EXIT INT TERM HUP
  local cancelled="" held
  # A job whose sbatch returned while the signal came is not in `submitted`: this night's held
  # jobs in the queue are this submission's (the lock keeps other submits of the night out).
  if ((!dry)); then
    held=$(squeue -h -u "$(id -un)" -t PD -o '%i|%j|%Z|%r' 2>/dev/null |
      awk -F'|' -v day="$as_of" -v dir="$night" '$2 ~ ("^bg-[a-z]+-" day "$") && $3 == dir && $4 ~ /Held/ { print $1 }') || true
    for id in $held; do [[ " ${submitted[*]} " == *" $id "* ]] || submitted+=("$id"); done
  fi
  if ((${#submitted[@]})); then
    if scancel "${submitted[@]}"; then
      cancelled=" (its jobs ${submitted[*]} cancelled)"
    else
      cancelled=" — and scancel ${submitted[*]} failed: cancel them by hand (they are held) before submitting again"
    fi
  fi
  ((made_night)) && rmdir "$night/logs" "$night" 2>/dev/null
  echo "submit-nightly.sh: $1: night $as_of not submitted$cancelled; submit it again" >&2
  exit 75
}
trap 'withdraw "interrupted by a signal"' INT TERM HUP
trap '((released || ${#submitted[@]} == 0)) || withdraw "ended before the chain was released"' EXIT

# A stage waits for the stages it reads from, when they are part of this submission.
for stage in "${stages[@]}"; do
  case $stage in
    ingest) deps=() ;;
    score | evaluate) deps=(ingest) ;;
    export) deps=(score) ;;
    cleanup) deps=(ingest score export) ;; # and after evaluate, whatever its end (below)
  esac
  ids=()
  for d in "${deps[@]}"; do [[ -n "${job[$d]:-}" ]] && ids+=("${job[$d]}"); done
  # A failed backtest report is no reason to stop the retention (the disk would fill).
  after_evaluate=""
  [[ $stage == cleanup && -n "${job[evaluate]:-}" ]] && after_evaluate=${job[evaluate]}
  submit "$stage" "$(IFS=:; echo "${ids[*]}")" "$after_evaluate"
done
# Every stage is queued: the chain may start.
first=${submitted[0]:-}
if [[ -n $first ]]; then
  released=0
  for attempt in 1 2 3; do
    scontrol release "$first" && { released=1; break; }
    sleep "$attempt"
  done
  ((released)) || withdraw "scontrol release $first failed"
elif ((dry)); then
  echo "scontrol release DRY-${stages[0]}" >&2
fi
released=1 # (a dry run, or nothing submitted)
trap - EXIT INT TERM HUP
echo "night $as_of: $night (logs in $night/logs)" >&2
