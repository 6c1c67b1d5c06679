"""Self-checks for the exercises of notebook 04 (training curves)."""


import numpy as np

from nnlib import data
from nnlib.course.feedback import as_number, correct, describe, not_yet, unanswered
from nnlib.network import Network

# Exercise 2: a learning rate with which Network(XOR_LAYERS, seed=XOR_SEED) on the XOR table
# gets below XOR_TARGET_LOSS within XOR_ITERATIONS iterations while its loss never goes up.
# From seed 0 the loss never rises for any rate up to about 5.31 and rises for every larger
# one (checked from 0.05 to 1e300); below 5.31 the loss after 200 iterations falls steadily as
# the rate grows, and reaches the target from about 4.8. Zigzagging runs (above 5.31) end low or
# high by luck (10: 0.0022, 15: 0.0057, 20: 0.0029), so they do not count.
XOR_LAYERS = (3, 4, 1)
XOR_SEED = 0
XOR_ITERATIONS = 200
XOR_TARGET_LOSS = 0.006
# Exercise 3: the notebook prints sse_value to 4 decimals; a mean computed from the printed
# number, or typed in rounded to 4 decimals, is right too. The wrong divisions are far away.
SUM_TOLERANCE = 1e-4


def best_validation_iteration(answer, history, name="answer_1"):
    """Exercise 1: the iteration (counting from 1) with the lowest validation loss."""
    if answer is None:
        return unanswered(name)
    validation = history.validation_losses
    expected = int(np.argmin(validation)) + 1
    value = as_number(answer)
    if value is None:
        return not_yet(
            f"{name} should be one whole number (an iteration), got {describe(answer)}.",
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


def xor_losses(learning_rate, iterations=XOR_ITERATIONS):
    """The recorded losses of Network(XOR_LAYERS, seed=XOR_SEED) trained on the XOR table."""
    X, y = data.xor()
    network = Network(list(XOR_LAYERS), seed=XOR_SEED)
    with np.errstate(all="ignore"):  # absurd rates overflow; the check reports, never warns
        return network.train(X, y, iterations, learning_rate=learning_rate).losses


def xor_learning_rate(answer, name="answer_2"):
    """Exercise 2: a learning rate with which the 3-4-1 net on XOR gets below XOR_TARGET_LOSS
    within XOR_ITERATIONS iterations while its loss never goes up."""
    if answer is None:
        return unanswered(name)
    learning_rate = as_number(answer)
    if learning_rate is None:
        return not_yet(
            f"{name} should be one number (a learning rate), got {describe(answer)}.",
            f"write e.g. {name} = 1.0",
        )
    if not np.isfinite(learning_rate) or learning_rate <= 0:
        return not_yet(
            f"A learning rate must be a positive number, got {learning_rate:g}.",
            "gradient descent steps DOWNHILL by learning_rate * gradient; try a number "
            "between 4 and 50 (section 3).",
        )
    losses = xor_losses(learning_rate)
    final = float(losses[-1])
    went_up = np.flatnonzero(np.diff(losses) > 0) + 2  # iterations whose loss is above the last
    seen = (
        f"With learning rate {learning_rate:g} the loss goes from {losses[0]:.4f} to "
        f"{final:.4f} in {XOR_ITERATIONS} iterations"
    )
    if went_up.size:
        ending = f"{final:.4f}" if np.isfinite(final) else "infinity"
        luck = (
            f" It still ends at {ending}, below {XOR_TARGET_LOSS}, but that is luck: a run whose "
            "loss goes up and down can end low or high (15 ends higher than 10 and 20)."
            if final < XOR_TARGET_LOSS
            else ""
        )
        return not_yet(
            f"With learning rate {learning_rate:g} the loss went UP on {went_up.size} of the "
            f"{XOR_ITERATIONS - 1} steps (first at iteration {went_up[0]}): the steps overshoot, "
            f"like 'too large' in section 3.{luck}",
            "the exercise asks for a curve that never goes up: try a smaller learning rate.",
        )
    if final >= XOR_TARGET_LOSS:
        return not_yet(
            seen + f", always downhill but not below {XOR_TARGET_LOSS}: the steps are too small.",
            "the loss went down steadily, so the network can take bigger steps: try a larger "
            "learning rate.",
        )
    return correct(
        seen + ", downhill on every step. That is about as fast as a steady curve gets here: "
        "a little above 5.3 the loss starts to go up now and then."
    )


def sum_to_mean(answer, sse_value, y, name="answer_3"):
    """Exercise 3: the mean squared error from a sum of squared errors over targets y."""
    if answer is None:
        return unanswered(name)
    value = as_number(answer)
    if value is None:
        return not_yet(
            f"{name} should be one number (the mean squared error), got {describe(answer)}.",
            "divide sse_value (a float) by a count.",
        )
    n_samples, n_outputs = np.shape(y)
    expected = sse_value / (n_samples * n_outputs)
    if np.isclose(value, expected, rtol=SUM_TOLERANCE, atol=5e-5):
        return correct(
            f"{value:.4f} = {sse_value:.4f} / ({n_samples} × {n_outputs}): the mean over all "
            f"{n_samples * n_outputs} squared errors."
        )
    if np.isclose(value, sse_value, rtol=SUM_TOLERANCE, atol=5e-5):
        return not_yet(
            f"{value:.4f} is still the sum.",
            "the mean is the sum divided by how many squared errors were added up.",
        )
    if np.isclose(value, sse_value / n_samples, rtol=SUM_TOLERANCE, atol=5e-5):
        return not_yet(
            f"{value:.4f} is the sum divided by the {n_samples} penguins only, but every penguin "
            f"has {n_outputs} outputs, so {n_samples * n_outputs} squared errors were added up.",
            "divide by y_train.size (= rows × outputs).",
        )
    if np.isclose(value, sse_value / n_outputs, rtol=SUM_TOLERANCE, atol=5e-5):
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
