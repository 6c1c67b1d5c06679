"""explore(): sliders wired to a view's update, on a live ipympl figure, as notebooks use it."""

import base64

import matplotlib.pyplot as plt
import numpy as np
import pytest

from nnlib.course.explore import SliderSpec, View, explore

# ipympl's Toolbar passes the canvas on to traitlets, which deprecates that; not ours to fix.
pytestmark = pytest.mark.filterwarnings(r"ignore:Passing unrecognized arguments to super")


class Line(View):
    """y = slope * x, with a slope slider and a whole-number slider."""

    sliders = {
        "slope": SliderSpec("slope of the line", 1.0, -2.0, 2.0, 0.5),
        "points": SliderSpec("points", 5, 2, 9, 1),
    }

    def __init__(self, fig, ax):
        super().__init__(fig, ax)
        (self.line,) = ax.plot([], [])
        ax.set_xlim(0, 1)
        ax.set_ylim(-2, 2)
        self.calls = 0

    def update(self, slope, points):
        x = np.linspace(0, 1, points)
        self.line.set_data(x, slope * x)
        self.calls += 1


class NoSliders(View):
    def __init__(self, fig, ax):
        super().__init__(fig, ax)
        ax.plot([0, 1], [0, 1])

    def update(self):
        pass


@pytest.fixture
def ipympl():
    """The notebooks' backend (%matplotlib widget) for the length of a test."""
    plt.switch_backend("module://ipympl.backend_nbagg")
    yield
    plt.close("all")
    plt.switch_backend("Agg")


def test_sliders_start_at_their_specs_and_draw_the_view(ipympl):
    explorer = explore(Line)
    assert {name: c.value for name, c in explorer.controls.items()} == {"slope": 1.0, "points": 5}
    np.testing.assert_allclose(explorer.view.line.get_ydata(), np.linspace(0, 1, 5))


def test_moving_a_slider_updates_the_view_in_place(ipympl):
    explorer = explore(Line)
    line, calls = explorer.view.line, explorer.view.calls
    explorer.controls["slope"].value = -2.0
    assert explorer.view.line is line  # same artist, new data: no new figure, no flicker
    assert explorer.view.calls == calls + 1
    np.testing.assert_allclose(line.get_ydata(), -2.0 * np.linspace(0, 1, 5))


def test_set_moves_sliders_from_code(ipympl):
    explorer = explore(Line)
    explorer.set(points=9, slope=0.5)
    np.testing.assert_allclose(explorer.view.line.get_ydata(), 0.5 * np.linspace(0, 1, 9))


def test_integer_and_float_sliders_and_aligned_labels(ipympl):
    explorer = explore(Line)
    assert type(explorer.controls["points"]).__name__ == "IntSlider"
    assert type(explorer.controls["slope"]).__name__ == "FloatSlider"
    widths = {control.style.description_width for control in explorer.controls.values()}
    assert len(widths) == 1


def test_canvas_knows_its_size_and_the_output_carries_a_png(ipympl):
    explorer = explore(Line)
    width, height = explorer.view.fig.canvas._size
    assert width > 100 and height > 100  # a 0 x 0 canvas shows nothing in JupyterLab
    bundle = explorer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert base64.b64decode(bundle["image/png"]).startswith(b"\x89PNG")


def test_a_view_without_sliders_still_shows(ipympl):
    explorer = explore(NoSliders)
    assert explorer.controls == {}
    assert explorer.children[-1] is explorer.view.fig.canvas


def test_samples_cover_the_range_of_each_kind_of_slider():
    assert SliderSpec("n", 5, 2, 9, 1).samples(3) == [2, 6, 9]
    assert SliderSpec("s", 1.0, -2.0, 2.0, 0.5).samples(3) == [-2.0, 0.0, 2.0]
    np.testing.assert_allclose(
        SliderSpec("lr", 1.0, -2, 2, 0.1, log=True).samples(3), [0.01, 1, 100]
    )


def test_saved_widget_state_holds_the_whole_current_picture_as_a_data_url(ipympl):
    explorer = explore(Line)
    explorer.set(slope=-2.0)
    stored = explorer.view.fig.canvas._data_url
    assert stored.startswith("data:image/png;base64,")
    png = base64.b64decode(stored.split(",", 1)[1])
    assert png.startswith(b"\x89PNG")
    assert stored.split(",", 1)[1] == explorer._repr_mimebundle_()["image/png"]
