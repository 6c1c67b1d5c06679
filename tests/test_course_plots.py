"""The shared plot helpers: FunctionImage colours a function over the plane pixel by pixel
where it is drawn; plot_network draws a network's neurons, weights and values."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Circle

from nnlib.course.plots import FunctionImage, plane_grid, plot_function_image, plot_network

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


def texts(ax):
    return [text.get_text() for text in ax.texts]


def test_plot_network_draws_one_circle_per_neuron_and_one_arrow_per_weight():
    weights = [np.array([[0.5, -0.5], [0.25, 0.5]]), np.array([[1.0, -2.0], [0.5, 1.0]])]
    biases = [np.array([0.0, 1.5]), np.array([-1.0, 0.0])]
    fig, ax = plt.subplots()
    plot_network(weights, biases, ax=ax)
    circles = [patch for patch in ax.patches if isinstance(patch, Circle)]
    assert len(circles) == 2 + 2 + 2
    arrows = [text for text in ax.texts if getattr(text, "arrow_patch", None) is not None]
    assert len(arrows) == 4 + 4
    labels = texts(ax)
    for value in ["0.5", "-0.5", "0.25", "-2", "b = 1.5", "b = -1"]:
        assert value in labels
    assert "$x_1$" in labels and "$h_2$" in labels and "$o_2$" in labels
    plt.close(fig)


def test_plot_network_writes_values_and_highlights_the_named_weights():
    weights = [np.array([[0.0, 0.0], [1.0, 1.0]]), np.array([[0.0], [1.0]])]
    fig, ax = plt.subplots()
    plot_network(
        weights, [np.zeros(2), np.zeros(1)], ax=ax,
        values=[[2, 3], [0.95257, 0.95257], [0.72163]], highlight=[(1, 1, 0)],
    )
    assert "0.7216" in texts(ax) and "0.9526" in texts(ax)
    arrows = [text for text in ax.texts if getattr(text, "arrow_patch", None) is not None]
    coloured = [a for a in arrows if a.arrow_patch.get_edgecolor()[:3] != (0.35, 0.35, 0.35)]
    assert len(coloured) == 1
    plt.close(fig)


def three_classes(points):
    """Class labels 0, 1, 2 in vertical bands: in-between values would be a wrong class."""
    return np.digitize(points[:, 0], [-2.0, 2.0]).astype(float)


@pytest.mark.parametrize("step", [2, 3])
def test_nearest_fill_shows_only_the_classes_computed(step):
    fig = Figure(figsize=(4.0, 3.0), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    image = plot_function_image(three_classes, EXTENT, ax=ax, step=step, vmin=0, vmax=2,
                                cmap="viridis", fill="nearest")
    fig.canvas.draw()
    pixels = np.asarray(fig.canvas.buffer_rgba())[:, :, :3]
    area = ax.get_window_extent()
    inside = pixels[int(pixels.shape[0] - area.y1) + 2 : int(pixels.shape[0] - area.y0) - 2,
                    int(area.x0) + 2 : int(area.x1) - 2].reshape(-1, 3)
    colours = {tuple(colour) for colour in image.to_rgba(np.array([0.0, 1.0, 2.0]),
                                                         bytes=True)[:, :3].tolist()}
    assert {tuple(colour) for colour in inside.tolist()} == colours
    # each pixel's class is within one step of the class at its own centre
    rng = np.random.default_rng(1)
    for column, row in ax.transData.transform(
        np.column_stack([rng.uniform(-5.5, 5.5, 40), rng.uniform(-2.5, 2.5, 40)])
    ).astype(int):
        near = ax.transData.inverted().transform(
            [(column + 0.5 - offset, row + 0.5) for offset in range(step)])
        expected = {tuple(c) for c in image.to_rgba(three_classes(near), bytes=True)[:, :3]
                    .tolist()}
        assert tuple(pixels[pixels.shape[0] - 1 - row, column].tolist()) in expected


def test_fill_must_be_linear_or_nearest():
    with pytest.raises(ValueError, match="fill must be"):
        plot_function_image(tilted, EXTENT, ax=Figure().add_subplot(), fill="cubic")
