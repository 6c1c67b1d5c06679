"""The notebook-04 widgets: each update puts on the figure what an independent training run
predicts, live frames really redraw while training, and the layout stays put."""

from types import SimpleNamespace

import numpy as np
import pytest
from live_frames import count_frames
from matplotlib.backends.backend_agg import FigureCanvasAgg

import nnlib
from nnlib.course.explore import Painter
from nnlib.course.n04_training_curves.views import (
    LiveLossView,
    OverfittingView,
    best_iteration,
    live_training,
)


def xdata(line):
    return np.asarray(line.get_xdata(), dtype=float)


def ydata(line):
    return np.asarray(line.get_ydata(), dtype=float)


def as_split(parts):
    """The (X_train, y_train, X_val, y_val) tuple as the split object the view takes."""
    X_train, y_train, X_val, y_val = parts
    return SimpleNamespace(X_train=X_train, y_train=y_train, X_val=X_val, y_val=y_val)


@pytest.fixture
def split():
    """A small 3-class problem with few training rows, so validation loss can turn up."""
    rng = np.random.default_rng(7)
    X = rng.normal(size=(60, 3))
    labels = (X[:, 0] + 0.8 * rng.normal(size=60) > 0).astype(int) + (X[:, 1] > 1)
    y = np.eye(3)[labels]
    return X[:15], y[:15], X[15:], y[15:]


# --- best_iteration -------------------------------------------------------------------------


def test_best_iteration_counts_from_one():
    assert best_iteration([0.5, 0.2, 0.3]) == 2
    assert best_iteration(np.array([0.1, 0.2])) == 1


def test_best_iteration_takes_the_first_of_equal_minima():
    assert best_iteration([0.3, 0.1, 0.1]) == 2


# --- OverfittingView --------------------------------------------------------------------------


def test_overfitting_view_trains_every_setting_one_move_away_when_built():
    view = OverfittingView.on_agg()  # as the notebook builds it
    trained = len(view.runs)
    moves = view.one_move_away()
    assert trained == len({(m["learning_rate"], m["hidden_units"]) for m in moves}) > 1
    for values in moves:
        view.update(**values)
    assert len(view.runs) == trained  # no move one slider away from the start trains
    assert len(OverfittingView.on_agg(precompute=False).runs) == 1  # only the start


def expected_history(split, learning_rate, iterations, hidden_units, seed=0):
    X_train, y_train, X_val, y_val = split
    network = nnlib.Network([3, hidden_units, 3], seed=seed)
    return network.train(
        X_train, y_train, iterations, learning_rate=learning_rate, validation_data=(X_val, y_val)
    )


def test_overfitting_view_starts_with_the_slider_start_values(split):
    view = OverfittingView.on_agg(split=as_split(split), precompute=False)
    start = view.initial_values()
    history = expected_history(split, start["learning_rate"], start["iterations"], 8)
    np.testing.assert_allclose(ydata(view.train_line), history.losses)
    np.testing.assert_allclose(ydata(view.val_line), history.validation_losses)


@pytest.mark.parametrize(
    "values",
    [
        {"learning_rate": 3.0, "iterations": 300, "hidden_units": 4},
        {"learning_rate": 20.0, "iterations": 150, "hidden_units": 1},
        {"learning_rate": 0.5, "iterations": 800, "hidden_units": 16},
    ],
)
def test_overfitting_view_draws_the_training_run_the_sliders_describe(split, values):
    view = OverfittingView.on_agg(split=as_split(split), precompute=False)
    view.update(**values)
    history = expected_history(split, **values)
    iterations = np.arange(1, values["iterations"] + 1)
    np.testing.assert_array_equal(xdata(view.train_line), iterations)
    np.testing.assert_array_equal(xdata(view.val_line), iterations)
    np.testing.assert_allclose(ydata(view.train_line), history.losses, rtol=1e-12)
    np.testing.assert_allclose(ydata(view.val_line), history.validation_losses, rtol=1e-12)

    best = int(np.argmin(history.validation_losses)) + 1
    assert view.best == best
    np.testing.assert_array_equal(xdata(view.best_line), [best, best])
    np.testing.assert_allclose(ydata(view.best_dot), [history.validation_losses[best - 1]])
    assert f"at iteration {best}" in view.title.get_text()
    assert f"{history.validation_losses[best - 1]:.4f}" in view.title.get_text()
    assert f"training {history.losses[-1]:.4f}" in view.title.get_text()


def test_overfitting_view_keeps_its_overview_axes_fixed(split):
    view = OverfittingView.on_agg(split=as_split(split), precompute=False)
    ax = view.loss_axes
    limits = (ax.get_xlim(), ax.get_ylim())
    positions = [axes.get_position().bounds for axes in (view.loss_axes, view.zoom_axes)]
    view.update(learning_rate=30.0, iterations=100, hidden_units=16)
    assert (ax.get_xlim(), ax.get_ylim()) == limits
    assert [axes.get_position().bounds for axes in (view.loss_axes, view.zoom_axes)] == positions
    assert ax.get_xlim()[1] >= view.sliders["iterations"].max


@pytest.mark.parametrize(
    "values",
    [
        {"learning_rate": 10.0, "iterations": 800, "hidden_units": 8},  # overfits
        {"learning_rate": 1.0, "iterations": 800, "hidden_units": 8},  # still falling
        {"learning_rate": 20.0, "iterations": 300, "hidden_units": 1},
    ],
)
def test_the_zoomed_panel_shows_the_validation_loss_from_its_lowest_point_on(values):
    view = OverfittingView.on_agg(precompute=False)  # notebook 04's own penguins
    view.update(**values)
    validation = view.history.validation_losses
    best = view.best
    low, high = view.zoom_axes.get_ylim()
    after = validation[best - 1 :]
    assert low < after.min() and after.max() < high  # everything after the minimum is visible
    rise = after.max() - after.min()
    if rise > 0.01:  # a real rise fills most of the panel's height
        assert rise / (high - low) > 0.75
    np.testing.assert_allclose(ydata(view.zoom_line), validation)
    np.testing.assert_allclose(ydata(view.zoom_dot), [validation[best - 1]])
    assert f"then up by {validation[-1] - validation[best - 1]:.4f}" in view.title.get_text()


def test_the_notebooks_overfitting_rise_is_a_large_part_of_the_zoomed_panel():
    # on the fixed 0.001-1 log axis the rise from the lowest point to the end spans ~3 %
    view = OverfittingView.on_agg(precompute=False)
    validation = view.history.validation_losses
    lowest, last = validation[view.best - 1], validation[-1]
    decades = np.log10(last / lowest) / 3
    low, high = view.zoom_axes.get_ylim()
    assert decades < 0.1 and (last - lowest) / (high - low) > 0.75


def test_overfitting_view_sliders_fit_the_documented_ranges():
    specs = OverfittingView.sliders
    assert specs["learning_rate"].log
    assert (
        0.1
        < min(specs["learning_rate"].samples(15))
        < 1
        < 10
        < max(specs["learning_rate"].samples(15))
    )
    assert specs["iterations"].is_integer and specs["hidden_units"].is_integer
    assert OverfittingView.budget_ms == 100


# --- LiveLossView -----------------------------------------------------------------------------


def test_live_view_train_draws_the_run_of_that_seed(xor):
    X, y = xor
    view = LiveLossView.on_agg(X=X, y=y, iterations=200, learning_rate=4.0, every=10)
    history = view.train(seed=3)
    expected = nnlib.Network([3, 4, 1], seed=3).train(X, y, 200, learning_rate=4.0)
    np.testing.assert_allclose(history.losses, expected.losses)
    np.testing.assert_array_equal(xdata(view.line), np.arange(1, 201))
    np.testing.assert_allclose(ydata(view.line), expected.losses)
    assert view.label.get_text() == f"seed 3   iteration 200   loss {expected.losses[-1]:.4f}"


def test_live_view_paints_once_per_callback(xor):
    X, y = xor
    view = LiveLossView.on_agg(X=X, y=y, iterations=95, every=10)
    painted = []
    view.train(seed=0, paint=lambda: painted.append(len(view.line.get_xdata())))
    # iterations 10, 20, ..., 90 and the last one, 95
    assert view.frames == 10 and painted == [10, 20, 30, 40, 50, 60, 70, 80, 90, 95]


def test_live_view_without_paint_still_draws_the_finished_curve(xor):
    X, y = xor
    view = LiveLossView.on_agg(X=X, y=y, iterations=50, every=10)
    history = view.train(seed=0)
    assert view.frames == 0
    np.testing.assert_allclose(ydata(view.line), history.losses)


def test_live_view_frames_show_the_losses_so_far(xor):
    """At each paint the line holds exactly the losses recorded up to that iteration."""
    X, y = xor
    view = LiveLossView.on_agg(X=X, y=y, iterations=60, every=20)
    seen = []
    history = view.train(seed=1, paint=lambda: seen.append((xdata(view.line), ydata(view.line),
                                                            view.label.get_text())))
    assert [len(x) for x, _, _ in seen] == [20, 40, 60]
    for x, losses, label in seen:
        np.testing.assert_array_equal(x, np.arange(1, len(x) + 1))
        np.testing.assert_allclose(losses, history.losses[: len(x)])
        assert label == f"seed 1   iteration {len(x)}   loss {losses[-1]:.4f}"


def test_live_view_frames_painted_by_the_painter_are_a_full_redraw(xor):
    """Frames are blitted by the Painter; each one's pixels are what a full draw gives."""
    X, y = xor
    view = LiveLossView.on_agg(X=X, y=y, iterations=100, every=25)
    canvas = FigureCanvasAgg(view.fig)
    painter = Painter(view)
    differences = []

    def paint_and_compare():
        painter.paint()
        blitted = np.asarray(canvas.buffer_rgba()).astype(int)
        canvas.draw()
        full = np.asarray(canvas.buffer_rgba()).astype(int)
        differences.append((np.mean(np.any(blitted != full, axis=2)), np.abs(blitted - full).max()))

    view.train(seed=0, paint=paint_and_compare)
    assert painter._background is not None  # the blit path was taken
    assert len(differences) == 4
    assert all(share <= 0.001 and worst <= 8 for share, worst in differences), differences


# ipympl's toolbar passes traitlets an argument it deprecates; not ours to fix
@pytest.mark.filterwarnings("ignore:Passing unrecognized arguments:DeprecationWarning")
def test_live_training_builds_a_button_and_runs_seed_zero(xor, pyplot_on_agg):
    X, y = xor
    explorer = live_training(X, y, iterations=100, learning_rate=4.0, every=50)
    expected = nnlib.Network([3, 4, 1], seed=0).train(X, y, 100, learning_rate=4.0)
    np.testing.assert_allclose(explorer.view.history.losses, expected.losses)
    assert explorer.button.description == "Train"
    canvas = explorer.view.fig.canvas
    # a canvas shown inside a box needs its size up front, or JupyterLab shows it 0 x 0
    assert canvas._size == (600.0, 340.0)
    frames = count_frames(canvas)
    explorer.button.click()
    assert explorer.view.seed == 1
    expected = nnlib.Network([3, 4, 1], seed=1).train(X, y, 100, learning_rate=4.0)
    np.testing.assert_allclose(ydata(explorer.view.line), expected.losses)
    assert not explorer.button.disabled
    # the click trained live: frames at iterations 50 and 100, then the finished run
    assert explorer.view.frames == 2 and len(frames) == 3
    assert all(frame.startswith(b"\x89PNG") for frame in frames)
