"""Self-checks for the exercises of notebook 10 (when training fails).

Each exercise is data: its givens, the reference (what a right answer computes), a table of
recognised mistakes (each with a function that MAKES the mistake, what is wrong, and a hint;
tests/test_n10_when_training_fails_checks.py feeds every one of them to its check), and a
fallback that is true of any other answer. A few small graders below run the tables; the
course's grading engine is to take them over unchanged.
"""

import inspect
import math
import re
import traceback
from typing import NamedTuple

import numpy as np

from nnlib import diagnostics
from nnlib.course.feedback import as_number, as_numbers, correct, describe, not_yet, unanswered
from nnlib.course.n10_when_training_fails import checklist, runs
from nnlib.gradcheck import numerical_gradient
from nnlib.metrics import one_hot


class Mistake(NamedTuple):
    """A recognised wrong answer: `makes` computes it from the exercise's givens (the tests
    make the mistake with it), `problem` says what is wrong, `hint` what to do about it."""

    makes: object
    problem: str
    hint: str


# --- Exercise 1: the loss before training, for START_CLASSES classes --------------------------

START_CLASSES = 26  # the letters of the alphabet
START_TOLERANCE = 0.005  # 3.258 and 3.26 typed in are right too; every slip is further away

START_MISTAKES = (
    Mistake(lambda k: math.log10(k), "{value:.4f} is log10({k}), the logarithm to base 10.",
            "the cross-entropy uses the natural logarithm: np.log or math.log."),
    Mistake(lambda k: math.log2(k), "{value:.4f} is log2({k}), the logarithm to base 2.",
            "the cross-entropy uses the natural logarithm: np.log or math.log."),
    Mistake(lambda k: -math.log(k), "{value:.4f} is log(1/{k}): a loss is -log of a "
            "probability, so it is positive.", "flip the sign: -log(1/{k}) = log({k})."),
    Mistake(lambda k: 1 / k, "{value:.4f} is 1/{k}, the probability of each class, not the loss.",
            "the loss of one image is -log(probability of its right class)."),
    Mistake(lambda k: math.log(10), "{value:.4f} is log(10), the loss to expect for the TEN "
            "digits.", "count the classes of this task: {k}."),
    Mistake(lambda k: float(k), "{value:g} is the number of classes itself.",
            "the loss is the -log of the probability each class gets: 1/{k}."),
)
START_FALLBACK = ("{value:g} is not what an untrained network that gives each of the {k} "
                  "classes the same probability scores.",
                  "each class gets probability 1/{k}; the loss is -log of the right class's.")


def start_loss(answer, n_classes=START_CLASSES, name="answer_1"):
    """Exercise 1: the loss to expect before training for `n_classes` classes, log(n_classes)."""
    if answer is None:
        return unanswered(name)
    value = as_number(answer)
    if value is None or not math.isfinite(value):
        return not_yet(f"{name} should be one number (a loss), got {describe(answer)}.",
                       "compute it with np.log or math.log and assign the number.")
    expected = math.log(n_classes)
    if abs(value - expected) <= START_TOLERANCE:
        return correct(f"-log(1/{n_classes}) = log({n_classes}) = {expected:.4f}: an untrained "
                       f"network giving each of the {n_classes} classes probability "
                       f"1/{n_classes} scores this; a first loss far from it is a warning.")
    return _number_mistake(value, n_classes, START_MISTAKES, START_FALLBACK)


def _number_mistake(value, k, mistakes, fallback):
    for mistake in mistakes:
        if abs(value - mistake.makes(k)) <= START_TOLERANCE:
            return not_yet(mistake.problem.format(value=value, k=k),
                           mistake.hint.format(value=value, k=k))
    return not_yet(fallback[0].format(value=value, k=k), fallback[1].format(value=value, k=k))


# --- Exercise 2: the cause of each broken run of the gallery ----------------------------------

CAUSES = ("learning rate too high", "learning rate too low", "inputs not scaled",
          "wrong labels", "bad initialisation", "wrong gradient")
GALLERY_CAUSES = {"A": "learning rate too high", "B": "learning rate too low",
                  "C": "inputs not scaled", "D": "wrong labels", "E": "bad initialisation",
                  "F": "wrong gradient"}
# Other ways to say the same cause (after lower case, "_" and "-" as spaces, spaces collapsed).
SYNONYMS = {
    "learning rate too high": ("lr too high", "too high learning rate", "learning rate too big",
                               "learning rate too large", "too large learning rate"),
    "learning rate too low": ("lr too low", "too low learning rate", "learning rate too small",
                              "too small learning rate"),
    "inputs not scaled": ("unscaled inputs", "inputs unscaled", "input not scaled",
                          "inputs not normalised", "inputs not normalized"),
    "wrong labels": ("labels wrong", "labels shuffled", "shuffled labels", "bad labels"),
    "bad initialisation": ("bad initialization", "bad init", "wrong initialisation",
                           "wrong initialization"),
    "wrong gradient": ("wrong gradients", "gradient wrong", "wrong backward pass",
                       "wrong backpropagation", "bug in the gradient"),
}
# What the checklist shows of each run, in the notebook's words: true whatever the answer.
GALLERY_CLUES = {
    "A": "its inputs and first loss are fine, but its first step moves the weights by more "
         "than the sensible share, and after training every hidden unit is dead",
    "B": "its inputs and first loss are fine and no unit dies, but a step moves the weights "
         "by less than the sensible share, and it cannot even fit one small batch",
    "C": "training looks healthy, but its VALIDATION inputs go from 0 to 16 while its "
         "training inputs go from 0 to 1",
    "D": "every step passes but the last: the training loss falls as in a healthy run, yet "
         "the validation accuracy is far below chance",
    "E": "its inputs are scaled, yet its loss at the start is far above log 10; it trains "
         "afterwards, slowly",
    "F": "it trains as well as the healthy run, but its gradients disagree with central "
         "differences",
}
# Confusions worth a word of their own: (run, the cause named) -> hint.
GALLERY_MISTAKES = {
    ("A", "inputs not scaled"): "run A's inputs go from 0 to 1 in both parts: the inputs step "
                                "passes.",
    ("A", "bad initialisation"): "run A's loss at the start is the healthy 2.3742: its "
                                 "starting weights are fine.",
    ("B", "wrong gradient"): "run B's gradient check passes: its gradients are right.",
    ("C", "wrong labels"): "run C gets over 90 % of the validation images right: its labels "
                           "are fine.",
    ("D", "learning rate too low"): "run D's update ratio is in the sensible range and it "
                                    "fits one batch: its steps are not too small.",
    ("E", "inputs not scaled"): "run E's inputs go from 0 to 1 in both parts.",
    ("E", "learning rate too high"): "run E's update ratio is in the sensible range.",
    ("F", "learning rate too high"): "run F's update ratio is in the sensible range.",
}


def _cause(text):
    """The cause `text` names, as one of CAUSES, or None."""
    if not isinstance(text, str):
        return None
    words = " ".join(re.sub(r"[_\-]", " ", text).lower().split()).strip(" .!")
    for cause in CAUSES:
        if words == cause or words in SYNONYMS[cause]:
            return cause
    return None


def gallery_causes(answer, name="answer_2"):
    """Exercise 2: the cause of each run of the gallery, A to F, one of CAUSES each: a dict
    {"A": cause, ...}, or a list of six causes in the order A to F."""
    if answer is None:
        return unanswered(name)
    letters = list(GALLERY_CAUSES)
    if isinstance(answer, list | tuple) and len(answer) == len(letters):
        answer = dict(zip(letters, answer, strict=True))
    if not isinstance(answer, dict):
        return not_yet(f"{name} should be a dict from run letter to cause, got "
                       f"{describe(answer)}.",
                       f'write {name} = {{"A": "...", "B": "...", ...}}, one cause per run.')
    answer = {str(key).strip().upper(): value for key, value in answer.items()}
    missing = [letter for letter in letters if letter not in answer]
    if missing:
        return not_yet(f"{name} names no cause for run{'s' if len(missing) > 1 else ''} "
                       f"{', '.join(missing)}.", "give a cause for each of the runs A to F.")
    unknown = [letter for letter in letters if _cause(answer[letter]) is None]
    if unknown:
        letter = unknown[0]
        return not_yet(f"{name}[{letter!r}] is {answer[letter]!r}, which is not one of the "
                       "causes listed.", f"copy one of checks.CAUSES: {', '.join(CAUSES)}.")
    wrong = [letter for letter in letters if _cause(answer[letter]) != GALLERY_CAUSES[letter]]
    if not wrong:
        return correct("all six. Each broken run failed the checklist in its own way, and the "
                       "steps it failed point at the cause.")
    letter = wrong[0]
    named = _cause(answer[letter])
    right = len(letters) - len(wrong)
    hint = GALLERY_MISTAKES.get((letter, named), f"run {letter}'s checklist: "
                                f"{GALLERY_CLUES[letter]}. Which cause does that?")
    return not_yet(f"{right} of 6 right. Run {letter} is not '{named}'"
                   + (f" (nor run{'s' if len(wrong) > 2 else ''} "
                      f"{', '.join(wrong[1:])})." if len(wrong) > 1 else "."), hint)


# --- Exercise 3: fix a broken training function -----------------------------------------------


def broken_train_epoch(network, X, y, batch_size, learning_rate, rng):
    """One epoch of mini-batch gradient descent, with two bugs to find (notebook 10)."""
    order = rng.permutation(len(X))
    X = X[order]
    for start in range(0, len(X), batch_size):
        X_batch = X[start : start + batch_size]
        y_batch = y[start : start + batch_size]
        dweights, dbiases = network.gradients(X_batch, y_batch)
        for parameter, gradient in zip(network.weights + network.biases, dweights + dbiases,
                                       strict=True):
            parameter = parameter - learning_rate * gradient


TRAIN_ROWS = 100  # the check trains on the first 100 training images of notebook 07's split
TRAIN_HIDDEN = 8
TRAIN_BATCH_SIZE = 16  # 100 images: six batches of 16 and a last one of 4
TRAIN_LEARNING_RATE = 0.3
TRAIN_EPOCHS = 2  # two calls with the same generator: the order must change between epochs
TRAIN_SEED = 0
SAME = 1e-9  # weights this close to a correct epoch's: the same arithmetic, another order


def _epoch(shuffle="both", step=lambda p, lr, g: p.__isub__(lr * g), last=True):
    """A training epoch made from its parts, for the table of mistakes below."""

    def train_epoch(network, X, y, batch_size, learning_rate, rng):
        if shuffle == "both":
            order = rng.permutation(len(X))
            X, y = X[order], y[order]
        elif shuffle == "X only":
            X = X[rng.permutation(len(X))]
        elif shuffle == "separately":
            X, y = X[rng.permutation(len(X))], y[rng.permutation(len(y))]
        elif shuffle == "same order every epoch":
            order = np.random.default_rng(0).permutation(len(X))
            X, y = X[order], y[order]
        end = len(X) if last else len(X) - len(X) % batch_size
        for start in range(0, end, batch_size):
            dweights, dbiases = network.gradients(X[start : start + batch_size],
                                                  y[start : start + batch_size])
            for parameter, gradient in zip(network.weights + network.biases,
                                           dweights + dbiases, strict=True):
                step(parameter, learning_rate, gradient)

    return train_epoch


TRAIN_MISTAKES = (
    Mistake(_epoch(shuffle="X only"),
            "each batch pairs images with the labels of OTHER images: X is shuffled, y is not.",
            "shuffle X and y with the same order: order = rng.permutation(len(X)); X, y = "
            "X[order], y[order]."),
    Mistake(_epoch(shuffle="separately"),
            "X and y are each shuffled, but with two different orders, so the labels no longer "
            "belong to their images.",
            "draw ONE order and index both with it: X, y = X[order], y[order]."),
    Mistake(_epoch(shuffle="none"),
            "the batches come in the same order, unshuffled: the epoch never asks rng for an "
            "order.", "start the epoch with order = rng.permutation(len(X)) and reorder X and y."),
    Mistake(_epoch(shuffle="same order every epoch"),
            "every epoch uses the same order: the order does not come from the rng passed in.",
            "draw the order from the argument: order = rng.permutation(len(X))."),
    Mistake(_epoch(step=lambda p, lr, g: p.__iadd__(lr * g)),
            "the weights move UP the gradient: the loss rises.",
            "a step goes downhill: parameter -= learning_rate * gradient."),
    Mistake(_epoch(step=lambda p, lr, g: p.__isub__(g)),
            "the step ignores the learning rate (it moves by the whole gradient).",
            "multiply the gradient by learning_rate: parameter -= learning_rate * gradient."),
    Mistake(_epoch(last=False),
            "the last, smaller batch is skipped: its images are never trained on.",
            "loop over range(0, len(X), batch_size): the last slice may hold fewer rows."),
)
TRAIN_UNCHANGED = ("after {epochs} epochs the network's weights are exactly the ones it started "
                   "with: the update never reaches the network.",
                   "`parameter = parameter - ...` makes a NEW array and only renames it; "
                   "change the network's own array in place: parameter -= learning_rate * "
                   "gradient.")


def train_task():
    """The check's givens: (network, X, y), a fresh 64-8-10 network and 100 digit images."""
    parts = runs.digits.split()
    X = parts.X_train[:TRAIN_ROWS]
    return (runs.digits.new_network(TRAIN_HIDDEN, TRAIN_SEED), X,
            one_hot(parts.labels_train[:TRAIN_ROWS], runs.N_CLASSES))


def _trained(train_epoch, batch_size=TRAIN_BATCH_SIZE, epochs=TRAIN_EPOCHS):
    """The weights and biases after `epochs` calls of train_epoch on `train_task`."""
    network, X, y = train_task()
    rng = np.random.default_rng(TRAIN_SEED)
    for _ in range(epochs):
        result = train_epoch(network, X.copy(), y.copy(), batch_size, TRAIN_LEARNING_RATE, rng)
        if isinstance(result, type(network)):  # a function that returns the network is fine
            network = result
    return network.weights + network.biases


def _same(ours, theirs):
    return all(a.shape == b.shape and np.allclose(a, b, rtol=0, atol=SAME)
               for a, b in zip(ours, theirs, strict=True))


def fixed_train_epoch(answer, name="answer_3"):
    """Exercise 3: a train_epoch(network, X, y, batch_size, learning_rate, rng) that trains one
    epoch as `runs.train_epoch` does; run for TRAIN_EPOCHS epochs on `train_task`."""
    if answer is None:
        return unanswered(name)
    if not callable(answer):
        return not_yet(f"{name} should be your function, got {describe(answer)}.",
                       f"define it with def, then assign the function itself: {name} = "
                       "train_epoch (no brackets).")
    try:
        given = _trained(answer)
    except Exception as error:  # the learner's code failed: that is feedback, not a traceback
        return _crashed(error, answer, "check the shapes: X (n_samples, 64), y (n_samples, 10); "
                        "the function takes (network, X, y, batch_size, learning_rate, rng).")
    start, _, _ = train_task()
    if _same(given, start.weights + start.biases):
        return not_yet(TRAIN_UNCHANGED[0].format(epochs=TRAIN_EPOCHS), TRAIN_UNCHANGED[1])
    if _same(given, _trained(runs.train_epoch)):
        return correct(f"{TRAIN_EPOCHS} epochs give the weights of a correct epoch: each batch "
                       "keeps its labels, every image is used once per epoch, and each step "
                       "goes downhill.")
    for mistake in TRAIN_MISTAKES:
        if _same(given, _trained(mistake.makes)):
            return not_yet(mistake.problem, mistake.hint)
    if _same(_trained(answer, batch_size=TRAIN_ROWS, epochs=1),
             _trained(runs.train_epoch, batch_size=TRAIN_ROWS, epochs=1)):
        return not_yet("with ONE batch of all the images your epoch is right, with several it "
                       "is not: the batches do not hold matching rows of X and y, or not every "
                       "row once.", "shuffle X and y with one order, then slice both the same "
                       "way: X[start : start + batch_size], y[start : start + batch_size].")
    difference = max(float(np.abs(a - b).max())
                     for a, b in zip(given, _trained(runs.train_epoch), strict=True))
    return not_yet(f"after {TRAIN_EPOCHS} epochs your network's weights differ from those of a "
                   f"correct epoch by up to {difference:.2g}.",
                   "compare your function with the notebook's train_epoch line by line: the "
                   "shuffle, the batches, the step.")


def _crashed(error, function, hint):
    """Feedback for an exception raised while running the learner's function: the line of
    their code it came from, and the message (which names the shapes); then `hint`."""
    frames = traceback.extract_tb(error.__traceback__)
    try:
        mine = inspect.getsourcefile(function)
    except TypeError:
        mine = None
    lines = [frame for frame in frames if frame.filename == mine] or frames[-1:]
    where = f" at the line `{lines[-1].line}`" if lines and lines[-1].line else ""
    return not_yet(f"your function raised {type(error).__name__}{where}: {error}", hint)


# --- Exercise 4: the backward pass of a centring layer, out = z - mean(z over the batch) ------

CENTRE_SHAPES = ((6, 3), (2, 5), (9, 1))  # the check's upstream gradients d_out
CENTRE_TOLERANCE = 1e-6  # relative error against central differences


def centre_forward(z):
    """The layer: each column of z (n_samples, units) minus its mean over the batch."""
    return z - z.mean(axis=0)


def centre_backward_reference(d_out):
    """dL/dz from dL/dout: every z_i also moves its column's mean, so each row loses the
    column's mean of d_out."""
    return d_out - d_out.mean(axis=0)


CENTRE_MISTAKES = (
    Mistake(lambda d_out: d_out.copy(),
            "your dz is d_out itself: it treats the mean as a constant, but every z_i moves the "
            "mean too.", "add the path through the mean: each z_i changes mean(z) by 1/n."),
    Mistake(lambda d_out: d_out * (1 - 1 / len(d_out)),
            "your dz keeps only each z_i's effect on ITS OWN output (1 - 1/n); but z_i moves the "
            "mean, and so every output of its column.",
            "sum the paths over all outputs j of the column: d_out_i - mean_j(d_out_j)."),
    Mistake(lambda d_out: d_out - d_out.mean(axis=1, keepdims=True),
            "your dz subtracts each ROW's mean; the layer centres each COLUMN (unit) over the "
            "batch.", "take the mean over the samples: d_out.mean(axis=0)."),
    Mistake(lambda d_out: d_out - d_out.mean(),
            "your dz subtracts the mean over ALL entries; each column has its own mean.",
            "take the mean over the samples only: d_out.mean(axis=0)."),
    Mistake(lambda d_out: d_out - d_out.sum(axis=0),
            "your dz subtracts the column SUMS: each z_i moves the mean by only 1/n of its change.",
            "divide by the number of samples: d_out.mean(axis=0)."),
    Mistake(lambda d_out: d_out + d_out.mean(axis=0),
            "your dz ADDS the column means: raising z_i raises the mean, which LOWERS every "
            "output of the column.", "subtract it: d_out - d_out.mean(axis=0)."),
)


def centre_upstreams():
    """The upstream gradients the check tries: seeded, one of each shape in CENTRE_SHAPES."""
    rng = np.random.default_rng(4)
    return [rng.normal(size=shape) for shape in CENTRE_SHAPES]


def centre_backward(answer, name="answer_4"):
    """Exercise 4: a function d_out -> dz for the centring layer, checked against central
    differences on every upstream gradient of `centre_upstreams`."""
    if answer is None:
        return unanswered(name)
    if not callable(answer):
        return not_yet(f"{name} should be your function, got {describe(answer)}.",
                       f"define it with def, then assign the function itself: {name} = "
                       "centre_backward (no brackets).")
    errors = []
    for d_out in centre_upstreams():
        try:
            dz, problem = as_numbers(answer(d_out.copy()), "your function's result")
        except Exception as error:  # the learner's code failed: that is feedback
            return _crashed(error, answer, f"the function takes d_out, shape (n_samples, "
                            f"units), e.g. {d_out.shape}, and returns dz of the same shape.")
        if problem is not None:
            return problem
        if dz.shape != d_out.shape:
            return not_yet(f"for d_out of shape {d_out.shape} your function returns shape "
                           f"{dz.shape}; dz must have the shape of z.",
                           "subtract a (units,) row of means from d_out: numpy broadcasts it "
                           "down the rows.")
        z = np.random.default_rng(5).normal(size=d_out.shape)
        numerical = numerical_gradient(
            lambda z, d_out=d_out: float(np.sum(centre_forward(z) * d_out)), z)
        errors.append(diagnostics.relative_error(dz, numerical))
        for mistake in CENTRE_MISTAKES:
            if errors[-1] > CENTRE_TOLERANCE and np.allclose(dz, mistake.makes(d_out)):
                return not_yet(mistake.problem, mistake.hint)
        if errors[-1] > CENTRE_TOLERANCE:
            return not_yet(f"for d_out of shape {d_out.shape} your dz is off from central "
                           f"differences: relative error {errors[-1]:.1g}.",
                           "each z_i reaches the loss through its own output and through the "
                           "mean of its column.")
    return correct(f"the gradient check agrees (largest relative error "
                   f"{checklist.shown_error(max(errors))}, "
                   f"below {CENTRE_TOLERANCE:g}) on upstream gradients of shapes "
                   f"{', '.join(str(shape) for shape in CENTRE_SHAPES)}.")

