#!/usr/bin/env bash
# A compact while a score reads the store (docs/RUNBOOK.md "Compaction schedule"): the score has
# opened the segmented store's head and not yet its segments when the compact publishes the
# one-file store. The compact succeeds and keeps the segment files the reader's head names
# (said in its log), the score finishes with the coupons of a score of the compacted store, and
# the next writer without readers (an append) removes the kept files. Without the readers' lock
# the segments would be gone under the reader.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/faults.sh"
: "${BG_TIMEOUT:=240}"
make_data "$WORK/data" 600
d=$WORK/data
last=$(awk -F, 'NR > 1 && $3 > m { m = $3 } END { print m }' "$d/transactions.csv")
base_day=$((last - 6)) as_of=$((last - 3))
mkdir "$WORK/n"
# The base (days <= base_day), two nights of 3 days, and a last night.
awk -F, -v b="$base_day" -v dir="$WORK/n" 'NR == 1 { for (i = 0; i <= 3; ++i) print > (dir "/part" i ".csv"); next }
  { part = $3 <= b ? 0 : ($3 <= b + 3 ? 1 : ($3 <= b + 5 ? 2 : 3)); print > (dir "/part" part ".csv") }' \
  "$d/transactions.csv"
bg 2 -q ingest --transactions "$WORK/n/part0.csv" --out "$WORK/s.h5" || fail "ingest the base"
for i in 1 2; do bg 2 -q append --store "$WORK/s.h5" --transactions "$WORK/n/part$i.csv" || fail "append $i"; done
segments=$(ls "$WORK/s.h5.segments")
[[ $segments == $'v000001.h5\nv000002.h5\nv000003.h5' ]] || fail "segments: $segments"

note "a score paused after opening the head, before its segments"
BASKETGAP_FAILPOINT="score/store-opened:until-file=$WORK/go" \
  start "$WORK/score.log" score --store "$WORK/s.h5" --as-of $as_of --out "$WORK/read.h5"
wait_for_line "$WORK/score.log" "failpoint score/store-opened: waiting for"

note "compact meanwhile: done, the segments kept for the reader"
bg 2 compact --store "$WORK/s.h5" >"$WORK/compact.log" 2>&1 || { cat "$WORK/compact.log"; fail "compact"; }
grep -q "3 segment file(s) no version names kept for now: a score, evaluate, export or inspect of the store is reading it" \
  "$WORK/compact.log" || { cat "$WORK/compact.log"; fail "the compact did not say it kept the segments"; }
[[ $(ls "$WORK/s.h5.segments") == "$segments" ]] || fail "segments removed under the reader: $(ls "$WORK/s.h5.segments")"

note "the reader goes on and gives the compacted store's coupons"
touch "$WORK/go"
finish_within 120
[[ $RUN_CODE == 0 ]] || { cat "$WORK/score.log"; fail "the score reading during the compact exited $RUN_CODE"; }
bg 2 -q score --store "$WORK/s.h5" --as-of $as_of --out "$WORK/after.h5" || fail "score the compacted store"
same_datasets "$WORK/read.h5" "$WORK/after.h5" /coupons /households

note "the next append without readers removes the kept files"
bg 2 append --store "$WORK/s.h5" --transactions "$WORK/n/part3.csv" >"$WORK/append.log" 2>&1 ||
  { cat "$WORK/append.log"; fail "append after the compact"; }
grep -q "removed 3 segment file(s) no version names" "$WORK/append.log" ||
  { cat "$WORK/append.log"; fail "the append did not remove the kept segments"; }
# (The compacted file is the base segment of versions 1-3 now, the night the fourth.)
[[ $(ls "$WORK/s.h5.segments") == $'v000001-000003.h5\nv000004.h5' ]] || fail "after the append: $(ls "$WORK/s.h5.segments")"
"$BASKETGAP" inspect "$WORK/s.h5" >"$WORK/inspect.txt" 2>&1 || { cat "$WORK/inspect.txt"; fail "inspect the store"; }
echo "PASS"
