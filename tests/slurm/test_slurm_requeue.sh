#!/usr/bin/env bash
# Preemption / time-limit warning on a real single-node Slurm: SIGTERM to the score job's
# tasks (what --signal=TERM@120 or preemption sends) once its blend is checkpointed. The job
# script sees exit 75, requeues the job; the rerun resumes from the checkpoint, the export
# waiting on it with afterok runs after it, and every job ends COMPLETED 0:0.
source "$(dirname "$0")/../e2e/lib.sh"
source "$(dirname "$0")/cluster.sh"
slurm_available || skip "slurmctld/slurmd/munge not installed (cmake/setup-debian.sh --slurm)"
[[ $(id -u) == 0 ]] || skip "a test Slurm needs root"
trap 'slurm_stop; rm -rf "$WORK"' EXIT
"$BASKETGAP" -q generate --households 3000 --out "$WORK/input" || fail "generate"
slurm_start "$WORK/slurm" || fail "could not start Slurm (logs in $WORK/slurm/log)"

printf '[score]\nmax_training_households = 300\n' >"$WORK/score.toml"
cat >"$WORK/site.conf" <<CONF
BG_BIN=$BASKETGAP
BG_INPUT_DIR=$WORK/input
BG_OUT_ROOT=$WORK/nightly
BG_SCORE_CONFIG=$WORK/score.toml
BG_STAGES="ingest score export"
BG_KEEP_NIGHTS=0
BG_INGEST_NTASKS=2; BG_INGEST_CPUS=1; BG_INGEST_MEM=2G; BG_INGEST_TIME=00:10:00
BG_SCORE_NTASKS=2;  BG_SCORE_CPUS=1;  BG_SCORE_MEM=2G;  BG_SCORE_TIME=00:10:00
BG_EXPORT_NTASKS=1; BG_EXPORT_CPUS=1; BG_EXPORT_MEM=1G; BG_EXPORT_TIME=00:10:00
CONF
as_of=700
night=$(printf '%s/nightly/as-of-%05d' "$WORK" "$as_of")
# The score waits after its checkpoint until the signal (the failpoint's until-stop; sbatch
# exports the environment), so the signal cannot arrive after a fast score has ended. The
# requeued run resumes from the checkpoint, past that point.
BASKETGAP_FAILPOINT=score/fit-checkpointed:until-stop \
  "$REPO/slurm/submit-nightly.sh" --config "$WORK/site.conf" --as-of "$as_of" >"$WORK/jobs.txt" || fail "submit"
cat "$WORK/jobs.txt"
score=$(awk '$1 == "score" { print $2 }' "$WORK/jobs.txt")
mapfile -t ids < <(awk '{ print $2 }' "$WORK/jobs.txt")

note "waiting for the score job's checkpoint, then SIGTERM to its tasks"
deadline=$((SECONDS + 600))
until grep -qs "checkpoint saved" "$night/logs/bg-score-$as_of-$score.out"; do
  ((SECONDS < deadline)) || fail "no checkpoint in the score log"
  [[ $(job_field "$score" JobState) =~ ^(PENDING|RUNNING|CONFIGURING)$ ]] || fail "score ended before the signal"
  sleep 0.1
done
scancel --signal=TERM "$score"
slurm_wait_jobs "${ids[@]}" || fail "jobs did not finish"
for id in "${ids[@]}"; do
  state=$(job_field "$id" JobState) code=$(job_field "$id" ExitCode)
  [[ $state == COMPLETED && $code == 0:0 ]] || { tail -n 30 "$night"/logs/*; fail "job $id: $state $code"; }
done
[[ $(job_field "$score" Restarts) -ge 1 ]] || fail "the score job was not requeued"
log=$(cat "$night/logs/bg-score-$as_of-$score.out")
grep -q "failpoint score/fit-checkpointed" <<<"$log" || fail "the score did not wait after its checkpoint (environment not passed?)"
grep -q "interrupted (exit 75): requeueing" <<<"$log" || fail "no requeue line in the score log"
grep -q "resuming from checkpoint" <<<"$log" || fail "the requeued score did not resume"
"$BASKETGAP" export --verify "$night/export-$as_of.csv" >/dev/null 2>&1 || fail "export does not match its manifest"
no_temporaries "$WORK/nightly"
[[ -z $(find "$night" -name '*.checkpoint-*') ]] || fail "checkpoint left behind"
note "requeue + resume OK in ${SECONDS}s"
