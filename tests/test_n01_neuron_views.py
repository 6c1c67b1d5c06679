"""Notebook 01's live view: after each slider move the figure holds what the math predicts."""

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from nnlib.course.n01_neuron.views import NeuronPlaneView, boundary_line, boundary_message

EXTENT = (-6.0, 6.0, -6.0, 6.0)


def expected_image(w1, w2, b, resolution=81):
    """The neuron's outputs on the view's grid, computed independently of nnlib."""
    x1, x2 = np.meshgrid(np.linspace(-6, 6, resolution), np.linspace(-6, 6, resolution))
    return 1.0 / (1.0 + np.exp(-(w1 * x1 + w2 * x2 + b)))


@pytest.fixture
def view():
    return NeuronPlaneView.on_agg()


def test_sliders_start_at_the_articles_neuron(view):
    assert view.initial_values() == {"w1": 0.0, "w2": 1.0, "b": 4.0}
    # sigmoid(0*2 + 1*3 + 4) = sigmoid(7) = 0.9990889488055994
    assert view.output_text.get_text() == "output for x = [2, 3]: 0.9991\n(z = 7.00)"


@pytest.mark.parametrize(("w1", "w2", "b"), [(0.0, 1.0, 4.0), (1.5, -0.5, 2.0), (-3.0, 0.2, -8.0)])
def test_update_colours_the_plane_with_the_neurons_output(view, w1, w2, b):
    view.update(w1=w1, w2=w2, b=b)
    np.testing.assert_allclose(view.image.get_array(), expected_image(w1, w2, b), atol=1e-12)


def test_image_is_drawn_with_x1_across_and_x2_up(view):
    view.update(w1=1.0, w2=0.0, b=0.0)  # output grows to the right only
    image = np.asarray(view.image.get_array())
    assert view.image.origin == "lower" and tuple(view.image.get_extent()) == EXTENT
    assert np.all(np.diff(image, axis=1) > 0) and np.allclose(np.diff(image, axis=0), 0)


@pytest.mark.parametrize(("w1", "w2", "b"), [(1.5, -0.5, 2.0), (0.2, 2.0, -1.0), (-1.0, 1.0, 0.5)])
def test_boundary_line_is_where_z_is_zero_and_crosses_the_view(view, w1, w2, b):
    view.update(w1=w1, w2=w2, b=b)
    x1, x2 = view.boundary.get_data()
    np.testing.assert_allclose(w1 * np.asarray(x1) + w2 * np.asarray(x2) + b, 0.0, atol=1e-12)
    # it runs from edge to edge of the view along its flatter direction
    assert sorted(x1) == [-6.0, 6.0] or sorted(x2) == [-6.0, 6.0]
    assert not view.boundary_text.get_visible()


def test_output_text_shows_the_output_and_z_at_the_point(view):
    view.update(w1=1.0, w2=-1.0, b=0.5)  # z = 2 - 3 + 0.5 = -0.5, sigmoid(-0.5) = 0.3775
    assert view.output_text.get_text() == "output for x = [2, 3]: 0.3775\n(z = -0.50)"


def test_marker_stays_on_the_point(view):
    view.update(w1=2.0, w2=2.0, b=-1.0)
    x1, x2 = view.marker.get_data()
    assert [list(x1), list(x2)] == [[2.0], [3.0]]


@pytest.mark.parametrize("tiny", [0.0, -0.0, 1e-17])
def test_zero_weights_hide_the_line_and_say_why_without_warnings(view, tiny):
    # pytest turns warnings into errors (pyproject), so a division by zero would fail here
    view.update(w1=tiny, w2=0.0, b=2.0)
    x1, x2 = view.boundary.get_data()
    assert len(x1) == len(x2) == 0
    assert view.boundary_text.get_visible()
    assert "no boundary" in view.boundary_text.get_text()
    assert "sigmoid(2) = 0.8808" in view.boundary_text.get_text()
    np.testing.assert_allclose(view.image.get_array(), 1 / (1 + np.exp(-2.0)))


def test_a_boundary_outside_the_view_is_announced(view):
    view.update(w1=0.1, w2=0.1, b=8.0)  # z >= 8 - 1.2 > 0 everywhere in the view
    assert view.boundary_text.get_visible()
    assert "outside this view" in view.boundary_text.get_text()
    assert "above 0.5" in view.boundary_text.get_text()
    view.update(w1=0.0, w2=1.0, b=0.0)  # back in view: the note goes away
    assert not view.boundary_text.get_visible()


def test_updates_change_the_same_artists_in_place(view):
    ax = view.axes
    image, line = view.image, view.boundary
    for values in ({"w1": 1.0, "w2": 1.0, "b": 0.0}, {"w1": 0.0, "w2": 0.0, "b": 1.0}):
        view.update(**values)
    assert list(ax.images) == [image] and line in ax.lines and len(ax.lines) == 2
    assert ax.get_xlim() == (-6.0, 6.0) and ax.get_ylim() == (-6.0, 6.0)


def test_every_slider_position_draws_the_neurons_output_for_that_position(view):
    FigureCanvasAgg(view.fig)  # on_agg's figure has a no-op canvas; render for real
    base = view.initial_values()
    positions, pictures = set(), set()
    for name, spec in view.sliders.items():
        for value in spec.samples(5):  # both ends and three between
            values = dict(base, **{name: value})
            view.update(**values)
            view.fig.canvas.draw()
            np.testing.assert_allclose(view.image.get_array(), expected_image(**values),
                                       atol=1e-12)
            z = 2 * values["w1"] + 3 * values["w2"] + values["b"]  # at x = [2, 3]
            assert f": {1 / (1 + np.exp(-z)):.4f}\n(z = {z:.2f})" in view.output_text.get_text()
            positions.add(tuple(values.values()))
            pictures.add(bytes(view.fig.canvas.buffer_rgba()))
    assert len(pictures) == len(positions)  # every position drew a picture of its own


def test_every_slider_position_renders_the_neurons_output_in_the_plane(view):
    """At both ends of every slider and three positions between, the rendered pixel at a
    point of the plane has the colour of the neuron's output there (within a few levels: a
    pixel spans a small part of the plane)."""
    canvas = FigureCanvasAgg(view.fig)
    base = view.initial_values()
    x_pixel, y_pixel = view.axes.transData.transform((1.0, -2.0)).round().astype(int)
    x1, x2 = view.axes.transData.inverted().transform((x_pixel + 0.5, y_pixel + 0.5))
    for name, spec in view.sliders.items():
        for value in spec.samples(5):  # both ends and three between
            values = dict(base, **{name: value})
            view.update(**values)
            canvas.draw()
            rows = np.asarray(canvas.buffer_rgba())  # from the top
            drawn = rows[rows.shape[0] - 1 - y_pixel, x_pixel, :3].astype(int)
            output = 1 / (1 + np.exp(-(values["w1"] * x1 + values["w2"] * x2 + values["b"])))
            expected = np.array(view.image.to_rgba(output, bytes=True)[:3], dtype=int)
            assert np.abs(drawn - expected).max() <= 12, (values, drawn, expected)


def test_vertical_and_horizontal_boundaries_need_no_special_case():
    x1, x2 = boundary_line((2.0, 0.0), -1.0, EXTENT)  # x1 = 0.5
    assert list(x1) == [0.5, 0.5] and list(x2) == [-6.0, 6.0]
    x1, x2 = boundary_line((0.0, 1.0), 4.0, EXTENT)  # x2 = -4, the article's neuron
    assert list(x1) == [-6.0, 6.0] and list(x2) == [-4.0, -4.0]


def test_boundary_message_is_empty_when_the_line_is_visible():
    assert boundary_message((0.0, 1.0), 4.0, EXTENT) == ""
    assert "below 0.5" in boundary_message((0.0, 1.0), 7.0 * -1, EXTENT)
