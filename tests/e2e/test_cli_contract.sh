#!/usr/bin/env bash
# The command line's contract (README "Exit codes"): a missing input file is 66 in every
# subcommand, a usage error 64 naming the unexpected token, -v with -q refused; files that
# hold household data are created owner/group only (0640) whatever the umask; log lines carry
# an ISO 8601 time with its UTC offset; export --verify checks the manifest's file name; a
# readable pseudonymisation key is warned about; every rank logs where it runs; whole numbers
# are decimal (0300 is 300).
source "$(dirname "$0")/lib.sh"
data=$REPO/data/default
none=$WORK/does-not-exist.csv

note "a missing input is 66 everywhere"
expect_exit 66 "$BASKETGAP" ingest --transactions "$none" --out "$WORK/s.h5"
expect_exit 66 "$BASKETGAP" ingest --transactions "$data/transactions.csv" --products "$none" --out "$WORK/s.h5"
expect_exit 66 "$BASKETGAP" ingest --transactions "$data/transactions.csv" --households "$none" --out "$WORK/s.h5"
expect_exit 66 "$BASKETGAP" ingest --transactions "$data/transactions.csv" --config "$none" --out "$WORK/s.h5"
grep -q "does-not-exist.csv: no such file" "$WORK/last.err" || fail "the message does not name the missing file"
expect_exit 66 "$BASKETGAP" score --store "$none" --as-of 600 --out "$WORK/c.h5"
expect_exit 66 "$BASKETGAP" inspect "$none"
expect_exit 66 "$BASKETGAP" evaluate --store "$none" --as-of 600
expect_exit 66 "$BASKETGAP" export --coupons "$none" --out "$WORK/e.csv"
expect_exit 66 "$BASKETGAP" export --verify "$none"
[[ ! -e $WORK/s.h5 && ! -e $WORK/c.h5 && ! -e $WORK/e.csv ]] || fail "an output appeared after a missing input"

note "usage errors are 64 and name what is wrong"
expect_exit 64 "$BASKETGAP" score --bogus 1
grep -q "unexpected argument(s): --bogus 1" "$WORK/last.err" || fail "the unexpected token is not named: $(cat "$WORK/last.err")"
expect_exit 64 "$BASKETGAP" -v -q inspect "$none"
grep -q "excludes" "$WORK/last.err" || fail "-v with -q: $(cat "$WORK/last.err")"
# Whole numbers are decimal: CLI11 read 0300 as octal 192 (an as-of copied from a zero-padded
# night folder scored another day); another base is refused.
"$BASKETGAP" -q generate --households 0300 --days 30 --seed 5 --out "$WORK/padded" || fail "generate --households 0300"
[[ $(tail -n +2 "$WORK/padded/households.csv" | wc -l) == 300 ]] ||
  fail "--households 0300 made $(tail -n +2 "$WORK/padded/households.csv" | wc -l) households, not 300"
expect_exit 64 "$BASKETGAP" generate --households 0x10 --out "$WORK/hex"
grep -q "'0x10' is not a decimal number" "$WORK/last.err" || fail "0x10: $(cat "$WORK/last.err")"
# An empty value (`--as-of "$DAY"` with DAY unset) is no day 0.
expect_exit 64 "$BASKETGAP" score --store "$none" --as-of "" --out "$WORK/empty.h5"
grep -q -- "--as-of: an empty value is no number" "$WORK/last.err" || fail "--as-of '': $(cat "$WORK/last.err")"
# A catalogue too large to hold is a usage error, not std::bad_alloc (exit 1).
expect_exit 64 "$BASKETGAP" generate --products 99999999999 --out "$WORK/huge"
grep -q -- "--products must be 0 or in 280 .. 10000000, not 99999999999" "$WORK/last.err" ||
  fail "--products out of range: $(cat "$WORK/last.err")"
[[ ! -e $WORK/huge/transactions.csv ]] || fail "generate wrote data with an impossible catalogue"
expect_exit 0 "$BASKETGAP" frobnicate --help
expect_exit 64 "$BASKETGAP" frobnicate

note "household data is created 0640 under umask 022; logs carry the UTC offset"
(
  umask 022
  bg 2 ingest --transactions "$data/transactions.csv" --households "$data/households.csv" --out "$WORK/store.h5" 2>"$WORK/ingest.log"
  bg 2 score --store "$WORK/store.h5" --as-of 690 --out "$WORK/coupons.h5" -q
  "$BASKETGAP" export --coupons "$WORK/coupons.h5" --out "$WORK/export.csv" -q
)
for f in store.h5 store.h5.rejects.csv coupons.h5 export.csv export.csv.manifest.json; do
  mode=$(stat -c %a "$WORK/$f")
  [[ $mode == 640 ]] || fail "$f was created with mode $mode, not 640"
done
grep -qE '^\[[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[+-][0-9]{2}:?[0-9]{2}\] \[rank 0\] \[info\] ingest:' \
  "$WORK/ingest.log" || fail "log time without an offset: $(head -1 "$WORK/ingest.log")"
for rank in 0 1; do  # every rank says where it runs
  grep -qE "\[rank $rank\] \[info\] rank $rank on host [^ ]+ \(pid [0-9]+\)" "$WORK/ingest.log" ||
    fail "no placement line from rank $rank: $(head -3 "$WORK/ingest.log")"
done

note "export --verify checks the file name the manifest describes"
expect_exit 0 "$BASKETGAP" export --verify "$WORK/export.csv"
cp "$WORK/export.csv" "$WORK/renamed.csv"
cp "$WORK/export.csv.manifest.json" "$WORK/renamed.csv.manifest.json"
expect_exit 65 "$BASKETGAP" export --verify "$WORK/renamed.csv"
grep -q "describes export.csv" "$WORK/last.err" || fail "renamed export: $(cat "$WORK/last.err")"

note "a pseudonymisation key others can read is used with a warning"
printf 'a-key-of-more-than-16-bytes\n' >"$WORK/key"
chmod 644 "$WORK/key"
expect_exit 0 "$BASKETGAP" export --coupons "$WORK/coupons.h5" --out "$WORK/pseudo.csv" --pseudonymise-key "$WORK/key"
grep -q "can be read by other users" "$WORK/last.err" || fail "no warning for a readable key file"
chmod 600 "$WORK/key"
expect_exit 0 "$BASKETGAP" export --coupons "$WORK/coupons.h5" --out "$WORK/pseudo.csv" --pseudonymise-key "$WORK/key" --overwrite
! grep -q "can be read by other users" "$WORK/last.err" || fail "a warning for a private key file"

note "a killed ingest's spill folder in --spill-dir is removed by the next run"
mkdir -p "$WORK/spill/store2.h5.spill-dead-run/rank-0"
"$BASKETGAP" ingest --transactions "$data/transactions.csv" --spill-dir "$WORK/spill" --out "$WORK/store2.h5" -q
[[ -z $(ls -A "$WORK/spill") ]] || fail "left in --spill-dir: $(ls -A "$WORK/spill")"

note "a bad number of seconds in the environment is said at start, on a healthy run too, and the default used"
BASKETGAP_STOP_GRACE_SECONDS=0 BASKETGAP_FAILED_RANK_WAIT_SECONDS=abc expect_exit 0 "$BASKETGAP" inspect "$WORK/store2.h5"
grep -q "BASKETGAP_STOP_GRACE_SECONDS='0' is not 1 to 3600 seconds; using 20" "$WORK/last.err" ||
  fail "a bad stop grace is not said: $(cat "$WORK/last.err")"
grep -q "BASKETGAP_FAILED_RANK_WAIT_SECONDS='abc' is not 1 to 3600 seconds; using 30" "$WORK/last.err" ||
  fail "a bad failed-rank wait is not said: $(cat "$WORK/last.err")"

note "a bug (an exception that is no basketgap error) is exit 1 on every rank count, nothing published"
bg 1 -q ingest --transactions "$data/transactions.csv" --out "$WORK/bug-store.h5" || fail "ingest for the bug"
for n in 1 2; do
  BASKETGAP_FAILPOINT=score/fit-checkpointed:bug expect_exit 1 bg $n score --store "$WORK/bug-store.h5" \
    --as-of 700 --out "$WORK/bug-$n.h5"
  grep -q "score failed (internal error): failpoint score/fit-checkpointed: an injected internal error" "$WORK/last.err" ||
    fail "the bug is not said on $n rank(s): $(grep -v '\[info\]' "$WORK/last.err" | head -3)"
  [[ ! -e $WORK/bug-$n.h5 ]] || fail "coupons published after a bug"
done

note "slurm/submit-nightly.sh --help prints its usage, exit 0"
bash "$REPO/slurm/submit-nightly.sh" --help >"$WORK/help.txt" || fail "--help exited non-zero"
grep -q -- "--as-of DAY" "$WORK/help.txt" || fail "--help: no usage"
! grep -q "set -euo" "$WORK/help.txt" || fail "--help prints script lines"
echo "ok"
