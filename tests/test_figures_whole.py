"""Every figure the course shows is drawn whole: nothing cut off by the figure's edge or by the
axes an artist is clipped to (figures_whole.py). Beside the fit test (test_course_explore.py:
every live view fits the notebook column), this checks what lies inside that width.

The live views are checked here, on Agg figures made as in the notebooks (a live figure shows
exactly its figure's box, so an artist reaching out of it is cut). Every figure a notebook shows
through `%matplotlib inline` is checked while nbval runs the notebook (conftest.py at the
repository's root). The rules themselves are checked first, on figures made to break them.
"""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from figures_whole import cut_artists
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from test_course_explore import VIEWS, quick_view

from nnlib.course.n07_handwritten_digits.figures import show_confusion, show_images

# ipympl's Toolbar passes the canvas on to traitlets, which deprecates that; not ours to fix.
pytestmark = pytest.mark.filterwarnings(r"ignore:Passing unrecognized arguments to super")


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def figure(width=4.0, height=3.0):
    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    return fig, fig.subplots()


# --- the rules, on figures made to break them --------------------------------------------------


def test_a_plain_plot_is_whole():
    fig, ax = figure()
    ax.plot([0, 1], [0, 1], label="a line")
    ax.set_title("a title")
    ax.set_xlabel("x")
    ax.legend()
    assert cut_artists(fig) == []


def test_a_frame_on_the_axes_edge_is_cut_by_its_axes():
    # notebook 07's weight grid: the bottom row's frames lay on the axes' bottom edge
    fig, ax = figure()
    ax.set_xlim(-0.5, 8.5)
    ax.set_ylim(8.5, -0.5)
    ax.add_patch(Rectangle((-0.5, 0.5), 4, 8, fill=False, lw=0.6))  # on the left edge
    ax.add_patch(Rectangle((4.5, 0.0), 3, 3, fill=False, lw=0.6))  # well inside
    found = cut_artists(fig)
    assert len(found) == 1 and "Rectangle" in found[0] and "left" in found[0]
    assert "clipped to (its axes)" in found[0]
    assert cut_artists(fig, saved_tight=True) == found  # a tight box does not undo a clip


def test_a_label_beyond_the_figure_is_cut_unless_the_figure_is_saved_to_its_tight_box():
    fig = Figure(figsize=(3, 2), dpi=100)  # no layout engine: nothing moves the label in
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.1, 0.1, 0.8, 0.8))
    ax.text(0.95, 0.5, "a long label that runs out", transform=ax.transAxes, clip_on=False)
    found = cut_artists(fig)
    assert found and "a long label" in found[0] and "the figure" in found[0]
    assert cut_artists(fig, saved_tight=True) == []


def test_tick_labels_beyond_the_figure_are_cut():
    fig = Figure(figsize=(3, 2), dpi=100)
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))  # no room for tick labels
    ax.plot([0, 1000], [0, 1])
    found = cut_artists(fig)
    assert any("XAxis (ticks and label)" in line for line in found)
    assert any("YAxis (ticks and label)" in line for line in found)


def test_a_curve_cut_by_its_axes_limits_is_not_a_cut_artist():
    fig, ax = figure()
    ax.plot(np.linspace(0, 10, 50), np.linspace(0, 10, 50) ** 2, lw=3)
    ax.scatter([0, 5, 10], [0, 50, 100], s=200)
    ax.set_xlim(2, 5)  # zoomed in: the curve and markers run past the axes, as intended
    ax.set_ylim(0, 20)
    assert cut_artists(fig) == []


def test_hidden_axes_decorations_are_not_checked():
    fig = Figure(figsize=(3, 2), dpi=100)
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    ax.imshow(np.zeros((4, 4)))
    ax.set_axis_off()  # its ticks and spines are not drawn
    assert cut_artists(fig) == []


# --- the course's figures ----------------------------------------------------------------------


@pytest.mark.parametrize("view_class", VIEWS, ids=lambda cls: cls.__name__)
def test_every_live_view_is_drawn_whole(view_class):
    view = quick_view(view_class)
    assert cut_artists(view.fig) == []
    for name, spec in view_class.sliders.items():
        for value in spec.samples(2):  # both ends: where labels and titles are longest
            view.update(**{**view.initial_values(), name: value})
            assert cut_artists(view.fig) == [], f"{view_class.__name__} at {name}={value}"


@pytest.mark.parametrize(
    ("count", "options"),
    [
        (32, dict(ncols=8, width=6.4, fontsize=8, frame=True)),  # 07's first-layer weights
        (20, dict(ncols=10)),  # 07's examples
        (30, dict(ncols=10, fontsize=8)),  # 07's mistakes, two lines of title each
        (5, dict(ncols=5, frame=True)),
        (1, dict(ncols=4, frame=True)),
    ],
)
def test_notebook_07s_picture_grids_are_whole_with_every_frame_inside(count, options):
    images = np.random.default_rng(0).random((count, 64))
    titles = [f"unit {k}\n{k % 10}" if count == 30 else f"unit {k}" for k in range(count)]
    fig, _ = show_images(images, titles=titles, **options)
    assert cut_artists(fig) == []


def test_notebook_07s_confusion_matrix_is_whole():
    fig, ax = plt.subplots(figsize=(4.2, 3.8), layout="constrained")
    show_confusion(np.arange(100).reshape(10, 10), ax=ax)
    assert cut_artists(fig) == []
