"""Notebook 06's playground: its data sets, its training rule and the live PlaygroundView, each
compared with an independent computation (toy_data standardised here, nnlib.Network trained
here)."""

import numpy as np
import pytest

import nnlib
from nnlib import toy_data
from nnlib.course.explore import Painter
from nnlib.course.n06_activations_and_initialisation import playground
from nnlib.course.n06_activations_and_initialisation.views import (
    MAX_UNITS,
    PlaygroundView,
    hidden_unit,
    scaled,
)


def standardised(name):
    """toy_data's set `name` as the playground should serve it, computed independently."""
    X, labels = getattr(toy_data, name)(200, noise=0.1, seed=0)
    return (X - X.mean(axis=0)) / X.std(axis=0), labels.reshape(-1, 1).astype(float)


def trained_directly(name, activation, hidden_units, learning_rate, iterations=300):
    X, y = standardised(name)
    network = nnlib.Network([2, hidden_units, 1], seed=0, activation=activation)
    network.train(X, y, iterations, learning_rate=learning_rate)
    return network


@pytest.fixture(scope="module")
def view():
    return PlaygroundView.on_agg()


# --- playground: data and training -----------------------------------------------------------


@pytest.mark.parametrize("name", playground.DATA_SETS)
def test_each_data_set_is_toy_data_standardised(name):
    task = playground.task(name)
    X, y = standardised(name)
    np.testing.assert_allclose(task.X, X)
    np.testing.assert_array_equal(task.y, y)
    np.testing.assert_allclose(task.X.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(task.X.std(axis=0), 1)
    assert task.y.shape == (200, 1) and task.y.mean() == 0.5


@pytest.mark.parametrize("name", playground.DATA_SETS)
def test_every_point_lies_inside_the_picture(name):
    X = playground.task(name).X
    x1_min, x1_max, x2_min, x2_max = playground.EXTENT
    assert x1_min < X[:, 0].min() and X[:, 0].max() < x1_max
    assert x2_min < X[:, 1].min() and X[:, 1].max() < x2_max


def test_an_unknown_data_set_is_refused_by_name():
    with pytest.raises(ValueError, match="data set must be one of"):
        playground.task("blobs")


def test_train_is_a_plain_network_trained_full_batch():
    run = playground.train(playground.task("moons"), "relu", 3, 1.0)
    expected = trained_directly("moons", "relu", 3, 1.0)
    assert run.error == "" and len(run.losses) == playground.ITERATIONS
    for ours, theirs in zip(run.network.weights, expected.weights, strict=True):
        np.testing.assert_allclose(ours, theirs)
    X, y = standardised("moons")
    assert run.accuracy(playground.task("moons")) == np.mean((expected.feedforward(X) > 0.5) == y)


def test_a_run_that_overflows_reports_it_instead_of_raising():
    run = playground.train(playground.task("circles"), "leaky_relu", 4, 1e300)
    assert "overflowed" in run.error
    assert len(run.losses) == 0
    assert np.all(np.isfinite(run.network.weights[0]))  # a fresh, untrained network


# --- helpers of the view ---------------------------------------------------------------------


def test_hidden_unit_is_the_units_output():
    network = nnlib.Network([2, 3, 1], seed=4, activation="tanh")
    points = np.random.default_rng(0).normal(size=(50, 2))
    expected = np.tanh(points @ network.weights[0] + network.biases[0])  # (50, 3)
    for unit in range(3):
        np.testing.assert_allclose(hidden_unit(network, unit, "tanh")(points), expected[:, unit])


def test_scaled_runs_from_0_to_1_on_the_points_and_keeps_a_constant_at_one_half():
    points = np.linspace(-1, 1, 21).reshape(-1, 1) * np.ones((1, 2))
    values = scaled(lambda p: 3 * p[:, 0] + 1, points)(points)
    assert values.min() == 0 and values.max() == 1
    np.testing.assert_allclose(values, (points[:, 0] + 1) / 2)
    np.testing.assert_array_equal(scaled(lambda p: np.ones(len(p)), points)(points), 0.5)


# --- the view --------------------------------------------------------------------------------


def test_the_start_shows_the_network_trained_directly(view):
    values = view.initial_values()
    view.update(**values)
    network = trained_directly(values["data_set"], values["activation"],
                               values["hidden_units"], values["learning_rate"])
    np.testing.assert_allclose(view.image.get_array(),
                               network.feedforward(view.points)[:, 0].reshape(view.shape))
    X, y = standardised(values["data_set"])
    assert view.accuracy == np.mean((network.feedforward(X) > 0.5) == y)
    assert view.title.get_text() == f"accuracy {view.accuracy:.1%}, loss {view.loss:.4f}"
    assert np.isclose(view.loss, network.loss(X, y))


@pytest.mark.parametrize("units", [1, 5, MAX_UNITS])
def test_one_map_per_hidden_unit_and_the_rest_empty(view, units):
    view.update(**{**view.initial_values(), "hidden_units": units, "activation": "relu"})
    network = trained_directly("circles", "relu", units, 3.0)
    def relu_units(points):
        return np.maximum(points @ network.weights[0] + network.biases[0], 0)

    outputs = relu_units(view.points)  # the view's grid sets each map's lowest and highest
    for k, (image, title) in enumerate(zip(view.map_images, view.map_titles, strict=True)):
        shown = image.get_array()  # a masked array: NaN (an empty map) is masked
        if k < units:
            low, high = outputs[:, k].min(), outputs[:, k].max()
            if high - low > 1e-12:
                expected = (relu_units(image.points)[:, k] - low) / (high - low)
                np.testing.assert_allclose(shown.ravel(), expected, atol=1e-9)
            assert title.get_text() == f"{network.weights[1][k, 0]:+.2f}"
        else:
            assert np.all(np.isnan(np.ma.getdata(shown))) and title.get_text() == ""
            assert not image.get_visible() and not title.get_visible()


@pytest.mark.parametrize("name", playground.DATA_SETS)
def test_the_points_are_the_chosen_data_set(view, name):
    view.update(**{**view.initial_values(), "data_set": name})
    X, y = standardised(name)
    np.testing.assert_allclose(np.column_stack(view.ones.get_data()), X[y[:, 0] == 1])
    np.testing.assert_allclose(np.column_stack(view.zeros.get_data()), X[y[:, 0] == 0])
    network = trained_directly(name, "tanh", 4, 3.0)
    assert view.accuracy == np.mean((network.feedforward(X) > 0.5) == y)


def test_a_setting_seen_before_is_not_trained_again(view):
    values = {**view.initial_values(), "learning_rate": 1.0}
    view.update(**values)
    run = view.run
    count = len(view.runs)
    view.update(**view.initial_values())
    view.update(**values)
    assert view.run is run and len(view.runs) == count


def test_an_overflowing_learning_rate_set_from_code_is_explained():
    view = PlaygroundView.on_agg()
    view.update(data_set="circles", activation="leaky_relu", hidden_units=4, learning_rate=1e300)
    assert view.accuracy is None
    assert "overflowed" in view.title.get_text()
    assert all(title.get_text() == "" for title in view.map_titles)
    Painter(view).paint()  # and it still draws


def test_every_slider_value_trains_and_draws_within_reason(view):
    """Each slider's values from the start setting: a finite picture, and the title's numbers."""
    painter = Painter(view)
    for name, spec in view.sliders.items():
        for value in spec.samples(len(spec.options) or 4):
            view.update(**{**view.initial_values(), name: value})
            painter.paint()
            assert np.all(np.isfinite(view.image.get_array()))
            assert 0 <= view.accuracy <= 1


def test_the_view_starts_with_every_one_slider_move_trained():
    view = PlaygroundView.on_agg()
    start, *neighbours = view.one_move_away()
    assert start == view.initial_values()
    # 2 other data sets, 3 other activations, 7 other unit counts, 4 other learning rates
    assert len(neighbours) == 2 + 3 + 7 + 4
    for values in neighbours:
        assert sum(values[name] != view.initial_values()[name] for name in values) == 1
    keys = {(v["data_set"], v["activation"], v["hidden_units"], v["learning_rate"])
            for v in neighbours}
    assert keys <= set(view.runs)


def test_a_cold_view_trains_only_what_it_shows():
    view = PlaygroundView.on_agg(warm=False)
    assert len(view.runs) == 1
