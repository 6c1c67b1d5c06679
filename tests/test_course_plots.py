"""FunctionImage: a function over the plane, coloured pixel by pixel where it is drawn."""

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from nnlib.course.plots import FunctionImage, plane_grid, plot_function_image

EXTENT = (-6.0, 6.0, -3.0, 3.0)


def tilted(points):
    """A smooth function that grows to the right and, less, upwards: orientation shows."""
    return 1.0 / (1.0 + np.exp(-(0.8 * points[:, 0] + 0.3 * points[:, 1])))


def drawn(step):
    fig = Figure(figsize=(4.0, 3.0), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    image = plot_function_image(tilted, EXTENT, ax=ax, resolution=21, step=step)
    fig.canvas.draw()
    return ax, image, np.asarray(fig.canvas.buffer_rgba())


@pytest.mark.parametrize("step", [1, 2, 3])
def test_each_pixel_has_the_colour_of_the_function_at_its_centre(step):
    ax, image, pixels = drawn(step)
    height = pixels.shape[0]
    rng = np.random.default_rng(0)
    points = np.column_stack([rng.uniform(-5.5, 5.5, 40), rng.uniform(-2.5, 2.5, 40)])
    for column, row in ax.transData.transform(points).astype(int):
        # the function at the centre of the pixel; screen y runs up, buffer rows run down
        centre = ax.transData.inverted().transform([(column + 0.5, row + 0.5)])
        expected = image.to_rgba(tilted(centre), bytes=True)[0]
        got = pixels[height - 1 - row, column]
        # step > 1 fills in linearly between computed pixels: colours within a few levels
        np.testing.assert_allclose(got[:3], expected[:3], atol=1 if step == 1 else 6)


def test_the_array_holds_the_function_on_the_plane_grid():
    _, image, _ = drawn(1)
    points, shape = plane_grid(EXTENT, 21)
    np.testing.assert_array_equal(image.get_array(), tilted(points).reshape(shape))
    assert image.origin == "lower" and tuple(image.get_extent()) == EXTENT


def test_set_function_changes_the_picture_and_the_array():
    ax, image, before = drawn(2)
    before = before.copy()
    image.set_function(lambda points: 1.0 - tilted(points))
    ax.figure.canvas.draw()
    after = np.asarray(ax.figure.canvas.buffer_rgba())
    assert np.mean(np.any(after != before, axis=2)) > 0.3
    points, shape = plane_grid(EXTENT, 21)
    np.testing.assert_allclose(image.get_array(), 1.0 - tilted(points).reshape(shape))


def test_the_picture_stays_inside_the_axes():
    ax, image, pixels = drawn(2)
    with_image = pixels.copy()
    image.set_visible(False)
    ax.figure.canvas.draw()
    rows, columns = np.nonzero(np.any(np.asarray(ax.figure.canvas.buffer_rgba()) != with_image, 2))
    height = with_image.shape[0]
    x0, y0, x1, y1 = ax.bbox.extents
    assert x0 - 1 <= columns.min() and columns.max() <= x1 + 1
    assert height - y1 - 1 <= rows.min() and rows.max() <= height - y0 + 1
    assert isinstance(image, FunctionImage)
