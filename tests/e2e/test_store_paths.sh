#!/usr/bin/env bash
# The paths around a store that operators give: a symbolic link to the store (a "current store"
# link) reads and writes the store it names and still names it afterwards; a segment file given
# as --store is refused (exit 64) by readers and writers alike, before anything is changed; an
# append's --rejects never replaces an existing file without --overwrite (73) nor a segment
# (64); a failed `ingest --overwrite` leaves the existing store's rejects file as it was.
source "$(dirname "$0")/lib.sh"
d=$REPO/data/default
cd "$WORK"
awk -F, 'NR == 1 || $3 <= 690' "$d/transactions.csv" >base.csv
awk -F, 'NR == 1 || ($3 > 690 && $3 <= 692)' "$d/transactions.csv" >n1.csv
awk -F, 'NR == 1 || ($3 > 692 && $3 <= 694)' "$d/transactions.csv" >n2.csv
mkdir real ops
bg 1 -q ingest --transactions base.csv --out real/s.h5 || fail "ingest"
ln -s ../real/s.h5 ops/s.h5

note "a symbolic link to the store: append writes the store it names, the link still names it"
bg 2 -q append --store ops/s.h5 --transactions n1.csv || fail "append through the link"
[[ -L ops/s.h5 && $(readlink ops/s.h5) == ../real/s.h5 ]] || fail "the link was replaced: $(ls -l ops)"
[[ -f real/s.h5.segments/v000002.h5 && ! -e ops/s.h5.segments ]] || fail "the segments are not beside the store"
bg 2 -q score --store ops/s.h5 --as-of 692 --out c-link.h5 || fail "score through the link"
bg 2 -q score --store real/s.h5 --as-of 692 --out c-real.h5 || fail "score of the store"
same_datasets c-link.h5 c-real.h5 /coupons

note "a segment as --store: refused, nothing changed"
before=$(cat real/s.h5 real/s.h5.segments/* | md5sum)
expect_exit 64 bg 1 append --store real/s.h5.segments/v000002.h5 --transactions n2.csv
grep -q "a segment of the store real/s.h5 .*give real/s.h5" last.err || fail "unclear refusal: $(cat last.err)"
expect_exit 64 bg 1 compact --store real/s.h5.segments/v000001.h5
expect_exit 64 bg 1 retract --store real/s.h5.segments/v000002.h5 --version 2
expect_exit 64 bg 1 score --store real/s.h5.segments/v000001.h5 --as-of 690 --out c-seg.h5
expect_exit 64 "$BASKETGAP" inspect real/s.h5.segments/v000001.h5
expect_exit 66 "$BASKETGAP" inspect real/s.h5.segments
grep -q "real/s.h5.segments: is a folder, not an HDF5 file" last.err || fail "the folder is not named: $(cat last.err)"
[[ $(cat real/s.h5 real/s.h5.segments/* | md5sum) == "$before" ]] || fail "a refused job changed the store"
ls real/s.h5.segments | grep -qv '^v00000[12]\.h5$' && fail "files left in the segments folder: $(ls real/s.h5.segments)"

note "a store this user may not read: 66 saying so, not 65 'not an HDF5 file'"
if [[ $(id -u) == 0 ]] && command -v runuser >/dev/null && runuser -u nobody -- test -x "$BASKETGAP"; then
  # OpenMPI's session folder under $WORK (lib.sh) is not the other user's to write.
  expect_exit 66 runuser -u nobody -- env OMPI_MCA_orte_tmpdir_base=/tmp "$BASKETGAP" inspect "$WORK/real/s.h5"
  grep -q "cannot read: Permission denied" last.err || fail "unclear: $(cat last.err)"
else
  echo "(skipped: needs root, runuser and a binary the user nobody may run)"
fi

note "append --rejects: an existing file is kept (73), a segment never replaced (64)"
echo "keep me" >keep.txt
expect_exit 73 bg 1 append --store ops/s.h5 --transactions n2.csv --rejects keep.txt
[[ $(cat keep.txt) == "keep me" ]] || fail "--rejects replaced an existing file"
expect_exit 64 bg 1 append --store ops/s.h5 --transactions n2.csv --rejects real/s.h5.segments/v000001.h5 --overwrite
[[ $(cat real/s.h5 real/s.h5.segments/* | md5sum) == "$before" ]] || fail "a refused append changed the store"
bg 1 -q append --store ops/s.h5 --transactions n2.csv --rejects keep.txt --overwrite || fail "append --overwrite"
head -1 keep.txt | grep -q '^file,line,column,reason,message,text$' || fail "--overwrite did not write the rejects"

note "ingest --overwrite through the link: a one-file store, the old segments and batch rejects gone"
ls real/s.h5.v*.rejects.csv >/dev/null || fail "no batch rejects files to begin with"
bg 1 -q ingest --transactions base.csv --out ops/s.h5 --overwrite || fail "ingest --overwrite"
[[ -L ops/s.h5 ]] || fail "ingest replaced the link"
[[ ! -e real/s.h5.segments ]] || fail "the replaced store's segments are left: $(ls real/s.h5.segments)"
! ls real/s.h5.v*.rejects.csv 2>/dev/null || fail "the replaced store's batch rejects files are left"
"$BASKETGAP" inspect real/s.h5 | grep -q "^schema  *v1" || fail "not a one-file store: $("$BASKETGAP" inspect real/s.h5 | head -3)"

note "a failed ingest --overwrite keeps the existing store's rejects file"
bg 1 -q ingest --transactions base.csv --out one.h5 || fail "ingest one.h5"
cp one.h5.rejects.csv rejects-before.csv
{ head -1 base.csv; for i in 1 2 3 4 5; do echo "x,1,1,1,1,1,0,0,0,1,0,0"; done; } >bad.csv
expect_exit 65 bg 1 ingest --transactions bad.csv --out one.h5 --overwrite --max-rejects 2
cmp one.h5.rejects.csv rejects-before.csv || fail "the failed run replaced the store's rejects file"
grep -q "see one.h5.failed.rejects.csv" last.err || fail "the error does not name the failed run's rejects: $(cat last.err)"
grep -q "^bad.csv,2,1,not_a_number," one.h5.failed.rejects.csv || fail "the failed run's rejects are not in one.h5.failed.rejects.csv"
note "a failed first append leaves no segments folder behind"
expect_exit 65 bg 1 append --store one.h5 --transactions bad.csv --max-rejects 2
[[ ! -e one.h5.segments ]] || fail "the failed append left $(ls -a one.h5.segments)"
echo "OK: store paths"
