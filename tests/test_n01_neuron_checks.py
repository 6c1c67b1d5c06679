"""Notebook 01's exercise checks: right answers pass, typical mistakes get a specific hint."""

import numpy as np
import pytest

import nnlib
from nnlib.course.n01_neuron import checks


def message(feedback):
    """The feedback as the learner reads it, its folded lines joined again."""
    return " ".join(repr(feedback).split())


# Exercise 1: z = w . x + b = 0.5*4 - 1*1 + 2*0.5 - 1.5 = 0.5


@pytest.mark.parametrize("answer", [
    1 / 2 + 1e-12, np.array([0.5, -1.0, 2.0]) @ np.array([[4.0], [1.0], [0.5]]) - 1.5,
    np.dot([0.5, -1, 2], [4, 1, 0.5]) + -1.5,
    sum(w * x for w, x in zip([0.5, -1, 2], [4, 1, 0.5], strict=True)) - 1.5,
])
def test_weighted_sum_accepts_the_right_number_in_any_numeric_form(answer):
    feedback = checks.weighted_sum(answer)
    assert feedback.passed, message(feedback)


def test_weighted_sum_matches_an_independent_computation():
    weights = np.array(checks.WEIGHTED_SUM_WEIGHTS)
    x = np.array(checks.WEIGHTED_SUM_X)
    assert checks.weighted_sum(float(np.dot(weights, x)) + checks.WEIGHTED_SUM_BIAS).passed


@pytest.mark.parametrize(("answer", "says"), [
    (2.0, "without the bias"),
    (3.5, "MINUS the bias"),
    (1 / (1 + np.exp(-0.5)), "sigmoid(z), the neuron's OUTPUT"),
    (5.75, "reverse order"),
    (5.5, "ADDS each weight"),
    (1.0, "you got 1, but z is something else"),
    ([2.0, -1.0, 1.0], "the products w_i * x_i"),
    (np.array([0.5, -2.5, -0.5]), "z is one number"),
    ([0.5, 0.5], "one number (z), but it is a list of 2 items"),
])
def test_weighted_sum_names_the_mistake(answer, says):
    feedback = checks.weighted_sum(answer)
    assert not feedback.passed
    assert says in message(feedback)
    assert "Hint:" in message(feedback)


# Exercise 2: w = [0, 1], x = [2, 3]: z = 3 + b = 0 when b = -3


def test_boundary_bias_accepts_minus_three():
    assert checks.boundary_bias(-3).passed
    assert nnlib.Neuron([0, 1], -3.0).feedforward([2, 3]) == 0.5


@pytest.mark.parametrize(("answer", "says"), [
    (3, "Sign error"),
    (0.5, "0.5 is the OUTPUT on the boundary"),
    (-2, "x1 = 2 does not count"),
    (-5, "x1 = 2 does not count"),
    (4, "output is 0.9991: the point is above 0.5"),
    (-4, "output is 0.2689: the point is below 0.5"),
    ([-3, 0], "answer_2 should be one number (the bias b)"),
])
def test_boundary_bias_names_the_mistake(answer, says):
    feedback = checks.boundary_bias(answer)
    assert not feedback.passed
    assert says in message(feedback)


# Exercise 3: the slope at output a = 0.8 is 0.8 * 0.2 = 0.16


def test_slope_from_output_accepts_a_times_one_minus_a():
    assert checks.slope_from_output(0.8 * (1 - 0.8)).passed
    assert checks.slope_from_output(nnlib.sigmoid_derivative_from_output(0.8)).passed
    assert checks.slope_from_output(nnlib.sigmoid_derivative(np.log(0.8 / 0.2))).passed
    assert checks.slope_from_output(4 / 25).passed


@pytest.mark.parametrize(("answer", "says"), [
    (nnlib.sigmoid_derivative(0.8), "treats 0.8 as the weighted sum z"),
    (0.2, "only one of the two factors"),
    (0.8, "only one of the two factors"),
    (nnlib.sigmoid(0.8), "the sigmoid itself, not its slope"),
    (0.25, "not the slope"),
    ([0.16, 0.84], "answer_3 should be one number (the slope)"),
])
def test_slope_from_output_names_the_mistake(answer, says):
    feedback = checks.slope_from_output(answer)
    assert not feedback.passed
    assert says in message(feedback)


# Exercise 4: output > 0.9 at P = [1, 3] and < 0.1 at Q = [3, 1]


@pytest.mark.parametrize("answer", [
    ([-2.0, 2.0], 0.0),
    ((-2, 2), -0.0),
    (np.array([-3.0, 3.0]), 1.0),
    ([0.0, 3.0], -6.0),
    ([-3, 0], 6),  # only x1 matters: P has x1 = 1, Q has x1 = 3
    (np.array([[-2.0], [2.0]]), np.float64(0.0)),  # weights as a column
    ([-2.0, 2.0], [0.0]),  # bias in a list
    [[-10, 10], 1],  # a list instead of a tuple
])
def test_separate_two_points_accepts_any_separating_neuron(answer):
    feedback = checks.separate_two_points(answer)
    assert feedback.passed, message(feedback)
    weights, bias = answer
    neuron = nnlib.Neuron(np.ravel(weights), float(np.ravel(bias)[0]))
    assert neuron.feedforward(checks.POINT_P) > 0.9 and neuron.feedforward(checks.POINT_Q) < 0.1


def test_separate_two_points_accepts_an_nnlib_neuron():
    assert checks.separate_two_points(nnlib.Neuron([-2.0, 2.0], 0.0)).passed


@pytest.mark.parametrize(("answer", "says", "not_said"), [
    # w = [-1, 1], b = 0: z(P) = 2, z(Q) = -2; outputs 0.8808 and 0.1192, both just short
    (([-1.0, 1.0], 0.0), ["P gets 0.8808, 0.0192 short of the 0.9", "Q gets 0.1192, 0.0192 "
                          "above the 0.1", "make the weights larger"], "w should point"),
    (([-2.0, 2.0], 3.0), ["Q gets 0.2689"], "P gets"),  # z(P) = 7 is fine, z(Q) = -1 is not
    (([1.0, -1.0], 0.0), ["w should point from Q towards P"], "The order is right"),
    (([0.0, 0.0], 5.0), ["same output sigmoid(b)"], "P gets"),
    ((np.array([-1.0, 1.0]) * 1.09861228, 0.0), ["P gets 0.899999998"], "0.9000,"),  # unrounded
])
def test_separate_two_points_says_which_point_fails_and_by_how_much(answer, says, not_said):
    text = message(checks.separate_two_points(answer))
    assert all(part in text for part in says) and not_said not in text, text


@pytest.mark.parametrize(("answer", "says"), [
    ([1.0, 2.0, 3.0], "answer_4 should be a pair (weights, bias)"),
    (0.5, "a pair (weights, bias)"),
    (([1.0, 2.0, 3.0], 0.0), "the weights must be two numbers"),
    (("ab", 0.0), "the weights must be two numbers"),
    (([1.0, 2.0], [0.0, 1.0]), "the bias must be one number"),
    (([1.0, np.inf], 0.0), "finite numbers"),
])
def test_separate_two_points_explains_the_expected_format(answer, says):
    feedback = checks.separate_two_points(answer)
    assert not feedback.passed
    assert says in message(feedback)
