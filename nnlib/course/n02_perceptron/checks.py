"""Exercises of notebook 02 (the perceptron), as data for `nnlib.course.feedback.grade`.

Each check recomputes the right answer independently (with the formula or by training). The
givens of each exercise are the module constants below; the notebook shows the same numbers.
"""

import math
from functools import cache

import numpy as np

from nnlib import data
from nnlib.activations import sigmoid
from nnlib.course.feedback import Exercise, Mistake, close, read_number, read_numbers, use_yours
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
# Exercise 5 (code): the learner's step, on the truth table and on these seeded random tables
STEP_SEED, STEP_RANDOM_CASES = 5, 3

TOLERANCE = 1e-6  # relative; the learner's numbers come from the same float arithmetic


def _delta(X, y, weights):
    y_hat = sigmoid(X @ weights)  # (n_samples, 1)
    return (y - y_hat) * y_hat * (1 - y_hat)


def update_step_answer(X, y, weights, learning_rate):
    """The right answer of exercise 1: the weights after one gradient-descent update."""
    return weights + learning_rate * X.T @ _delta(X, y, weights)


def _slope_of_output(X, y, weights, learning_rate):
    y_hat = sigmoid(X @ weights)  # sigma'(y_hat), not sigma'(z)
    return weights + learning_rate * X.T @ ((y - y_hat) * sigmoid(y_hat) * (1 - sigmoid(y_hat)))


# The typical wrong updates, each as code that makes it: (key, wrong update, problem, hint).
STEP_MISTAKES = (
    ("sign", lambda X, y, w, rate: w - rate * X.T @ _delta(X, y, w),
     "the weights moved the wrong way (a sign is flipped).",
     "the error is y - y_hat (target minus output), and the update ADDS learning_rate * X.T @ "
     "(...); with y_hat - y you would subtract instead."),
    ("no_slope", lambda X, y, w, rate: w + rate * X.T @ (y - sigmoid(X @ w)),
     "the sigmoid's slope is missing: you used the error alone.",
     "multiply the error by y_hat * (1 - y_hat) before X.T @ (...)."),
    ("slope_of_output", _slope_of_output,
     "the slope factor is sigmoid'(y_hat): the derivative was taken at the OUTPUT as if it were z.",
     "from the output the slope is simply y_hat * (1 - y_hat) (nnlib.sigmoid_derivative_from_"
     "output(y_hat)); nnlib.sigmoid_derivative wants z."),
    ("no_learning_rate", lambda X, y, w, rate: w + X.T @ _delta(X, y, w),
     "the learning rate is missing, so the step has the wrong length.",
     "multiply X.T @ (...) by learning_rate{rate}."),
    ("mean_loss", lambda X, y, w, rate: w + rate * (2 / len(X)) * X.T @ _delta(X, y, w),
     "the step is scaled by 2 / n_samples, the factor of the MEAN squared error.",
     "this exercise descends L = ½ Σ (y - y_hat)², whose gradient has no 2 / n factor."),
    ("change_only", lambda X, y, w, rate: rate * X.T @ _delta(X, y, w),
     "that is the change of the weights, not the new weights.",
     "add the change to the current weights: weights + learning_rate * X.T @ (...)."),
    ("unchanged", lambda X, y, w, rate: w.copy(), "these are the starting weights: nothing was "
     "updated.", "compute y_hat, then the update, and add it to the weights."),
)


def _shape_mistakes(got, want):
    """Mistakes of shape, read from the shapes of the answer and of the right weights."""
    n = want.shape[0]
    return (
        Mistake("flat", f"The numbers are right, but the shape is ({n},), not ({n}, 1).",
                "keep the weights a column, as X.T @ delta gives it: .reshape(-1, 1), or start "
                "from the (n_inputs, 1) weights and do not flatten.",
                when=lambda f: got(f).shape == (n,) and np.allclose(got(f), want.ravel(),
                                                                     rtol=TOLERANCE)),
        Mistake("row", f"The shape is (1, {n}): a row, but the weights are a column ({n}, 1).",
                "X.T @ delta gives (n_inputs, n_samples) @ (n_samples, 1) = (n_inputs, 1); a "
                "row comes from delta.T @ X.", when=lambda f: got(f).shape == (1, n)),
        Mistake("broadcast", lambda f: f"The shape is {got(f).shape}: a (n_samples, 1) and a "
                "(n_samples,) array were probably broadcast against each other, or a transpose "
                "is missing.", "keep y, y_hat and delta all (n_samples, 1), and multiply with "
                "X.T @ delta: (n_inputs, n_samples) @ (n_samples, 1) = (n_inputs, 1).",
                when=lambda f: got(f).ndim == 2 and got(f).shape[0] != got(f).shape[1]
                and n in got(f).shape and got(f).shape != want.shape and 1 not in got(f).shape),
        Mistake("shape", lambda f: f"The shape is {got(f).shape}; the new weights have shape "
                f"({n}, 1), one per input.", "X.T @ delta gives (n_inputs, n_samples) @ "
                "(n_samples, 1) = (n_inputs, 1); add it to the (n_inputs, 1) weights.",
                when=lambda f: got(f).shape != want.shape),
    )


X_TABLE, Y_TABLE = data.truth_table()
GIVENS = (X_TABLE, Y_TABLE, STEP_WEIGHTS, STEP_LEARNING_RATE)
update_step = Exercise(
    name="answer_1",
    reference=lambda f: update_step_answer(*GIVENS),
    facts=lambda f: dict(shown=np.round(f.got.ravel(), 4).tolist(), rate=" = 0.5"),
    same=close(TOLERANCE),
    correct=lambda f: f"New weights {np.round(f.expected.ravel(), 4).tolist()}. That is one "
    "iteration; training repeats it thousands of times.",
    mistakes=(
        *_shape_mistakes(lambda f: f.got, update_step_answer(*GIVENS)),
        *(Mistake(key, "You got {shown}: " + problem, hint, wrong=lambda f, step=step: step(
            *GIVENS)) for key, step, problem, hint in STEP_MISTAKES),
    ),
    fallback=Mistake("fallback", "You got {shown}, which is not the updated weights.",
                     "go step by step: y_hat = nnlib.sigmoid(X @ weights) has shape (4, 1); "
                     "delta = (y - y_hat) * y_hat * (1 - y_hat) has shape (4, 1); then weights + "
                     "learning_rate * X.T @ delta.",
                     when=lambda f: not close(TOLERANCE)(f.got, f.expected)),
)


def _step_cases():
    """The truth table with exercise 1's givens, then seeded random tables of other sizes."""
    rng = np.random.default_rng(STEP_SEED)
    cases = [GIVENS]
    for n_samples, n_inputs in [(5, 2), (3, 4), (6, 3)][:STEP_RANDOM_CASES]:
        X = rng.normal(size=(n_samples, n_inputs))
        y = rng.integers(0, 2, size=(n_samples, 1)).astype(float)
        cases.append((X, y, rng.uniform(-1, 1, (n_inputs, 1)), float(rng.uniform(0.1, 2))))
    return cases


perceptron_step = Exercise(
    name="perceptron_step",
    reference=update_step_answer,
    cases=_step_cases,
    read=read_numbers(),
    returns="the new weights",
    correct="your step gives nnlib's new weights on the truth table and on "
    f"{STEP_RANDOM_CASES} random tables of other sizes. Training is this step, repeated.",
    mistakes=(
        *(Mistake(key, "Your step gives other weights than nnlib's: " + problem, hint,
                  wrong=step) for key, step, problem, hint in STEP_MISTAKES),
        *_shape_mistakes(lambda f: f.runs[0].got, update_step_answer(*GIVENS)),
    ),
    facts=lambda f: dict(rate=""),
    fallback=Mistake("fallback", lambda f: "On the truth table with exercise 1's weights your "
                     f"step returns {np.round(f.runs[0].got, 4).tolist()}, but the new weights "
                     f"are {np.round(f.runs[0].want, 4).tolist()}.", "compute y_hat = sigmoid(X "
                     "@ weights), delta = (y - y_hat) * y_hat * (1 - y_hat), and return weights + "
                     "learning_rate * X.T @ delta; print each piece's shape.",
                     when=lambda f: any(not close()(r.got, r.want) for r in f.runs)),
)


@cache  # read only: the check trains it once
def _trained_perceptron():
    perceptron = Perceptron(n_inputs=3, seed=SEED)
    perceptron.train(X_TABLE, Y_TABLE, iterations=TRAIN_ITERATIONS)
    return perceptron


def _new_input_facts(f):
    perceptron = _trained_perceptron()
    value = float(f.got.ravel()[0]) if f.got.size == 1 else math.nan
    return dict(perceptron=perceptron, value=value, z=float(NEW_INPUT @ perceptron.weights[:, 0]),
                untrained=float(Perceptron(n_inputs=3, seed=SEED).predict(NEW_INPUT)[0]))


predict_new_input = Exercise(
    name="answer_2",
    reference=lambda f: float(_trained_perceptron().predict(NEW_INPUT)[0]),
    read=read_numbers(),
    facts=_new_input_facts,
    accept=lambda f: f.got.size == 1 and math.isclose(float(f.got.ravel()[0]), f.expected,
                                                      rel_tol=1e-4, abs_tol=5e-5),
    correct=lambda f: f"{f.expected:.4f}: the perceptron is unsure, although the rule y = x1 says "
    f"0. With x3 = 0 the bias weight ({f.perceptron.weights[2, 0]:.2f}) that pushes every output "
    "down is switched off, and the training rows never showed it an input like that.",
    mistakes=(
        Mistake("size", lambda f: f"{f.name} has {f.got.size} numbers (shape {f.got.shape}); one "
                "output is expected.", "predict for the single input [0, 1, 0] and take the "
                "number out, e.g. float(perceptron.predict(np.array([0, 1, 0]))[0]).",
                when=lambda f: f.got.size != 1),
        Mistake("z", "You got {value:.4f}: that is z = x · weights, before the activation.",
                "pass it through nnlib.sigmoid, or use perceptron.predict, which does both.",
                when=lambda f: math.isclose(f.value, f.z, rel_tol=1e-4)),
        Mistake("untrained", "You got {value:.4f}: that is the output of the UNTRAINED "
                "perceptron.", "use the perceptron after perceptron.train(X, y, iterations="
                "10_000).", when=lambda f: math.isclose(f.value, f.untrained, rel_tol=1e-4)),
        Mistake("rule", "You got {value:g}: that is what a rule would answer, not the "
                "perceptron's output.", "ask the trained perceptron: perceptron.predict("
                "np.array([0, 1, 0])).", when=lambda f: min(abs(f.value), abs(f.value - 1)) < 1e-3),
        Mistake("rounded", "You got {value:g}: close, but rounded.", "assign the computed "
                "number itself, or round it to at least 4 decimals.",
                when=lambda f: any(round(f.expected, d) == f.value for d in (1, 2, 3))),
    ),
    fallback=Mistake("fallback", "You got {value:.4f}, not the trained perceptron's output for "
                     "[0, 1, 0].", "check the input order (x1, x2, x3) = (0, 1, 0) and use the "
                     "perceptron trained for 10,000 iterations from seed 1.",
                     when=lambda f: not math.isclose(f.value, f.expected, rel_tol=1e-4,
                                                     abs_tol=5e-5)),
)


def loss_after(learning_rate, iterations=RATE_ITERATIONS):
    """MSE before the last of `iterations` updates on the truth table, from seed 1."""
    with np.errstate(all="ignore"):  # absurd rates overflow; the check reports, never warns
        history = Perceptron(n_inputs=3, seed=SEED).train(
            X_TABLE, Y_TABLE, iterations=iterations, learning_rate=learning_rate)
    return float(history.losses[-1])


learning_rate_for_100_iterations = Exercise(
    name="answer_3",
    reference=lambda f: None,
    read=read_number("{name} should be one number (a learning rate), but it is {described}.",
                     "assign a number such as {name} = 0.5 (no quotes)."),
    facts=lambda f: dict(loss=loss_after(f.got) if 0 < f.got <= RATE_MAX else math.nan),
    accept=lambda f: f.loss < RATE_TARGET_LOSS,
    correct=f"With learning rate {{got:g}}, 100 iterations end at loss {{loss:.3g}} (below "
    f"{RATE_TARGET_LOSS:g}).",
    mistakes=(
        Mistake("not_positive", "The learning rate {got:g} cannot work: it must be a positive "
                "number.", "a learning rate is the length of each step downhill, so it is "
                "greater than 0.", when=lambda f: not (math.isfinite(f.got) and f.got > 0)),
        Mistake("too_large", f"{{got:g}} is above {RATE_MAX:g}, the largest rate this exercise "
                "allows.", f"above {RATE_MAX:g} the first step is so long that every output "
                "lands on a flat end of the sigmoid (the loss jumps to almost 0.5, as with 1000 "
                "in section 8); whether 100 iterations then find the way back is luck (300 does, "
                f"400 does not). Try a rate of at most {RATE_MAX:g}.",
                when=lambda f: f.got > RATE_MAX),
    ),
    # From seed 1 the loss after 100 iterations falls steadily as the rate grows up to
    # RATE_MAX, so every failing rate in range is too small (tested over the whole range).
    fallback=Mistake("too_small", f"With learning rate {{got:g}} the loss is still {{loss:.3g}} "
                     f"after 100 iterations (target: below {RATE_TARGET_LOSS:g}): too small.",
                     "the loss is still falling; the steps are too short. Try a larger rate "
                     "(the live view above lets you explore).",
                     when=lambda f: 0 < f.got <= RATE_MAX and f.loss >= RATE_TARGET_LOSS),
)


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


def _answers_alone(column, y):
    """True if the column's values alone split the rows: every 1-row above every 0-row, or
    every 1-row below every 0-row."""
    ones, zeros = column[y[:, 0] == 1], column[y[:, 0] == 0]
    return bool(ones.min() > zeros.max() or ones.max() < zeros.min())


X_XOR, Y_XOR = data.xor()


def _xor_facts(f):
    table = f.got
    if table.ndim != 2 or table.shape[0] != len(X_XOR):
        return {}
    missing = [label for label, column in zip(("x1", "x2", "x3"), X_XOR.T, strict=True)
               if not any(np.array_equal(column, mine) for mine in table.T)]
    extra = [c for c in table.T if not any(np.array_equal(c, x) for x in X_XOR.T)]
    alone = [c for c in extra if _answers_alone(c, Y_XOR)]
    full = np.column_stack([X_XOR, *extra])  # the XOR inputs first, then the new columns
    weights = None if missing or not extra or alone else separating_weights(full, Y_XOR)
    return dict(missing=missing, extra=extra, alone=alone, table=full, weights=weights)


def _xor_success(f):
    weights, table = f.weights, f.table
    outputs = sigmoid(table @ weights)
    shown = [float(f"{weight:.4g}") + 0.0 for weight in weights]  # + 0.0: no -0.0
    if not np.array_equal(table @ np.array(shown) > 0, Y_XOR[:, 0] == 1):
        shown = weights.tolist()  # rounding would lose a tiny weight; show it in full
    message = (f"One neuron can now get XOR right: with the weights {shown} (one per column: "
               f"x1, x2, x3, then yours) it outputs {np.round(outputs, 3).tolist()} for the "
               f"targets {Y_XOR.ravel().astype(int).tolist()}.")
    perceptron = Perceptron(n_inputs=table.shape[1], seed=SEED)
    with np.errstate(all="ignore"):
        loss = float(perceptron.train(table, Y_XOR, iterations=TRAIN_ITERATIONS).losses[-1])
    hidden = " A hidden layer (notebook 03) learns helper columns like yours by itself."
    if loss < XOR_TARGET_LOSS:
        return message + (f" Training finds such weights too (10,000 iterations from seed 1: "
                          f"loss {loss:.2g}).{hidden}")
    return message + (f" Note: training the notebook's way (10,000 iterations from seed 1, "
                      f"learning rate 1) ends at loss {loss:.2g} with your table. Good weights "
                      "exist, but gradient descent does not always find them, for example when "
                      "a column's values are large (steps get too long) or it stalls where the "
                      f"loss is flat.{hidden}")


LINEAR = ("the column must treat the rows differently than any sum of x1 and x2 does, e.g. by "
          "multiplying or squaring something.")
xor_features = Exercise(
    name="answer_4",
    reference=lambda f: None,
    facts=_xor_facts,
    accept=lambda f: f.get("weights") is not None,
    correct=_xor_success,
    mistakes=(
        Mistake("shape", lambda f: f"{f.name} has shape {f.got.shape}; it should be a table with "
                f"one row per XOR example: ({len(X_XOR)}, n_columns).", "stack columns side by "
                "side with np.column_stack([X_xor, new_column]).", when=lambda f: "table" not in f),
        Mistake("inputs_missing", lambda f: f"{f.name} does not contain the XOR input column(s) "
                + ", ".join(f.missing) + (" (x3, always 1, is the neuron's bias)." if "x3" in
                                          f.missing else "."), "keep the three XOR inputs and "
                "add your column: np.column_stack([X_xor, new_column]).",
                when=lambda f: bool(f.missing)),
        Mistake("copy", "Your new column is a copy of x1, x2 or x3 on these four rows (for inputs "
                "0 and 1, x1 ** 2 and x1 * x1 equal x1), so it adds nothing: the neuron still "
                "draws one straight line.", LINEAR,
                when=lambda f: not f.extra and f.got.shape[1] > 3),
        Mistake("no_column", "{name} has only the columns x1, x2, x3: no new column was added.",
                "add a column computed from x1 and x2 with np.column_stack([X_xor, new_column]).",
                when=lambda f: not f.extra),
        Mistake("answers_alone", lambda f: f"Your column {np.round(f.alone[0], 4).tolist()} "
                "already answers XOR by itself: its value alone puts the rows (0, 1) and (1, 0) "
                "on one side and (0, 0) and (1, 1) on the other, so the neuron would only copy "
                "it.", "the exercise asks for a helper that is not the answer in disguise: a "
                "column that does not sort the rows by itself, but with which x1 and x2 can.",
                when=lambda f: bool(f.alone)),
    ),
    fallback=Mistake("linear", "On these four rows your new column is a weighted sum of x1, x2 "
                     "and x3 (for inputs 0 and 1, even x1 ** 2 equals x1), so it adds nothing a "
                     "weight could not already do: the neuron still draws one straight line.",
                     LINEAR, when=lambda f: np.linalg.matrix_rank(f.table) < len(X_XOR)),
)


def step_to_use(function):
    """The learner's perceptron_step once it passes its check, else nnlib's; says which."""
    return use_yours(perceptron_step, function, update_step_answer, "perceptron_step")
