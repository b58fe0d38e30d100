# Shared helpers for the benchmark scripts (sourced). Builds the release binary if needed.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${BASKETGAP:-$ROOT/build/release/bin/basketgap}
if [[ ! -x $BIN ]]; then
  (cd "$ROOT" && cmake --preset release >/dev/null && cmake --build --preset release --target basketgap)
fi
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_btl=self,vader
export OMPI_MCA_oob_tcp_if_include=lo OMPI_MCA_rmaps_base_oversubscribe=1 OPENBLAS_NUM_THREADS=1

# timed LABEL CMD...: runs CMD under GNU time; prints wall seconds and peak RSS (max over the
# processes GNU time sees: with mpirun, use per_rank_peak below instead).
timed() {
  local label=$1; shift
  local log; log=$(mktemp)
  /usr/bin/time -f '%e %M' -o "$log" "$@"
  read -r secs kb <"$log"
  printf '%-34s %8.1f s   peak RSS %7.0f MiB\n' "$label" "$secs" "$((kb / 1024))"
  rm -f "$log"
}

# replicated_csv DIR COPIES: DIR/replicated.csv, the real dunnhumby file replicated COPIES times
# (each copy gets new household and basket ids; every line is dropped independently with
# probability 0.1, fixed seed), built once.
replicated_csv() {
  local dir=$1 copies=$2 real=${SHARED_DATA:-$ROOT/../shared/data}/dunnhumby/transaction_data.csv
  mkdir -p "$dir"
  if [[ ! -s $dir/replicated.csv ]]; then
    [[ -r $real ]] || { echo "needs $real" >&2; exit 1; }
    echo "replicating $real x $copies (drop probability 0.1, seed 42)"
    g++ -O2 -o "$dir/replicate" "$ROOT/bench/replicate_dunnhumby.cpp"
    "$dir/replicate" "$real" "$copies" >"$dir/replicated.tmp" && mv "$dir/replicated.tmp" "$dir/replicated.csv"
  fi
  echo "replicated.csv: $(($(wc -l <"$dir/replicated.csv") - 1)) rows, $(($(stat -c %s "$dir/replicated.csv") / 1000000)) MB"
}
