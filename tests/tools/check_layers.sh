#!/usr/bin/env bash
# The layer rules of docs/ARCHITECTURE.md, checked on the sources' includes (every library sees
# the whole tree as its include root, so the compiler alone would not stop a wrong include):
#   engine/ includes nothing of io/ or jobs/, and neither MPI nor HDF5;
#   io/ includes nothing of engine/ or jobs/;
#   jobs/ reaches MPI only through jobs/cluster/ (its one small layer), HDF5 only through io/;
#   and no MPI call outside jobs/cluster/ (io/'s headers include <mpi.h> for the MPI-IO
#   communicator they take, so a job could call MPI through them without an include of its own).
# Usage: check_layers.sh SOURCE_DIR. Prints each broken rule with file:line; exit 1 if any.
set -uo pipefail
cd "${1:?usage: check_layers.sh SOURCE_DIR}" || exit 2
broken=0
# rule DESCRIPTION FOLDER PATTERN [EXCLUDED_FOLDER]: no include matching PATTERN in FOLDER.
rule() {
  local what=$1 folder=$2 pattern=$3 excluded=${4:-}
  local hits
  hits=$(grep -rnE --include='*.cpp' --include='*.hpp' "^[[:space:]]*#[[:space:]]*include[[:space:]]*[<\"]($pattern)" "$folder" |
    { if [[ -n $excluded ]]; then grep -v "^$excluded/"; else cat; fi; })
  if [[ -n $hits ]]; then
    echo "$what:"
    echo "$hits" | sed 's/^/  /'
    broken=1
  fi
}
# calls DESCRIPTION FOLDER [EXCLUDED_FOLDER]: no MPI_Xxx( call in FOLDER, comments aside.
calls() {
  local what=$1 folder=$2 excluded=${3:-}
  local hits
  hits=$(grep -rnE --include='*.cpp' --include='*.hpp' '\bMPI_[A-Z][a-z_]*[[:space:]]*\(' "$folder" |
    { if [[ -n $excluded ]]; then grep -v "^$excluded/"; else cat; fi; } |
    awk '{ line = $0; sub(/^[^:]*:[0-9]+:/, "", line); cut = index(line, "//");
           if (cut == 0 || match(line, /MPI_[A-Z][a-z_]*[[:space:]]*\(/) < cut) print }')
  if [[ -n $hits ]]; then
    echo "$what:"
    echo "$hits" | sed 's/^/  /'
    broken=1
  fi
}
rule "engine/ includes io/ or jobs/" engine 'io/|jobs/'
rule "engine/ includes MPI or HDF5" engine 'mpi\.h|hdf5|H5[A-Za-z]*\.h'
rule "io/ includes engine/ or jobs/" io 'engine/|jobs/'
rule "jobs/ includes MPI outside jobs/cluster/" jobs 'mpi\.h' jobs/cluster
rule "jobs/ includes HDF5 (only io/ reads and writes it)" jobs 'hdf5|H5[A-Za-z]*\.h'
calls "jobs/ calls MPI outside jobs/cluster/" jobs jobs/cluster
calls "io/ calls MPI (jobs/cluster/ is the MPI layer)" io
calls "engine/ calls MPI" engine
((broken == 0)) && echo "layers: every include keeps to its layer"
exit "$broken"
