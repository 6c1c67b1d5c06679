"""Self-checks for the exercises of notebook 04 (training curves)."""


import numpy as np

from nnlib import data
from nnlib.course.feedback import as_number, correct, describe, not_yet, unanswered
from nnlib.network import Network

XOR_ITERATIONS = 200
XOR_TARGET_LOSS = 0.005


def best_validation_iteration(answer, history):
    """Exercise 1: the iteration (counting from 1) with the lowest validation loss."""
    if answer is None:
        return unanswered("answer")
    validation = history.validation_losses
    expected = int(np.argmin(validation)) + 1
    value = as_number(answer)
    if value is None:
        return not_yet(
            f"The answer should be one whole number (an iteration), got {describe(answer)}.",
            "np.argmin(...) gives the position of the smallest value as one number.",
        )
    if not value.is_integer():
        if np.isclose(value, validation.min()):
            problem = (
                f"{value:.4f} is the lowest validation loss itself; the exercise asks WHEN it "
                "happens (the iteration)."
            )
        else:
            problem = f"An iteration is a whole number, got {value:g}."
        return not_yet(
            problem, "np.argmin gives the position of the smallest value, not the value."
        )
    iteration = int(value)
    if iteration == expected:
        return correct(
            f"iteration {expected}: validation loss {validation[expected - 1]:.4f}, the lowest of "
            f"all {len(history)} iterations."
        )
    training_best = int(np.argmin(history.losses)) + 1
    if iteration in (training_best, training_best - 1):
        return not_yet(
            f"{iteration} is where the TRAINING loss is lowest (it keeps falling to the end); the "
            "validation loss was lower earlier.",
            "take the argmin of history.validation_losses, not of history.losses.",
        )
    if iteration == expected - 1:
        return not_yet(
            f"{iteration} is the position numpy gives (np.argmin counts from 0), but the plots and "
            "this exercise count iterations from 1.",
            "add 1 to the index.",
        )
    if not 1 <= iteration <= len(history):
        return not_yet(
            f"The history has iterations 1 to {len(history)}, got {iteration}.",
            "np.argmin(history.validation_losses) gives a position inside that range (plus 1).",
        )
    return not_yet(
        f"The validation loss at iteration {iteration} is {validation[iteration - 1]:.4f}, but "
        "another iteration has a lower one.",
        "np.argmin(history.validation_losses) is the position of the lowest value; add 1.",
    )


def xor_learning_rate(answer):
    """Exercise 2: a learning rate with which the 3-4-1 net reaches a low loss on XOR quickly."""
    if answer is None:
        return unanswered("answer")
    learning_rate = as_number(answer)
    if learning_rate is None:
        return not_yet(
            f"A learning rate is one number, got {describe(answer)}.",
            "write e.g. answer = 1.0",
        )
    if not np.isfinite(learning_rate) or learning_rate <= 0:
        return not_yet(
            f"A learning rate must be a positive number, got {learning_rate:g}.",
            "gradient descent steps DOWNHILL by learning_rate * gradient; try a number "
            "between 0.1 and 100.",
        )
    X, y = data.xor()
    network = Network([3, 4, 1], seed=0)
    with np.errstate(all="ignore"):  # absurd rates overflow; the check reports, never warns
        losses = network.train(X, y, XOR_ITERATIONS, learning_rate=learning_rate).losses
        final = network.loss(X, y)
    rises = int(np.sum(np.diff(losses) > 0))
    seen = (
        f"With learning rate {learning_rate:g} the loss goes from {losses[0]:.4f} to "
        f"{final:.4f} in {XOR_ITERATIONS} iterations"
    )
    if np.isfinite(final) and final < XOR_TARGET_LOSS:
        note = ""
        if rises:
            note = (
                f" (it went up on {rises} iterations along the way: close to too large, but it "
                "got there)"
            )
        return correct(seen + note + ".")
    if rises == 0 and np.isfinite(final):
        return not_yet(
            seen + f", always downhill but not below {XOR_TARGET_LOSS}: the steps are too small.",
            "the loss went down steadily, so the network can take bigger steps: try a larger "
            "learning rate.",
        )
    return not_yet(
        seen + f"; it went UP on {rises} of {XOR_ITERATIONS - 1} iterations (as high as "
        f"{np.nanmax(losses):.4f}): the steps overshoot.",
        "try a smaller learning rate (section 3: 'too large' looks like this).",
    )


def sum_to_mean(answer, sse_value, y):
    """Exercise 3: the mean squared error from a sum of squared errors over targets y."""
    if answer is None:
        return unanswered("answer")
    value = as_number(answer)
    if value is None:
        return not_yet(
            f"The mean squared error is one number, got {describe(answer)}.",
            "divide sse_value (a float) by a count.",
        )
    n_samples, n_outputs = np.shape(y)
    expected = sse_value / (n_samples * n_outputs)
    if np.isclose(value, expected, rtol=1e-9, atol=0):
        return correct(
            f"{value:.4f} = {sse_value:.4f} / ({n_samples} × {n_outputs}): the mean over all "
            f"{n_samples * n_outputs} squared errors."
        )
    if np.isclose(value, sse_value, rtol=1e-9, atol=0):
        return not_yet(
            f"{value:.4f} is still the sum.",
            "the mean is the sum divided by how many squared errors were added up.",
        )
    if np.isclose(value, sse_value / n_samples, rtol=1e-9, atol=0):
        return not_yet(
            f"{value:.4f} is the sum divided by the {n_samples} penguins only, but every penguin "
            f"has {n_outputs} outputs, so {n_samples * n_outputs} squared errors were added up.",
            "divide by y_train.size (= rows × outputs).",
        )
    if np.isclose(value, sse_value / n_outputs, rtol=1e-9, atol=0):
        return not_yet(
            f"{value:.4f} is the sum divided by the {n_outputs} outputs only; it still grows with "
            "the number of penguins.",
            "divide by rows × outputs, e.g. y_train.size.",
        )
    return not_yet(
        f"Expected a number near {sse_value:.4f} divided by a count, got {value:.4g}.",
        "the mean divides the sum by how many squared errors it added up: one per penguin "
        "AND output.",
    )
