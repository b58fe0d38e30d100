# Helpers for the fault tests (sourced after lib.sh): a generated data set big enough to
# interrupt, background runs under mpirun, waiting for a log line, signalling ranks.

# make_data DIR HOUSEHOLDS: a generated data set in DIR (transactions/products/households.csv).
make_data() {
  "$BASKETGAP" -q generate --households "$2" --out "$1" || fail "generate"
}

# ingest_store CSV_DIR STORE: a store from a generated data set, 2 ranks.
ingest_store() {
  bg 2 -q ingest --transactions "$1/transactions.csv" --products "$1/products.csv" \
    --households "$1/households.csv" --out "$2" || fail "ingest $2"
}

# start LOG ARGS...: basketgap under mpirun -np ${FAULT_RANKS:-2} in the background; sets RUN_PID.
start() {
  local log=$1; shift
  "$MPIEXEC" -np "${FAULT_RANKS:-2}" "$BASKETGAP" "$@" >"$log" 2>&1 &
  RUN_PID=$!
}

# wait_for_line LOG PATTERN: until PATTERN appears in LOG; fails if the run ended first.
wait_for_line() {
  local deadline=$((SECONDS + 300))
  until grep -q "$2" "$1"; do
    kill -0 "$RUN_PID" 2>/dev/null || { cat "$1" >&2; fail "the run ended before '$2'"; }
    ((SECONDS < deadline)) || fail "timed out waiting for '$2'"
    sleep 0.05
  done
}

# signal_ranks SIGNAL [RANK]: SIGNAL to every rank (as Slurm does) or to one (by launch order).
signal_ranks() {
  local pids
  mapfile -t pids < <(pgrep -P "$RUN_PID" | sort -n)
  ((${#pids[@]} == ${FAULT_RANKS:-2})) || fail "expected ${FAULT_RANKS:-2} ranks under mpirun $RUN_PID, found ${#pids[@]}"
  if [[ -n "${2:-}" ]]; then kill "-$1" "${pids[$2]}"; else kill "-$1" "${pids[@]}"; fi
}

# finish: waits for the background run; sets RUN_CODE.
finish() {
  RUN_CODE=0
  wait "$RUN_PID" || RUN_CODE=$?
}

# finish_within SECONDS: like finish, but a run still going after SECONDS is killed and the
# test fails (a hang must fail fast, not at CI's time limit).
finish_within() {
  local deadline=$((SECONDS + $1))
  while kill -0 "$RUN_PID" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      pkill -KILL -P "$RUN_PID" 2>/dev/null || true
      kill -KILL "$RUN_PID" 2>/dev/null || true
      finish
      fail "the run was still going after $1 s (hung): killed"
    fi
    sleep 0.1
  done
  finish
}

# no_final FILE: nothing was published under FILE.
no_final() { [[ ! -e "$1" ]] || fail "$1 exists after a failed run"; }
