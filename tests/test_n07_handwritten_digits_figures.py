"""Notebook 07's static pictures: every digit lands in its own tile of the mosaic, with its
title above it, and the confusion matrix writes each non-zero count in its cell."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from nnlib.course.n07_handwritten_digits.figures import show_confusion, show_images


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def tiles(ax):
    """The mosaic: one array holding every tile, NaN (drawn white) between them."""
    return np.asarray(ax.get_images()[0].get_array().filled(np.nan))


@pytest.mark.parametrize(("count", "ncols"), [(20, 10), (13, 10), (32, 8), (1, 4)])
def test_each_image_is_an_8x8_tile_in_reading_order(count, ncols):
    images = np.random.default_rng(0).random((count, 64))
    titles = [f"t{k}" for k in range(count)]
    fig, ax = show_images(images, titles=titles, ncols=ncols)
    mosaic = tiles(ax)
    texts = ax.texts
    assert [text.get_text() for text in texts] == titles
    for k, text in enumerate(texts):
        # the tile below title k holds image k, row by row
        x, y = text.get_position()
        left, top = int(round(x + 0.5 - 4)), int(round(y + 0.7))
        np.testing.assert_array_equal(mosaic[top : top + 8, left : left + 8],
                                      images[k].reshape(8, 8))
    # the gaps between tiles are empty (drawn white)
    assert np.isnan(mosaic).sum() == mosaic.size - count * 64
    rows = -(-count // ncols)
    assert fig.get_figwidth() == pytest.approx(7.6)
    # a one-pixel gap after each tile, and one before the first column and below the last row
    assert mosaic.shape[1] == ncols * 9 + 1 and mosaic.shape[0] >= rows * 9 + 1
    assert np.all(np.isnan(mosaic[:, 0])) and np.all(np.isnan(mosaic[-1, :]))


def test_without_titles_there_is_no_text_and_a_frame_per_tile_on_request():
    images = np.zeros((5, 64))
    _, ax = show_images(images, ncols=5, frame=True)
    assert len(ax.texts) == 0 and len(ax.patches) == 5


def test_confusion_writes_every_nonzero_count_in_its_cell():
    counts = np.diag([5, 6, 7])
    counts[2, 0] = 3
    image = show_confusion(counts)
    ax = image.axes
    written = {(int(t.get_position()[1]), int(t.get_position()[0])): t.get_text()
               for t in ax.texts}
    assert written == {(0, 0): "5", (1, 1): "6", (2, 2): "7", (2, 0): "3"}
    np.testing.assert_allclose(image.get_array(), np.sqrt(counts))
    assert ax.get_xlabel() == "predicted digit" and ax.get_ylabel() == "true digit"
