"""Mean and summed squared errors and their gradients."""

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
