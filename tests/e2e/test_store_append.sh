#!/usr/bin/env bash
# `append`, `compact`, `retract` (docs/FORMATS.md "Batches and segments", docs/RUNBOOK.md "Daily
# append"): a store built night by night (one segment per night) gives byte-identical coupons to
# one ingested at once from the same rows (1 and 2 ranks), and after `compact` its datasets are
# the one-shot store's; a night appended twice leaves the store's bytes unchanged; a killed
# append (four points) leaves the store byte-identical; a second writer (an append, or an ingest
# --overwrite of the store) is refused (73);
# inspect --json shows the batches; a night rerun with --store-version after late rows arrived
# gives its original coupons (and evaluate its original report), before and after compact; a retracted night is gone from the
# next version on and still there for the versions before.
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
    bg 2 -q evaluate --store "$WORK/nightly.h5" --as-of $((night2_as_of - 3)) --window 3 --json "$WORK/e-v3.json" ||
      fail "evaluate night 2"
  fi
done
[[ $(ls "$WORK/nightly.h5.segments") == $'v000001.h5\nv000002.h5\nv000003.h5\nv000004.h5\nv000005.h5' ]] ||
  fail "not one segment per batch: $(ls "$WORK/nightly.h5.segments")"
same_datasets "$WORK/oneshot.h5" "$WORK/nightly.h5" /households/id /products

note "a compacted copy has the one-shot store's datasets (a store is STORE.h5 and STORE.h5.segments/)"
cp "$WORK/nightly.h5" "$WORK/copy.h5"
cp -r "$WORK/nightly.h5.segments" "$WORK/copy.h5.segments"
bg 2 -q compact --store "$WORK/copy.h5" || fail "compact the copy"
same_datasets "$WORK/oneshot.h5" "$WORK/copy.h5" /transactions/household /transactions/day /transactions/basket \
  /transactions/product /transactions/quantity /transactions/spend /households /products
rm "$WORK/copy.h5"

note "a store copied without its segments folder: inspect and score are 66, naming the segment"
cp "$WORK/nightly.h5" "$WORK/headonly.h5"
for job in "inspect $WORK/headonly.h5" "score --store $WORK/headonly.h5 --as-of $as_of --out $WORK/c-headonly.h5"; do
  # shellcheck disable=SC2086
  expect_exit 66 bg 1 $job
  grep -q "segment $WORK/headonly.h5.segments/v000001.h5 of batch 1 is missing" "$WORK/last.err" ||
    fail "$job: $(tail -2 "$WORK/last.err")"
done
rm "$WORK/headonly.h5"

# store_digest STORE: the bytes of a store: STORE.h5 and the segment files it names (what a
# killed writer leaves beside them, named by no version, the next writer removes).
store_digest() {
  /usr/bin/python3 - "$1" <<'PY'
import hashlib, os, sys, h5py
store = sys.argv[1]
h = hashlib.md5(open(store, "rb").read())
with h5py.File(store, "r") as f:
    names = sorted({n.decode() for n in f["/batches/segment"][:]}) if "/batches/segment" in f else []
for n in names:
    if n not in ("", "-"):
        h.update(open(os.path.join(store + ".segments", n), "rb").read())
print(h.hexdigest())
PY
}

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

note "evaluate reads a segmented store like a one-file one; coupons of an earlier version are judged by the latest"
for s in oneshot nightly; do
  bg 2 -q evaluate --store "$WORK/$s.h5" --as-of "$night2_as_of" --window 5 --json "$WORK/e-$s.json" || fail "evaluate $s"
done
python3 - "$WORK/e-oneshot.json" "$WORK/e-nightly.json" <<'PY' || fail "evaluate differs on the segmented store"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
for k in ["evaluated_households", "systems", "segments"]:
    assert a[k] == b[k], k
PY
bg 2 -q evaluate --store "$WORK/nightly.h5" --coupons "$WORK/c-night2.h5" --as-of "$night2_as_of" --window 5 \
  --json "$WORK/e-night2.json" || fail "evaluate night 2's coupons (version 3) on the store at version 5"

note "a night appended twice changes nothing"
before=$(store_digest "$WORK/nightly.h5")
bg 2 append --store "$WORK/nightly.h5" --transactions "$WORK/n/night2.csv" >"$WORK/again.log" 2>&1 ||
  { cat "$WORK/again.log"; fail "double append"; }
grep -q "already appended as version 3; nothing to do" "$WORK/again.log" || fail "no 'already appended' line"
[[ $(store_digest "$WORK/nightly.h5") == "$before" ]] || fail "the store changed on a double append"

note "a second writer is refused (73)"
cp "$WORK/n/night4.csv" "$WORK/n/extra.csv"
echo "otherhost 4242" >"$WORK/nightly.h5.lock"
# A live writer: one process holding the lock (no child left behind when it is killed).
bash -c 'exec 9>>"$1"; flock 9; exec sleep 600' _ "$WORK/nightly.h5.lock" >/dev/null 2>&1 &
holder=$!
sleep 0.5
expect_exit 73 bg 1 append --store "$WORK/nightly.h5" --transactions "$WORK/n/extra.csv"
grep -q "another writer holds .*(host otherhost, pid 4242)" "$WORK/last.err" || fail "the refusal does not say why: $(cat "$WORK/last.err")"
# Replacing the store is writing it too: its removal of the segments would break the append.
expect_exit 73 bg 2 ingest --transactions "$WORK/n/base.csv" --out "$WORK/nightly.h5" --overwrite
grep -q "another writer holds .*(host otherhost, pid 4242)" "$WORK/last.err" || fail "ingest --overwrite: $(cat "$WORK/last.err")"
kill "$holder"
wait "$holder" 2>/dev/null || true
rm "$WORK/nightly.h5.lock"
[[ $(store_digest "$WORK/nightly.h5") == "$before" ]] || fail "the store changed under a refused writer"

note "a killed append leaves the store byte-identical (four points)"
# A new night: the first file's rows with new basket ids, so it has a checksum of its own.
awk -F, -v OFS=, 'NR > 1 { $2 = "9" $2 } { print }' "$d/transactions.csv" >"$WORK/n/big.csv"
# The fail points pause the job there (jobs/cluster/failpoint.hpp): the night's rows routed,
# its segment published, the next head's links, the head written.
for point in ingest/routed append/segment-published head/base-linked head/written; do
  BASKETGAP_FAILPOINT=$point start "$WORK/kill.log" append --store "$WORK/nightly.h5" --transactions "$WORK/n/big.csv"
  wait_for_line "$WORK/kill.log" "failpoint $point: paused"
  signal_ranks KILL
  finish
  [[ $RUN_CODE != 0 ]] || fail "killed at $point: exit 0 (finished before the kill?)"
  [[ $(store_digest "$WORK/nightly.h5") == "$before" ]] || fail "killed at $point: the store changed"
  bg 1 -q score --store "$WORK/nightly.h5" --as-of "$as_of" --out "$WORK/c-after-kill.h5" || fail "score after a kill at $point"
  same_datasets "$WORK/c-nightly-1.h5" "$WORK/c-after-kill.h5" /coupons
  rm "$WORK/c-after-kill.h5"
done
note "a write error on rank 0 alone while the others write the head: every rank ends in seconds (74)"
# The others are inside HDF5's collectives and never come to the failure's agreement: rank 0
# logs its error and ends the job (collective_errors: agree_on_exit_code) instead of a hang.
t0=$SECONDS
# (Under a timeout: a hang must fail here, in a minute, not at ctest's limit.)
BASKETGAP_FAILPOINT=head/writing:fail-rank0 BASKETGAP_FAILED_RANK_WAIT_SECONDS=3 \
  expect_exit 74 timeout -k 5 60 "$MPIEXEC" -np 2 "$BASKETGAP" append --store "$WORK/nightly.h5" \
  --transactions "$WORK/n/big.csv" --rejects "$WORK/big-rejects.csv"
((SECONDS - t0 < 30)) || fail "the failed append took $((SECONDS - t0)) s"
grep -q "failpoint head/writing: an injected write error .*did not come to agree on the failure within 3 s" "$WORK/last.err" ||
  fail "rank 0's error is not in the log: $(grep -v '\[info\]' "$WORK/last.err" | head -5)"
[[ $(store_digest "$WORK/nightly.h5") == "$before" ]] || fail "the failed append changed the store"
[[ ! -e $WORK/big-rejects.csv ]] || fail "the failed append published its rejects file (its rerun would be 73)"
note "after the kills (the kernel released the killed run's lock) the append succeeds"
bg 2 -q append --store "$WORK/nightly.h5" --transactions "$WORK/n/big.csv" --rejects "$WORK/big-rejects.csv" ||
  fail "append after the kills"
"$BASKETGAP" inspect "$WORK/nightly.h5" --json >"$WORK/inspect2.json" || fail "inspect"
[[ $(json_field "$WORK/inspect2.json" store_version) == 6 ]] || fail "not version 6 after the append"
[[ $(ls "$WORK/nightly.h5.segments" | tr '\n' ' ') == "v000001.h5 v000002.h5 v000003.h5 v000004.h5 v000005.h5 v000006.h5 " ]] ||
  fail "the killed runs' files were not cleaned up: $(ls "$WORK/nightly.h5.segments")"

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
note "the night's report again: evaluate --store-version 3 judges what version 3 held"
bg 2 -q evaluate --store "$WORK/nightly.h5" --store-version 3 --as-of $((night2_as_of - 3)) --window 3 \
  --json "$WORK/e-v3-rerun.json" || fail "pinned evaluate"
bg 2 -q evaluate --store "$WORK/nightly.h5" --as-of $((night2_as_of - 3)) --window 3 --json "$WORK/e-v3-latest.json" ||
  fail "unpinned evaluate"
python3 - "$WORK"/e-v3{,-rerun,-latest}.json <<'PY' || fail "the pinned evaluate is not the night's report"
import json, sys
night, rerun, latest = (json.load(open(p)) for p in sys.argv[1:])
assert night["config"]["store_version"] == 3 and rerun["config"]["store_version"] == 3, rerun["config"]
assert latest["config"]["store_version"] == 6, latest["config"]
assert rerun["config"]["store_fingerprint"] == night["config"]["store_fingerprint"]
for key in ("evaluated_households", "systems", "segments"):
    assert rerun[key] == night[key], (key, rerun[key], night[key])
# (the product dictionary is the store's latest: a later night's new products count in it)
assert [rerun["store"][k] for k in ("min_day", "max_day", "households")] == [night["store"][k] for k in ("min_day", "max_day", "households")]
assert latest["systems"] != night["systems"], "the late rows changed no figure: the pinned test proves nothing"
PY
note "coupons scored from a later version than the one judged are refused (65), not judged"
bg 2 -q score --store "$WORK/nightly.h5" --as-of $((night2_as_of - 3)) --out "$WORK/c-early-v6.h5" || fail "score v6"
expect_exit 65 bg 2 evaluate --store "$WORK/nightly.h5" --store-version 3 --as-of $((night2_as_of - 3)) --window 3 \
  --coupons "$WORK/c-early-v6.h5"
grep -q "c-early-v6.h5 was scored from version 6 of .*nightly.h5, later than the version 3 judged" "$WORK/last.err" ||
  fail "evaluate: coupons of a later version not named: $(cat "$WORK/last.err")"
bg 2 -q evaluate --store "$WORK/nightly.h5" --as-of $((night2_as_of - 3)) --window 3 --coupons "$WORK/c-early-v6.h5" ||
  fail "the same coupons judged against the version they came from"
expect_exit 64 bg 1 evaluate --store "$WORK/nightly.h5" --store-version 7 --as-of "$night2_as_of" --window 3
grep -q "no store version 7 (versions 1-6)" "$WORK/last.err" || fail "evaluate: a missing version is not named"
grep -q "no store version 7 (versions 1-6)" "$WORK/last.err" || fail "a missing version is not named"

note "a night of purchases already stored changes no coupon (repeats across batches are read once)"
head -n 20 "$WORK/n/night1.csv" >"$WORK/n/repeat.csv"
bg 2 -q score --store "$WORK/nightly.h5" --as-of "$as_of" --out "$WORK/c-v6.h5" || fail "score version 6"
note "asked to, append refuses a night far smaller than the last ones (cut short?), writing nothing"
cp "$WORK/nightly.h5" "$WORK/before-small.h5"
ls "$WORK/nightly.h5.segments" >"$WORK/segments-before-small.txt"
expect_exit 65 bg 2 append --store "$WORK/nightly.h5" --transactions "$WORK/n/repeat.csv" --min-night-share 0.5
grep -q "repeat.csv has 19 rows, fewer than --min-night-share 0.5 of the quietest of the store's last" "$WORK/last.err" ||
  fail "a small night's refusal does not give its numbers: $(cat "$WORK/last.err")"
cmp -s "$WORK/nightly.h5" "$WORK/before-small.h5" || fail "a refused night changed the store"
ls "$WORK/nightly.h5.segments" | diff - "$WORK/segments-before-small.txt" || fail "a refused night left a segment"
bg 2 -q append --store "$WORK/nightly.h5" --transactions "$WORK/n/repeat.csv" || fail "append of repeats"
bg 2 -q score --store "$WORK/nightly.h5" --as-of "$as_of" --out "$WORK/c-v7.h5" || fail "score version 7"
same_datasets "$WORK/c-v6.h5" "$WORK/c-v7.h5" /coupons /households

note "retract: a wrong night (scrambled products) withdrawn as version 9; versions before keep it"
awk -F, -v OFS=, 'NR > 1 { $2 = "8" $2; $4 = $4 + 1 } { print }' "$WORK/n/night4.csv" >"$WORK/n/wrong.csv"
bg 2 append --store "$WORK/nightly.h5" --transactions "$WORK/n/wrong.csv" 2>"$WORK/wrong.err" ||
  fail "append of the wrong night"
grep -q "append: every row of $WORK/n/wrong.csv is dated on or before day" "$WORK/wrong.err" ||
  fail "a night of old days was appended without a warning: $(tail -3 "$WORK/wrong.err")"
bg 2 -q score --store "$WORK/nightly.h5" --as-of "$as_of" --out "$WORK/c-v8.h5" || fail "score version 8"
h5diff -q "$WORK/c-v7.h5" "$WORK/c-v8.h5" /coupons /coupons >/dev/null && fail "the wrong night changed no coupon: the test proves nothing"
expect_exit 64 bg 1 retract --store "$WORK/nightly.h5" --version 1
grep -q "it is the store's first ingest" "$WORK/last.err" || fail "retracting the base: $(cat "$WORK/last.err")"
bg 2 -q retract --store "$WORK/nightly.h5" --version 8 || fail "retract"
bg 2 -q score --store "$WORK/nightly.h5" --as-of "$as_of" --out "$WORK/c-v9.h5" || fail "score version 9"
same_datasets "$WORK/c-v7.h5" "$WORK/c-v9.h5" /coupons /households
bg 2 -q score --store "$WORK/nightly.h5" --store-version 8 --as-of "$as_of" --out "$WORK/c-v8-rerun.h5" || fail "rerun 8"
same_datasets "$WORK/c-v8.h5" "$WORK/c-v8-rerun.h5" /coupons /households
expect_exit 64 bg 1 retract --store "$WORK/nightly.h5" --version 8
grep -q "already retracted in version 9" "$WORK/last.err" || fail "a second retract: $(cat "$WORK/last.err")"
expect_exit 65 bg 1 append --store "$WORK/nightly.h5" --transactions "$WORK/n/wrong.csv"
grep -q "appended as version 8 and retracted in version 9" "$WORK/last.err" ||
  fail "a retracted file appended again: $(cat "$WORK/last.err")"

# Version 5, the nights before the late rows of version 6, to be rerun after compact.
bg 2 -q score --store "$WORK/nightly.h5" --store-version 5 --as-of "$as_of" --out "$WORK/c-v5.h5" || fail "score version 5"
h5diff -q "$WORK/c-v5.h5" "$WORK/c-v6.h5" /coupons /coupons >/dev/null &&
  fail "the late rows of version 6 changed no coupon: the rerun after compact would prove nothing"

note "a killed compact leaves the store as it was"
before=$(store_digest "$WORK/nightly.h5")
BASKETGAP_FAILPOINT=store/written start "$WORK/kill.log" compact --store "$WORK/nightly.h5"
wait_for_line "$WORK/kill.log" "failpoint store/written: paused"
signal_ranks KILL
finish
[[ $RUN_CODE != 0 ]] || fail "the killed compact exited 0"
[[ $(store_digest "$WORK/nightly.h5") == "$before" ]] || fail "a killed compact changed the store"

note "compact: one file again, the one-shot store's datasets, the same coupons, pinned reruns intact"
bg 2 -q compact --store "$WORK/nightly.h5" || fail "compact"
[[ ! -e $WORK/nightly.h5.segments ]] || fail "segments left after compact: $(ls "$WORK/nightly.h5.segments")"
bg 2 -q score --store "$WORK/nightly.h5" --as-of "$as_of" --out "$WORK/c-compacted.h5" || fail "score compacted"
same_datasets "$WORK/c-v9.h5" "$WORK/c-compacted.h5" /coupons /households
bg 1 -q score --store "$WORK/nightly.h5" --store-version 3 --as-of "$night2_as_of" --out "$WORK/c-night2-compacted.h5" ||
  fail "pinned rerun after compact"
same_datasets "$WORK/c-night2.h5" "$WORK/c-night2-compacted.h5" /coupons /households
# The compacted base holds versions 1-9 row by row: pinned to 5, none of version 6's late rows.
bg 2 -q score --store "$WORK/nightly.h5" --store-version 5 --as-of "$as_of" --out "$WORK/c-v5-compacted.h5" ||
  fail "pinned rerun of version 5 after compact"
same_datasets "$WORK/c-v5.h5" "$WORK/c-v5-compacted.h5" /coupons /households
bg 1 -q compact --store "$WORK/nightly.h5" >"$WORK/compact2.log" 2>&1 || fail "compact of a one-file store"

note "appends after compact: the compacted base is one segment of versions 1-9, read row by row when pinned"
awk -F, -v OFS=, 'NR > 1 { $2 = "7" $2 } { print }' "$WORK/n/night3.csv" >"$WORK/n/after.csv"
# The night's side files update the stored tables: household 1's consent flips, product
# 100001's department is renamed; ids they do not name keep their stored values.
awk -F, -v OFS=, 'NR == 2 { $2 = 1 - $2 } { print }' "$d/households.csv" >"$WORK/n/households-2.csv"
awk -F, -v OFS=, 'NR > 1 && $1 == 100001 { $3 = "FRESH DAIRY" } { print }' "$d/products.csv" >"$WORK/n/products-2.csv"
bg 2 -q append --store "$WORK/nightly.h5" --transactions "$WORK/n/after.csv" --households "$WORK/n/households-2.csv" \
  --products "$WORK/n/products-2.csv" || fail "append after compact"
/usr/bin/python3 - "$WORK/nightly.h5" "$d/households.csv" <<'PY' || fail "the side files did not update the head"
import csv, sys, h5py
f = h5py.File(sys.argv[1], "r")
before = {int(r["household_key"]): int(r["consent"]) for r in csv.DictReader(open(sys.argv[2]))}
ids, consent = list(f["/households/id"][:]), f["/households/consent"][:]
first = min(before)
assert consent[ids.index(first)] == 1 - before[first], "household 1's consent did not flip"
assert all(consent[i] == before[h] for i, h in enumerate(ids) if h != first and h in before), "other consents changed"
p = list(f["/products/id"][:]).index(100001)
names = [n.decode() for n in f["/products/department_names"][:]]
assert names[f["/products/department"][p]] == "FRESH DAIRY", names[f["/products/department"][p]]
PY
[[ $(ls "$WORK/nightly.h5.segments" | tr '\n' ' ') == "v000001-000009.h5 v000010.h5 " ]] ||
  fail "segments after compact + append: $(ls "$WORK/nightly.h5.segments")"
bg 2 -q score --store "$WORK/nightly.h5" --store-version 3 --as-of "$night2_as_of" --out "$WORK/c-night2-late.h5" ||
  fail "pinned rerun on a compacted base + a segment"
# /coupons only: household 1's consent is the latest (the pin does not undo side files, RUNBOOK).
same_datasets "$WORK/c-night2.h5" "$WORK/c-night2-late.h5" /coupons
bg 2 -q score --store "$WORK/nightly.h5" --store-version 9 --as-of "$as_of" --out "$WORK/c-v9-late.h5" || fail "rerun 9"
same_datasets "$WORK/c-v9.h5" "$WORK/c-v9-late.h5" /coupons

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

[[ -e $WORK/legacy.h5.segments/v000001.h5 ]] || fail "a legacy store's base segment is not v000001.h5"
no_temporaries "$WORK"
[[ ! -e $WORK/nightly.h5.lock ]] || fail "the lock was left behind"
