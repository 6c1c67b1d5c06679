"""Generated 2-D data sets: their shape, their geometry without noise, determinism by seed."""

import numpy as np
import pytest

import nnlib
from nnlib import toy_data

GENERATORS = {"circles": toy_data.circles, "moons": toy_data.moons, "spiral": toy_data.spiral}


@pytest.mark.parametrize("name", GENERATORS)
def test_samples_are_rows_of_two_coordinates_with_balanced_integer_labels(name):
    X, labels = GENERATORS[name](n_samples=101, seed=0)
    assert X.shape == (101, 2) and X.dtype == float
    assert labels.shape == (101,) and labels.dtype.kind == "i"
    np.testing.assert_array_equal(np.bincount(labels), [51, 50])


@pytest.mark.parametrize("name", GENERATORS)
def test_same_seed_same_data_other_seed_other_data_and_no_global_random_state(name):
    # the legacy global generator is read here only to prove nnlib never draws from it
    state = np.random.get_state()[1].copy()  # noqa: NPY002
    first, second = GENERATORS[name](seed=3), GENERATORS[name](seed=3)
    other = GENERATORS[name](seed=4)
    np.testing.assert_array_equal(first[0], second[0])
    np.testing.assert_array_equal(first[1], second[1])
    assert not np.array_equal(first[0], other[0])
    np.testing.assert_array_equal(np.random.get_state()[1], state)  # noqa: NPY002


@pytest.mark.parametrize("name", GENERATORS)
def test_rows_are_shuffled_so_a_slice_holds_both_classes(name):
    _, labels = GENERATORS[name](n_samples=200, seed=0)
    assert 0 < labels[:20].mean() < 1


def test_circles_without_noise_lie_on_radius_1_and_0_5():
    X, labels = toy_data.circles(n_samples=60, noise=0.0, seed=1)
    radius = np.hypot(X[:, 0], X[:, 1])
    np.testing.assert_allclose(radius[labels == 0], 1.0)
    np.testing.assert_allclose(radius[labels == 1], 0.5)


def test_moons_without_noise_lie_on_their_two_half_circles():
    X, labels = toy_data.moons(n_samples=60, noise=0.0, seed=1)
    upper, lower = X[labels == 0], X[labels == 1]
    np.testing.assert_allclose(np.hypot(*upper.T), 1.0)
    assert np.all(upper[:, 1] >= 0)
    np.testing.assert_allclose(np.hypot(lower[:, 0] - 1.0, lower[:, 1] - 0.5), 1.0)
    assert np.all(lower[:, 1] <= 0.5)


def test_spiral_arms_without_noise_are_one_curve_and_the_same_turned_half_a_turn():
    X, labels = toy_data.spiral(n_samples=90, noise=0.0, seed=1)
    radius = np.hypot(X[:, 0], X[:, 1])  # the radius is t, which sets the angle
    angle = np.arctan2(X[:, 1], X[:, 0])
    expected = 1.75 * 2 * np.pi * radius + np.pi * labels
    np.testing.assert_allclose(np.cos(angle), np.cos(expected), atol=1e-9)
    np.testing.assert_allclose(np.sin(angle), np.sin(expected), atol=1e-9)


def test_noise_is_the_standard_deviation_of_the_offsets():
    clean, _ = toy_data.circles(n_samples=4000, noise=0.0, seed=5)
    noisy, _ = toy_data.circles(n_samples=4000, noise=0.2, seed=5)
    assert np.std(noisy - clean) == pytest.approx(0.2, rel=0.05)


@pytest.mark.parametrize("name", ["circles", "moons"])
def test_a_small_relu_network_separates_the_classes(name):
    X, labels = GENERATORS[name](n_samples=200, noise=0.1, seed=0)
    net = nnlib.Network([2, 16, 16, 1], seed=0, activation="relu")  # what notebook 06 plays with
    net.train_minibatch(X, labels.reshape(-1, 1), 200, batch_size=20, learning_rate=0.5, seed=0)
    assert nnlib.accuracy(labels, net.feedforward(X)) > 0.95


@pytest.mark.parametrize("name", GENERATORS)
@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ({"n_samples": 0}, ValueError, "n_samples must be at least 1"),
        ({"n_samples": 1}, ValueError, "n_samples must be at least 2, one per class"),
        ({"n_samples": 10**12}, ValueError, r"n_samples=1,000,000,000,000 is more"),
        ({"n_samples": 20.0}, TypeError, "n_samples must be a whole number"),
        ({"noise": -0.1}, ValueError, "noise must be a finite number >= 0"),
        ({"noise": np.nan}, ValueError, "noise must be a finite number >= 0"),
        ({"noise": "0.1"}, TypeError, "noise must be a number"),
        ({"seed": -1}, ValueError, "seed must be at least 0"),
        ({"seed": 1.5}, TypeError, "seed must be a whole number"),
    ],
)
def test_bad_arguments_are_named(name, arguments, error, message):
    with pytest.raises(error, match=message):
        GENERATORS[name](**arguments)
