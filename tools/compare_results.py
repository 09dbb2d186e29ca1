#!/usr/bin/python3
"""Compares two clustersim results files bit for bit: every dataset under /metrics and
/snapshots (values and shapes; NaN equals NaN). Exit 0 when all match, 1 otherwise.

    /usr/bin/python3 tools/compare_results.py reference.h5 candidate.h5
"""
import sys

import h5py
import numpy as np


def datasets(f, root):
    """Path -> dataset of every dataset under `root` (empty when `root` is absent)."""
    found = {}
    if root not in f:
        return found
    f[root].visititems(lambda name, obj: found.__setitem__(f"{root}/{name}", obj)
                       if isinstance(obj, h5py.Dataset) else None)
    return found


def same(a, b):
    """Equal shapes and bytes-for-value equality; NaN equals NaN for floats."""
    x, y = a[()], b[()]
    if np.shape(x) != np.shape(y):
        return False
    x, y = np.asarray(x), np.asarray(y)
    if x.dtype.kind == "f" and y.dtype.kind == "f":
        return bool(np.array_equal(x, y, equal_nan=True))
    return bool(np.array_equal(x, y))


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with h5py.File(sys.argv[1], "r") as ref, h5py.File(sys.argv[2], "r") as new:
        differ, count = [], 0
        for root in ("/metrics", "/snapshots"):
            a, b = datasets(ref, root), datasets(new, root)
            for path in sorted(set(a) | set(b)):
                count += 1
                if path not in a or path not in b or not same(a[path], b[path]):
                    differ.append(path)
    for path in differ:
        print(f"differs: {path}")
    print(f"{count - len(differ)} of {count} datasets identical")
    sys.exit(1 if differ or count == 0 else 0)


if __name__ == "__main__":
    main()
