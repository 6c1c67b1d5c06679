"""Exercise checks of notebook 06: every right answer passes (any number type, list or array,
typed or computed), typical wrong answers get their own explanation, nothing raises."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from learners import judged, mutant, says

import nnlib
from nnlib.course.n06_activations_and_initialisation import checks

SLOPE = 1 - np.tanh(0.5) ** 2  # exercise 1: 0.78645..., computed here independently of the check
PRODUCT = 0.25**10  # exercise 3: 9.5367e-07


@pytest.mark.parametrize(("check", "answer", "said"), [
    *((checks.tanh_slope, answer, ["0.7864"]) for answer in [
        SLOPE, 0.7864, 0.78645, 0.786, 0.79, 1 / np.cosh(0.5) ** 2,
        4 / (np.exp(0.5) + np.exp(-0.5)) ** 2]),
    *((checks.symmetry_breaking_weights, answer, ["still different", "63.0%"]) for answer in [
        np.random.default_rng(1).uniform(-1, 1, size=(2, 4)),
        np.random.default_rng(2).normal(size=(2, 4)).clip(-3, 3),
        [[1, 2, 3, -1], [0, 0, 0, 0]],  # a list of ints, one row constant: columns still differ
        [[0.5, 0.5, 0.5, 0.501], [0.5, 0.502, 0.503, 0.5]],  # just above the gap
        [[-3, 3, 0, 0], [0, 0, -3, 3]],  # the limits themselves
        np.arange(8).reshape(2, 4) / 4.0]),
    *((checks.ten_sigmoid_slopes, answer, ["9.537e-07"]) for answer in [
        PRODUCT, 1 / 4**10, 2.0**-20, 9.537e-07, 9.5367e-7, np.prod(np.full(10, 0.25))]),
])
def test_every_form_of_a_right_answer_passes(check, answer, said):
    says(check(answer), *said, passed=True)


@pytest.mark.parametrize(("check", "answer", "said"), [
    (checks.tanh_slope, np.tanh(0.5), "tanh(0.5) itself"),
    (checks.tanh_slope, 1 - np.tanh(0.5), "must be squared"),
    (checks.tanh_slope, 1 - np.tanh(0.25), "square the OUTPUT"),
    (checks.tanh_slope, 1 - 2 * np.tanh(0.5), "doubles"),
    (checks.tanh_slope, np.tanh(0.5) * (1 - np.tanh(0.5)), "SIGMOID's slope written with tanh"),
    (checks.tanh_slope, 0.2350037122, "slope of the SIGMOID"),
    (checks.tanh_slope, 1, "largest"),
    (checks.tanh_slope, 0.5, "not the slope of tanh"),
    (checks.tanh_slope, 0.78, "not the slope of tanh"),  # 0.0065 off: more than rounding
    (checks.symmetry_breaking_weights, np.zeros((2, 4)), "units 1 and 2, 1 and 3"),
    (checks.symmetry_breaking_weights, checks.EQUAL_HIDDEN_WEIGHTS, "same weights"),
    (checks.symmetry_breaking_weights, [[1, 1, 2, 3], [0, 0, 1, 1]], "units 1 and 2 start"),
    (checks.symmetry_breaking_weights, [[1, 1.0005, 2, 3], [0, 0, 1, 1]], "less than 0.001"),
    (checks.symmetry_breaking_weights, np.random.default_rng(0).uniform(-1, 1, size=(4, 2)),
     "shape (2, 4)"),
    (checks.symmetry_breaking_weights, np.ones((2, 3)), "shape (2, 4)"),
    (checks.symmetry_breaking_weights, [[10, 0, 0, 0], [0, 1, 2, 3]], "flat end"),
    (checks.ten_sigmoid_slopes, 2.5, "MULTIPLIED"),
    (checks.ten_sigmoid_slopes, 0.25, "one layer"),
    (checks.ten_sigmoid_slopes, 0.25**9, "one layer short"),
    (checks.ten_sigmoid_slopes, 0.25**11, "one layer too many"),
    (checks.ten_sigmoid_slopes, 0.5**10, "OUTPUT at 0"),
    (checks.ten_sigmoid_slopes, 1, "tanh or ReLU"),
    (checks.ten_sigmoid_slopes, 10**-0.25, "swapped"),
    (checks.ten_sigmoid_slopes, 1e-6, "not the largest product"),
    (checks.ten_sigmoid_slopes, 5e-7, "not the largest product"),  # a product of smaller slopes
])
def test_each_mistake_is_named(check, answer, said):
    says(check(answer), said)


@settings(max_examples=50, deadline=None)
@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False))
def test_tanh_slope_passes_exactly_the_numbers_near_the_slope(value):
    assert checks.tanh_slope(value).passed == (abs(value - SLOPE) <= 0.005)


@settings(max_examples=50, deadline=None)
@given(st.floats(min_value=0, max_value=10, allow_nan=False))
def test_ten_slopes_passes_exactly_the_numbers_near_the_product(value):
    assert checks.ten_sigmoid_slopes(value).passed == np.isclose(value, PRODUCT, rtol=1e-3, atol=0)


def test_equal_pairs_finds_every_pair_of_equal_columns():
    weights = np.array([[1.0, 1.0, 2.0, 1.0], [0.0, 0.0, 5.0, 0.0]])
    assert checks.equal_pairs(weights) == [(0, 1), (0, 3), (1, 3)]
    assert checks.equal_pairs(np.arange(8).reshape(2, 4)) == []


# --- exercise 4: Glorot and He, written by the learner ----------------------------------------

INIT = """def init_weights(n_in, n_out, activation, rng):
    fan = n_in if activation == "relu" else n_in + n_out
    limit = np.sqrt(6 / fan)
    return rng.uniform(-limit, limit, size=(n_in, n_out))
"""


@pytest.mark.parametrize(("key", "changes"), [
    ("correct", {}),
    ("correct", {"rng.uniform(-limit, limit,": "rng.normal(0, np.sqrt(2 / fan),"}),  # normal
    ("correct", {"rng.uniform(-limit, limit, size=": "limit * (2 * rng.random(",
                 "n_out))": "n_out)) - 1)"}),
    ("correct", {'activation == "relu"': 'activation not in ("sigmoid", "tanh")',
                 "6 / fan": "3 / (fan / 2)"}),
    ("shape", {"size=(n_in, n_out)": "size=(n_out, n_in)"}),
    ("same_value", {"rng.uniform(-limit, limit, size=": "np.full(", "n_out))": "n_out), 0.1)"}),
    ("not_from_rng", {"rng.uniform": "np.random.uniform"}),
    ("swapped", {'activation == "relu"': 'activation != "relu"'}),
    ("no_sqrt", {"np.sqrt(6 / fan)": "6 / fan"}),
    ("n_out_for_he", {"fan = n_in if": "fan = n_out if"}),
    ("std_as_limit", {"np.sqrt(6 / fan)": "np.sqrt(2 / fan)"}),
    ("limit_as_std", {"rng.uniform(-limit, limit,": "rng.normal(0, limit,"}),
    ("not_centred", {"-limit": "0"}),
    ("fallback", {"6 / fan": "7 / fan"}),
    ("raises", {"size=(n_in, n_out)": "size=(n_in, n_out, activation)"}),
])
def test_init_names_each_mistake_made_by_code_that_makes_it(key, changes):
    judged(checks.init_weights(mutant(INIT, "init_weights", changes)), key)


def test_init_answer_is_what_nnlib_networks_draw():
    network = nnlib.Network([3, 5, 2], seed=0, activation="relu")
    rng = np.random.default_rng(0)
    np.testing.assert_array_equal(network.weights[0], checks.init_answer(3, 5, "relu", rng))
    np.testing.assert_array_equal(network.weights[1], checks.init_answer(5, 2, "sigmoid", rng))
