"""Activation functions: sigmoid and its two derivative conventions, tanh, (leaky) ReLU and
softmax; every `*_derivative` takes the pre-activation z."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import nnlib

floats = st.floats(allow_nan=False, allow_infinity=False, width=64)


@settings(max_examples=100, deadline=None, derandomize=True)
@given(floats)
def test_sigmoid_lies_in_0_1(z):
    assert 0.0 <= nnlib.sigmoid(z) <= 1.0


@settings(max_examples=100, deadline=None, derandomize=True)
@given(floats, floats)
def test_sigmoid_is_monotonic(z1, z2):
    low, high = sorted([z1, z2])
    assert nnlib.sigmoid(low) <= nnlib.sigmoid(high)


@settings(max_examples=100, deadline=None, derandomize=True)
@given(st.floats(min_value=-700, max_value=700))
def test_sigmoid_is_symmetric(z):
    assert np.isclose(nnlib.sigmoid(-z), 1 - nnlib.sigmoid(z), rtol=0, atol=1e-15)


def test_sigmoid_of_extreme_inputs_neither_overflows_nor_warns():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        values = nnlib.sigmoid(np.array([-1e308, -1000.0, -745.0, 0.0, 1000.0, 1e308]))
    np.testing.assert_array_equal(values, [0.0, 0.0, 0.0, 0.5, 1.0, 1.0])


def test_sigmoid_keeps_shape_and_returns_float_for_scalars():
    assert nnlib.sigmoid(np.zeros((3, 2))).shape == (3, 2)
    assert isinstance(nnlib.sigmoid(0), float)


def test_sigmoid_matches_the_textbook_formula_where_it_does_not_overflow():
    z = np.linspace(-30, 30, 101)
    np.testing.assert_allclose(nnlib.sigmoid(z), 1 / (1 + np.exp(-z)), rtol=1e-15)


def test_sigmoid_derivative_takes_pre_activation_and_matches_finite_differences():
    z = np.linspace(-8, 8, 33)
    h = 1e-6
    numerical = (nnlib.sigmoid(z + h) - nnlib.sigmoid(z - h)) / (2 * h)
    np.testing.assert_allclose(nnlib.sigmoid_derivative(z), numerical, atol=1e-9)
    assert nnlib.sigmoid_derivative(0) == 0.25


def test_both_derivative_conventions_agree():
    z = np.linspace(-5, 5, 11)
    np.testing.assert_allclose(
        nnlib.sigmoid_derivative_from_output(nnlib.sigmoid(z)), nnlib.sigmoid_derivative(z)
    )


def test_derivative_from_output_refuses_a_pre_activation():
    with np.testing.assert_raises_regex(ValueError, r"sigmoid_derivative\(z\)"):
        nnlib.sigmoid_derivative_from_output(3.0)


# --- tanh, ReLU, leaky ReLU: values, derivatives at z, no warnings at the extremes -------------

ELEMENTWISE = {
    # name: (function, derivative at z, an independent formula for the value)
    "tanh": (nnlib.tanh, nnlib.tanh_derivative,
             lambda z: (np.exp(z) - np.exp(-z)) / (np.exp(z) + np.exp(-z))),
    "relu": (nnlib.relu, nnlib.relu_derivative, lambda z: np.array([max(v, 0.0) for v in z])),
    "leaky_relu": (nnlib.leaky_relu, nnlib.leaky_relu_derivative,
                   lambda z: np.array([v if v > 0 else 0.01 * v for v in z])),
}
extreme = np.array([-1e308, -1000.0, -745.0, -1e-300, 0.0, 1e-300, 745.0, 1000.0, 1e308])


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_activation_matches_its_textbook_formula(name):
    function, _, formula = ELEMENTWISE[name]
    z = np.linspace(-20, 20, 81)
    np.testing.assert_allclose(function(z), formula(z), rtol=1e-13, atol=1e-300)


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_derivative_takes_the_pre_activation_and_matches_central_differences(name):
    function, derivative, _ = ELEMENTWISE[name]
    z = np.linspace(-6, 6, 40)  # no point at the kink z = 0
    h = 1e-6
    numerical = (function(z + h) - function(z - h)) / (2 * h)
    np.testing.assert_allclose(derivative(z), numerical, atol=1e-8)


def test_hand_worked_derivatives_at_zero_and_the_relu_convention():
    assert nnlib.tanh_derivative(0) == 1.0
    assert nnlib.relu_derivative(0) == 0.0  # the kink: nnlib takes the left slope
    assert nnlib.leaky_relu_derivative(0) == 0.01
    assert nnlib.relu_derivative(-3.0) == 0.0 and nnlib.relu_derivative(2.0) == 1.0
    assert nnlib.leaky_relu(-2.0, slope=0.2) == pytest.approx(-0.4)
    assert nnlib.leaky_relu_derivative(-2.0, slope=0.2) == 0.2


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_activation_and_derivative_of_extreme_inputs_are_finite_without_warnings(name):
    function, derivative, _ = ELEMENTWISE[name]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        values, slopes = function(extreme), derivative(extreme)
    assert np.all(np.isfinite(values)) and np.all(np.isfinite(slopes))


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_activation_keeps_shape_and_returns_float_for_scalars(name):
    function, derivative, _ = ELEMENTWISE[name]
    assert function(np.zeros((3, 2))).shape == (3, 2)
    assert derivative(np.zeros((3, 2))).shape == (3, 2)
    assert isinstance(function(1), float) and isinstance(derivative(1), float)


@settings(max_examples=100, deadline=None, derandomize=True)
@given(floats)
def test_tanh_is_odd_and_bounded(z):
    assert -1.0 <= nnlib.tanh(z) <= 1.0
    assert nnlib.tanh(-z) == -nnlib.tanh(z)


@settings(max_examples=100, deadline=None, derandomize=True)
@given(floats, st.floats(0, 1))
def test_leaky_relu_lies_between_relu_and_the_identity(z, slope):
    value = nnlib.leaky_relu(z, slope=slope)
    assert min(z, 0.0) <= value <= max(z, 0.0) or value == slope * z


@pytest.mark.parametrize("slope", [-0.1, 1.5, np.nan])
def test_leaky_relu_refuses_a_slope_outside_0_1(slope):
    with pytest.raises(ValueError, match=r"slope must be a number in \[0, 1\]"):
        nnlib.leaky_relu(1.0, slope=slope)
    with pytest.raises(ValueError, match="slope"):
        nnlib.leaky_relu_derivative(1.0, slope=slope)


@pytest.mark.parametrize("slope", ["0.1", None, True, 0.1j])
def test_leaky_relu_refuses_a_slope_that_is_not_a_number_as_a_type_error(slope):
    for function in (nnlib.leaky_relu, nnlib.leaky_relu_derivative):
        with pytest.raises(TypeError, match=r"slope must be a number in \[0, 1\]"):
            function(1.0, slope=slope)


# --- softmax ------------------------------------------------------------------------------------


def test_softmax_matches_exp_over_sum_where_that_does_not_overflow():
    z = np.array([[1.0, 2.0, 3.0], [-5.0, 0.0, 5.0], [0.0, 0.0, 0.0]])
    expected = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(nnlib.softmax(z), expected, rtol=1e-15)
    np.testing.assert_allclose(nnlib.softmax([0.0, np.log(3.0)]), [0.25, 0.75], rtol=1e-15)


@settings(max_examples=100, deadline=None, derandomize=True)
@given(hnp.arrays(float, hnp.array_shapes(min_dims=1, max_dims=3, max_side=5), elements=floats))
def test_softmax_of_any_finite_scores_is_probabilities_summing_to_1_without_warnings(z):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        y_hat = nnlib.softmax(z)
    assert y_hat.shape == z.shape
    assert np.all((y_hat >= 0) & (y_hat <= 1))
    np.testing.assert_allclose(y_hat.sum(axis=-1), 1.0, rtol=1e-12)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(hnp.arrays(float, (3, 4), elements=st.floats(-50, 50)), st.floats(-1e3, 1e3))
def test_softmax_ignores_a_constant_added_to_every_score_and_keeps_their_order(z, shift):
    np.testing.assert_allclose(nnlib.softmax(z + shift), nnlib.softmax(z), atol=1e-12)
    y_hat = nnlib.softmax(z)
    for row in range(3):  # a larger score never gets a smaller probability
        larger = z[row][:, None] > z[row][None, :]
        assert np.all(y_hat[row][:, None] >= y_hat[row][None, :], where=larger)


def test_softmax_of_one_number_is_refused():
    with pytest.raises(ValueError, match=r"z must hold one score per class"):
        nnlib.softmax(3.0)


@pytest.mark.parametrize(
    "function",
    [nnlib.sigmoid, nnlib.tanh, nnlib.relu, nnlib.leaky_relu, nnlib.softmax, nnlib.tanh_derivative,
     nnlib.relu_derivative, nnlib.leaky_relu_derivative, nnlib.sigmoid_derivative],
)
def test_activations_do_not_change_their_input(function):
    # the network lets them work in place on its own z; a learner's array is copied first
    z = np.array([[1.0, 2.0], [3.0, -4.0]])
    before = z.copy()
    function(z)
    np.testing.assert_array_equal(z, before)
