"""Notebook 01's exercise checks: right answers pass, typical mistakes get a specific hint."""

import numpy as np
import pytest
from learners import says, text

import nnlib
from nnlib.course.n01_neuron import checks


@pytest.mark.parametrize(("check", "answer"), [
    # exercise 1: z = w . x + b = 0.5*4 - 1*1 + 2*0.5 - 1.5 = 0.5
    (checks.weighted_sum, 1 / 2 + 1e-12),
    (checks.weighted_sum, np.array([0.5, -1.0, 2.0]) @ np.array([[4.0], [1.0], [0.5]]) - 1.5),
    (checks.weighted_sum, np.dot([0.5, -1, 2], [4, 1, 0.5]) + -1.5),
    (checks.weighted_sum, sum(w * x for w, x in zip([0.5, -1, 2], [4, 1, 0.5], strict=True)) - 1.5),
    (checks.weighted_sum, float(np.dot(checks.WEIGHTED_SUM_WEIGHTS, checks.WEIGHTED_SUM_X))
     + checks.WEIGHTED_SUM_BIAS),  # the givens the notebook prints
    # exercise 2: w = [0, 1], x = [2, 3]: z = 3 + b = 0 when b = -3
    (checks.boundary_bias, -3),
    # exercise 3: the slope at output a = 0.8 is 0.8 * 0.2 = 0.16
    (checks.slope_from_output, 0.8 * (1 - 0.8)),
    (checks.slope_from_output, nnlib.sigmoid_derivative_from_output(0.8)),
    (checks.slope_from_output, nnlib.sigmoid_derivative(np.log(0.8 / 0.2))),
    (checks.slope_from_output, 4 / 25),
    # exercise 4: an nnlib.Neuron is a (weights, bias) answer too
    (checks.separate_two_points, nnlib.Neuron([-2.0, 2.0], 0.0)),
])
def test_every_form_of_a_right_answer_passes(check, answer):
    says(check(answer), passed=True)


def test_minus_three_puts_the_point_on_the_boundary():
    assert nnlib.Neuron([0, 1], -3.0).feedforward([2, 3]) == 0.5


@pytest.mark.parametrize(("check", "answer", "said"), [
    (checks.weighted_sum, 2.0, "without the bias"),
    (checks.weighted_sum, 3.5, "MINUS the bias"),
    (checks.weighted_sum, 1 / (1 + np.exp(-0.5)), "sigmoid(z), the neuron's OUTPUT"),
    (checks.weighted_sum, 5.75, "reverse order"),
    (checks.weighted_sum, 5.5, "ADDS each weight"),
    (checks.weighted_sum, 1.0, "you got 1, but z is something else"),
    (checks.weighted_sum, [2.0, -1.0, 1.0], "the products w_i * x_i"),
    (checks.weighted_sum, np.array([0.5, -2.5, -0.5]), "z is one number"),
    (checks.weighted_sum, [0.5, 0.5], "one number (z), but it is a list of 2 items"),
    (checks.boundary_bias, 3, "Sign error"),
    (checks.boundary_bias, 0.5, "0.5 is the OUTPUT on the boundary"),
    (checks.boundary_bias, -2, "x1 = 2 does not count"),
    (checks.boundary_bias, -5, "x1 = 2 does not count"),
    (checks.boundary_bias, 4, "output is 0.9991: the point is above 0.5"),
    (checks.boundary_bias, -4, "output is 0.2689: the point is below 0.5"),
    (checks.boundary_bias, [-3, 0], "answer_2 should be one number (the bias b)"),
    (checks.slope_from_output, nnlib.sigmoid_derivative(0.8), "treats 0.8 as the weighted sum z"),
    (checks.slope_from_output, 0.2, "only one of the two factors"),
    (checks.slope_from_output, 0.8, "only one of the two factors"),
    (checks.slope_from_output, nnlib.sigmoid(0.8), "the sigmoid itself, not its slope"),
    (checks.slope_from_output, 0.25, "not the slope"),
    (checks.slope_from_output, [0.16, 0.84], "answer_3 should be one number (the slope)"),
    (checks.separate_two_points, [1.0, 2.0, 3.0], "answer_4 should be a pair (weights, bias)"),
    (checks.separate_two_points, 0.5, "a pair (weights, bias)"),
    (checks.separate_two_points, ([1.0, 2.0, 3.0], 0.0), "the weights must be two numbers"),
    (checks.separate_two_points, ("ab", 0.0), "the weights must be two numbers"),
    (checks.separate_two_points, ([1.0, 2.0], [0.0, 1.0]), "the bias must be one number"),
    (checks.separate_two_points, ([1.0, np.inf], 0.0), "finite numbers"),
])
def test_each_mistake_is_named(check, answer, said):
    says(check(answer), said)


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
    says(checks.separate_two_points(answer), passed=True)
    weights, bias = answer
    neuron = nnlib.Neuron(np.ravel(weights), float(np.ravel(bias)[0]))
    assert neuron.feedforward(checks.POINT_P) > 0.9 and neuron.feedforward(checks.POINT_Q) < 0.1


@pytest.mark.parametrize(("answer", "said", "not_said"), [
    # w = [-1, 1], b = 0: z(P) = 2, z(Q) = -2; outputs 0.8808 and 0.1192, both just short
    (([-1.0, 1.0], 0.0), ["P gets 0.8808, 0.0192 short of the 0.9", "Q gets 0.1192, 0.0192 "
                          "above the 0.1", "make the weights larger"], "w should point"),
    (([-2.0, 2.0], 3.0), ["Q gets 0.2689"], "P gets"),  # z(P) = 7 is fine, z(Q) = -1 is not
    (([1.0, -1.0], 0.0), ["w should point from Q towards P"], "The order is right"),
    (([0.0, 0.0], 5.0), ["same output sigmoid(b)"], "P gets"),
    ((np.array([-1.0, 1.0]) * 1.09861228, 0.0), ["P gets 0.899999998"], "0.9000,"),  # unrounded
])
def test_separate_two_points_says_which_point_fails_and_by_how_much(answer, said, not_said):
    feedback = checks.separate_two_points(answer)
    says(feedback, *said)
    assert not_said not in text(feedback)
