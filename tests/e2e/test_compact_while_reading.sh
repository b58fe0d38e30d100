#!/usr/bin/env bash
# A compact while a score reads the store (docs/RUNBOOK.md "Compaction schedule"): the score has
# opened the segmented store's head and not yet its segments when the compact publishes the
# one-file store. The compact succeeds and keeps the segment files the reader's head names
# (said in its log), the score finishes with the coupons of a score of the compacted store, and
# the next writer without readers (an append) removes the kept files. Without the readers' lock
# the segments would be gone under the reader. The reader reaches the store through a symbolic
# link, the writer by its name: one store, one lock; the link switched to another store while
# the score is paused leaves it on the store it started with. And an ingest --overwrite while a
# score reads keeps the replaced store's segments for it; the next append replaces them.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/faults.sh"
: "${BG_TIMEOUT:=240}"
# logged LOG WHAT ARGS...: basketgap on 2 ranks, its output in LOG (shown when it fails).
logged() {
  local log=$1 what=$2; shift 2
  bg 2 "$@" >"$log" 2>&1 || { cat "$log"; fail "$what"; }
}
# expect_logged LOG PATTERN WHAT: LOG has PATTERN, or the test fails showing it.
expect_logged() { grep -q "$2" "$1" || { cat "$1"; fail "$3"; }; }
# release_reader FILE LOG: the paused score goes on (FILE appears) and must end well.
release_reader() {
  touch "$1"
  finish_within 120
  [[ $RUN_CODE == 0 ]] || { cat "$2"; fail "the paused score exited $RUN_CODE"; }
}

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

note "a score (through a link to the store) paused after opening the head, before its segments"
ln -s s.h5 "$WORK/current.h5"
BASKETGAP_FAILPOINT="score/store-opened:until-file=$WORK/go" \
  start "$WORK/score.log" score --store "$WORK/current.h5" --as-of $as_of --out "$WORK/read.h5"
wait_for_line "$WORK/score.log" "failpoint score/store-opened: waiting for"

note "the link switched to another store meanwhile: the reader stays on its own"
cp "$WORK/s.h5" "$WORK/other.h5"  # (a head without its segments: a reader sent there would fail)
ln -sfn other.h5 "$WORK/current.h5"
note "compact meanwhile: done, the segments kept for the reader"
logged "$WORK/compact.log" "compact" compact --store "$WORK/s.h5"
expect_logged "$WORK/compact.log" "3 segment file(s) no version names kept for now: a score, evaluate, export or inspect of the store is reading it" \
  "the compact did not say it kept the segments"
[[ $(ls "$WORK/s.h5.segments") == "$segments" ]] || fail "segments removed under the reader: $(ls "$WORK/s.h5.segments")"

note "the reader goes on and gives the compacted store's coupons"
release_reader "$WORK/go" "$WORK/score.log"
bg 2 -q score --store "$WORK/s.h5" --as-of $as_of --out "$WORK/after.h5" || fail "score the compacted store"
same_datasets "$WORK/read.h5" "$WORK/after.h5" /coupons /households

note "the next append without readers removes the kept files"
logged "$WORK/append.log" "append after the compact" append --store "$WORK/s.h5" --transactions "$WORK/n/part3.csv"
expect_logged "$WORK/append.log" "removed 3 segment file(s) no version names" "the append did not remove the kept segments"
# (The compacted file is the base segment of versions 1-3 now, the night the fourth.)
[[ $(ls "$WORK/s.h5.segments") == $'v000001-000003.h5\nv000004.h5' ]] || fail "after the append: $(ls "$WORK/s.h5.segments")"
"$BASKETGAP" inspect "$WORK/s.h5" >"$WORK/inspect.txt" 2>&1 || { cat "$WORK/inspect.txt"; fail "inspect the store"; }

note "ingest --overwrite while a score reads: the replaced store's segments kept"
bg 2 -q ingest --transactions "$WORK/n/part0.csv" --out "$WORK/t.h5" || fail "ingest t"
bg 2 -q append --store "$WORK/t.h5" --transactions "$WORK/n/part1.csv" || fail "append to t"
bg 2 -q score --store "$WORK/t.h5" --as-of $as_of --out "$WORK/t-before.h5" || fail "score t"
BASKETGAP_FAILPOINT="score/store-opened:until-file=$WORK/go2" \
  start "$WORK/score2.log" score --store "$WORK/t.h5" --as-of $as_of --out "$WORK/read2.h5"
wait_for_line "$WORK/score2.log" "failpoint score/store-opened: waiting for"
logged "$WORK/overwrite.log" "ingest --overwrite" ingest --transactions "$WORK/n/part0.csv" --out "$WORK/t.h5" --overwrite
expect_logged "$WORK/overwrite.log" "2 segment file(s) no version names kept for now" "the overwrite did not keep the read segments"
release_reader "$WORK/go2" "$WORK/score2.log"
same_datasets "$WORK/read2.h5" "$WORK/t-before.h5" /coupons /households
note "the reader done, the next append replaces the kept segments"
logged "$WORK/append2.log" "append after the reader" append --store "$WORK/t.h5" --transactions "$WORK/n/part1.csv"
expect_logged "$WORK/append2.log" "by a store an ingest --overwrite replaced (no version names it): replaced" \
  "the append did not say it replaced the kept segment"
[[ $(ls "$WORK/t.h5.segments") == $'v000001.h5\nv000002.h5' ]] || fail "after the append: $(ls "$WORK/t.h5.segments")"
echo "PASS"
