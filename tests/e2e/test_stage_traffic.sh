#!/usr/bin/env bash
# What each stage sends (docs/RUNBOOK.md "What each stage sends"): ingest and score log, from
# rank 0, a traffic and a balance line for every stage and one total line; at -np 2 every
# stage's collectives move bytes, at -np 1 none; -v adds one line per rank; the lines do not
# change the outputs.
source "$(dirname "$0")/lib.sh"
data=$REPO/data/default

# traffic_lines LOG JOB: every stage of JOB has its two lines, the job its total; prints the
# stages' traffic lines (one each).
traffic_lines() {
  local log=$1 job=$2 stages=(load fit context select write) lines
  [[ $job == ingest ]] && stages=(parse dictionaries route sort write)
  for stage in "${stages[@]}"; do
    grep -q "\[rank 0\] \[info\] $job/$stage traffic: " "$log" || fail "no $job/$stage traffic line: $(cat "$log")"
    grep -qE "\[rank 0\] \[info\] $job/$stage balance: [0-9.]+ s; [a-z]+ min .* \(rank [0-9]+\) max .*max/mean" \
      "$log" || fail "no $job/$stage balance line: $(grep "$job/$stage" "$log")"
  done
  grep -q "\[rank 0\] \[info\] $job traffic in total: " "$log" || fail "no $job total line"
  lines=$(grep -E "\] $job/[a-z]+ traffic: " "$log")
  [[ $(wc -l <<<"$lines") == "${#stages[@]}" ]] || fail "$job: one traffic line per stage expected: $lines"
  echo "$lines"
}

note "-np 2: every stage exchanges bytes"
bg 2 ingest --transactions "$data/transactions.csv" --out "$WORK/store2.h5" 2>"$WORK/ingest2.log"
bg 2 score --store "$WORK/store2.h5" --as-of 690 --out "$WORK/coupons2.h5" 2>"$WORK/score2.log"
for job in ingest score; do
  lines=$(traffic_lines "$WORK/${job}2.log" $job)
  ! grep -q "sent 0 B" <<<"$lines" || fail "$job at -np 2: a stage sent nothing: $lines"
  grep -q "rank(s) sent [1-9]" "$WORK/${job}2.log" || fail "$job at -np 2: the total is zero"
done
# The load says what the history takes in memory, for sizing a job (docs/RUNBOOK.md).
grep -qE "\[rank 0\] \[info\] score/load: the history takes [0-9.]+ MB on the largest rank, [0-9.]+ MB in all \([2-9]\.[0-9]{2} bytes a row\)" \
  "$WORK/score2.log" || fail "no history memory line: $(grep score/load "$WORK/score2.log")"
# The route stage carries the rows (about half of the default data's 92 k rows change rank).
grep "ingest/route traffic" "$WORK/ingest2.log" | grep -q "sent [0-9.]* [kMG]B" || fail "route sent under 1 kB"

note "-np 1: no bytes; -v: one line per rank"
bg 1 ingest --transactions "$data/transactions.csv" --out "$WORK/store1.h5" 2>"$WORK/ingest1.log"
bg 1 score --store "$WORK/store1.h5" --as-of 690 --out "$WORK/coupons1.h5" 2>"$WORK/score1.log"
for job in ingest score; do
  lines=$(traffic_lines "$WORK/${job}1.log" $job)
  ! grep -v "sent 0 B .*received 0 B" <<<"$lines" | grep -q . || fail "$job at -np 1 sent bytes: $lines"
  grep -q "rank(s) sent 0 B and received 0 B" "$WORK/${job}1.log" || fail "$job at -np 1: a non-zero total"
done
bg 2 score --store "$WORK/store2.h5" --as-of 690 --out "$WORK/coupons-v.h5" -v 2>"$WORK/score-v.log"
for rank in 0 1; do
  grep -q "\[rank 0\] \[debug\] score/select rank $rank: sent " "$WORK/score-v.log" ||
    fail "-v: no per-rank line for rank $rank"
done

note "the outputs are the same whatever the rank count"
same_datasets "$WORK/store1.h5" "$WORK/store2.h5" /transactions
same_datasets "$WORK/coupons1.h5" "$WORK/coupons2.h5" /coupons
