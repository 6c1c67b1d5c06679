"""Notebook 02's exercise checks: right answers pass, typical mistakes get a hint that names them,
and nothing raises."""

import numpy as np
import pytest

import nnlib
from nnlib.course.n02_perceptron import checks

STILL_NONE = "❌ Not yet. answer is still None."


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def feedback(check, answer):
    result = check(answer)
    return result.passed, repr(result)


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


@pytest.mark.parametrize(
    ("mistake", "problem", "hint"),
    [
        ("sign", "wrong way (a sign is flipped)", "the error is y - y_hat"),
        ("no_slope", "slope is missing", "y_hat * (1 - y_hat)"),
        ("slope_of_output", "derivative was taken at the OUTPUT", "sigmoid_derivative wants z"),
        ("no_learning_rate", "learning rate is missing", "learning_rate = 0.5"),
        ("mean_loss", "2 / n_samples", "no 2 / n factor"),
        ("change_only", "change of the weights, not the new weights", "add the change"),
        ("unchanged", "starting weights", "compute y_hat"),
        ("other", "not the updated weights", "go step by step"),
    ],
)
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
    [
        ("flat", "numbers are right, but the shape is (3,)"),
        ("row", "shape is (1, 3)"),
        ("broadcast", "shape is (3, 4)"),
        ("scalar", "shape is ()"),
    ],
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


@pytest.mark.parametrize("answer", ["weights", [[1, 2], [3]], [[np.nan], [0.0], [0.0]], True])
def test_update_step_gives_feedback_for_non_numbers(answer):
    passed, text = feedback(checks.update_step, answer)
    assert not passed and "Hint:" in text


def test_update_step_while_unanswered():
    assert repr(checks.update_step(None)).startswith(STILL_NONE)


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


@pytest.mark.parametrize(
    ("answer", "problem", "hint"),
    [
        (-0.2077, "that is z", "nnlib.sigmoid"),
        (0.0, "what a rule would answer", "ask the trained perceptron"),
        (1.0, "what a rule would answer", "ask the trained perceptron"),
        (0.45, "close, but rounded", "not a rounded copy"),
        (0.9, "not the trained perceptron's output", "input order"),
    ],
)
def test_predict_new_input_names_typical_mistakes(answer, problem, hint):
    passed, text = feedback(checks.predict_new_input, answer)
    assert not passed and problem in text and hint in text.split("Hint:")[1]


def test_predict_new_input_spots_the_untrained_perceptron():
    untrained = nnlib.Perceptron(n_inputs=3, seed=1).predict(np.array([0.0, 1.0, 0.0]))[0]
    passed, text = feedback(checks.predict_new_input, untrained)
    assert not passed and "UNTRAINED" in text


@pytest.mark.parametrize("answer", [[0.1, 0.2], "0.45", np.full((4, 1), 0.5)])
def test_predict_new_input_wants_one_number(answer):
    passed, text = feedback(checks.predict_new_input, answer)
    assert not passed and "Hint:" in text


def test_predict_new_input_while_unanswered():
    assert repr(checks.predict_new_input(None)).startswith(STILL_NONE)


# --- Exercise 3: a learning rate for 100 iterations ---------------------------------------------


def loss_after_100(truth_table, learning_rate):
    X, y = truth_table
    return nnlib.Perceptron(n_inputs=3, seed=1).train(X, y, 100, learning_rate).losses[-1]


@pytest.mark.parametrize("learning_rate", [7.0, 10, 50.0, 300.0, np.float64(20.0)])
def test_learning_rate_check_accepts_rates_that_reach_the_target(truth_table, learning_rate):
    assert loss_after_100(truth_table, learning_rate) < 1e-3
    passed, text = feedback(checks.learning_rate_for_100_iterations, learning_rate)
    assert passed and "below 0.001" in text


@pytest.mark.parametrize("learning_rate", [0.01, 1.0, 6.0])
def test_learning_rate_check_says_too_small(truth_table, learning_rate):
    loss = loss_after_100(truth_table, learning_rate)
    passed, text = feedback(checks.learning_rate_for_100_iterations, learning_rate)
    assert not passed and "too small" in text and f"{loss:.2g}" in text
    assert "Try a larger rate" in text


@pytest.mark.parametrize(("learning_rate", "stuck_at"), [(1000.0, "0.5"), (400.0, "0.25")])
def test_learning_rate_check_says_too_large(learning_rate, stuck_at):
    passed, text = feedback(checks.learning_rate_for_100_iterations, learning_rate)
    assert not passed and f"stuck at {stuck_at}: too large" in text
    assert "flat ends of the sigmoid" in text and "Try a smaller rate" in text


@pytest.mark.parametrize(
    ("answer", "problem"),
    [
        (0.0, "must be a positive number"),
        (-1.0, "must be a positive number"),
        (float("inf"), "must be a positive number"),
        ("10", "is a str"),
        ([10.0], "is a list"),
        (True, "is a bool"),
    ],
)
def test_learning_rate_check_gives_feedback_for_impossible_rates(answer, problem):
    passed, text = feedback(checks.learning_rate_for_100_iterations, answer)
    assert not passed and problem in text and "Hint:" in text


def test_learning_rate_check_while_unanswered():
    assert repr(checks.learning_rate_for_100_iterations(None)).startswith(STILL_NONE)


# --- Exercise 4: a helper column for XOR --------------------------------------------------------


def test_xor_features_accepts_the_product_column(xor):
    X, y = xor
    passed, text = feedback(checks.xor_features, np.column_stack([X, X[:, 0] * X[:, 1]]))
    assert passed and "One neuron now learns XOR" in text


def test_xor_features_refuses_a_linear_column(xor):
    X, y = xor
    passed, text = feedback(checks.xor_features, np.column_stack([X, X[:, 0] + X[:, 1]]))
    assert not passed and "weighted sum of x1, x2 and x3" in text and "MULTIPLIES" in text


def test_xor_features_spots_the_answer_itself(xor):
    X, y = xor
    passed, text = feedback(checks.xor_features, np.column_stack([X, np.abs(X[:, 0] - X[:, 1])]))
    assert not passed and "already equals y" in text


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda X: X, "no column was added"),
        (lambda X: X[:, 0], "shape (4,)"),
        (lambda X: X.T, "shape (3, 4)"),
    ],
)
def test_xor_features_explains_wrong_shapes(xor, make, problem):
    X, y = xor
    passed, text = feedback(checks.xor_features, make(X))
    assert not passed and problem in text and "np.column_stack" in text


def test_xor_features_while_unanswered():
    assert repr(checks.xor_features(None)).startswith(STILL_NONE)
