"""Self-checks for notebook 02 (the perceptron).

Each check recomputes the right answer independently (with the formula or by training) and
compares. The givens of each exercise are the module constants below; the notebook shows the
same numbers.
"""

import math
import numbers

import numpy as np

from nnlib import data
from nnlib.activations import sigmoid
from nnlib.course.feedback import as_numbers, correct, not_yet, unanswered
from nnlib.perceptron import Perceptron

# Exercise 1: one update step from these weights, on the truth table
STEP_WEIGHTS = np.array([[0.2], [-0.4], [0.6]])
STEP_LEARNING_RATE = 0.5
# Exercise 2: the perceptron of the notebook (seed 1, 10,000 iterations) asked about this input
NEW_INPUT = np.array([0.0, 1.0, 0.0])
TRAIN_ITERATIONS = 10_000
SEED = 1
# Exercise 3: 100 iterations must bring the loss below this
RATE_ITERATIONS = 100
RATE_TARGET_LOSS = 1e-3
# Rates from about 7 to 380 reach the target; a failure above this one is a too-large rate
TOO_SMALL_BELOW = 20.0
# Exercise 4: with the extra columns, 10,000 iterations must bring the XOR loss below this
XOR_TARGET_LOSS = 0.01

TOLERANCE = 1e-6  # relative; the learner's numbers come from the same float arithmetic


def _same(got, want):
    return got.shape == want.shape and np.allclose(got, want, rtol=TOLERANCE, atol=1e-12)


# --- Exercise 1 -------------------------------------------------------------------------------


def update_step_answer(X, y, weights, learning_rate):
    """The right answer of exercise 1: the weights after one gradient-descent update."""
    y_hat = sigmoid(X @ weights)  # (n_samples, 1)
    return weights + learning_rate * X.T @ ((y - y_hat) * y_hat * (1 - y_hat))


def _update_step_mistakes(X, y, weights, learning_rate):
    """Typical wrong versions of the update, each with what went wrong and a hint."""
    y_hat = sigmoid(X @ weights)
    error = y - y_hat
    delta = error * y_hat * (1 - y_hat)
    wrong_derivative = sigmoid(y_hat) * (1 - sigmoid(y_hat))  # sigma'(y_hat), not sigma'(z)
    return [
        (
            weights - learning_rate * X.T @ delta,
            "the weights moved the wrong way (a sign is flipped).",
            "the error is y - y_hat (target minus output), and the update ADDS "
            "learning_rate * X.T @ (...); with y_hat - y you would subtract instead.",
        ),
        (
            weights + learning_rate * X.T @ error,
            "the sigmoid's slope is missing: you used the error alone.",
            "multiply the error by y_hat * (1 - y_hat) before X.T @ (...).",
        ),
        (
            weights + learning_rate * X.T @ (error * wrong_derivative),
            "the slope factor is sigmoid'(y_hat): the derivative was taken at the OUTPUT as if "
            "it were z.",
            "from the output the slope is simply y_hat * (1 - y_hat) "
            "(nnlib.sigmoid_derivative_from_output(y_hat)); nnlib.sigmoid_derivative wants z.",
        ),
        (
            weights + X.T @ delta,
            "the learning rate is missing, so the step has the wrong length.",
            f"multiply X.T @ (...) by learning_rate = {learning_rate}.",
        ),
        (
            weights + learning_rate * (2 / len(X)) * X.T @ delta,
            "the step is scaled by 2 / n_samples, the factor of the MEAN squared error.",
            "this exercise descends L = ½ Σ (y - y_hat)², whose gradient has no 2 / n factor.",
        ),
        (
            learning_rate * X.T @ delta,
            "that is the change of the weights, not the new weights.",
            "add the change to the current weights: weights + learning_rate * X.T @ (...).",
        ),
        (
            weights,
            "these are the starting weights: nothing was updated.",
            "compute y_hat, then the update, and add it to the weights.",
        ),
    ]


def update_step(answer):
    """Exercise 1: the new weights (3, 1) after one update from STEP_WEIGHTS."""
    if answer is None:
        return unanswered("answer")
    X, y = data.truth_table()
    weights, learning_rate = STEP_WEIGHTS, STEP_LEARNING_RATE
    got, problem = as_numbers(answer)
    if problem:
        return problem
    want = update_step_answer(X, y, weights, learning_rate)
    if _same(got, want):
        return correct(
            f"New weights {np.round(want.ravel(), 4).tolist()}. That is one iteration; training "
            "repeats it thousands of times."
        )
    if got.shape != want.shape:
        return _update_step_shape(got, want)
    for wrong, problem, hint in _update_step_mistakes(X, y, weights, learning_rate):
        if _same(got, wrong):
            return not_yet(f"You got {np.round(got.ravel(), 4).tolist()}: {problem}", hint)
    return not_yet(
        f"You got {np.round(got.ravel(), 4).tolist()}, which is not the updated weights.",
        "go step by step: y_hat = nnlib.sigmoid(X @ weights) has shape (4, 1); "
        "delta = (y - y_hat) * y_hat * (1 - y_hat) has shape (4, 1); "
        "then weights + learning_rate * X.T @ delta.",
    )


def _update_step_shape(got, want):
    if got.shape == (3,) and np.allclose(got, want.ravel(), rtol=TOLERANCE):
        return not_yet(
            "The numbers are right, but the shape is (3,), not (3, 1).",
            "keep the weights a column, as X.T @ delta gives it: .reshape(-1, 1), or start from "
            "the (3, 1) weights and do not flatten.",
        )
    if got.shape == (1, 3):
        return not_yet(
            "The shape is (1, 3): a row, but the weights are a column (3, 1).",
            "X.T @ delta gives (3, 4) @ (4, 1) = (3, 1); a row comes from delta.T @ X.",
        )
    if got.shape == (3, 4) or got.shape == (4, 3) or got.shape[-1:] == (4,):
        return not_yet(
            f"The shape is {got.shape}: a (4, 1) and a (4,) array were probably broadcast "
            "against each other, or a transpose is missing.",
            "keep y, y_hat and delta all (4, 1), and multiply with X.T @ delta: "
            "(3, 4) @ (4, 1) = (3, 1).",
        )
    return not_yet(
        f"The shape is {got.shape}; the new weights have shape (3, 1), one per input.",
        "X.T @ delta gives (3, 4) @ (4, 1) = (3, 1); add it to the (3, 1) weights.",
    )


# --- Exercise 2 -------------------------------------------------------------------------------


def _trained_perceptron():
    X, y = data.truth_table()
    perceptron = Perceptron(n_inputs=3, seed=SEED)
    perceptron.train(X, y, iterations=TRAIN_ITERATIONS)
    return perceptron


def predict_new_input(answer):
    """Exercise 2: the trained perceptron's output for NEW_INPUT = [0, 1, 0], one number."""
    if answer is None:
        return unanswered("answer")
    got, problem = as_numbers(answer)
    if problem:
        return problem
    if got.size != 1:
        return not_yet(
            f"The answer has {got.size} numbers (shape {got.shape}); one output is expected.",
            "predict for the single input [0, 1, 0] and take the number out, e.g. "
            "float(perceptron.predict(np.array([0, 1, 0]))[0]).",
        )
    value = float(got.ravel()[0])
    perceptron = _trained_perceptron()
    want = float(perceptron.predict(NEW_INPUT)[0])
    z = float(NEW_INPUT @ perceptron.weights[:, 0])
    untrained = float(Perceptron(n_inputs=3, seed=SEED).predict(NEW_INPUT)[0])
    if math.isclose(value, want, rel_tol=1e-4):
        return correct(
            f"{want:.4f}: the perceptron is unsure, although the rule y = x1 says 0. With x3 = 0 "
            f"the bias weight ({perceptron.weights[2, 0]:.2f}) that pushes every output down is "
            "switched off, and the training rows never showed it an input like that."
        )
    if math.isclose(value, z, rel_tol=1e-4):
        return not_yet(
            f"You got {value:.4f}: that is z = x · weights, before the activation.",
            "pass it through nnlib.sigmoid, or use perceptron.predict, which does both.",
        )
    if math.isclose(value, untrained, rel_tol=1e-4):
        return not_yet(
            f"You got {value:.4f}: that is the output of the UNTRAINED perceptron.",
            "use the perceptron after perceptron.train(X, y, iterations=10_000).",
        )
    if abs(value) < 1e-3 or abs(value - 1) < 1e-3:
        return not_yet(
            f"You got {value:g}: that is what a rule would answer, not the perceptron's output.",
            "ask the trained perceptron: perceptron.predict(np.array([0, 1, 0])).",
        )
    if round(value, 2) == round(want, 2):
        return not_yet(
            f"You got {value:g}: close, but rounded.",
            "assign the computed number itself, not a rounded copy.",
        )
    return not_yet(
        f"You got {value:.4f}, not the trained perceptron's output for [0, 1, 0].",
        "check the input order (x1, x2, x3) = (0, 1, 0) and use the perceptron trained for "
        "10,000 iterations from seed 1.",
    )


# --- Exercise 3 -------------------------------------------------------------------------------


def loss_after(learning_rate, iterations=RATE_ITERATIONS):
    """MSE before the last of `iterations` updates on the truth table, from seed 1."""
    X, y = data.truth_table()
    history = Perceptron(n_inputs=3, seed=SEED).train(
        X, y, iterations=iterations, learning_rate=learning_rate
    )
    return float(history.losses[-1])


def learning_rate_for_100_iterations(answer):
    """Exercise 3: a learning rate with which 100 iterations end below RATE_TARGET_LOSS."""
    if answer is None:
        return unanswered("answer")
    if isinstance(answer, bool) or not isinstance(answer, numbers.Real):
        return not_yet(
            f"The answer is a {type(answer).__name__}; a learning rate is one number.",
            "assign a number such as 0.5 (no quotes, no list).",
        )
    learning_rate = float(answer)
    if not math.isfinite(learning_rate) or learning_rate <= 0:
        return not_yet(
            f"The learning rate {learning_rate:g} cannot work: it must be a positive number.",
            "a learning rate is the length of each step downhill, so it is greater than 0.",
        )
    loss = loss_after(learning_rate)
    target = f"{RATE_TARGET_LOSS:g}"
    if loss < RATE_TARGET_LOSS:
        return correct(
            f"With learning rate {learning_rate:g}, 100 iterations end at loss {loss:.2g} "
            f"(below {target})."
        )
    if learning_rate > TOO_SMALL_BELOW:
        return not_yet(
            f"With learning rate {learning_rate:g} the loss is stuck at {loss:.2g}: too large.",
            "the first steps were so big that the outputs hit the flat ends of the sigmoid, "
            "where y_hat * (1 - y_hat) is almost 0 and learning stops. Try a smaller rate.",
        )
    return not_yet(
        f"With learning rate {learning_rate:g} the loss is still {loss:.2g} after 100 "
        f"iterations (target: below {target}): too small.",
        "the loss is still falling; the steps are too short. Try a larger rate "
        "(the live view above lets you explore).",
    )


# --- Exercise 4 -------------------------------------------------------------------------------


def xor_features(answer):
    """Exercise 4: XOR inputs with extra column(s) that one neuron can learn from."""
    if answer is None:
        return unanswered("answer")
    got, problem = as_numbers(answer)
    if problem:
        return problem
    X, y = data.xor()
    if got.ndim != 2 or got.shape[0] != len(X):
        return not_yet(
            f"The answer has shape {got.shape}; it should be a table with one row per XOR "
            f"example: ({len(X)}, n_inputs).",
            "stack columns side by side with np.column_stack([X_xor, new_column]).",
        )
    if got.shape[1] <= X.shape[1]:
        return not_yet(
            f"The answer has {got.shape[1]} columns: no column was added to x1, x2, x3.",
            "add a fourth column computed from x1 and x2 with np.column_stack.",
        )
    for column in got.T:
        if np.array_equal(column, y[:, 0]):
            return not_yet(
                "One of your columns already equals y = x1 XOR x2: the neuron would only copy "
                "the answer you computed for it.",
                "find a simpler helper column that is not the answer itself, e.g. one that is 1 "
                "only when x1 and x2 are both 1.",
            )
    if np.linalg.matrix_rank(np.column_stack([X, got])) <= X.shape[1]:
        return not_yet(
            "Your new column is a weighted sum of x1, x2 and x3, so it adds nothing a weight "
            "could not already do: the loss stays stuck.",
            "a sum draws the same straight lines; try a column that MULTIPLIES inputs.",
        )
    perceptron = Perceptron(n_inputs=got.shape[1], seed=SEED)
    loss = float(perceptron.train(got, y, iterations=TRAIN_ITERATIONS).losses[-1])
    if loss < XOR_TARGET_LOSS:
        outputs = np.round(perceptron.predict(got).ravel(), 2).tolist()
        return correct(
            f"One neuron now learns XOR: loss {loss:.2g}, outputs {outputs} for targets "
            f"{y.ravel().astype(int).tolist()}. A hidden layer (notebook 03) learns such "
            "columns by itself."
        )
    return not_yet(
        f"With your columns the loss after 10,000 iterations is {loss:.2g}, "
        f"not below {XOR_TARGET_LOSS}.",
        "look for a column that is 1 only when x1 and x2 are both 1.",
    )


__all__ = [
    "learning_rate_for_100_iterations",
    "predict_new_input",
    "update_step",
    "xor_features",
]
