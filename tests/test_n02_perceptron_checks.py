"""Notebook 02's exercise checks: right answers pass, typical mistakes get a hint that names them,
and nothing raises."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from learners import mutant

import nnlib
from nnlib.course.n02_perceptron import checks


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def feedback(check, answer):
    result = check(answer)
    return result.passed, " ".join(repr(result).split())  # folded lines joined again


# --- Exercise 1: one update step ----------------------------------------------------------------


@pytest.fixture
def step(truth_table):
    """(X, y, weights, learning_rate, y_hat, delta) of exercise 1, computed here by hand."""
    X, y = truth_table
    weights, learning_rate = checks.STEP_WEIGHTS, checks.STEP_LEARNING_RATE  # the notebook's
    y_hat = sigmoid(X @ weights)
    return X, y, weights, learning_rate, y_hat, (y - y_hat) * y_hat * (1 - y_hat)


def test_update_step_accepts_the_formula(step):
    X, y, weights, learning_rate, _, delta = step
    passed, text = feedback(checks.update_step, weights + learning_rate * X.T @ delta)
    assert passed
    assert "New weights [0.2814, -0.4198, 0.5395]" in text


def test_update_step_accepts_nnlib_sigmoid_derivative_of_z(step):
    X, y, weights, learning_rate, y_hat, _ = step
    slope = nnlib.sigmoid_derivative(X @ weights)
    assert checks.update_step(weights + learning_rate * X.T @ ((y - y_hat) * slope)).passed


@pytest.mark.parametrize(("mistake", "problem", "hint"), [
    ("sign", "wrong way (a sign is flipped)", "the error is y - y_hat"),
    ("no_slope", "slope is missing", "y_hat * (1 - y_hat)"),
    ("slope_of_output", "derivative was taken at the OUTPUT", "sigmoid_derivative wants z"),
    ("no_learning_rate", "learning rate is missing", "learning_rate = 0.5"),
    ("mean_loss", "2 / n_samples", "no 2 / n factor"),
    ("change_only", "change of the weights, not the new weights", "add the change"),
    ("unchanged", "starting weights", "compute y_hat"),
    ("other", "not the updated weights", "go step by step"),
])
def test_update_step_names_typical_mistakes(step, mistake, problem, hint):
    X, y, weights, learning_rate, y_hat, delta = step
    answers = {
        "sign": weights - learning_rate * X.T @ delta,
        "no_slope": weights + learning_rate * X.T @ (y - y_hat),
        "slope_of_output": weights
        + learning_rate * X.T @ ((y - y_hat) * sigmoid(y_hat) * (1 - sigmoid(y_hat))),
        "no_learning_rate": weights + X.T @ delta,
        "mean_loss": weights + learning_rate * X.T @ delta / 2,  # 2 / n with n = 4
        "change_only": learning_rate * X.T @ delta,
        "unchanged": weights,
        "other": weights + 0.1,
    }
    passed, text = feedback(checks.update_step, answers[mistake])
    assert not passed
    assert problem in text
    assert hint in text.split("Hint:")[1]


@pytest.mark.parametrize(
    ("shape_of", "problem"),
    [("flat", "numbers are right, but the shape is (3,)"), ("row", "shape is (1, 3)"),
     ("broadcast", "shape is (3, 4)"), ("scalar", "shape is ()")],
)
def test_update_step_explains_wrong_shapes(step, shape_of, problem):
    X, y, weights, learning_rate, y_hat, delta = step
    right = weights + learning_rate * X.T @ delta
    answers = {
        "flat": right.ravel(),
        "row": right.T,
        # y (4, 1) minus a flat y_hat (4,) broadcasts to (4, 4)
        "broadcast": weights + learning_rate * X.T @ (y - y_hat.ravel()),
        "scalar": 0.3,
    }
    passed, text = feedback(checks.update_step, answers[shape_of])
    assert not passed and problem in text and "Hint:" in text


def test_update_step_accepts_lists_and_nnlib_s_own_update(step):
    X, y, weights, learning_rate, _, delta = step
    right = weights + learning_rate * X.T @ delta
    assert checks.update_step(right.tolist()).passed  # nested lists, shape (3, 1)
    perceptron = nnlib.Perceptron(n_inputs=3, seed=1)
    perceptron.weights = weights.copy()
    perceptron.train(X, y, iterations=1, learning_rate=learning_rate)
    assert checks.update_step(perceptron.weights).passed


# --- Exercise 5: the step, written by the learner -----------------------------------------------

STEP = """def perceptron_step(X, y, weights, learning_rate):
    y_hat = nnlib.sigmoid(X @ weights)
    delta = (y - y_hat) * y_hat * (1 - y_hat)
    return weights + learning_rate * X.T @ delta
"""


@pytest.mark.parametrize("changes", [
    {}, {"y_hat * (1 - y_hat)": "nnlib.sigmoid_derivative(X @ weights)"},
    {"X.T @ delta": "np.einsum('ni,nk->ik', X, delta)"},
    {"weights + learning_rate * X.T @ delta": "weights - learning_rate * (-delta.T @ X).T"},
])
def test_perceptron_step_accepts_every_correct_form(changes):
    feedback = checks.perceptron_step(mutant(STEP, "perceptron_step", changes))
    assert feedback.passed, feedback.message


@pytest.mark.parametrize(("key", "changes"), [
    ("sign", {"(y - y_hat)": "(y_hat - y)"}),
    ("no_slope", {" * y_hat * (1 - y_hat)": ""}),
    ("slope_of_output", {"y_hat * (1 - y_hat)": "nnlib.sigmoid_derivative(y_hat)"}),
    ("no_learning_rate", {"learning_rate * X.T": "X.T"}),
    ("mean_loss", {"learning_rate * X.T": "learning_rate * 2 / len(X) * X.T"}),
    ("change_only", {"weights + learning_rate": "learning_rate"}),
    ("unchanged", {"return weights + learning_rate * X.T @ delta": "return weights.copy()"}),
    ("flat", {"return weights + learning_rate * X.T @ delta": "return (weights + learning_rate "
              "* X.T @ delta).ravel()"}),
    ("row", {"return weights + learning_rate * X.T @ delta": "return (weights + learning_rate "
             "* X.T @ delta).T"}),
    ("broadcast", {"(y - y_hat)": "(y - y_hat.ravel())"}),
    ("shape", {"return weights + learning_rate * X.T @ delta": "return float(weights.sum())"}),
    ("changes_inputs", {"return weights + learning_rate * X.T @ delta": "weights += "
                        "learning_rate * X.T @ delta\n    return weights"}),
    ("raises_matmul", {"X.T @ delta": "X @ delta"}),
    ("fallback", {"learning_rate * X.T": "learning_rate * 1.5 * X.T"}),
])
def test_perceptron_step_names_each_mistake_made_by_code_that_makes_it(key, changes):
    feedback = checks.perceptron_step(mutant(STEP, "perceptron_step", changes))
    assert not feedback.passed and feedback.mistake == key, feedback.message


# --- Exercise 2: predict [0, 1, 0] --------------------------------------------------------------


@pytest.fixture
def trained_weights(truth_table):
    X, y = truth_table
    weights = np.random.default_rng(1).uniform(-1, 1, (3, 1))
    for _ in range(10_000):
        y_hat = sigmoid(X @ weights)
        weights += X.T @ ((y - y_hat) * y_hat * (1 - y_hat))
    return weights[:, 0]


def test_predict_new_input_accepts_the_trained_output(trained_weights):
    output = sigmoid(np.array([0.0, 1.0, 0.0]) @ trained_weights)
    assert output == pytest.approx(0.4483, abs=1e-4)
    for answer in (output, float(output), np.array([output])):
        passed, text = feedback(checks.predict_new_input, answer)
        assert passed
        assert "0.4483" in text and "bias weight (-4.63)" in text


@pytest.mark.parametrize(("answer", "problem", "hint"), [
    (-0.2077, "that is z", "nnlib.sigmoid"),
    (0.0, "what a rule would answer", "ask the trained perceptron"),
    (1.0, "what a rule would answer", "ask the trained perceptron"),
    (0.45, "close, but rounded", "at least 4 decimals"),
    (0.9, "not the trained perceptron's output", "input order"),
])
def test_predict_new_input_names_typical_mistakes(answer, problem, hint):
    passed, text = feedback(checks.predict_new_input, answer)
    assert not passed and problem in text and hint in text.split("Hint:")[1]


def test_predict_new_input_spots_the_untrained_perceptron():
    untrained = nnlib.Perceptron(n_inputs=3, seed=1).predict(np.array([0.0, 1.0, 0.0]))[0]
    passed, text = feedback(checks.predict_new_input, untrained)
    assert not passed and "UNTRAINED" in text


def test_predict_new_input_accepts_every_numeric_form(trained_weights):
    output = sigmoid(np.array([0.0, 1.0, 0.0]) @ trained_weights)
    perceptron = nnlib.Perceptron(n_inputs=3, seed=1)
    perceptron.train(*nnlib.data.truth_table(), iterations=10_000)
    forms = [
        perceptron.predict(np.array([0.0, 1.0, 0.0])),  # (1,)
        perceptron.predict(np.array([[0, 1, 0]])),  # (1, 1), from integer input
        round(float(output), 4),  # typed in from the printed 4 decimals
    ]
    for answer in forms:
        assert checks.predict_new_input(answer).passed, answer
    assert "one output is expected" in checks.predict_new_input([0.1, 0.2]).message


# --- Exercise 3: a learning rate for 100 iterations ---------------------------------------------


def loss_after_100(truth_table, learning_rate):
    X, y = truth_table
    return nnlib.Perceptron(n_inputs=3, seed=1).train(X, y, 100, learning_rate).losses[-1]


@settings(max_examples=40, deadline=None)
@given(st.floats(min_value=6.9, max_value=checks.RATE_MAX))
def test_learning_rate_check_accepts_every_rate_from_6_9_to_100(learning_rate):
    X, y = nnlib.data.truth_table()
    assert loss_after_100((X, y), learning_rate) < 1e-3  # an independent training run agrees
    passed, text = feedback(checks.learning_rate_for_100_iterations, learning_rate)
    assert passed and "below 0.001" in text


@settings(max_examples=40, deadline=None)
@given(st.floats(min_value=1e-3, max_value=6.8))
def test_learning_rate_check_calls_every_rate_below_6_8_too_small(learning_rate):
    X, y = nnlib.data.truth_table()
    loss = loss_after_100((X, y), learning_rate)
    assert loss >= 1e-3
    passed, text = feedback(checks.learning_rate_for_100_iterations, learning_rate)
    assert not passed and "too small" in text and f"{loss:.3g}" in text
    assert "Try a larger rate" in text


def test_learning_rate_verdicts_change_once_over_the_allowed_range():
    rates = np.linspace(0.5, checks.RATE_MAX, 200)
    verdicts = [checks.learning_rate_for_100_iterations(rate).passed for rate in rates]
    assert verdicts[0] is False and verdicts[-1] is True
    assert sum(a != b for a, b in zip(verdicts[:-1], verdicts[1:], strict=True)) == 1


@pytest.mark.parametrize("learning_rate", [100.5, 300.0, 400.0, 1000.0, 1e300])
def test_learning_rate_check_explains_rates_above_100_whatever_they_reach(learning_rate):
    # 300 happens to reach the target, 400 does not: both get the same explanation
    passed, text = feedback(checks.learning_rate_for_100_iterations, learning_rate)
    assert not passed and "above 100" in text and "luck" in text
    assert "Try a rate of at most 100" in text


@pytest.mark.parametrize(("answer", "problem"), [
    (0.0, "must be a positive number"),
    (-1.0, "must be a positive number"),
    (float("inf"), "must be a positive number"),
    ([10.0, 20.0], "answer_3 should be one number (a learning rate), but it is a list of 2"),
])
def test_learning_rate_check_gives_feedback_for_impossible_rates(answer, problem):
    passed, text = feedback(checks.learning_rate_for_100_iterations, answer)
    assert not passed and problem in text and "Hint:" in text


# --- Exercise 4: a helper column for XOR --------------------------------------------------------


def helper(X, make):
    return np.column_stack([X, make(X[:, 0], X[:, 1])])


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


# columns (written in x1, x2 and np) that make XOR separable without answering it by themselves
HELPERS = ["x1 * x2", "(x1 + x2) ** 2", "(x1 + x2) ** 3", "5 * x1 * x2", "100 * x1 * x2",
           "-x1 * x2", "x1 * x2 - 0.5", "1 - x1 * x2", "np.minimum(x1, x2)", "np.maximum(x1, x2)",
           "(x1 > 0) | (x2 > 0)", "((x1 > 0) & (x2 > 0)).astype(int)", "np.sqrt(x1 + x2)",
           "np.exp(x1 + x2)", "np.exp(5 * (x1 + x2))", "(x1 + x2) ** 2 / 4", "x1 * x2 + x1"]


def column(expression):
    return eval(f"lambda x1, x2: {expression}", {"np": np})  # noqa: S307 - the test's own text


@pytest.mark.parametrize("expression", HELPERS)
def test_xor_features_accepts_every_helper_that_makes_xor_separable(xor, expression):
    X, y = xor
    table = helper(X, column(expression))
    assert rosenblatt_separable(table.astype(float), y)  # independent: such weights exist
    passed, text = feedback(checks.xor_features, table)
    assert passed and "One neuron can now get XOR right" in text


def test_xor_features_accepts_the_square_of_the_sum_with_the_briefs_weights(xor):
    # weights [10, 10, -1, -6] on [x1, x2, x3, (x1 + x2)**2] get every row right, although
    # training from seed 1 stalls at loss 0.25 on this table
    X, y = xor
    table = helper(X, lambda x1, x2: (x1 + x2) ** 2)
    assert np.array_equal(table @ np.array([10, 10, -1, -6]) > 0, y[:, 0] == 1)
    passed, text = feedback(checks.xor_features, table)
    assert passed and "gradient descent does not always find them" in text


@pytest.mark.parametrize("arrange", [
    lambda table: table.tolist(), lambda table: table.astype(int),  # lists, whole numbers
    lambda table: table[:, [3, 0, 1, 2]], lambda table: table[:, [1, 0, 2, 3]],  # reordered
    lambda table: np.column_stack([table, table[:, 3] ** 2]),  # two new columns
])
def test_xor_features_accepts_any_arrangement_of_the_same_table(xor, arrange):
    X, y = xor
    passed, text = feedback(checks.xor_features, arrange(helper(X, lambda x1, x2: x1 * x2)))
    assert passed, text


def test_xor_features_shows_weights_that_really_work(xor):
    X, y = xor
    table = helper(X, lambda x1, x2: (x1 + x2) ** 2)
    weights = checks.separating_weights(table, y)
    assert np.array_equal(sigmoid(table @ weights) > 0.5, y[:, 0] == 1)
    assert np.allclose(table @ weights, 5 * (2 * y[:, 0] - 1))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=-3, max_value=3), min_size=4, max_size=4))
def test_xor_features_verdict_matches_an_independent_separability_test(column):
    X, y = nnlib.data.xor()
    column = np.array(column, dtype=float)
    table = np.column_stack([X, column])
    passed, text = feedback(checks.xor_features, table)
    ones, zeros = column[y[:, 0] == 1], column[y[:, 0] == 0]
    if ones.min() > zeros.max() or ones.max() < zeros.min():
        assert not passed and "already answers XOR by itself" in text
    else:
        assert passed == rosenblatt_separable(table, y), text


@pytest.mark.parametrize("expression", ["x1 + x2", "2 * x1 - x2 + 3", "x1 - x2",
                                        "np.zeros_like(x1)"])
def test_xor_features_refuses_a_linear_column(xor, expression):
    X, y = xor
    passed, text = feedback(checks.xor_features, helper(X, column(expression)))
    assert not passed and "weighted sum of x1, x2 and x3" in text and "multiplying" in text


@pytest.mark.parametrize("make", [lambda x1, x2: x1**2, lambda x1, x2: x2 * x2])
def test_xor_features_explains_a_square_of_one_input(xor, make):
    X, y = xor
    passed, text = feedback(checks.xor_features, helper(X, make))
    assert not passed and "copy of x1, x2 or x3" in text and "x1 ** 2" in text


@pytest.mark.parametrize("expression", [  # XOR itself, upside down (==) or plus a little
    "np.abs(x1 - x2)", "(x1 - x2) ** 2", "x1 != x2", "x1 == x2", "3 * (x1 + x2 - 2 * x1 * x2) + x1",
    "np.cos(np.pi * (x1 + x2))"])
def test_xor_features_spots_the_answer_in_disguise(xor, expression):
    X, y = xor
    passed, text = feedback(checks.xor_features, helper(X, column(expression)))
    assert not passed and "already answers XOR by itself" in text


@pytest.mark.parametrize(("make", "problem"), [
    (lambda X: X, "no new column was added"), (lambda X: X[:, 0], "shape (4,)"),
    (lambda X: X.T, "shape (3, 4)"),
    (lambda X: np.column_stack([X[:, :2], X[:, 0] * X[:, 1]]), "x3 (x3, always 1"),
    (lambda X: (X[:, 0] * X[:, 1]).reshape(4, 1), "x1, x2, x3"),
])
def test_xor_features_explains_wrong_tables(xor, make, problem):
    X, y = xor
    passed, text = feedback(checks.xor_features, make(X))
    assert not passed and problem in text and "np.column_stack" in text
