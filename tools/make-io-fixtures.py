#!/usr/bin/python3
"""Writes small .npy files with real NumPy for Carousel's carousel.io tests.

Run from the repository root:  /usr/bin/python3 tools/make-io-fixtures.py
Output: src/test/resources/fixtures/io/*.npy and manifest.json, which lists for each file the
NumPy format version, dtype, fortran flag, shape and the values in C order, so that the Java
tests check their reader against NumPy's writer (and their writer against NumPy's bytes).
The values are exact in float32 except where a test is meant to see rounding (f8_4.npy).
"""
import json
import os

import numpy as np

OUT = os.path.join("src", "test", "resources", "fixtures", "io")


def save(name, array, version=None):
    """Saves with numpy.save (or write_array for an explicit version); returns the manifest entry."""
    path = os.path.join(OUT, name)
    if version is None:
        np.save(path, array, allow_pickle=False)
    else:
        with open(path, "wb") as f:
            np.lib.format.write_array(f, array, version=version, allow_pickle=False)
    with open(path, "rb") as f:
        major, minor = f.read(8)[6:8]
    return name, {
        "version": [major, minor],
        "descr": array.dtype.str,
        "fortran_order": bool(array.flags.f_contiguous and not array.flags.c_contiguous),
        "shape": list(array.shape),
        "values": [v.item() for v in array.reshape(-1, order="C")],
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    entries = [
        save("f4_2x3.npy", (np.arange(6, dtype="<f4").reshape(2, 3) * 0.5 - 1.0).astype("<f4")),
        save("f8_4.npy", np.array([0.1, -2.5, 1e10, 3.0], dtype="<f8")),
        save("i8_5.npy", np.array([0, -1, 2 ** 24, 7, -123456], dtype="<i8")),
        save("i4_2x2.npy", np.array([[3, -4], [0, 2147483647]], dtype="<i4")),
        save("scalar_f4.npy", np.array(3.25, dtype="<f4")),
        save("empty_0x3.npy", np.zeros((0, 3), dtype="<f4")),
        save("f4_2x3x4.npy", (np.arange(24, dtype="<f4").reshape(2, 3, 4) - 12.0).astype("<f4")),
        save("be_f4_3.npy", np.array([1.5, -2.0, 0.375], dtype=">f4")),
        save("fortran_f4_2x3.npy", np.asfortranarray(np.arange(6, dtype="<f4").reshape(2, 3))),
        save("v2_f4_3.npy", np.array([1.0, 2.0, 4.0], dtype="<f4"), version=(2, 0)),
        save("v3_f4_3.npy", np.array([-1.0, 0.5, 8.0], dtype="<f4"), version=(3, 0)),
    ]
    with open(os.path.join(OUT, "manifest.json"), "w") as f:
        json.dump({"generator": "tools/make-io-fixtures.py", "numpy_version": np.__version__,
                   "files": dict(entries)}, f, indent=2)
        f.write("\n")
    print("wrote", len(entries), "files to", OUT)


if __name__ == "__main__":
    main()
