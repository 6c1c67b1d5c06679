"""A PNG encoder for live frames: a picture's pixels as PNG bytes, fast rather than small.

PIL's PNG writer picks a filter for every row (it tries them and keeps the best), which costs
about two thirds of its time on a figure-sized frame even at zlib level 1. A figure is mostly
flat colour, so unfiltered rows compress nearly as well: this writer does no filtering, so a
frame of 800 x 430 pixels takes about a third of PIL's time for a file of about the same size
(`make bench` times it against PIL, benchmarks/frames.py; tests/test_course_png.py checks the
bytes decode to the very pixels).
"""

import struct
import zlib

import numpy as np

SIGNATURE = b"\x89PNG\r\n\x1a\n"
RGBA = 6  # the PNG colour type: red, green, blue and alpha, 8 bits each


def encode_png(pixels, level=1):
    """PNG bytes of `pixels`, a (height, width, 4) uint8 RGBA array with the top row first.

    level: zlib's compression level, 0 (none, fastest) to 9 (smallest, slowest).
    """
    pixels = np.asarray(pixels)
    if pixels.dtype != np.uint8 or pixels.ndim != 3 or pixels.shape[2] != 4 or not pixels.size:
        raise ValueError(
            f"pixels must be a non-empty (height, width, 4) uint8 array, got {pixels.dtype} "
            f"{pixels.shape}"
        )
    height, width, _ = pixels.shape
    rows = np.zeros((height, 1 + 4 * width), dtype=np.uint8)  # each row: filter 0 ("none")
    rows[:, 1:] = pixels.reshape(height, 4 * width)
    header = struct.pack(">IIBBBBB", width, height, 8, RGBA, 0, 0, 0)
    return b"".join(
        [
            SIGNATURE,
            _chunk(b"IHDR", header),
            _chunk(b"IDAT", zlib.compress(rows.data, level)),
            _chunk(b"IEND", b""),
        ]
    )


def _chunk(kind, data):
    """One PNG chunk: length, kind, data and the CRC-32 of kind and data."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
