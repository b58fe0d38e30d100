#!/usr/bin/env bash
# Builds basketgap (Release) and runs the whole test suite: unit, MPI and end-to-end tests.
# Installs missing Debian packages first. Tests that need ../shared/data skip without it.
#   cmake/test.sh              everything
#   cmake/test.sh -L unit      only one label (unit, mpi, e2e), any ctest arguments
set -euo pipefail
cd "$(dirname "$0")/.."
cmake/setup-debian.sh
cmake --preset release >/dev/null
cmake --build --preset release
ctest --preset release "$@"
