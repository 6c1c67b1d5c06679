"""The arithmetic of notebook 07's drawing pad: a drawing on a fine grid turned into the 8x8
picture the network reads, the way the digits data set was made.

The data set's images were made from 32x32 black-and-white scans, each digit scaled by NIST's
programs to fill the box (every one of the 1797 images has ink in its top and its bottom row;
widths vary), then cut into 4x4 blocks, each block giving the number of its 16 pixels that are
ink (0-16); the course divides by 16 (`digits.MAX_PIXEL`). `reduce` does the same to a
drawing: `normalise` (the ink's bounding box scaled to the box's height, or to its width if
that is the longer side, and centred), then `block_counts`.
"""

import numpy as np

from nnlib.course.n07_handwritten_digits.digits import IMAGE_SHAPE, MAX_PIXEL

SIZE = 32  # the drawing is SIZE x SIZE cells
BLOCK = SIZE // IMAGE_SHAPE[0]  # 4: each picture pixel counts the ink of BLOCK x BLOCK cells
# The order in which a block's cells are inked to show a grey level (ordered dithering): a
# count k inks the cells numbered below k, spread over the block.
BAYER = np.array([[0, 8, 2, 10], [12, 4, 14, 6], [3, 11, 1, 9], [15, 7, 13, 5]])


def stroke(ink, start, end, radius, value=True):
    """Ink (or, value=False, erase) every cell of `ink` (SIZE, SIZE) within `radius` cells of
    the segment from `start` to `end`, in place: a round brush dragged along it.

    start, end : (x, y) in cells, x across from the left edge, y down from the top edge (cell
    (row, column) is the square from (column, row) to (column + 1, row + 1)).
    """
    centres = np.arange(SIZE) + 0.5
    x, y = np.meshgrid(centres, centres)  # (SIZE, SIZE) each: the cells' centres
    (x0, y0), (x1, y1) = start, end
    dx, dy = x1 - x0, y1 - y0
    length2 = dx * dx + dy * dy
    # the point of the segment nearest each cell centre: t = 0 at start, 1 at end
    t = 0.0 if length2 == 0 else np.clip(((x - x0) * dx + (y - y0) * dy) / length2, 0, 1)
    near = (x - (x0 + t * dx)) ** 2 + (y - (y0 + t * dy)) ** 2 <= radius * radius
    ink[near] = value
    return ink


def normalise(ink):
    """The drawing (SIZE, SIZE) of booleans with its ink scaled, keeping its proportions, until
    its bounding box fills the box's height (or its width, for a drawing wider than tall), and
    centred; nearest-neighbour scaling. An empty drawing stays empty."""
    rows, columns = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    if not len(rows):
        return ink.copy()
    top, left = rows[0], columns[0]
    height, width = rows[-1] - top + 1, columns[-1] - left + 1
    scale = SIZE / max(height, width)
    new_height = min(SIZE, max(1, round(height * scale)))
    new_width = min(SIZE, max(1, round(width * scale)))
    # each new cell takes the old cell under its centre
    source_rows = top + np.minimum(((np.arange(new_height) + 0.5) / scale).astype(int), height - 1)
    source_columns = left + np.minimum(((np.arange(new_width) + 0.5) / scale).astype(int),
                                       width - 1)
    out = np.zeros_like(ink)
    row0, column0 = (SIZE - new_height) // 2, (SIZE - new_width) // 2
    out[row0 : row0 + new_height, column0 : column0 + new_width] = ink[np.ix_(source_rows,
                                                                             source_columns)]
    return out


def block_counts(ink):
    """How many cells of each BLOCK x BLOCK block are ink: (8, 8) whole numbers 0-16."""
    rows, columns = IMAGE_SHAPE
    return ink.reshape(rows, BLOCK, columns, BLOCK).sum(axis=(1, 3))


def reduce(ink):
    """The picture the network reads for the drawing `ink` (SIZE, SIZE): (64,) values 0-1, as
    the data set's images were made (normalised, ink counted per block) and scaled as in
    training (divided by MAX_PIXEL)."""
    return block_counts(normalise(np.asarray(ink, dtype=bool))).ravel() / MAX_PIXEL


def dither(pixels):
    """A drawing (SIZE, SIZE) whose blocks hold round(16 * pixel) ink cells each: the fine
    picture of an 8x8 image `pixels` (64 values 0-1), whose `block_counts` give it back."""
    counts = np.rint(np.clip(np.asarray(pixels, dtype=float), 0, 1) * MAX_PIXEL)
    counts = counts.reshape(IMAGE_SHAPE)
    return np.kron(counts, np.ones((BLOCK, BLOCK))) > np.tile(BAYER, IMAGE_SHAPE)
