"""Self-checks for notebook 02 (the perceptron).

Each check recomputes the right answer independently (with the formula or by training) and
compares. The givens of each exercise are the module constants below; the notebook shows the
same numbers.
"""

import math

import numpy as np

from nnlib import data
from nnlib.activations import sigmoid
from nnlib.course.feedback import as_number, as_numbers, correct, describe, not_yet, unanswered
from nnlib.perceptron import Perceptron

# Exercise 1: one update step from these weights, on the truth table
STEP_WEIGHTS = np.array([[0.2], [-0.4], [0.6]])
STEP_LEARNING_RATE = 0.5
# Exercise 2: the perceptron of the notebook (seed 1, 10,000 iterations) asked about this input
NEW_INPUT = np.array([0.0, 1.0, 0.0])
TRAIN_ITERATIONS = 10_000
SEED = 1
# Exercise 3: 100 iterations must bring the loss below this, with a rate of at most RATE_MAX.
# From seed 1 every rate from about 6.84 up to RATE_MAX gets there and every smaller one does
# not. Above RATE_MAX the first step throws the outputs onto the sigmoid's flat ends, and
# whether 100 iterations find the way back is luck (300 does, 400 does not), so the exercise
# stays below it.
RATE_ITERATIONS = 100
RATE_TARGET_LOSS = 1e-3
RATE_MAX = 100.0
# Exercise 4: the check judges whether weights exist that get all four XOR rows right, and
# also trains a perceptron the notebook's way to show what gradient descent finds.
XOR_TARGET_LOSS = 0.01
CERTIFICATE_Z = 5.0  # the certificate weights put every row at least this far from z = 0

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


def update_step(answer, name="answer_1"):
    """Exercise 1: the new weights (3, 1) after one update from STEP_WEIGHTS."""
    if answer is None:
        return unanswered(name)
    X, y = data.truth_table()
    weights, learning_rate = STEP_WEIGHTS, STEP_LEARNING_RATE
    got, problem = as_numbers(answer, name)
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


def predict_new_input(answer, name="answer_2"):
    """Exercise 2: the trained perceptron's output for NEW_INPUT = [0, 1, 0], one number."""
    if answer is None:
        return unanswered(name)
    got, problem = as_numbers(answer, name)
    if problem:
        return problem
    if got.size != 1:
        return not_yet(
            f"{name} has {got.size} numbers (shape {got.shape}); one output is expected.",
            "predict for the single input [0, 1, 0] and take the number out, e.g. "
            "float(perceptron.predict(np.array([0, 1, 0]))[0]).",
        )
    value = float(got.ravel()[0])
    perceptron = _trained_perceptron()
    want = float(perceptron.predict(NEW_INPUT)[0])
    z = float(NEW_INPUT @ perceptron.weights[:, 0])
    untrained = float(Perceptron(n_inputs=3, seed=SEED).predict(NEW_INPUT)[0])
    if math.isclose(value, want, rel_tol=1e-4, abs_tol=5e-5):  # 4 decimals are enough
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
            "assign the computed number itself, or round it to at least 4 decimals.",
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
    with np.errstate(all="ignore"):  # absurd rates overflow; the check reports, never warns
        history = Perceptron(n_inputs=3, seed=SEED).train(
            X, y, iterations=iterations, learning_rate=learning_rate
        )
    return float(history.losses[-1])


def learning_rate_for_100_iterations(answer, name="answer_3"):
    """Exercise 3: a learning rate of at most RATE_MAX with which 100 iterations end below
    RATE_TARGET_LOSS."""
    if answer is None:
        return unanswered(name)
    learning_rate = as_number(answer)
    if learning_rate is None:
        return not_yet(
            f"{name} should be one number (a learning rate), but it is {describe(answer)}.",
            f"assign a number such as {name} = 0.5 (no quotes).",
        )
    if not math.isfinite(learning_rate) or learning_rate <= 0:
        return not_yet(
            f"The learning rate {learning_rate:g} cannot work: it must be a positive number.",
            "a learning rate is the length of each step downhill, so it is greater than 0.",
        )
    target = f"{RATE_TARGET_LOSS:g}"
    if learning_rate > RATE_MAX:
        return not_yet(
            f"{learning_rate:g} is above {RATE_MAX:g}, the largest rate this exercise allows.",
            f"above {RATE_MAX:g} the first step is so long that every output lands on a flat "
            "end of the sigmoid (the loss jumps to almost 0.5, as with 1000 in section 8); "
            "whether 100 iterations then find the way back is luck (300 does, 400 does not). "
            f"Try a rate of at most {RATE_MAX:g}.",
        )
    loss = loss_after(learning_rate)
    if loss < RATE_TARGET_LOSS:
        return correct(
            f"With learning rate {learning_rate:g}, 100 iterations end at loss {loss:.3g} "
            f"(below {target})."
        )
    # From seed 1 the loss after 100 iterations falls steadily as the rate grows up to RATE_MAX,
    # so every failing rate in range is too small.
    return not_yet(
        f"With learning rate {learning_rate:g} the loss is still {loss:.3g} after 100 "
        f"iterations (target: below {target}): too small.",
        "the loss is still falling; the steps are too short. Try a larger rate "
        "(the live view above lets you explore).",
    )


# --- Exercise 4 -------------------------------------------------------------------------------


def separating_weights(table, y):
    """Weights w with sigmoid(table @ w) on the right side of 0.5 in every row, or None.

    table : (4, n_columns), the XOR rows; y : (4, 1). With four rows and four columns that are
    not weighted sums of each other (rank 4), the equations table @ w = z can be solved for ANY
    four values z; here z = +CERTIFICATE_Z on the 1-rows and -CERTIFICATE_Z on the 0-rows.
    With rank 3 or less every column is a weighted sum of x1, x2 and x3, the neuron still draws
    one straight line, and no weights exist (notebook 02, section 9).
    """
    if np.linalg.matrix_rank(table) < len(table):
        return None
    z = CERTIFICATE_Z * (2 * y[:, 0] - 1)  # +5 where y = 1, -5 where y = 0
    return np.linalg.lstsq(table, z, rcond=None)[0]


def _column_alone_answers(column, y):
    """True if the column's values alone split the rows: every 1-row above every 0-row, or
    every 1-row below every 0-row."""
    ones, zeros = column[y[:, 0] == 1], column[y[:, 0] == 0]
    return bool(ones.min() > zeros.max() or ones.max() < zeros.min())


def xor_features(answer, name="answer_4"):
    """Exercise 4: the XOR inputs plus extra column(s) with which one neuron can get all four
    rows right, judged by whether such weights exist (not by one training run, which can stall
    although they do)."""
    if answer is None:
        return unanswered(name)
    got, problem = as_numbers(answer, name)
    if problem:
        return problem
    X, y = data.xor()
    if got.ndim != 2 or got.shape[0] != len(X):
        return not_yet(
            f"{name} has shape {got.shape}; it should be a table with one row per XOR "
            f"example: ({len(X)}, n_columns).",
            "stack columns side by side with np.column_stack([X_xor, new_column]).",
        )
    missing = [
        label
        for label, column in zip(("x1", "x2", "x3"), X.T, strict=True)
        if not any(np.array_equal(column, mine) for mine in got.T)
    ]
    if missing:
        return not_yet(
            f"{name} does not contain the XOR input column(s) {', '.join(missing)}"
            + (" (x3, always 1, is the neuron's bias)." if "x3" in missing else "."),
            "keep the three XOR inputs and add your column: np.column_stack([X_xor, new_column]).",
        )
    extra = [column for column in got.T if not any(np.array_equal(column, x) for x in X.T)]
    if not extra and got.shape[1] > X.shape[1]:
        return not_yet(
            "Your new column is a copy of x1, x2 or x3 on these four rows (for inputs 0 and 1, "
            "x1 ** 2 and x1 * x1 equal x1), so it adds nothing: the neuron still draws one "
            "straight line.",
            "the column must treat the rows differently than any sum of x1 and x2 does, "
            "e.g. by multiplying or squaring something.",
        )
    if not extra:
        return not_yet(
            f"{name} has only the columns x1, x2, x3: no new column was added.",
            "add a column computed from x1 and x2 with np.column_stack([X_xor, new_column]).",
        )
    for column in extra:
        if _column_alone_answers(column, y):
            return not_yet(
                f"Your column {np.round(column, 4).tolist()} already answers XOR by itself: its "
                "value alone puts the rows (0, 1) and (1, 0) on one side and (0, 0) and (1, 1) "
                "on the other, so the neuron would only copy it.",
                "the exercise asks for a helper that is not the answer in disguise: a column "
                "that does not sort the rows by itself, but with which x1 and x2 can.",
            )
    table = np.column_stack([X, *extra])  # the XOR inputs first, then the new columns
    weights = separating_weights(table, y)
    if weights is None:
        return not_yet(
            "On these four rows your new column is a weighted sum of x1, x2 and x3 (for "
            "inputs 0 and 1, even x1 ** 2 equals x1), so it adds nothing a weight could not "
            "already do: the neuron still draws one straight line.",
            "the column must treat the rows differently than any sum of x1 and x2 does, "
            "e.g. by multiplying or squaring something.",
        )
    outputs = sigmoid(table @ weights)
    shown = [float(f"{weight:.4g}") + 0.0 for weight in weights]  # + 0.0: no -0.0
    if not np.array_equal(table @ np.array(shown) > 0, y[:, 0] == 1):
        shown = weights.tolist()  # rounding would lose a tiny weight; show it in full
    message = (
        f"One neuron can now get XOR right: with the weights {shown} (one per "
        f"column: x1, x2, x3, then yours) it outputs {np.round(outputs, 3).tolist()} for the "
        f"targets {y.ravel().astype(int).tolist()}."
    )
    perceptron = Perceptron(n_inputs=table.shape[1], seed=SEED)
    with np.errstate(all="ignore"):
        loss = float(perceptron.train(table, y, iterations=TRAIN_ITERATIONS).losses[-1])
    if loss < XOR_TARGET_LOSS:
        message += (
            f" Training finds such weights too (10,000 iterations from seed 1: loss {loss:.2g})."
            " A hidden layer (notebook 03) learns helper columns like yours by itself."
        )
    else:
        message += (
            f" Note: training the notebook's way (10,000 iterations from seed 1, learning rate "
            f"1) ends at loss {loss:.2g} with your table. Good weights exist, but gradient "
            "descent does not always find them, for example when a column's values are large "
            "(steps get too long) or it stalls where the loss is flat. A hidden layer "
            "(notebook 03) learns helper columns like yours by itself."
        )
    return correct(message)


__all__ = [
    "learning_rate_for_100_iterations",
    "predict_new_input",
    "update_step",
    "xor_features",
]
