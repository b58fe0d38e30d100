# Shared by submit-nightly.sh and the job scripts in slurm/jobs/ (sourced, not run).
# Reads the site configuration, turns a date into an as-of day, decides whether a stage's
# output is up to date, and runs basketgap under srun with the exit-code policy.

# Night folders, logs and outputs hold household data: owner and group only (folders 0750,
# files 0640), whatever umask the submitting shell had. basketgap itself does the same.
umask 027

# The settings a site configuration may hold (slurm/site.conf.example).
bg_known_settings='BG_(BIN|INPUT_DIR|OUT_ROOT|STORE|SPILL_DIR|NIGHT_TRANSACTIONS|NIGHT_DAYS|COMPACT_SEGMENTS|MAX_SHRINK_PERCENT|MIN_NIGHT_PERCENT|INGEST_CONFIG|SCORE_CONFIG|DAY_ONE|AS_OF|STAGES|K|EXPORT_FORMAT|EXPORT_IDS_AS_STRINGS|EVALUATE_WINDOW|KEEP_NIGHTS|MAX_REQUEUES|PARTITION|ACCOUNT|NODE_LOSS_WAIT|(INGEST|SCORE|EXPORT|EVALUATE|CLEANUP)_(NODES|NTASKS|NTASKS_PER_NODE|CPUS|MEM|TIME))'

# bg_check_config FILE: the file is valid shell that runs without errors and sets no BG_*
# variable this pipeline does not know. A misspelled name (BG_SCORE_CONFG) would otherwise run
# the night without it — a campaign config dropped mails what it excludes — and `NAME = value`
# fails only inside every job (127). Exit 64 naming the problem.
bg_check_config() {
  local file=$1 problem unknown errors name
  problem=$(bash -n "$file" 2>&1) || { echo "basketgap-nightly: $file: not valid shell: $problem" >&2; return 64; }
  errors=$(mktemp)
  # shellcheck disable=SC2064
  trap "rm -f '$errors'" EXIT # (a submit killed meanwhile leaves no file behind)
  # shellcheck disable=SC2016
  unknown=$(
    for name in $(compgen -v BG_); do unset "$name"; done # the file alone, in this environment
    bash --norc --noprofile -c '
      before=$(compgen -v | sort)
      source "$1" >/dev/null 2>"$3" # (its status is that of its last line: stderr output is what counts)
      [[ ! -s $3 ]] || exit 0
      comm -13 <(echo "$before") <(compgen -v | sort) | grep -E "^BG_" | grep -vxE "$2" || true
      echo "."' _ "$file" "$bg_known_settings" "$errors"
  )
  problem=$(head -1 "$errors")
  rm -f "$errors"
  trap - EXIT
  if [[ -n $problem || $unknown != *. ]]; then # an error, or the file ended the shell
    echo "basketgap-nightly: $file: ${problem:-it stops the shell that reads it}" >&2
    return 64
  fi
  unknown=${unknown%.}
  [[ -z ${unknown//[[:space:]]/} ]] || {
    echo "basketgap-nightly: $file: unknown setting(s) $(echo $unknown): misspelled? (the settings: slurm/site.conf.example)" >&2
    return 64
  }
}

# bg_check_numbers NAME...: each named setting is empty or a whole number (64 otherwise), made
# decimal (bash arithmetic reads 08 as a bad octal number and 010 as 8).
bg_check_numbers() {
  local name
  for name in "$@"; do
    [[ -z ${!name} || ${!name} =~ ^[0-9]+$ ]] ||
      { echo "basketgap-nightly: $name='${!name}' is not a whole number" >&2; return 64; }
    [[ -z ${!name} ]] || declare -g "$name=$((10#${!name}))"
  done
}

# bg_load_config FILE: sources the site configuration; BG_* variables already set in the
# environment win over the file (so submit-nightly.sh and a job see the same values).
bg_load_config() {
  local file=$1 saved="" names
  [[ -r "$file" ]] || { echo "basketgap-nightly: cannot read the site configuration $file" >&2; return 66; }
  bg_check_config "$file" || return $?
  names=$(compgen -v BG_ || true)
  # shellcheck disable=SC2086
  [[ -n "$names" ]] && saved=$(declare -p $names)
  # shellcheck source=/dev/null
  # (its status is its last command's — `[[ -d /scratch ]] && TMPDIR=/scratch` false on a node
  # without it: bg_check_config judged the file by its errors, and set -e must not end the job here)
  source "$file" || true
  # (-g: a plain `declare` replayed inside this function would make the variables local)
  [[ -n "$saved" ]] && eval "${saved//declare -/declare -g -}"
  : "${BG_STAGES:=ingest score export evaluate}" "${BG_K:=}" "${BG_EXPORT_FORMAT:=csv}" "${BG_EXPORT_IDS_AS_STRINGS:=0}"
  : "${BG_EVALUATE_WINDOW:=14}" "${BG_KEEP_NIGHTS:=7}" "${BG_MAX_REQUEUES:=3}" "${BG_FORCE:=0}"
  : "${BG_STORE:=}" "${BG_NIGHT_TRANSACTIONS:=transactions-%05d.csv}" "${BG_NIGHT_DAYS:=1}" "${BG_COMPACT_SEGMENTS:=0}"
  : "${BG_INGEST_CONFIG:=}" "${BG_SCORE_CONFIG:=}" "${BG_PARTITION:=}" "${BG_ACCOUNT:=}" "${BG_AS_OF:=}" "${BG_DAY_ONE:=}"
  : "${BG_MAX_SHRINK_PERCENT:=1}" "${BG_MIN_NIGHT_PERCENT:=0}" "${BG_SPILL_DIR:=}"
  bg_check_numbers BG_K BG_EVALUATE_WINDOW BG_KEEP_NIGHTS BG_MAX_REQUEUES BG_COMPACT_SEGMENTS BG_NIGHT_DAYS \
    BG_MAX_SHRINK_PERCENT BG_MIN_NIGHT_PERCENT || return $?
  ((10#${BG_MIN_NIGHT_PERCENT:-0} <= 100)) ||
    { echo "basketgap-nightly: BG_MIN_NIGHT_PERCENT=$BG_MIN_NIGHT_PERCENT is a percentage, 0-100" >&2; return 64; }
  [[ -n $BG_EVALUATE_WINDOW && -n $BG_KEEP_NIGHTS && -n $BG_MAX_REQUEUES && -n $BG_COMPACT_SEGMENTS ]] ||
    { echo "basketgap-nightly: BG_EVALUATE_WINDOW, BG_KEEP_NIGHTS, BG_MAX_REQUEUES and BG_COMPACT_SEGMENTS need a value" >&2; return 64; }
  bg_check_values || return $?
  BG_CONFIG=$(realpath "$file")
}

# bg_check_values: the settings' values, checked before anything is submitted (64; 66 for a file
# that is not there). A misspelled stage (`exprot`, or `ingest,score,export` as one word) would
# run a night that mails nothing and still let the cleanup delete old nights.
bg_check_values() {
  local stage
  [[ -n ${BG_OUT_ROOT:-} ]] || { echo "basketgap-nightly: BG_OUT_ROOT is empty: the folder of the night folders" >&2; return 64; }
  [[ -n ${BG_BIN:-} ]] || { echo "basketgap-nightly: BG_BIN is not set: the basketgap binary" >&2; return 64; }
  [[ -n ${BG_INPUT_DIR:-} ]] || { echo "basketgap-nightly: BG_INPUT_DIR is not set: the folder of the night's input files" >&2; return 64; }
  # (sbatch --export takes a comma-separated list: a comma in a path passed so would split it)
  [[ $BG_OUT_ROOT != *,* ]] || { echo "basketgap-nightly: BG_OUT_ROOT=$BG_OUT_ROOT holds a comma, which sbatch --export cannot pass" >&2; return 64; }
  [[ -n ${BG_STAGES//[[:space:]]/} ]] || { echo "basketgap-nightly: BG_STAGES is empty" >&2; return 64; }
  for stage in $BG_STAGES; do
    [[ $stage =~ ^(ingest|score|export|evaluate)$ ]] || {
      echo "basketgap-nightly: BG_STAGES='$BG_STAGES': '$stage' is not a stage (ingest, score, export, evaluate; separated by spaces)" >&2
      return 64
    }
  done
  [[ $BG_EXPORT_FORMAT =~ ^(csv|jsonl)$ ]] ||
    { echo "basketgap-nightly: BG_EXPORT_FORMAT='$BG_EXPORT_FORMAT' is neither csv nor jsonl" >&2; return 64; }
  [[ $BG_EXPORT_IDS_AS_STRINGS =~ ^(0|1)$ ]] ||
    { echo "basketgap-nightly: BG_EXPORT_IDS_AS_STRINGS='$BG_EXPORT_IDS_AS_STRINGS' is neither 0 nor 1" >&2; return 64; }
  [[ $BG_EXPORT_IDS_AS_STRINGS == 0 || $BG_EXPORT_FORMAT == jsonl ]] ||
    { echo "basketgap-nightly: BG_EXPORT_IDS_AS_STRINGS=1 is for BG_EXPORT_FORMAT=jsonl (CSV ids are text already)" >&2; return 64; }
  # (no coupons at all: the score job would refuse it only after the ingest ran)
  [[ -z $BG_K ]] || ((10#$BG_K > 0)) ||
    { echo "basketgap-nightly: BG_K=$BG_K: at least one coupon per household (empty: the score config's k)" >&2; return 64; }
  local name
  # The jobs run in the night folder: a relative path checked here (the submitter's folder)
  # would name another file there.
  # (BG_OUT_ROOT is made absolute by submit-nightly.sh and passed to the jobs so)
  for name in BG_BIN BG_INPUT_DIR BG_STORE BG_SPILL_DIR BG_SCORE_CONFIG BG_INGEST_CONFIG; do
    [[ -z ${!name:-} || ${!name} == /* ]] ||
      { echo "basketgap-nightly: $name=${!name} is a relative path: the jobs run in the night folder; give it from /" >&2; return 64; }
  done
  ((10#${BG_EVALUATE_WINDOW:-14} > 0)) ||
    { echo "basketgap-nightly: BG_EVALUATE_WINDOW=0: the backtest window needs at least one day" >&2; return 64; }
  for name in BG_SCORE_CONFIG BG_INGEST_CONFIG; do
    [[ -z ${!name} || -r ${!name} ]] || { echo "basketgap-nightly: $name=${!name}: no such file (or not readable)" >&2; return 66; }
  done
  # The retention deletes night folders whole: a persistent store inside one would go with it.
  if [[ -n $BG_STORE ]]; then
    local store root
    store=$(realpath -m -- "$BG_STORE") root=$(realpath -m -- "$BG_OUT_ROOT")
    [[ ${store#"$root"/} == "$store" || ! ${store#"$root"/} =~ ^as-of-[0-9]+/ ]] || {
      echo "basketgap-nightly: BG_STORE=$BG_STORE lies in a night folder of BG_OUT_ROOT, which the retention deletes: keep the persistent store outside $root/as-of-*" >&2
      return 64
    }
  fi
  bg_check_resources
}

# bg_check_resources: the stages' BG_<STAGE>_{NODES,NTASKS,NTASKS_PER_NODE,CPUS,MEM,TIME} are
# values sbatch takes (64 naming one that is not): a bad one would fail that stage's sbatch
# alone, after the stages before it were queued.
bg_check_resources() {
  local stage opt name value pattern
  local -A patterns=([NODES]='^[0-9]+(-[0-9]+)?$' [NTASKS]='^[0-9]+$' [NTASKS_PER_NODE]='^[0-9]+$'
    [CPUS]='^[0-9]+$' [MEM]='^[0-9]+[KMGTkmgt]?$'
    [TIME]='^([0-9]+-)?[0-9]+(:[0-9]+){0,2}$|^([Uu][Nn][Ll][Ii][Mm][Ii][Tt][Ee][Dd]|[Ii][Nn][Ff][Ii][Nn][Ii][Tt][Ee])$')
  for stage in INGEST SCORE EXPORT EVALUATE CLEANUP; do
    for opt in NODES NTASKS NTASKS_PER_NODE CPUS MEM TIME; do
      name=BG_${stage}_$opt value=${!name:-} pattern=${patterns[$opt]}
      [[ -z $value || $value =~ $pattern ]] || {
        echo "basketgap-nightly: $name='$value' is not a value sbatch takes for it (e.g. NODES 2 or 2-4, MEM 64G, TIME 04:00:00 or 1-00:00:00)" >&2
        return 64
      }
    done
  done
}

# bg_as_of_for_date YYYY-MM-DD: the day number of the day before DATE (day 1 = BG_DAY_ONE).
bg_as_of_for_date() {
  local date=$1 d1 d
  [[ -n "$BG_DAY_ONE" ]] || { echo "basketgap-nightly: BG_DAY_ONE is not set; pass --as-of" >&2; return 64; }
  d1=$(date -u -d "$BG_DAY_ONE" +%s) && d=$(date -u -d "$date" +%s) || return 64
  ((d > d1)) || { echo "basketgap-nightly: $date is not after day one ($BG_DAY_ONE)" >&2; return 64; }
  echo $(((d - d1) / 86400))
}

# bg_night AS_OF: the folder of one night's outputs (zero-padded so names sort by day).
bg_night() { printf '%s/as-of-%05d' "$BG_OUT_ROOT" "$1"; }

# bg_night_folders: the night folders of BG_OUT_ROOT, newest first — only names as-of-<digits>
# (a copy set aside as as-of-00698.orig is no night: read as a day, it broke the loops over them).
bg_night_folders() {
  find "$BG_OUT_ROOT" -mindepth 1 -maxdepth 1 -type d -regextype posix-extended -regex '.*/as-of-[0-9]+' | sort -r
}

# bg_night_mailed: the night's export manifest when the night was exported, else nothing.
bg_night_mailed() { compgen -G "$NIGHT/export-$BG_AS_OF.*.manifest.json" | head -1 || true; }

# bg_mailed_record: the record of the night's published mailing, kept outside the night folders
# (BG_OUT_ROOT/.mailed/as-of-NNNNN: the retention deletes folders, and an audit of an old night
# must not mail it again).
bg_mailed_record() { printf '%s/.mailed/as-of-%05d' "$BG_OUT_ROOT" "${1:-$BG_AS_OF}"; }

# bg_record_mailed MANIFEST [DAY]: writes the mailed record of night DAY (default: this night):
# the manifest's path, run id and SHA-256. Fails (non-zero) when it cannot be written.
bg_record_mailed() {
  local record run
  record=$(bg_mailed_record "${2:-}")
  mkdir -p "${record%/*}" || return 74
  run=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["run_id"])' "$1" 2>/dev/null || echo unknown)
  printf 'manifest %s\nrun_id %s\nmanifest_sha256 %s\n' "$1" "$run" "$(sha256sum <"$1" | cut -d' ' -f1)" \
    >"$record.tmp" && mv "$record.tmp" "$record"
}

# bg_skip_if_mailed: ends the job successfully when the night's export is in its folder (unless
# forced). A mailed night is not rebuilt because an input is newer (a households file delivered
# again, a score config edited since): that would publish another mailing for a night already
# mailed. --force rebuilds it on purpose. (A night whose folder the retention deleted is
# rebuilt for an audit — store and coupons — but not exported again: export.sbatch.)
bg_skip_if_mailed() {
  local manifest
  manifest=$(bg_night_mailed)
  if [[ "$BG_FORCE" != 1 && -n $manifest ]]; then
    bg_log "night $BG_AS_OF was exported ($manifest): nothing to do — a mailed night is not rebuilt from newer inputs; submit with --force to rebuild it (and replace its mailing file)"
    exit 0
  fi
}

# bg_up_to_date OUT INPUT...: OUT exists and is newer than every existing INPUT (like make).
# Outputs are published by rename, so an existing final name is always a complete file.
bg_up_to_date() {
  local out=$1 input
  shift
  [[ -e "$out" ]] || return 1
  for input in "$@"; do
    [[ -z "$input" || ! -e "$input" ]] && continue
    [[ "$input" -nt "$out" ]] && return 1
  done
  return 0
}

# (ISO 8601 with its UTC offset, as basketgap's own lines in the same log)
bg_log() { echo "[$(date '+%FT%T%:z')] [${SLURM_JOB_NAME:-basketgap}${SLURM_JOB_ID:+ $SLURM_JOB_ID}] $*"; }

# bg_job_setup: the environment every stage runs with.
bg_job_setup() {
  export OPENBLAS_NUM_THREADS=1        # BLAS must not fight TBB for the cores
  export HDF5_USE_FILE_LOCKING=FALSE   # NFS/Lustre; outputs are published by rename anyway
  export OMPI_MCA_mpi_yield_when_idle=1
  : "${BG_AS_OF:?set by submit-nightly.sh}"
  NIGHT=$(bg_night "$BG_AS_OF")
  bg_log "as-of day $BG_AS_OF, night folder $NIGHT, restart ${SLURM_RESTART_COUNT:-0}, force=$BG_FORCE"
  # The site configuration edited since the night was submitted: its stages run with mixed settings.
  if [[ -n ${BG_CONFIG_SHA256:-} && $(sha256sum <"$BG_CONFIG" | cut -d' ' -f1) != "$BG_CONFIG_SHA256" ]]; then
    bg_log "warning: $BG_CONFIG changed since night $BG_AS_OF was submitted: this job runs with the file as it is now"
  fi
  # Jobs inherit the submitting shell's environment (--export=ALL): a test's variable left set
  # there changes what a night does — say so in its log.
  local name
  for name in BASKETGAP_FAILPOINT BASKETGAP_DUMP_FOLD BASKETGAP_WRITE_ALIGN_ROWS; do
    [[ -z ${!name:-} ]] || bg_log "warning: $name=${!name} is set (a test-only variable from the submitting shell; never in production)"
  done
}

# bg_store: the store a night reads: the persistent BG_STORE that grows night by night, or
# (BG_STORE empty) the night's own NIGHT/store.h5 ingested from the whole history.
bg_store() { if [[ -n "$BG_STORE" ]]; then echo "$BG_STORE"; else echo "$NIGHT/store.h5"; fi; }

# bg_night_transactions: with BG_STORE, the night's own transactions file (BG_NIGHT_TRANSACTIONS,
# a printf pattern of the as-of day, in BG_INPUT_DIR).
bg_night_transactions() {
  # (the folder as data: a % in it stays; a fixed name without a % is the same file every night)
  if [[ $BG_NIGHT_TRANSACTIONS == *%* ]]; then
    # shellcheck disable=SC2059
    printf "%s/$BG_NIGHT_TRANSACTIONS" "$BG_INPUT_DIR" "$BG_AS_OF"
  else
    printf '%s/%s' "$BG_INPUT_DIR" "$BG_NIGHT_TRANSACTIONS"
  fi
}

# bg_pinned_version: the store version the night's file was appended as (NIGHT/store-version,
# written by the ingest stage); empty without BG_STORE or before the night was appended.
bg_pinned_version() { [[ -n "$BG_STORE" && -r "$NIGHT/store-version" ]] && cat "$NIGHT/store-version" || true; }

# bg_version_of FILE AS_OF [newest]: the version of BG_STORE's live batch that came from FILE for
# night AS_OF: by its base name (all a batch records, from `basketgap inspect --json`) and its
# last day AS_OF — night files that share a base name (DAY/transactions.csv) would otherwise give
# another night's batch. With `newest` (the file was just appended), the newest batch of that
# name when none ends on AS_OF (a night whose rows end before its day). Empty when none.
bg_version_of() {
  "$BG_BIN" inspect --json "$BG_STORE" | python3 -c '
import json, os, sys
name, as_of, newest = os.path.basename(sys.argv[1]), int(sys.argv[2]), sys.argv[3] == "newest"
named = [b for b in json.load(sys.stdin)["batches"]
         if os.path.basename(b["source"]) == name and b["retracted_in"] == 0]
on_day = [b["version"] for b in named if b["last_day"] == as_of]
found = on_day or ([b["version"] for b in named] if newest else [])
print(found[-1] if found else "")' "$1" "$2" "${3:-}"
}

# bg_batch_live VERSION: BG_STORE's batch VERSION is not retracted.
bg_batch_live() {
  "$BG_BIN" inspect --json "$BG_STORE" | python3 -c '
import json, sys
batches = json.load(sys.stdin)["batches"]
v = int(sys.argv[1])
sys.exit(0 if 1 <= v <= len(batches) and batches[v - 1]["retracted_in"] == 0 else 1)' "$1"
}

# bg_missing_nights: with BG_STORE, the days between the store's last day (nights without
# sales count) and this night's as-of that no night brought, as "A-B" — empty when the as-of is
# at most BG_NIGHT_DAYS (default 1) after the store's last day. A night whose ingest failed
# would otherwise leave its day out of every later night's coupons, silently.
bg_missing_nights() {
  local last step=${BG_NIGHT_DAYS:-1}
  last=$("$BG_BIN" inspect --json "$BG_STORE" | python3 -c 'import json, sys; print(json.load(sys.stdin)["max_day"])') ||
    return 74
  ((step >= 1)) || step=1
  if ((BG_AS_OF > last + step)); then
    if ((BG_AS_OF - 1 == last + 1)); then echo "$((last + 1))"; else echo "$((last + 1))-$((BG_AS_OF - 1))"; fi
  fi
  return 0
}

# bg_check_history_kept STORE: without BG_STORE each night ingests the whole history again. A
# cut-short extract (a copy still being written, ordered by household: every day is there, the
# last households are not) parses cleanly; against the newest earlier night's store, a history
# with more than BG_MAX_SHRINK_PERCENT fewer rows or households is refused (65) and the new store
# set aside as STORE.shrunk (the night's rerun ingests again). A feed that keeps a rolling window
# loses a few of its oldest rows each night: within the percentage.
bg_check_history_kept() {
  local store=$1 previous="" night day
  while read -r night; do
    day=$((10#${night##*/as-of-}))
    if ((day < BG_AS_OF)) && [[ -f $night/store.h5 ]]; then previous=$night/store.h5; break; fi
  done < <(bg_night_folders)
  [[ -n $previous ]] || return 0
  local verdict
  verdict=$(python3 - "$("$BG_BIN" inspect --json "$previous")" "$("$BG_BIN" inspect --json "$store")" \
    "$BG_MAX_SHRINK_PERCENT" <<'PY'
import json, sys
before, after, most = json.loads(sys.argv[1]), json.loads(sys.argv[2]), float(sys.argv[3])
for what in ("rows", "households"):
    if after[what] < before[what] * (1 - most / 100):
        print(f"{what} {before[what]} -> {after[what]}")
        break
PY
  ) || return 74
  [[ -z $verdict ]] && return 0
  mv -f "$store" "$store.shrunk"
  bg_log "the history shrank since $previous ($verdict, more than BG_MAX_SHRINK_PERCENT=$BG_MAX_SHRINK_PERCENT %): a cut-short or wrong transactions file? The new store is set aside as $store.shrunk; deliver the whole file and submit the night again (a smaller history on purpose: raise BG_MAX_SHRINK_PERCENT) (exit 65)"
  return 65
}

# bg_record_version FILE: writes NIGHT/store-version, the version of BG_STORE's batch that came
# from FILE, so reruns of this night are pinned to it.
bg_record_version() {
  local version
  version=$(bg_version_of "$1" "$BG_AS_OF" newest) || return 74
  [[ -n "$version" ]] || { bg_log "no batch of $BG_STORE came from $1"; return 65; }
  # The file's digest beside it: a corrected file delivered under the same name is told from
  # the one appended (ingest.sbatch), not silently taken for it.
  sha256sum <"$1" | cut -d' ' -f1 >"$NIGHT/store-version.sha256"
  echo "$version" >"$NIGHT/store-version.tmp" && mv "$NIGHT/store-version.tmp" "$NIGHT/store-version"
  bg_log "night $BG_AS_OF reads $BG_STORE at version $version"
}

# bg_offers_file CONFIG: the offers CSV the score config's [campaign] names (relative to the
# config's folder), or nothing (no config, no offers, or a config basketgap will refuse itself).
bg_offers_file() {
  [[ -n "$1" && -r "$1" ]] || return 0
  python3 -c '
import os, sys, tomllib
try:
    offers = tomllib.load(open(sys.argv[1], "rb")).get("campaign", {}).get("offers", "")
except Exception:
    offers = ""
if isinstance(offers, str) and offers:
    print(os.path.join(os.path.dirname(os.path.abspath(sys.argv[1])), offers))' "$1"
}

# bg_skip_if_done OUT INPUT...: ends the job successfully when OUT is up to date (unless forced).
bg_skip_if_done() {
  if [[ "$BG_FORCE" != 1 ]] && bg_up_to_date "$@"; then
    bg_log "$1 is up to date; nothing to do (submit with --force to redo it)"
    exit 0
  fi
}

# bg_srun SUBCOMMAND ARGS...: basketgap on every task of the job, then the exit-code policy:
# 0 done; 75 (stopped by SIGTERM: time limit near, preemption) requeue this job, which resumes;
# anything else fails the job with basketgap's code, so Slurm's ExitCode says what went wrong.
bg_srun() {
  local code=0
  bg_srun_step "$@" || code=$?
  bg_finish "$code"
}

# bg_srun_step SUBCOMMAND ARGS...: basketgap on every task of the job; returns its exit code.
bg_srun_step() {
  bg_log "srun basketgap $*"
  srun --mpi=pmix --cpus-per-task="${SLURM_CPUS_PER_TASK:-1}" --kill-on-bad-exit=1 "$BG_BIN" "$@"
}

bg_finish() {
  local code=$1 lost
  case $code in
    0) bg_log "done" ;;
    75) bg_requeue "interrupted (exit 75)" ;;
    64) bg_log "failed: usage or configuration error (exit 64)" ;;
    65) bg_log "failed: bad input data (exit 65); see the error line above" ;;
    66) bg_log "failed: an input file is missing (exit 66)" ;;
    73) bg_log "failed: cannot create an output (exit 73)" ;;
    74) bg_log "failed: I/O error (exit 74)" ;;
    *)
      # Not one of basketgap's own codes: a rank crashed or was killed. If a node of the job
      # was lost, a rerun on the nodes that are left resumes from the checkpoint.
      bg_log "failed with exit code $code; checking whether a node of $SLURM_JOB_NODELIST was lost"
      if lost=$(bg_lost_nodes); then
        bg_requeue "node(s) $lost lost (exit $code)"
        bg_log "failed with exit code $code (node(s) $lost lost)"
      else
        bg_log "failed with exit code $code (no node of the job was lost)"
      fi
      ;;
  esac
  exit "$code"
}

# bg_requeue REASON: queues this job again (up to BG_MAX_REQUEUES times) and waits for Slurm
# to end this run; returns when the limit is reached.
bg_requeue() {
  if ((${SLURM_RESTART_COUNT:-0} < BG_MAX_REQUEUES)); then
    bg_log "$1: requeueing; the rerun resumes from what completed"
    if ! scontrol requeue "$SLURM_JOB_ID"; then
      bg_log "scontrol requeue $SLURM_JOB_ID failed (the controller did not answer?): submit the night again once Slurm answers"
      return 0
    fi
    # Slurm now ends this run and queues the job again; never end as FAILED meanwhile
    # (dependent jobs would be cancelled).
    sleep 600
  fi
  bg_log "$1 and requeued ${SLURM_RESTART_COUNT:-0} times already: giving up"
}

# bg_lost_nodes: prints the nodes of this job that Slurm sees as not responding, down or
# failing (comma-separated), waiting up to BG_NODE_LOSS_WAIT seconds for Slurm to notice
# (default: the cluster's SlurmdTimeout + 10; a node is declared DOWN after SlurmdTimeout).
# Returns 1 when every node still answers.
bg_lost_nodes() {
  local wait=${BG_NODE_LOSS_WAIT:-} deadline lost
  if [[ -z "$wait" ]]; then
    wait=$(scontrol show config 2>/dev/null | awk '$1 == "SlurmdTimeout" { print $3 + 0 }')
    wait=$((${wait:-300} + 10))
  fi
  # Every node of the job answering a short step: none was lost (a rank crashed or the OOM
  # killer ended it), and the job fails now instead of after SlurmdTimeout (5 minutes by
  # default). A lost node does not answer: then Slurm is given the time to declare it.
  local nodes=${SLURM_JOB_NUM_NODES:-1}
  if timeout -k 5 30 srun --nodes="$nodes" --ntasks="$nodes" --ntasks-per-node=1 --cpus-per-task=1 true >/dev/null 2>&1; then
    return 1
  fi
  deadline=$((SECONDS + wait))
  while ((SECONDS < deadline)); do
    lost=$(sinfo -h -N -n "$SLURM_JOB_NODELIST" -o '%N %t' 2>/dev/null |
      awk '$2 ~ /[*]$|^down|^fail/ { print $1 }' | sort -u | paste -sd, -)
    [[ -n "$lost" ]] && { echo "$lost"; return 0; }
    sleep 1
  done
  return 1
}
