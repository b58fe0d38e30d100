#!/usr/bin/env bash
# `append` (docs/FORMATS.md "Batches", docs/RUNBOOK.md "Daily append"): a store built night by
# night gives byte-identical coupons to one ingested at once from the same rows (1 and 2 ranks);
# a night appended twice leaves the store's bytes unchanged; a killed append (two points) leaves
# the store byte-identical; a second writer is refused (73); inspect --json shows the batches;
# a night rerun with --store-version after late rows arrived gives its original coupons.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/faults.sh"
make_data "$WORK/data" 3000
d=$WORK/data
side=(--products "$d/products.csv" --households "$d/households.csv")
last=$(awk -F, 'NR > 1 && $3 > m { m = $3 } END { print m }' "$d/transactions.csv")
base_day=$((last - 12)) as_of=$((last - 1))
mkdir "$WORK/n"
# The base (days <= base_day) and four nights of three days each, in file order.
awk -F, -v b="$base_day" -v dir="$WORK/n" 'NR == 1 { h = $0; print h > (dir "/base.csv"); for (i = 1; i <= 4; ++i) print h > (dir "/night" i ".csv"); next }
  $3 <= b { print > (dir "/base.csv"); next } { print > (dir "/night" int(($3 - b - 1) / 3 + 1) ".csv") }' "$d/transactions.csv"

note "one-shot ingest and the night-by-night store"
bg 2 -q ingest --transactions "$d/transactions.csv" "${side[@]}" --out "$WORK/oneshot.h5" || fail "one-shot ingest"
bg 2 -q ingest --transactions "$WORK/n/base.csv" "${side[@]}" --out "$WORK/nightly.h5" || fail "base ingest"
night2_as_of=$((base_day + 6))
for i in 1 2 3 4; do
  bg 2 -q append --store "$WORK/nightly.h5" --transactions "$WORK/n/night$i.csv" "${side[@]}" || fail "append night $i"
  if ((i == 2)); then  # night 2's run, on version 3, kept to be rerun after late rows arrive
    bg 2 -q score --store "$WORK/nightly.h5" --as-of "$night2_as_of" --out "$WORK/c-night2.h5" || fail "score night 2"
  fi
done
same_datasets "$WORK/oneshot.h5" "$WORK/nightly.h5" /transactions/household /transactions/day /transactions/basket \
  /transactions/product /transactions/quantity /transactions/spend /households /products

note "inspect --json: store_version and batches"
"$BASKETGAP" inspect "$WORK/nightly.h5" --json >"$WORK/inspect.json" || fail "inspect"
python3 - "$WORK/inspect.json" <<'PY' || fail "inspect --json"
import json, sys
j = json.load(open(sys.argv[1]))
assert j["store_version"] == 5, j["store_version"]
b = j["batches"]
assert [x["version"] for x in b] == [1, 2, 3, 4, 5], b
assert [x["source"] for x in b] == ["base.csv", "night1.csv", "night2.csv", "night3.csv", "night4.csv"], b
assert sum(x["rows"] for x in b) == j["rows"], b
assert all(len(x["source_xxh3"]) == 16 for x in b), b
PY
"$BASKETGAP" inspect "$WORK/oneshot.h5" --json >"$WORK/inspect1.json" || fail "inspect one-shot"
[[ $(json_field "$WORK/inspect1.json" store_version) == 1 ]] || fail "a fresh ingest is not version 1"

for n in 1 2; do
  note "coupons identical at -np $n"
  bg "$n" -q score --store "$WORK/oneshot.h5" --as-of "$as_of" --out "$WORK/c-one-$n.h5" || fail "score one-shot"
  bg "$n" -q score --store "$WORK/nightly.h5" --as-of "$as_of" --out "$WORK/c-nightly-$n.h5" || fail "score nightly"
  same_datasets "$WORK/c-one-$n.h5" "$WORK/c-nightly-$n.h5" /coupons /households
done

note "a night appended twice changes nothing"
before=$(md5sum <"$WORK/nightly.h5")
bg 2 append --store "$WORK/nightly.h5" --transactions "$WORK/n/night2.csv" >"$WORK/again.log" 2>&1 ||
  { cat "$WORK/again.log"; fail "double append"; }
grep -q "already appended as version 3; nothing to do" "$WORK/again.log" || fail "no 'already appended' line"
[[ $(md5sum <"$WORK/nightly.h5") == "$before" ]] || fail "the store changed on a double append"

note "a second writer is refused (73)"
cp "$WORK/n/night4.csv" "$WORK/n/extra.csv"
echo "otherhost 4242" >"$WORK/nightly.h5.lock"
# A live writer: one process holding the lock (no child left behind when it is killed).
bash -c 'exec 9>>"$1"; flock 9; exec sleep 600' _ "$WORK/nightly.h5.lock" >/dev/null 2>&1 &
holder=$!
sleep 0.5
expect_exit 73 bg 1 append --store "$WORK/nightly.h5" --transactions "$WORK/n/extra.csv"
grep -q "another writer holds .*otherhost 4242" "$WORK/last.err" || fail "the refusal does not say why: $(cat "$WORK/last.err")"
kill "$holder"
wait "$holder" 2>/dev/null || true
rm "$WORK/nightly.h5.lock"
[[ $(md5sum <"$WORK/nightly.h5") == "$before" ]] || fail "the store changed under a refused writer"

note "a killed append leaves the store byte-identical (two points)"
# A new night: the first file's rows with new basket ids, so it has a checksum of its own.
awk -F, -v OFS=, 'NR > 1 { $2 = "9" $2 } { print }' "$d/transactions.csv" >"$WORK/n/big.csv"
for point in parse write; do
  start "$WORK/kill-$point.log" append --store "$WORK/nightly.h5" --transactions "$WORK/n/big.csv"
  if [[ $point == parse ]]; then
    wait_for_line "$WORK/kill-$point.log" "(version 5 -> 6)"
  else
    until compgen -G "$WORK/nightly.h5.tmp-*" >/dev/null; do
      kill -0 "$RUN_PID" 2>/dev/null || { cat "$WORK/kill-$point.log" >&2; fail "the append ended before writing"; }
      sleep 0.05
    done
  fi
  signal_ranks KILL
  finish
  [[ $RUN_CODE != 0 ]] || fail "killed at $point: exit 0 (finished before the kill?)"
  [[ $(md5sum <"$WORK/nightly.h5") == "$before" ]] || fail "killed at $point: the store changed"
done
note "after the kills (the kernel released the killed run's lock) the append succeeds"
bg 2 -q append --store "$WORK/nightly.h5" --transactions "$WORK/n/big.csv" || fail "append after the kills"
"$BASKETGAP" inspect "$WORK/nightly.h5" --json >"$WORK/inspect2.json" || fail "inspect"
[[ $(json_field "$WORK/inspect2.json" store_version) == 6 ]] || fail "not version 6 after the append"

note "pinned rerun: night 2 with --store-version 3 after late rows (version 6 holds rows of every day)"
bg 1 -q score --store "$WORK/nightly.h5" --store-version 3 --as-of "$night2_as_of" --out "$WORK/c-night2-rerun.h5" ||
  fail "pinned rerun"
same_datasets "$WORK/c-night2.h5" "$WORK/c-night2-rerun.h5" /coupons /households
bg 2 -q score --store "$WORK/nightly.h5" --as-of "$night2_as_of" --out "$WORK/c-night2-latest.h5" || fail "unpinned"
h5diff -q "$WORK/c-night2.h5" "$WORK/c-night2-latest.h5" /coupons /coupons >/dev/null &&
  fail "the late rows did not change the unpinned coupons: the pinned test proves nothing"
/usr/bin/python3 -c 'import h5py, sys; f = h5py.File(sys.argv[1]); assert f.attrs["store_version"] == 3, f.attrs["store_version"]' \
  "$WORK/c-night2-rerun.h5" || fail "the rerun's coupons do not record store_version 3"
bg 1 -q export --coupons "$WORK/c-night2-rerun.h5" --store "$WORK/nightly.h5" --format csv --out "$WORK/mail.csv" ||
  fail "export of the pinned rerun's coupons with the store they came from (version 3 of it)"
expect_exit 64 bg 1 score --store "$WORK/nightly.h5" --store-version 7 --as-of "$night2_as_of" --out "$WORK/c-bad.h5"
grep -q "no store version 7 (versions 1-6)" "$WORK/last.err" || fail "a missing version is not named"

note "a night of purchases already stored adds a batch of 0 rows; the rejects file says why"
head -n 20 "$WORK/n/night1.csv" >"$WORK/n/repeat.csv"
bg 2 -q append --store "$WORK/nightly.h5" --transactions "$WORK/n/repeat.csv" || fail "append of repeats"
"$BASKETGAP" inspect "$WORK/nightly.h5" --json >"$WORK/inspect3.json" || fail "inspect"
python3 -c 'import json, sys; b = json.load(open(sys.argv[1]))["batches"][-1]; assert (b["version"], b["rows"]) == (7, 0), b' \
  "$WORK/inspect3.json" || fail "the repeats' batch"
grep -q "same purchase as a row already in the store" "$WORK/nightly.h5.v7.rejects.csv" ||
  fail "the rejects file does not list the repeats: $(head -3 "$WORK/nightly.h5.v7.rejects.csv")"

note "a store written before batches reads as version 1, and takes appends"
bg 1 -q ingest --transactions "$WORK/n/base.csv" --out "$WORK/legacy.h5" || fail "ingest legacy"
/usr/bin/python3 -c 'import h5py, sys
with h5py.File(sys.argv[1], "r+") as f:
    del f["/batches"]; del f["/transactions/batch"]' "$WORK/legacy.h5" || fail "removing the batches"
"$BASKETGAP" inspect "$WORK/legacy.h5" --json >"$WORK/legacy.json" || fail "inspect legacy"
python3 -c 'import json, sys; j = json.load(open(sys.argv[1])); b = j["batches"]
assert j["store_version"] == 1 and len(b) == 1 and b[0]["rows"] == j["rows"] and b[0]["source"] == "base.csv", j' \
  "$WORK/legacy.json" || fail "a store without batches is not one batch, version 1"
bg 1 -q append --store "$WORK/legacy.h5" --transactions "$WORK/n/night1.csv" || fail "append to a legacy store"
"$BASKETGAP" inspect "$WORK/legacy.h5" --json >"$WORK/legacy2.json" || fail "inspect"
[[ $(json_field "$WORK/legacy2.json" store_version) == 2 ]] || fail "the legacy store is not version 2 after an append"

no_temporaries "$WORK"
[[ ! -e $WORK/nightly.h5.lock ]] || fail "the lock was left behind"
