"""Notebook 02's exercise checks: right answers pass, typical mistakes get a hint that names them,
and nothing raises."""

from functools import cache

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from learners import judged, mutant, says

import nnlib
from nnlib.course.n02_perceptron import checks


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


# Exercise 1, computed here by hand: one update step from the notebook's weights
X, Y = nnlib.data.truth_table()
W, RATE = checks.STEP_WEIGHTS, checks.STEP_LEARNING_RATE
Y_HAT = sigmoid(X @ W)
DELTA = (Y - Y_HAT) * Y_HAT * (1 - Y_HAT)
NEW_W = W + RATE * X.T @ DELTA
ZERO_ONE_ZERO = np.array([0.0, 1.0, 0.0])  # exercise 2's new input


def nnlib_update():
    perceptron = nnlib.Perceptron(n_inputs=3, seed=1)
    perceptron.weights = W.copy()
    perceptron.train(X, Y, iterations=1, learning_rate=RATE)
    return perceptron.weights


@cache
def trained_by_hand():
    """Exercise 2: the perceptron's output for [0, 1, 0] after 10,000 steps written out here."""
    weights = np.random.default_rng(1).uniform(-1, 1, (3, 1))
    for _ in range(10_000):
        y_hat = sigmoid(X @ weights)
        weights += X.T @ ((Y - y_hat) * y_hat * (1 - y_hat))
    return sigmoid(ZERO_ONE_ZERO @ weights[:, 0])


@cache
def trained_by_nnlib():
    perceptron = nnlib.Perceptron(n_inputs=3, seed=1)
    perceptron.train(X, Y, iterations=10_000)
    return perceptron


@pytest.mark.parametrize(("check", "answer", "said"), [
    (checks.update_step, NEW_W, ["New weights [0.2814, -0.4198, 0.5395]"]),
    (checks.update_step, W + RATE * X.T @ ((Y - Y_HAT) * nnlib.sigmoid_derivative(X @ W)), []),
    (checks.update_step, NEW_W.tolist(), []),  # nested lists, shape (3, 1)
    (checks.update_step, nnlib_update(), []),
    (checks.predict_new_input, trained_by_hand(), ["0.4483", "bias weight (-4.63)"]),
    (checks.predict_new_input, round(float(trained_by_hand()), 4), []),  # typed from the print
    (checks.predict_new_input, trained_by_nnlib().predict(ZERO_ONE_ZERO), []),  # (1,)
    (checks.predict_new_input, trained_by_nnlib().predict(np.array([[0, 1, 0]])), []),  # (1, 1)
])
def test_every_form_of_a_right_answer_passes(check, answer, said):
    says(check(answer), *said, passed=True)


def test_the_trained_output_is_the_notebooks():
    assert trained_by_hand() == pytest.approx(0.4483, abs=1e-4)


@pytest.mark.parametrize(("check", "answer", "said", "hint"), [
    (checks.update_step, W - RATE * X.T @ DELTA, "wrong way (a sign is flipped)",
     "the error is y - y_hat"),
    (checks.update_step, W + RATE * X.T @ (Y - Y_HAT), "slope is missing", "y_hat * (1 - y_hat)"),
    (checks.update_step, W + RATE * X.T @ ((Y - Y_HAT) * sigmoid(Y_HAT) * (1 - sigmoid(Y_HAT))),
     "derivative was taken at the OUTPUT", "sigmoid_derivative wants z"),
    (checks.update_step, W + X.T @ DELTA, "learning rate is missing", "learning_rate = 0.5"),
    (checks.update_step, W + RATE * X.T @ DELTA / 2, "2 / n_samples", "no 2 / n factor"),  # n = 4
    (checks.update_step, RATE * X.T @ DELTA, "change of the weights, not the new weights",
     "add the change"),
    (checks.update_step, W, "starting weights", "compute y_hat"),
    (checks.update_step, W + 0.1, "not the updated weights", "go step by step"),
    (checks.update_step, NEW_W.ravel(), "numbers are right, but the shape is (3,)", ""),
    (checks.update_step, NEW_W.T, "shape is (1, 3)", ""),
    # y (4, 1) minus a flat y_hat (4,) broadcasts to (4, 4)
    (checks.update_step, W + RATE * X.T @ (Y - Y_HAT.ravel()), "shape is (3, 4)", ""),
    (checks.update_step, 0.3, "shape is ()", ""),
    (checks.predict_new_input, -0.2077, "that is z", "nnlib.sigmoid"),
    (checks.predict_new_input, 0.0, "what a rule would answer", "ask the trained perceptron"),
    (checks.predict_new_input, 1.0, "what a rule would answer", "ask the trained perceptron"),
    (checks.predict_new_input, 0.45, "close, but rounded", "at least 4 decimals"),
    (checks.predict_new_input, 0.9, "not the trained perceptron's output", "input order"),
    (checks.predict_new_input, nnlib.Perceptron(n_inputs=3, seed=1).predict(ZERO_ONE_ZERO)[0],
     "UNTRAINED", ""),
    (checks.predict_new_input, [0.1, 0.2], "one output is expected", ""),
    (checks.learning_rate_for_100_iterations, 0.0, "must be a positive number", ""),
    (checks.learning_rate_for_100_iterations, -1.0, "must be a positive number", ""),
    (checks.learning_rate_for_100_iterations, float("inf"), "must be a positive number", ""),
    (checks.learning_rate_for_100_iterations, [10.0, 20.0],
     "answer_3 should be one number (a learning rate), but it is a list of 2", ""),
])
def test_each_mistake_is_named(check, answer, said, hint):
    says(check(answer), said, hint=hint)


# --- Exercise 5: the step, written by the learner -----------------------------------------------

STEP = """def perceptron_step(X, y, weights, learning_rate):
    y_hat = nnlib.sigmoid(X @ weights)
    delta = (y - y_hat) * y_hat * (1 - y_hat)
    return weights + learning_rate * X.T @ delta
"""
RETURN = "return weights + learning_rate * X.T @ delta"


@pytest.mark.parametrize(("key", "changes"), [
    ("correct", {}), ("correct", {"y_hat * (1 - y_hat)": "nnlib.sigmoid_derivative(X @ weights)"}),
    ("correct", {"X.T @ delta": "np.einsum('ni,nk->ik', X, delta)"}),
    ("correct", {"weights + learning_rate * X.T @ delta":
                 "weights - learning_rate * (-delta.T @ X).T"}),
    ("sign", {"(y - y_hat)": "(y_hat - y)"}),
    ("no_slope", {" * y_hat * (1 - y_hat)": ""}),
    ("slope_of_output", {"y_hat * (1 - y_hat)": "nnlib.sigmoid_derivative(y_hat)"}),
    ("no_learning_rate", {"learning_rate * X.T": "X.T"}),
    ("mean_loss", {"learning_rate * X.T": "learning_rate * 2 / len(X) * X.T"}),
    ("change_only", {"weights + learning_rate": "learning_rate"}),
    ("unchanged", {RETURN: "return weights.copy()"}),
    ("flat", {RETURN: "return (weights + learning_rate * X.T @ delta).ravel()"}),
    ("row", {RETURN: "return (weights + learning_rate * X.T @ delta).T"}),
    ("broadcast", {"(y - y_hat)": "(y - y_hat.ravel())"}),
    ("shape", {RETURN: "return float(weights.sum())"}),
    ("changes_inputs", {RETURN: "weights += learning_rate * X.T @ delta\n    return weights"}),
    ("raises_matmul", {"X.T @ delta": "X @ delta"}),
    ("fallback", {"learning_rate * X.T": "learning_rate * 1.5 * X.T"}),
])
def test_perceptron_step_names_each_mistake_made_by_code_that_makes_it(key, changes):
    judged(checks.perceptron_step(mutant(STEP, "perceptron_step", changes)), key)


# --- Exercise 3: a learning rate for 100 iterations ---------------------------------------------


def loss_after_100(learning_rate):
    return nnlib.Perceptron(n_inputs=3, seed=1).train(X, Y, 100, learning_rate).losses[-1]


@settings(max_examples=40, deadline=None)
@given(st.floats(min_value=6.9, max_value=checks.RATE_MAX))
def test_learning_rate_check_accepts_every_rate_from_6_9_to_100(learning_rate):
    assert loss_after_100(learning_rate) < 1e-3  # an independent training run agrees
    says(checks.learning_rate_for_100_iterations(learning_rate), "below 0.001", passed=True)


@settings(max_examples=40, deadline=None)
@given(st.floats(min_value=1e-3, max_value=6.8))
def test_learning_rate_check_calls_every_rate_below_6_8_too_small(learning_rate):
    loss = loss_after_100(learning_rate)
    assert loss >= 1e-3
    says(checks.learning_rate_for_100_iterations(learning_rate), "too small", f"{loss:.3g}",
         "Try a larger rate")


def test_learning_rate_verdicts_change_once_over_the_allowed_range():
    rates = np.linspace(0.5, checks.RATE_MAX, 200)
    verdicts = [checks.learning_rate_for_100_iterations(rate).passed for rate in rates]
    assert verdicts[0] is False and verdicts[-1] is True
    assert sum(a != b for a, b in zip(verdicts[:-1], verdicts[1:], strict=True)) == 1


@pytest.mark.parametrize("learning_rate", [100.5, 300.0, 400.0, 1000.0, 1e300])
def test_learning_rate_check_explains_rates_above_100_whatever_they_reach(learning_rate):
    # 300 happens to reach the target, 400 does not: both get the same explanation
    says(checks.learning_rate_for_100_iterations(learning_rate), "above 100", "luck",
         "Try a rate of at most 100")


# --- Exercise 4: a helper column for XOR --------------------------------------------------------

X_XOR, Y_XOR = nnlib.data.xor()


def helper(expression):
    """The XOR table with one more column, written in x1, x2 and np."""
    x1, x2 = X_XOR[:, 0], X_XOR[:, 1]
    return np.column_stack([X_XOR, eval(expression, {"np": np, "x1": x1, "x2": x2})])  # noqa: S307


def rosenblatt_separable(table, y, epochs=5000):
    """An independent test: Rosenblatt's perceptron rule stops changing within a bounded number
    of passes if and only if some weights put every row on its right side. Scaling a column
    changes neither answer, so each is scaled to at most 1 first (fewer passes needed)."""
    scale = np.abs(table).max(axis=0)
    table = table / np.where(scale > 0, scale, 1.0)
    weights = np.zeros(table.shape[1])
    for _ in range(epochs):
        changed = False
        for row, sign in zip(table, 2 * y[:, 0] - 1, strict=True):
            if sign * (row @ weights) <= 0:
                weights += sign * row
                changed = True
        if not changed:
            return True
    return False


# columns that make XOR separable without answering it by themselves
HELPERS = ["x1 * x2", "(x1 + x2) ** 2", "(x1 + x2) ** 3", "5 * x1 * x2", "100 * x1 * x2",
           "-x1 * x2", "x1 * x2 - 0.5", "1 - x1 * x2", "np.minimum(x1, x2)", "np.maximum(x1, x2)",
           "(x1 > 0) | (x2 > 0)", "((x1 > 0) & (x2 > 0)).astype(int)", "np.sqrt(x1 + x2)",
           "np.exp(x1 + x2)", "np.exp(5 * (x1 + x2))", "(x1 + x2) ** 2 / 4", "x1 * x2 + x1"]


@pytest.mark.parametrize("expression", HELPERS)
def test_xor_features_accepts_every_helper_that_makes_xor_separable(expression):
    table = helper(expression)
    assert rosenblatt_separable(table.astype(float), Y_XOR)  # independent: such weights exist
    says(checks.xor_features(table), "One neuron can now get XOR right", passed=True)


def test_xor_features_accepts_the_square_of_the_sum_with_the_briefs_weights():
    # weights [10, 10, -1, -6] on [x1, x2, x3, (x1 + x2)**2] get every row right, although
    # training from seed 1 stalls at loss 0.25 on this table
    table = helper("(x1 + x2) ** 2")
    assert np.array_equal(table @ np.array([10, 10, -1, -6]) > 0, Y_XOR[:, 0] == 1)
    says(checks.xor_features(table), "gradient descent does not always find them", passed=True)


PRODUCT = helper("x1 * x2")


@pytest.mark.parametrize("table", [
    PRODUCT.tolist(), PRODUCT.astype(int),  # lists, whole numbers
    PRODUCT[:, [3, 0, 1, 2]], PRODUCT[:, [1, 0, 2, 3]],  # reordered
    np.column_stack([PRODUCT, PRODUCT[:, 3] ** 2]),  # two new columns
])
def test_xor_features_accepts_any_arrangement_of_the_same_table(table):
    says(checks.xor_features(table), passed=True)


def test_xor_features_shows_weights_that_really_work():
    table = helper("(x1 + x2) ** 2")
    weights = checks.separating_weights(table, Y_XOR)
    assert np.array_equal(sigmoid(table @ weights) > 0.5, Y_XOR[:, 0] == 1)
    assert np.allclose(table @ weights, 5 * (2 * Y_XOR[:, 0] - 1))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=-3, max_value=3), min_size=4, max_size=4))
def test_xor_features_verdict_matches_an_independent_separability_test(column):
    column = np.array(column, dtype=float)
    table = np.column_stack([X_XOR, column])
    feedback = checks.xor_features(table)
    ones, zeros = column[Y_XOR[:, 0] == 1], column[Y_XOR[:, 0] == 0]
    if ones.min() > zeros.max() or ones.max() < zeros.min():
        says(feedback, "already answers XOR by itself")
    else:
        assert feedback.passed == rosenblatt_separable(table, Y_XOR), feedback.message


@pytest.mark.parametrize(("expression", "said"), [
    *((linear, ["weighted sum of x1, x2 and x3", "multiplying"])
      for linear in ["x1 + x2", "2 * x1 - x2 + 3", "x1 - x2", "np.zeros_like(x1)"]),
    *((square, ["copy of x1, x2 or x3", "x1 ** 2"]) for square in ["x1**2", "x2 * x2"]),
    *((xor, ["already answers XOR by itself"])  # XOR itself, upside down (==) or plus a little
      for xor in ["np.abs(x1 - x2)", "(x1 - x2) ** 2", "x1 != x2", "x1 == x2",
                  "3 * (x1 + x2 - 2 * x1 * x2) + x1", "np.cos(np.pi * (x1 + x2))"]),
])
def test_xor_features_explains_a_column_that_does_not_help(expression, said):
    says(checks.xor_features(helper(expression)), *said)


@pytest.mark.parametrize(("table", "said"), [
    (X_XOR, "no new column was added"), (X_XOR[:, 0], "shape (4,)"), (X_XOR.T, "shape (3, 4)"),
    (np.column_stack([X_XOR[:, :2], X_XOR[:, 0] * X_XOR[:, 1]]), "x3 (x3, always 1"),
    ((X_XOR[:, 0] * X_XOR[:, 1]).reshape(4, 1), "x1, x2, x3"),
])
def test_xor_features_explains_wrong_tables(table, said):
    says(checks.xor_features(table), said, "np.column_stack")
