#!/usr/bin/env bash
# Builds basketgap (Release) and runs the whole test suite: unit, MPI and end-to-end tests.
# Installs missing Debian packages first. Tests that need ../shared/data skip without it.
#   cmake/test.sh              everything
#   cmake/test.sh -L unit      only one label (unit, mpi, e2e, slurm), any ctest arguments
#   cmake/test.sh --asan       Debug + ASan/UBSan (preset debug-asan): builds only the unit and
#                              MPI test binaries and runs those labels
set -euo pipefail
cd "$(dirname "$0")/.."
cmake/setup-debian.sh
if [[ "${1:-}" == "--asan" ]]; then
  shift
  cmake --preset debug-asan >/dev/null
  # Only the test binaries: a sanitized build of everything else would double the CI time.
  cmake --build --preset debug-asan --target unit_tests mpi_tests
  exec ctest --preset debug-asan -L 'unit|mpi' "$@"
fi
cmake --preset release >/dev/null
cmake --build --preset release
ctest --preset release "$@"
