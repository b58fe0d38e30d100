#!/usr/bin/python3
"""same_h5.py A.h5 B.h5 [H5DIFF OPTIONS]: exit 0 when every dataset of the two files is equal (h5diff) and
every root attribute is equal but those that name the run rather than the data (run_id,
engine_version, created, ranks). Used by bench/same_outputs.sh and the cluster tests."""
import subprocess
import sys

import h5py
import numpy

VOLATILE = {"run_id", "engine_version", "created", "ranks"}

a_path, b_path = sys.argv[1], sys.argv[2]
# /batches/utc_time: when each batch was written, not what it holds.
diff = subprocess.run(["h5diff", "--exclude-attribute", "/", "--exclude-path", "/batches/utc_time", *sys.argv[3:], a_path, b_path], capture_output=True, text=True)
if diff.returncode != 0:
    print(f"datasets differ: {a_path} vs {b_path}", file=sys.stderr)
    print("\n".join(diff.stdout.splitlines()[:20]), file=sys.stderr)
    sys.exit(1)

def shapes(f):
    """Every dataset's shape: h5diff calls datasets of different shapes "not comparable" and
    exits 0, so a file with more rows would pass it."""
    out = {}
    f.visititems(lambda name, obj: out.__setitem__(name, obj.shape) if isinstance(obj, h5py.Dataset) else None)
    out.pop("batches/utc_time", None)
    return out


with h5py.File(a_path, "r") as a, h5py.File(b_path, "r") as b:
    sa, sb = shapes(a), shapes(b)
    if sa != sb:
        bad = sorted(k for k in set(sa) | set(sb) if sa.get(k) != sb.get(k))
        print(f"datasets differ in shape or presence ({a_path} vs {b_path}): " +
              ", ".join(f"{k} {sa.get(k)} / {sb.get(k)}" for k in bad[:10]), file=sys.stderr)
        sys.exit(1)
    keys = (set(a.attrs) | set(b.attrs)) - VOLATILE
    bad = [k for k in sorted(keys)
           if k not in a.attrs or k not in b.attrs or not numpy.array_equal(a.attrs[k], b.attrs[k])]
if bad:
    print(f"root attributes differ ({a_path} vs {b_path}): {', '.join(bad)}", file=sys.stderr)
    sys.exit(1)
