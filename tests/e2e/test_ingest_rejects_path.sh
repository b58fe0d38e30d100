#!/usr/bin/env bash
# ingest --rejects FILE is checked before any work like --out: an existing file is kept unless
# --overwrite (73), a folder is 73 even with --overwrite, --out or an input file is 64; nothing is
# published and no input is touched. The default OUT.rejects.csv is replaced with its store.
source "$(dirname "$0")/lib.sh"

has() { grep -qF -- "$2" "$1" || fail "$1 lacks '$2': $(tail -3 "$1")"; }
sum() { sha256sum "$1" | cut -d' ' -f1; }
# untouched FILE SUM: still there, byte for byte.
untouched() { [[ -f $1 && $(sum "$1") == "$2" ]] || fail "$1 was replaced or removed"; }

"$BASKETGAP" generate --households 100 --days 60 --seed 5 --out "$WORK/gen" -q
cd "$WORK"
# Four good lines and one whose PRODUCT_ID is not a number (line 6).
{ head -5 gen/transactions.csv; sed -n 2p gen/transactions.csv | awk -F, -v OFS=, '{$4 = "abc"; print}'; } >bad.csv
echo "kept" >keep.csv
mkdir someDir
bad_sum=$(sum bad.csv)
keep_sum=$(sum keep.csv)

note "an existing --rejects file is 73 without --overwrite"
expect_exit 73 "$BASKETGAP" ingest --transactions bad.csv --out new.h5 --rejects keep.csv
has last.err "keep.csv: already exists (pass --overwrite to replace it)"
untouched keep.csv "$keep_sum"
[[ ! -e new.h5 ]] || fail "a store was published"

note "--rejects the transactions file or --out is 64, even with --overwrite"
expect_exit 64 "$BASKETGAP" ingest --transactions bad.csv --out new.h5 --rejects ./bad.csv --overwrite
has last.err "--rejects is the same file as --transactions (./bad.csv and bad.csv)"
untouched bad.csv "$bad_sum"
expect_exit 64 "$BASKETGAP" ingest --transactions bad.csv --out new.h5 --rejects new.h5
has last.err "--rejects is the same file as --out (new.h5)"
[[ ! -e new.h5 ]] || fail "a store was published"

note "--rejects a folder is 73 before the store is published, with or without --overwrite"
for flag in "" --overwrite; do
  expect_exit 73 "$BASKETGAP" ingest --transactions bad.csv --out new.h5 --rejects someDir/ $flag
  has last.err "someDir/: is a folder, not a file"
  [[ ! -e new.h5 ]] || fail "a store was published before the rejects file failed"
  [[ -z $(ls someDir) ]] || fail "someDir was written to"
done

note "with --overwrite the named rejects file is replaced; the default one always is"
expect_exit 0 "$BASKETGAP" ingest --transactions bad.csv --out new.h5 --rejects keep.csv --overwrite
[[ $(sed -n 2p keep.csv | cut -d, -f1-4) == "bad.csv,6,4,not_a_number" ]] || fail "keep.csv: $(cat keep.csv)"
echo "old" >new.h5.rejects.csv
expect_exit 0 "$BASKETGAP" ingest --transactions bad.csv --out new.h5 --overwrite
[[ $(sed -n 2p new.h5.rejects.csv | cut -d, -f1-4) == "bad.csv,6,4,not_a_number" ]] ||
  fail "new.h5.rejects.csv: $(cat new.h5.rejects.csv)"
untouched bad.csv "$bad_sum"
no_temporaries "$WORK"
