# Shared helpers for the end-to-end tests (sourced). ctest sets BASKETGAP, MPIEXEC, REPO,
# SHARED_DATA, TEST_DATA and the OMPI_* variables (tests/CMakeLists.txt).
set -euo pipefail

: "${BASKETGAP:?set by ctest}" "${MPIEXEC:=mpirun}" "${REPO:?set by ctest}"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/basketgap-e2e.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
# OpenMPI's session directory under this test's own folder: tests running side by side (ctest
# -j) otherwise create and remove the same /tmp/ompi.<host>.<uid>, and one of them can fail with
# "mkdir ...: File exists" before its first rank starts. A folder of its own, which
# no_temporaries skips: OpenMPI removes it as a run ends, and a `find` walking it then fails.
export OMPI_MCA_orte_tmpdir_base="$WORK/ompi-session"
mkdir -p "$OMPI_MCA_orte_tmpdir_base"
# basketgap run without mpirun (generate, inspect, export) is an MPI singleton: without this it
# forks a daemon that removes the session folder after the process has exited, and the test's
# next mpirun can fail creating its own there ("A call to mkdir was unable to create the desired
# directory", as one CI run saw; open-mpi/ompi#8510). Isolated, a singleton starts no daemon.
export OMPI_MCA_ess_singleton_isolated=1

fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "SKIP: $*"; exit 77; }

# real_dunnhumby: D = the real dunnhumby folder of ../shared/data, or the test is skipped (the
# project builds and tests without it).
real_dunnhumby() {
  D=${SHARED_DATA:-}/dunnhumby
  [[ -r $D/transaction_data.csv ]] || skip "real data not found at $D (optional: ../shared/data)"
}
note() { echo "-- $*"; }

# bg N ARGS...: basketgap under mpirun with N ranks.
bg() {
  local n=$1; shift
  if [[ -z ${BG_TIMEOUT:-} ]]; then
    "$MPIEXEC" -np "$n" "$BASKETGAP" "$@"
    return
  fi
  # BG_TIMEOUT=S (set by a test): a run still going after S seconds is a hang, said as one
  # rather than left to ctest's limit (--foreground: mpirun stays in the test's process group).
  local rc=0
  timeout --foreground --kill-after=10 "$BG_TIMEOUT" "$MPIEXEC" -np "$n" "$BASKETGAP" "$@" || rc=$?
  # Said on stderr and returned (124): expect_exit then shows it with the code it got.
  [[ $rc != 124 ]] || echo "FAIL: still running after $BG_TIMEOUT s (a hang?): mpirun -np $n basketgap $*" >&2
  return $rc
}

# expect_exit CODE CMD...: runs CMD, fails unless it exits with CODE.
expect_exit() {
  local want=$1; shift
  local got=0
  "$@" >"$WORK/last.out" 2>"$WORK/last.err" || got=$?
  [[ $got == "$want" ]] || { cat "$WORK/last.err" >&2; fail "expected exit $want, got $got: $*"; }
}

# json_field FILE KEY: a top-level field of a JSON file.
json_field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"; }

# same_datasets A.h5 B.h5 PATH...: the groups' (or datasets') members, shapes and values are
# identical (tests/tools/same_datasets.py: h5diff exits 0 for datasets of different shapes).
same_datasets() {
  local a=$1 b=$2; shift 2
  /usr/bin/python3 "$REPO/tests/tools/same_datasets.py" "$a" "$b" "$@" || fail "$a and $b differ in $*"
}

# no_temporaries DIR: no temporary or spill file left behind.
no_temporaries() {
  local left
  [[ -d $1 ]] || fail "no_temporaries: no folder $1"
  # A file that vanishes while find walks the folder is no leftover (find then exits 1).
  left=$(find "$1" -path "$OMPI_MCA_orte_tmpdir_base" -prune -o \( -name '*.tmp-*' -o -name '*.spill-*' \) -print 2>/dev/null | head -5 || true)
  [[ -z "$left" ]] || fail "temporary files left behind: $left"
}
