#!/usr/bin/env bash
# Two runs to one output without --overwrite started together: exactly one publishes; the other
# exits 73 "already exists" (at the up-front check or, if both passed it, at the rename) and
# leaves no temporary; the published file is whole (its manifest verifies).
source "$(dirname "$0")/lib.sh"

"$BASKETGAP" generate --households 300 --days 60 --seed 7 --out "$WORK/gen" -q
cd "$WORK"
"$BASKETGAP" ingest --transactions gen/transactions.csv --out store.h5 -q
"$BASKETGAP" score --store store.h5 --as-of 60 --out coupons.h5 --allow-default-blend -q

for round in 1 2 3 4 5; do
  note "round $round: two exports to one --out at the same time"
  rm -f mail.csv mail.csv.manifest.json
  rc1=0 rc2=0
  "$BASKETGAP" export --coupons coupons.h5 --out mail.csv >a.log 2>&1 &
  p1=$!
  "$BASKETGAP" export --coupons coupons.h5 --out mail.csv >b.log 2>&1 &
  p2=$!
  wait $p1 || rc1=$?
  wait $p2 || rc2=$?
  codes=$(printf '%s\n' "$rc1" "$rc2" | sort | tr '\n' ' ')
  [[ $codes == "0 73 " ]] || fail "exit codes $rc1 and $rc2, not one 0 and one 73: $(tail -2 a.log b.log)"
  loser=a.log
  [[ $rc1 == 73 ]] || loser=b.log
  grep -qF "mail.csv: already exists" "$loser" || fail "the loser does not say why: $(tail -2 "$loser")"
  [[ $(grep -c "export: wrote" a.log b.log | awk -F: '{s += $2} END {print s}') == 1 ]] ||
    fail "both runs logged 'wrote'"
  expect_exit 0 "$BASKETGAP" export --verify mail.csv
  no_temporaries "$WORK"
done

# With --overwrite both publish, one after the other: the file and its manifest are one run's.
# The first is held between publishing its file and its manifest; the second, started then,
# waits for the folder's lock instead of putting its file under the first one's manifest.
"$BASKETGAP" score --store store.h5 --as-of 50 --out early.h5 --allow-default-blend -q
rm -f mail.csv mail.csv.manifest.json
BASKETGAP_FAILPOINT="export/file-published:until-file=$WORK/go" \
  "$BASKETGAP" export --coupons early.h5 --out mail.csv --overwrite >a.log 2>&1 &
p1=$!
for _ in $(seq 100); do grep -q "failpoint export/file-published" a.log && break; sleep 0.1; done
grep -q "failpoint export/file-published" a.log || fail "the first export never reached its failpoint: $(tail -2 a.log)"
"$BASKETGAP" export --coupons coupons.h5 --out mail.csv --overwrite >b.log 2>&1 &
p2=$!
for _ in $(seq 100); do grep -q "another run is publishing into this folder" b.log && break; sleep 0.1; done
grep -q "another run is publishing into this folder (or a tool holds an flock on it); waiting" b.log || fail "the second export did not wait: $(tail -2 b.log)"
touch "$WORK/go"
wait $p1 || fail "the first export: $(tail -2 a.log)"
wait $p2 || fail "the second export: $(tail -2 b.log)"
expect_exit 0 "$BASKETGAP" export --verify mail.csv
grep -q '"as_of_day": 60' mail.csv.manifest.json || fail "the last export's manifest is not the one published"
no_temporaries "$WORK"
echo "PASS"
