"""Mean and summed squared errors, cross-entropy, and their gradients."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import nnlib

pairs = st.integers(1, 6).flatmap(
    lambda n: st.tuples(
        *[hnp.arrays(float, (n, 2), elements=st.floats(-1e3, 1e3)) for _ in range(2)]
    )
)


@settings(max_examples=100, deadline=None, derandomize=True)
@given(pairs)
def test_losses_are_non_negative_and_zero_on_perfect_predictions(pair):
    y, y_hat = pair
    assert nnlib.mse(y, y_hat) >= 0
    assert nnlib.sse(y, y_hat) >= 0
    assert nnlib.mse(y, y) == 0


@settings(max_examples=100, deadline=None, derandomize=True)
@given(pairs)
def test_sse_is_mse_times_number_of_values(pair):
    y, y_hat = pair
    assert np.isclose(nnlib.sse(y, y_hat), nnlib.mse(y, y_hat) * y.size, rtol=1e-9, atol=1e-9)


def test_hand_worked_mse():
    # errors 1, 0, -1, 0 -> squares 1, 0, 1, 0 -> mean 0.5, sum 2
    assert nnlib.mse([[1], [0], [0], [1]], [[0], [0], [1], [1]]) == 0.5
    assert nnlib.sse([[1], [0], [0], [1]], [[0], [0], [1], [1]]) == 2.0


@pytest.mark.parametrize(
    ("loss", "gradient"),
    [(nnlib.mse, nnlib.mse_gradient), (nnlib.sse, nnlib.sse_gradient)],
)
def test_gradients_match_finite_differences(loss, gradient):
    rng = np.random.default_rng(0)
    y, y_hat = rng.random((5, 2)), rng.random((5, 2))
    numerical = nnlib.numerical_gradient(lambda p: loss(y, p), y_hat.copy())
    np.testing.assert_allclose(gradient(y, y_hat), numerical, atol=1e-7)


def test_column_against_row_vector_is_an_error_not_a_broadcast():
    with pytest.raises(ValueError, match=r"same shape.*\(4, 1\) and \(4,\)"):
        nnlib.mse(np.zeros((4, 1)), np.zeros(4))


# --- cross-entropy -----------------------------------------------------------------------------

ONE_HOT = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [1.0, 0.0, 0.0]])


def test_hand_worked_cross_entropy():
    # uniform guesses over 3 classes cost log(3) per sample, whatever the class
    assert nnlib.cross_entropy(ONE_HOT, np.full((4, 3), 1 / 3)) == pytest.approx(np.log(3))
    assert nnlib.cross_entropy(ONE_HOT, ONE_HOT) == 0.0
    # probabilities 0.5 and 0.25 for the right class: (log 2 + log 4) / 2
    y_hat = [[0.5, 0.25, 0.25], [0.5, 0.25, 0.25]]
    assert nnlib.cross_entropy(ONE_HOT[:2], y_hat) == pytest.approx(1.5 * np.log(2))


probabilities = st.integers(1, 5).flatmap(
    lambda n: hnp.arrays(float, (n, 3), elements=st.floats(0.01, 1)).map(
        lambda values: values / values.sum(axis=1, keepdims=True)
    )
)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(probabilities, st.data())
def test_cross_entropy_is_the_mean_over_samples_of_minus_y_log_y_hat(y_hat, data):
    labels = data.draw(hnp.arrays(int, len(y_hat), elements=st.integers(0, 2)))
    y = np.eye(3)[labels]
    expected = -np.mean([np.log(y_hat[i, labels[i]]) for i in range(len(y))])
    assert nnlib.cross_entropy(y, y_hat) == pytest.approx(expected, rel=1e-12)
    assert nnlib.cross_entropy(y, y_hat) >= 0


def test_cross_entropy_of_a_zero_probability_is_large_but_finite_without_warnings():
    y_hat = np.array([[0.0, 1.0, 0.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loss = nnlib.cross_entropy(ONE_HOT[:1], y_hat)
        gradient = nnlib.cross_entropy_gradient(ONE_HOT[:1], y_hat)
    assert loss == pytest.approx(-np.log(np.finfo(float).eps))  # about 36
    assert np.all(np.isfinite(gradient))


def test_cross_entropy_gradient_matches_finite_differences():
    rng = np.random.default_rng(1)
    y = rng.random((5, 3))
    y /= y.sum(axis=1, keepdims=True)  # soft targets work too
    y_hat = rng.uniform(0.1, 0.9, size=(5, 3))
    numerical = nnlib.numerical_gradient(lambda p: nnlib.cross_entropy(y, p), y_hat.copy())
    np.testing.assert_allclose(nnlib.cross_entropy_gradient(y, y_hat), numerical, atol=1e-7)


def test_softmax_cross_entropy_gradient_is_y_hat_minus_y_over_n_the_derivative_in_z():
    # the derivation notebook 05 walks through: d/dz cross_entropy(y, softmax(z)) = (y_hat - y)/n
    rng = np.random.default_rng(2)
    z = rng.normal(scale=2.0, size=(4, 3))
    numerical = nnlib.numerical_gradient(
        lambda scores: nnlib.cross_entropy(ONE_HOT, nnlib.softmax(scores)), z
    )
    y_hat = nnlib.softmax(z)
    np.testing.assert_allclose((y_hat - ONE_HOT) / 4, numerical, atol=1e-8)
    np.testing.assert_allclose(nnlib.softmax_cross_entropy_gradient(ONE_HOT, y_hat), numerical,
                               atol=1e-8)


def test_softmax_cross_entropy_gradient_is_the_chain_rule_through_the_softmax_jacobian():
    rng = np.random.default_rng(3)
    y_hat = nnlib.softmax(rng.normal(size=(4, 3)))
    upstream = nnlib.cross_entropy_gradient(ONE_HOT, y_hat)  # dL/dy_hat, (4, 3)
    # the softmax Jacobian of one row: dy_hat_i/dz_j = y_hat_i (delta_ij - y_hat_j)
    chained = np.array([
        (np.diag(row) - np.outer(row, row)).T @ grad for row, grad in zip(y_hat, upstream,
                                                                         strict=True)
    ])
    np.testing.assert_allclose(nnlib.softmax_cross_entropy_gradient(ONE_HOT, y_hat), chained,
                               atol=1e-12)


def test_softmax_cross_entropy_gradient_refuses_scores_z_in_place_of_probabilities():
    with pytest.raises(ValueError, match=r"each row of y_hat must sum to 1.*softmax\(z\)"):
        nnlib.softmax_cross_entropy_gradient(ONE_HOT, [[0.2, 0.3, 0.1]] * 4)
    with pytest.raises(ValueError, match=r"y_hat must hold probabilities in \[0, 1\]"):
        nnlib.softmax_cross_entropy_gradient(ONE_HOT, [[2.0, -1.5, 0.5]] * 4)


@pytest.mark.parametrize(
    "loss",
    [nnlib.cross_entropy, nnlib.cross_entropy_gradient, nnlib.softmax_cross_entropy_gradient],
)
def test_cross_entropy_refuses_labels_in_place_of_one_hot_rows(loss):
    labels_hint = r"y must be 2-D.*got shape \(4,\); for class labels use one_hot"
    with pytest.raises(ValueError, match=labels_hint):
        loss(np.array([0, 1, 2, 0]), np.full((4, 3), 1 / 3))
    with pytest.raises(ValueError, match=r"y must hold probabilities.*one_hot\(labels"):
        loss(np.array([[0.0], [1.0], [2.0], [0.0]]), np.full((4, 1), 0.5))
    with pytest.raises(ValueError, match=r"same shape, got \(4, 3\) and \(4, 2\)"):
        loss(ONE_HOT, np.full((4, 2), 0.5))
