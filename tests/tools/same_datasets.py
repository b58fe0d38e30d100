#!/usr/bin/python3
"""same_datasets.py A.h5 B.h5 PATH...: exit 0 when each PATH (a dataset, or a group and everything
under it) is the same in both files: the same members, and every dataset the same shape, type
and values (NaN equal to NaN). h5diff alone is not enough: it reports datasets of different
shapes as "not comparable" and still exits 0, so a file with another number of rows passed."""
import sys

import h5py
import numpy


def differences(a, b, path):
    if isinstance(a, h5py.Group) != isinstance(b, h5py.Group):
        return [f"{path}: a group in one file, a dataset in the other"]
    if isinstance(a, h5py.Group):
        out = []
        if set(a) != set(b):
            out.append(f"{path}: members {sorted(set(a) ^ set(b))} in one file only")
        for name in sorted(set(a) & set(b)):
            out += differences(a[name], b[name], f"{path.rstrip('/')}/{name}")
        return out
    if a.shape != b.shape:
        return [f"{path}: shape {a.shape} against {b.shape}"]
    if a.dtype != b.dtype:
        return [f"{path}: type {a.dtype} against {b.dtype}"]
    x, y = a[()], b[()]
    same = (numpy.array_equal(x, y, equal_nan=True) if a.dtype.kind == "f" else numpy.array_equal(x, y))
    return [] if same else [f"{path}: values differ"]


a_path, b_path, paths = sys.argv[1], sys.argv[2], sys.argv[3:]
with h5py.File(a_path, "r") as a, h5py.File(b_path, "r") as b:
    found = []
    for p in paths:
        if p not in a or p not in b:
            found.append(f"{p}: missing in {a_path if p not in a else b_path}")
        else:
            found += differences(a[p], b[p], p)
if found:
    print(f"{a_path} and {b_path} differ:", *found[:10], sep="\n  ", file=sys.stderr)
    sys.exit(1)
