#!/usr/bin/env bash
# A disk that fills during the final write of ingest, score and export, at -np 2 and -np 3
# (and export at -np 1), or leaves room for score's datasets but not for its close: every run ends within a bounded time (never a hang in a
# collective), exits 74 (I/O error), logs one line naming the rank and the file, and
# publishes nothing under the final name. The disk is a real tmpfs made by this test.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/faults.sh"
LIMIT=${FAULT_TIME_LIMIT:-120}  # seconds: a hang is a failure, not a wait until CI's timeout
disk=$WORK/small-disk
mkdir -p "$disk"
mount -t tmpfs -o size=1m tmpfs "$disk" 2>/dev/null || skip "cannot mount a tmpfs here (needs root)"
head_disk=$WORK/head-disk  # room for a store and the close margin (4 MiB) of its ingest
mkdir -p "$head_disk"
mount -t tmpfs -o size=8m tmpfs "$head_disk" 2>/dev/null || skip "cannot mount a tmpfs here (needs root)"
trap 'umount -l "$disk" "$head_disk" 2>/dev/null; rm -rf "$WORK"' EXIT

make_data "$WORK/data" 1500
ingest_store "$WORK/data" "$WORK/store.h5"
printf '[score]\nmax_training_households = 300\n' >"$WORK/score.toml"
bg 1 -q score --store "$WORK/store.h5" --as-of 700 --config "$WORK/score.toml" --out "$WORK/coupons.h5" ||
  fail "reference score"

# run_full_disk NAME RANKS FREE_KB ARGS...: runs with a time limit on a disk with FREE_KB left;
# checks the code, the log line and that nothing stands under the final name.
run_full_disk() {
  local name=$1 ranks=$2 free=$3; shift 3
  rm -rf "${disk:?}"/*
  local size_kb
  size_kb=$(df -k --output=avail "$disk" | tail -1)
  dd if=/dev/zero of="$disk/filler" bs=1k count=$((size_kb - free)) status=none 2>/dev/null || true
  local start=$SECONDS code=0
  timeout -k 10 "$LIMIT" "$MPIEXEC" -np "$ranks" "$BASKETGAP" "$@" >"$WORK/$name.log" 2>&1 || code=$?
  local took=$((SECONDS - start))
  [[ $code != 124 && $code != 137 ]] || { cat "$WORK/$name.log" >&2; fail "$name -np $ranks hung: killed after ${LIMIT} s"; }
  [[ $code == 74 ]] || { cat "$WORK/$name.log" >&2; fail "$name -np $ranks exited $code, not 74 (I/O error)"; }
  grep -qE '\[rank [0-9]+\] \[error\] .*small-disk' "$WORK/$name.log" ||
    { cat "$WORK/$name.log" >&2; fail "$name -np $ranks: no error line naming the rank and the file"; }
  no_final "$disk/out"
  note "$name -np $ranks: exit 74 after ${took} s; left on the disk: $(ls -A "$disk" | grep -v filler | tr '\n' ' ')"
}

for ranks in 2 3; do
  run_full_disk ingest "$ranks" 128 ingest --transactions "$WORK/data/transactions.csv" \
    --spill-dir "$WORK" --out "$disk/out"
  run_full_disk score "$ranks" 24 score --store "$WORK/store.h5" --as-of 700 --config "$WORK/score.toml" \
    --threads 1 --out "$disk/out"
  run_full_disk export "$ranks" 24 export --coupons "$WORK/coupons.h5" --store "$WORK/store.h5" --out "$disk/out"
done
run_full_disk export 1 24 export --coupons "$WORK/coupons.h5" --store "$WORK/store.h5" --out "$disk/out"
# Room for the datasets but not for the close's metadata flush (it hung both ranks inside HDF5,
# one in a barrier, one in a broadcast): refused before the close, 74, never a hang.
coupons_kb=$(( $(stat -c %s "$WORK/coupons.h5") / 1024 ))
for ranks in 2 3; do
  run_full_disk score-close "$ranks" $((coupons_kb + 96)) score --store "$WORK/store.h5" --as-of 700 \
    --config "$WORK/score.toml" --threads 1 --out "$disk/out"
  grep -q "small-disk/out.tmp-[^:]*: only [0-9]* KiB free on its file system, less than the [0-9]* KiB its closing metadata write may need" \
    "$WORK/score-close.log" || fail "score -np $ranks: the close's room is not named: $(grep error "$WORK/score-close.log")"
done

# The store's head, rewritten by retract and by a night without sales, on a full disk: 74 naming
# the file, the store as it was (its failed close segfaulted both ranks in MPI_Finalize: 139).
awk -F, 'NR == 1 || ($3 <= 700 && ++n <= 3000)' "$WORK/data/transactions.csv" >"$WORK/base.csv"
awk -F, 'NR == 1 || ($3 == 701 && ++n <= 200)' "$WORK/data/transactions.csv" >"$WORK/night.csv"
head -1 "$WORK/data/transactions.csv" >"$WORK/closed.csv"
for job in retract no-sales; do
  for ranks in 1 2; do
    rm -rf "${head_disk:?}"/*
    bg 1 -q ingest --transactions "$WORK/base.csv" --out "$head_disk/store.h5" || fail "ingest onto the small disk"
    bg 1 -q append --store "$head_disk/store.h5" --transactions "$WORK/night.csv" || fail "append onto the small disk"
    case $job in
      retract) args=(retract --store "$head_disk/store.h5" --version 2) ;;
      no-sales) args=(append --store "$head_disk/store.h5" --transactions "$WORK/closed.csv" --no-sales-day 702) ;;
    esac
    size_kb=$(df -k --output=avail "$head_disk" | tail -1)
    dd if=/dev/zero of="$head_disk/filler" bs=1k count=$((size_kb - 32)) status=none 2>/dev/null || true
    code=0
    timeout -k 10 "$LIMIT" "$MPIEXEC" -np "$ranks" "$BASKETGAP" "${args[@]}" >"$WORK/head.log" 2>&1 || code=$?
    [[ $code == 74 ]] || { cat "$WORK/head.log" >&2; fail "$job -np $ranks on a full disk exited $code, not 74"; }
    grep -q "head-disk/store.h5.tmp-[^:]*: only [0-9]* KiB free" "$WORK/head.log" ||
      { cat "$WORK/head.log" >&2; fail "$job -np $ranks: the head's file and room are not named"; }
    rm -f "$head_disk/filler"
    version=$("$BASKETGAP" inspect "$head_disk/store.h5" --json | grep -m1 '"store_version"' | tr -dc 0-9)
    [[ $version == 2 ]] || fail "$job -np $ranks: the store is at version $version after the failure, not 2"
    note "$job -np $ranks: exit 74 on a full disk, the store unchanged"
  done
done
echo "ok"
