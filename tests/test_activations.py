"""sigmoid and its two derivative conventions."""

import warnings

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

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
