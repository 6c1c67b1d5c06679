"""How many hand-drawn digits notebook 07's network reads right, drawn on the 32x32 pad (reduced
to 8x8 as the data set was made, nnlib/course/n07_handwritten_digits/pad.py) against drawn on
the former pad of 64 check boxes (a box ticked wherever the stroke passes).

The drawings are made the way a person draws: each digit's strokes (`SKELETONS`, two ways of
writing some digits) with a thin, a medium and a thick brush, small, medium and large, in the
middle, the top left and the bottom right of the pad. The network is the notebook's chosen one
(section 8: learning rate 0.3, batch size 8, 32 hidden units, 10 epochs).

    .venv/bin/python benchmarks/digit_pad.py
"""

import itertools
import sys
from pathlib import Path

import numpy as np

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nnlib.course.n07_handwritten_digits import digits, pad  # noqa: E402


def _ellipse(cx, cy, rx, ry, count=24):
    angles = np.linspace(0, 2 * np.pi, count + 1)
    return list(zip(cx + rx * np.sin(angles), cy - ry * np.cos(angles), strict=True))


# Each digit as strokes (polylines) in a unit box: x across from 0 (left) to 1, y down from 0
# (top) to 1. Some digits have two common forms.
SKELETONS = {
    0: [[_ellipse(0.5, 0.5, 0.36, 0.47)]],
    1: [[[(0.5, 0.03), (0.5, 0.97)]],
        [[(0.25, 0.25), (0.55, 0.03), (0.55, 0.97)]]],
    2: [[[(0.15, 0.25), (0.3, 0.07), (0.5, 0.03), (0.72, 0.08), (0.8, 0.25), (0.7, 0.45),
          (0.15, 0.96), (0.88, 0.96)]]],
    3: [[[(0.15, 0.12), (0.45, 0.03), (0.72, 0.1), (0.78, 0.27), (0.6, 0.45), (0.38, 0.48),
          (0.62, 0.52), (0.82, 0.67), (0.78, 0.87), (0.5, 0.97), (0.15, 0.88)]]],
    4: [[[(0.62, 0.97), (0.62, 0.03), (0.1, 0.65), (0.9, 0.65)]],
        [[(0.3, 0.03), (0.15, 0.6), (0.85, 0.6)], [(0.65, 0.3), (0.65, 0.97)]]],
    5: [[[(0.82, 0.04), (0.28, 0.04), (0.22, 0.45), (0.5, 0.38), (0.78, 0.5), (0.82, 0.75),
          (0.62, 0.95), (0.35, 0.97), (0.15, 0.86)]]],
    6: [[[(0.72, 0.03), (0.42, 0.22), (0.2, 0.55), (0.22, 0.85), (0.5, 0.97), (0.78, 0.85),
          (0.78, 0.62), (0.5, 0.5), (0.22, 0.62)]]],
    7: [[[(0.12, 0.04), (0.88, 0.04), (0.4, 0.97)]],
        [[(0.12, 0.04), (0.88, 0.04), (0.4, 0.97)], [(0.3, 0.5), (0.78, 0.5)]]],
    8: [[_ellipse(0.5, 0.26, 0.27, 0.23), _ellipse(0.5, 0.72, 0.33, 0.25)]],
    9: [[_ellipse(0.5, 0.28, 0.3, 0.25), [(0.8, 0.28), (0.72, 0.97)]]],
}
RADII = {"thin": 0.8, "medium": 1.6, "thick": 2.6}  # the brush, in cells of the 32x32 pad
HEIGHTS = {"small": 12, "medium": 20, "large": 29}  # the digit's height, in cells
PLACES = ("middle", "top left", "bottom right")
ASPECT = 0.7  # a digit's width / its height


def drawings():
    """Every (digit, description, strokes in pad cells, brush radius)."""
    for digit, forms in SKELETONS.items():
        for (form, strokes), (width_name, radius), (size, height), place in itertools.product(
            enumerate(forms), RADII.items(), HEIGHTS.items(), PLACES
        ):
            width = ASPECT * height
            margin = 1.5 + radius
            left = {"middle": (pad.SIZE - width) / 2, "top left": margin,
                    "bottom right": pad.SIZE - margin - width}[place]
            top = {"middle": (pad.SIZE - height) / 2, "top left": margin,
                   "bottom right": pad.SIZE - margin - height}[place]
            in_cells = [[(left + x * width, top + y * height) for x, y in stroke]
                        for stroke in strokes]
            yield digit, f"{digit} form {form} {width_name} {size} {place}", in_cells, radius


def new_pad_picture(strokes, radius):
    """What the network reads from the 32x32 pad: the strokes drawn with a round brush, then
    `pad.reduce`."""
    ink = np.zeros((pad.SIZE, pad.SIZE), dtype=bool)
    for stroke in strokes:
        for start, end in itertools.pairwise(stroke):
            pad.stroke(ink, start, end, radius)
    return pad.reduce(ink)


def box_pad_picture(strokes):
    """What the network read from the former pad of 8x8 check boxes: a box ticked wherever
    the stroke's centre line passes (ink 1, else 0)."""
    boxes = np.zeros(digits.IMAGE_SHAPE)
    for stroke in strokes:
        for (x0, y0), (x1, y1) in itertools.pairwise(stroke):
            for t in np.linspace(0, 1, 50):
                x, y = x0 + t * (x1 - x0), y0 + t * (y1 - y0)
                row, column = int(y // pad.BLOCK), int(x // pad.BLOCK)
                boxes[min(row, 7), min(column, 7)] = 1.0
    return boxes.ravel()


def chosen_network():
    """Notebook 07's chosen network (section 8)."""
    from nnlib.course.n07_handwritten_digits.views import curves

    return curves(digits.split(), 0.3, 8, 32).network


def benchmark(network=None):
    """{pad name: (right, total, {digit: (right, drawings)})} for the two pads."""
    network = chosen_network() if network is None else network
    found = list(drawings())
    labels = np.array([digit for digit, _, _, _ in found])
    pictures = {
        "32x32 pad": np.array([new_pad_picture(s, r) for _, _, s, r in found]),
        "8x8 check boxes": np.array([box_pad_picture(s) for _, _, s, _ in found]),
    }
    results = {}
    for name, X in pictures.items():
        right = network.feedforward(X).argmax(axis=1) == labels
        by_digit = {digit: (int(right[labels == digit].sum()), int(np.sum(labels == digit)))
                    for digit in SKELETONS}
        results[name] = (int(right.sum()), len(labels), by_digit)
    return results


def main():
    for name, (right, total, by_digit) in benchmark().items():
        digits_text = ", ".join(f"{d}: {n}/{of}" for d, (n, of) in by_digit.items())
        print(f"{name:16s} {right:4d} of {total} read right ({right / total:.0%}); "
              f"per digit {digits_text}")


if __name__ == "__main__":
    main()
