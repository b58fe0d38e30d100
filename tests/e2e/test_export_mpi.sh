#!/usr/bin/env bash
# `export` under mpirun (docs/CAMPAIGN.md, "Under mpirun"): with 1, 2 and 3 ranks the data file
# is byte-identical and the manifest equal, for CSV, JSONL, gzip, per-coupon, pseudonymised,
# with and without --store; the gzip file is several members that zcat and --verify read as
# the plain text; more ranks than blocks (a tiny coupons file) works; a failure on every rank
# ends them all with one exit code and publishes nothing; --verify refuses several ranks.
source "$(dirname "$0")/lib.sh"

note "generate 3000 and 100 households, ingest, score (10 % control)"
"$BASKETGAP" -q generate --households 3000 --seed 11 --consent-rate 0.6 --out "$WORK/data"
"$BASKETGAP" -q generate --households 100 --seed 12 --out "$WORK/tiny"
for set in data tiny; do
  bg 2 -q ingest --transactions "$WORK/$set/transactions.csv" --products "$WORK/$set/products.csv" \
    --households "$WORK/$set/households.csv" --out "$WORK/$set.h5" || fail "ingest $set"
done
printf '[campaign]\nname = "mpi-export"\ncontrol_share = 0.1\nsalt = "mpi-export-salt"\n' >"$WORK/campaign.toml"
bg 2 -q score --store "$WORK/data.h5" --as-of 700 --config "$WORK/campaign.toml" --out "$WORK/coupons.h5" ||
  fail "score"
bg 1 -q score --store "$WORK/tiny.h5" --as-of 700 --out "$WORK/tiny-coupons.h5" || fail "score tiny"
printf 'a-very-secret-key-for-mpi-tests\n' >"$WORK/key"
chmod 600 "$WORK/key"

# same_export NAME RANKS... -- ARGS...: exports to $WORK/np<N>/NAME for each rank count; the
# data files and manifests equal the first one's, each verifies, nothing temporary is left.
same_export() {
  local name=$1; shift
  local ranks=()
  while [[ $1 != -- ]]; do ranks+=("$1"); shift; done
  shift
  local first=""
  for n in "${ranks[@]}"; do
    mkdir -p "$WORK/np$n"
    "$MPIEXEC" -np "$n" --oversubscribe "$BASKETGAP" -q export "$@" --out "$WORK/np$n/$name" ||
      fail "export $name at -np $n: $*"
    expect_exit 0 "$BASKETGAP" export --verify "$WORK/np$n/$name"
    no_temporaries "$WORK/np$n"
    if [[ -z $first ]]; then
      first=$WORK/np$n/$name
    else
      cmp "$first" "$WORK/np$n/$name" || fail "$name differs between -np ${ranks[0]} and -np $n"
      cmp "$first.manifest.json" "$WORK/np$n/$name.manifest.json" ||
        fail "$name: the manifests of -np ${ranks[0]} and -np $n differ"
    fi
  done
  note "$name: identical at -np ${ranks[*]} ($(json_field "$first.manifest.json" rows) rows)"
}

C=(--coupons "$WORK/coupons.h5")
S=(--store "$WORK/data.h5")
same_export e.csv 1 2 3 -- "${C[@]}" "${S[@]}" --format csv
same_export e.jsonl 1 2 3 -- "${C[@]}" "${S[@]}" --format jsonl
same_export e.csv.gz 1 2 3 -- "${C[@]}" "${S[@]}" --format csv --gzip
same_export pc.jsonl 1 2 3 -- "${C[@]}" --format jsonl --per-coupon
same_export pc.jsonl.gz 1 2 3 -- "${C[@]}" --format jsonl --per-coupon --gzip
same_export p.csv 1 2 3 -- "${C[@]}" --format csv --pseudonymise-key "$WORK/key"
same_export p.csv.gz 1 2 3 -- "${C[@]}" --format csv --gzip --pseudonymise-key "$WORK/key"
same_export pc.csv 1 2 -- "${C[@]}" "${S[@]}" --format csv --per-coupon
same_export tiny.csv 1 4 -- --coupons "$WORK/tiny-coupons.h5" --store "$WORK/tiny.h5" --format csv
# What the rows say, checked against the inputs by another reader than the exporter.
for name in e.csv pc.csv; do
  /usr/bin/python3 "$REPO/tests/tools/check_export_csv.py" "$WORK/np1/$name" "$WORK/coupons.h5" \
    "$WORK/data/products.csv" "$WORK/data/households.csv" || fail "$name does not say what its inputs say"
done
same_export tiny.jsonl.gz 1 3 4 -- --coupons "$WORK/tiny-coupons.h5" --format jsonl --gzip

note "the manifest counts the same households as the coupons file, some left out as control"
M=$WORK/np3/e.csv.manifest.json
households=$(json_field "$M" households_in_coupons_file)
python3 - "$M" <<'PY' || fail "manifest counts: $(cat "$M")"
import json, sys
m = json.load(open(sys.argv[1]))
e = m["excluded"]
assert m["households"] + e["no_consent"] + e["control"] + e["no_coupon"] == m["households_in_coupons_file"], m
assert e["control"] > 0 and e["no_consent"] > 0 and m["households"] > 0, m
PY

note "gzip: one member per block of 1000 households; zcat gives the plain export's bytes"
for f in e.csv p.csv pc.jsonl; do
  zcat "$WORK/np3/$f.gz" | cmp - "$WORK/np3/$f" || fail "zcat $f.gz differs from $f"
done
members=$(python3 - "$WORK/np3/e.csv.gz" <<'PY'
import sys, zlib
data, members = open(sys.argv[1], "rb").read(), 0
while data:
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    d.decompress(data)
    assert d.eof, "a member is cut short"
    data, members = d.unused_data, members + 1
print(members)
PY
)
blocks=$(((households + 999) / 1000))
[[ $blocks -ge 2 && $members -ge 2 && $members -le $blocks ]] ||
  fail "e.csv.gz has $members gzip members for $households households ($blocks blocks)"

note "a failure on every rank: one exit code, no MPI_ABORT, nothing published"
expect_exit 65 bg 3 export "${C[@]}" --store "$WORK/tiny.h5" --out "$WORK/np3/wrong.csv"
! grep -q "MPI_ABORT" "$WORK/last.err" || fail "the ranks did not agree on the error"
[[ ! -e $WORK/np3/wrong.csv && ! -e $WORK/np3/wrong.csv.manifest.json ]] || fail "a failed export was published"
no_temporaries "$WORK/np3"
expect_exit 73 bg 2 export "${C[@]}" --out "$WORK/np3/e.csv"

note "--verify runs as one process"
expect_exit 64 bg 2 export --verify "$WORK/np3/e.csv"
grep -q "export --verify runs as one process" "$WORK/last.err" || fail "no reason: $(cat "$WORK/last.err")"
echo "ok"
