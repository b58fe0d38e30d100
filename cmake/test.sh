#!/usr/bin/env bash
# Builds basketgap (Release) and runs the whole test suite: kernel, unit, MPI, end-to-end and
# Slurm tests. Installs missing Debian packages first. Tests that need ../shared/data skip without it.
#   cmake/test.sh                everything
#   cmake/test.sh -L unit        only one label (engine, unit, mpi, e2e, slurm), any ctest arguments
#   cmake/test.sh --asan         Debug + ASan/UBSan (preset debug-asan): builds only the kernel, unit
#                                and MPI test binaries and runs those labels
#   cmake/test.sh --engine-only  the kernels and their tests configured without MPI and HDF5
#                                (preset engine-only): the engine stands alone
set -euo pipefail
cd "$(dirname "$0")/.."
cmake/setup-debian.sh
case "${1:-}" in
  --asan)
    shift
    cmake --preset debug-asan >/dev/null
    # Only the test binaries: a sanitized build of everything else would double the CI time.
    cmake --build --preset debug-asan --target engine_tests unit_tests mpi_tests
    exec ctest --preset debug-asan -L 'engine|unit|mpi' "$@"
    ;;
  --engine-only)
    shift
    cmake --preset engine-only >/dev/null
    cmake --build --preset engine-only
    exec ctest --preset engine-only "$@"
    ;;
esac
cmake --preset release >/dev/null
cmake --build --preset release
ctest --preset release "$@"
