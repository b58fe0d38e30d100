#!/usr/bin/env bash
# An output or spill folder that cannot be written is exit 73 naming it, before any work (was: exit
# 1 "internal error: filesystem error", or 74 after the whole job). Permission bits do not bind
# root: the read-only cases run as nobody when the test runs as root with runuser.
source "$(dirname "$0")/lib.sh"

has() { grep -qF -- "$2" "$1" || fail "$1 lacks '$2': $(tail -3 "$1")"; }

"$BASKETGAP" generate --households 100 --days 60 --seed 9 --out "$WORK/gen" -q
cd "$WORK"
touch afile

note "--spill-dir a regular file is 73"
expect_exit 73 "$BASKETGAP" ingest --transactions gen/transactions.csv --out s.h5 --spill-dir afile
has last.err "--spill-dir afile: is not a folder"
note "--spill-dir a folder that does not exist (a typo) is 73, and is not made"
expect_exit 73 "$BASKETGAP" ingest --transactions gen/transactions.csv --out s.h5 --spill-dir no/such/dir
has last.err "--spill-dir no/such/dir: no such folder"
[[ ! -e no ]] || fail "the mistyped --spill-dir was made"
[[ ! -e s.h5 ]] || fail "a store was published"

if [[ $(id -u) == 0 ]] && command -v runuser >/dev/null; then
  note "as nobody: --out in a read-only folder, --spill-dir a read-only folder are 73"
  chmod 755 "$WORK"
  chmod -R a+rX gen
  mkdir ro rw ompi && chmod 555 ro && chmod 777 rw ompi
  # OpenMPI's session folder must be one nobody can write.
  as_nobody() { runuser -u nobody -- env OMPI_MCA_orte_tmpdir_base="$WORK/ompi" "$@"; }
  expect_exit 73 as_nobody "$BASKETGAP" ingest --transactions gen/transactions.csv --out ro/x.h5
  has last.err "ro/x.h5: folder ro is not writable"
  expect_exit 73 as_nobody "$BASKETGAP" ingest --transactions gen/transactions.csv --out rw/x.h5 \
    --spill-dir ro
  has last.err "--spill-dir ro: folder is not writable"
  [[ -z $(find ro rw -mindepth 1) ]] || fail "something was left: $(find ro rw -mindepth 1)"
fi
no_temporaries "$WORK"
