"""Static pictures for notebook 07: rows of 8x8 digit images and a confusion matrix.

Each helper takes the axes to draw on (or makes a figure) and returns what it drew.
Importing this module loads matplotlib.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

from nnlib.course.n07_handwritten_digits.digits import IMAGE_SHAPE


def show_images(images, titles=(), ncols=10, width=7.6, cmap="gray_r", vmin=0.0, vmax=1.0,
                fontsize=9, frame=False):
    """Each row of `images` (n, 64) as an 8x8 picture, `ncols` per row of the figure, with
    the matching text of `titles` above it (frame=True: a thin grey frame around each, for
    colour maps whose middle is white). Returns (fig, ax).

    The pictures are tiled into one image on one axes (a gap of one pixel between them and
    around them, and room for a title above each): one picture is much quicker to draw than an
    axes each. The gap around them keeps the frames inside the axes, which would cut them.
    """
    images = np.asarray(images, dtype=float)
    height, width_px = IMAGE_SHAPE
    nrows = -(-len(images) // ncols)  # rounded up
    lines = max((str(title).count("\n") + 1 for title in titles), default=0)
    gap_x = 1.0
    inches_per_pixel = width / (ncols * (width_px + gap_x) + gap_x)
    top = lines * 1.35 * fontsize / 72 / inches_per_pixel  # the titles' height, in pixels
    gap_y = gap_x + top
    cell_w, cell_h = width_px + gap_x, height + gap_y
    # one gap left of the first column and below the last row (the others are in the cells)
    mosaic = np.full((int(np.ceil(nrows * cell_h + gap_x)), int(ncols * cell_w + gap_x)), np.nan)
    rows_at = []
    for index, image in enumerate(images):
        row, column = divmod(index, ncols)
        y0 = int(round(row * cell_h + gap_y))
        x0 = int(gap_x + column * cell_w)
        mosaic[y0 : y0 + height, x0 : x0 + width_px] = image.reshape(IMAGE_SHAPE)
        rows_at.append((y0, x0))
    colours = plt.get_cmap(cmap).with_extremes(bad="white")
    aspect = mosaic.shape[0] / mosaic.shape[1]
    fig, ax = plt.subplots(figsize=(width, width * aspect + 0.05))
    fig.subplots_adjust(left=0.005, right=0.995, bottom=0.005, top=0.995)
    ax.imshow(mosaic, cmap=colours, vmin=vmin, vmax=vmax, interpolation="nearest")
    ax.set_axis_off()
    for y0, x0 in rows_at if frame else ():
        ax.add_patch(Rectangle((x0 - 0.5, y0 - 0.5), width_px, height, fill=False, lw=0.6,
                               edgecolor="0.6"))
    for (y0, x0), title in zip(rows_at, titles, strict=False):
        ax.text(x0 + width_px / 2 - 0.5, y0 - 0.7, str(title), ha="center", va="bottom",
                fontsize=fontsize)
    return fig, ax


def show_confusion(counts, ax=None, cmap="Blues"):
    """The confusion matrix `counts` (n_classes, n_classes) as coloured cells with their
    numbers: rows are the true digits, columns the predicted ones. Returns the image."""
    counts = np.asarray(counts)
    if ax is None:
        _, ax = plt.subplots()
    n_classes = len(counts)
    # a log-like scale: the diagonal (dozens) would otherwise wash out the few mistakes
    image = ax.imshow(np.sqrt(counts), cmap=cmap, interpolation="nearest")
    for true in range(n_classes):
        for predicted in range(n_classes):
            count = int(counts[true, predicted])
            if count:
                dark = np.sqrt(count) > 0.6 * np.sqrt(counts.max())
                ax.text(predicted, true, str(count), ha="center", va="center", fontsize=8,
                        color="white" if dark else "black")
    ax.set_xticks(range(n_classes))
    ax.set_yticks(range(n_classes))
    ax.set_xlabel("predicted digit")
    ax.set_ylabel("true digit")
    return image
