"""Notebook 09's live view: it draws the run its sliders describe, shares its runs with the
notebook, and trains nothing when one slider moves from the start."""

import numpy as np
import pytest

from nnlib.course.explore import Painter
from nnlib.course.n09_training_better.views import MoonRuns, RegularisationView, remembered

# ipympl's toolbar passes traitlets an argument it deprecates; not ours to fix
pytestmark = pytest.mark.filterwarnings("ignore:Passing unrecognized arguments")


@pytest.fixture(scope="module")
def view():
    return RegularisationView.on_agg()


def test_the_view_shows_the_run_of_its_sliders(view):
    view.update(weight_decay=0.01, dropout=0.0, optimiser="adam")
    run = view.runs(0.01, 0.0, "adam")
    assert view.current is run
    np.testing.assert_allclose(view.train_line.get_ydata(), np.clip(run.train_losses, 1e-3, 5))
    np.testing.assert_allclose(view.val_line.get_ydata(), np.clip(run.val_losses, 1e-3, 5))
    np.testing.assert_array_equal(view.val_line.get_xdata(), run.val_epochs)
    assert list(view.stop_line.get_xdata()) == [run.best_epoch] * 2
    assert f"accuracy {run.val_accuracy:.1%}" in view.title.get_text()
    assert f"epoch {run.best_epoch})" in view.title.get_text()
    # the picture is the network's probability of class 1 on the plane
    probability = run.network.feedforward(view.image.points)[:, 1].reshape(view.image.shape)
    np.testing.assert_allclose(view.image.get_array(), probability)


def test_every_slider_setting_draws_a_different_run(view):
    pictures = set()
    for values in view.one_move_away():
        view.update(**values)
        pictures.add(view.val_line.get_ydata().tobytes())
    assert len(pictures) == len(view.one_move_away()) == 1 + 4 + 2 + 2


def test_moving_one_slider_from_the_start_trains_nothing(view):
    trained = len(view.runs)
    for values in view.one_move_away():
        view.update(**values)
        Painter(view).paint()
    assert len(view.runs) == trained


def test_the_view_uses_the_runs_it_is_given_and_trains_only_what_is_missing():
    runs = MoonRuns()
    first = runs(0.0, 0.0, "adam")  # the start setting, as the notebook trains it before the view
    view = RegularisationView.on_agg(runs=runs, precompute=False)
    assert view.current is first and len(runs) == 1
    view.update(weight_decay=0.0, dropout=0.0, optimiser="plain")
    assert len(runs) == 2 and runs(0.0, 0.0, "plain") is view.current
    assert runs(np.float64(0.0), 0, "plain") is view.current  # the key is the values


def test_the_start_is_adam_without_regularisation(view):
    assert view.initial_values() == {"weight_decay": 0.0, "dropout": 0.0, "optimiser": "adam"}
    assert view.one_move_away()[0] == view.initial_values()


def test_a_picture_is_computed_once_per_run_and_set_of_points():
    calls = []

    def function(points):
        calls.append(len(points))
        return points[:, 0] * 2

    picture = remembered(function)
    points = np.array([[1.0, 2.0], [3.0, 4.0]])
    first = picture(points)
    first[0] = 99.0  # a caller changing its copy changes nothing kept
    np.testing.assert_array_equal(picture(points.copy()), [2.0, 6.0])
    np.testing.assert_array_equal(picture(points[:1]), [2.0])
    assert calls == [2, 1]


def test_a_setting_seen_before_computes_no_picture(view):
    view.update(weight_decay=0.003, dropout=0.0, optimiser="adam")
    Painter(view).paint()
    function = view.picture(view.current)
    view.update(weight_decay=0.0, dropout=0.0, optimiser="adam")
    view.update(weight_decay=0.003, dropout=0.0, optimiser="adam")
    assert view.picture(view.current) is function
