"""The debugging checklist of notebook 10, one function per step, each returning a `Finding`:
what was measured, and whether it looks like a healthy run. `run_checklist` runs them all on
a `Setup` of `runs`. Every step is cheap, and each looks at one thing, so that a broken run
fails the steps that point at its cause.

The bounds below are rules of thumb for this course's digit network, not laws: the notebook
shows where the healthy run lands on each.
"""

from typing import NamedTuple

import numpy as np

from nnlib import diagnostics
from nnlib.course.n10_when_training_fails import runs
from nnlib.metrics import accuracy

LARGEST_INPUT = 5.0  # inputs of size about 1: beyond this, the inputs are not scaled
START_LOSS_TOLERANCE = 0.1  # the untrained loss within 10 % of log(number of classes)
ONE_BATCH_SIZE = 16  # the one small batch: the first images of the training set
ONE_BATCH_STEPS = 200
ONE_BATCH_LOSS = 0.1  # "near zero": below this, with every image of the batch right
GRADIENT_CHECK_SIZES = [64, 3, 10]  # a small network of the same kind, cheap to nudge
GRADIENT_CHECK_SAMPLES = 8
GRADIENT_TOLERANCE = 1e-6  # relative error: rounding gives ~1e-9, a wrong formula ~0.1 to 1
UPDATE_RATIO_RANGE = (1e-3, 0.2)  # a step moves the weights by 0.1 % to 20 % of their size
HEALTHY_ACCURACY = 0.5  # after training, at least half the validation images right
ROUNDING = 1e-7  # relative errors below this are rounding; their digits differ between machines


def shown_error(error):
    """A relative error as the notebook prints it: its order of magnitude, or "below 1e-07"
    where it is rounding alone (whose digits depend on the CPU and the BLAS library)."""
    return f"below {ROUNDING:.0e}" if error < ROUNDING else f"{error:.0e}"


def bounds():
    """What each step calls healthy, one line per step, in the checklist's order."""
    low, high = UPDATE_RATIO_RANGE
    return [
        ("inputs", f"every value within ±{LARGEST_INPUT:g}, training and validation"),
        ("loss at the start", f"within {START_LOSS_TOLERANCE:.0%} of log(number of classes)"),
        ("one batch", f"{ONE_BATCH_SIZE} images, {ONE_BATCH_STEPS} steps: loss below "
                      f"{ONE_BATCH_LOSS:g}, every image right"),
        ("gradient check", f"relative error below {GRADIENT_TOLERANCE:.0e} in every layer "
                           f"(a {'-'.join(map(str, GRADIENT_CHECK_SIZES))} network)"),
        ("update ratio", f"between {low:g} and {high:g} in every layer, at the start"),
        ("dead units", "at most half of the hidden units, after training"),
        ("curves", f"after training, at least {HEALTHY_ACCURACY:.0%} of the validation images "
                   "right"),
    ]


class Finding(NamedTuple):
    """One step of the checklist: its name, whether it looks healthy, what was measured."""

    step: str
    healthy: bool
    measured: str

    def __str__(self):
        return f"{'✓' if self.healthy else '✗'} {self.step:<17} {self.measured}"


def check_inputs(X, X_val):
    """Step 0: are the training and validation inputs scaled alike, to values of about 1?"""
    largest = max(float(np.abs(X).max()), float(np.abs(X_val).max()))
    return Finding("inputs", largest <= LARGEST_INPUT,
                   f"training {X.min():.3g} to {X.max():.3g}, validation {X_val.min():.3g} to "
                   f"{X_val.max():.3g}")


def check_start_loss(network, X, y):
    """Step 1: is the untrained network's loss near log(number of classes)?"""
    n_classes = y.shape[1]
    expected = float(np.log(n_classes))
    loss = network.loss(X, y)
    healthy = abs(loss - expected) <= START_LOSS_TOLERANCE * expected
    return Finding("loss at the start", healthy, f"{loss:.4f} against log {n_classes} = "
                   f"{expected:.4f}")


def check_one_batch(network, X, y, train_epoch, learning_rate, steps=ONE_BATCH_STEPS):
    """Step 2: can `train_epoch` fit one small batch (X, y) almost perfectly in `steps` steps?
    train_epoch(network, X, y, batch_size, learning_rate, rng) trains `network` in place."""
    rng = np.random.default_rng(0)
    before = [weights.copy() for weights in network.weights]
    for _ in range(steps):  # each epoch is one step: the batch is the whole of X
        train_epoch(network, X, y, len(X), learning_rate, rng)
    if all(np.array_equal(old, new) for old, new in zip(before, network.weights, strict=True)):
        return Finding("one batch", False, f"the weights never changed in {steps} steps")
    loss, right = network.loss(X, y), accuracy(y, network.feedforward(X))
    healthy = loss < ONE_BATCH_LOSS and right == 1.0
    return Finding("one batch", healthy, f"loss {loss:.2g} after {steps} steps, {right:.0%} of "
                   f"{len(X)} right")


def check_gradients(setup, X, y):
    """Step 3: do the setup's gradients agree with central differences? On a small network of
    the same kind (GRADIENT_CHECK_SIZES) with nnlib's starting weights, and the first few
    samples of (X, y): the check tests the code that computes gradients, nothing else."""
    small = runs.digits.new_network(hidden_units=GRADIENT_CHECK_SIZES[1])
    X, y = X[:GRADIENT_CHECK_SAMPLES], y[:GRADIENT_CHECK_SAMPLES]
    gradients = setup.gradients or (lambda network, X, y: network.gradients(X, y))
    dweights, dbiases = gradients(small, X, y)
    errors = [
        diagnostics.gradient_check(lambda _: small.loss(X, y), parameter, gradient)
        for parameter, gradient in zip(small.weights + small.biases, dweights + dbiases,
                                       strict=True)
    ]
    worst = max(errors)
    return Finding("gradient check", worst < GRADIENT_TOLERANCE,
                   f"largest relative error {shown_error(worst)}")


def check_update_ratio(statistics):
    """Step 4a: does a step move every layer's weights by a sensible share of their size?
    statistics : the untrained network's `layer_statistics` with the learning rate."""
    ratios = [layer.update_ratio for layer in statistics]
    low, high = UPDATE_RATIO_RANGE
    healthy = all(low <= ratio <= high for ratio in ratios)
    shown = ", ".join(f"{ratio:.0e}" for ratio in ratios)
    return Finding("update ratio", healthy, f"{shown} (layer 1, layer 2, ...) at the start")


def check_dead_units(statistics, when):
    """Step 4b: do most hidden units still pass a gradient back? statistics : the network's
    `layer_statistics`; when : words for the moment they were taken."""
    hidden = statistics[:-1]
    dead, units = sum(layer.dead for layer in hidden), sum(layer.units for layer in hidden)
    return Finding("dead units", dead <= units / 2, f"{dead} of {units} hidden units {when}")


def check_curves(run):
    """Step 5: after training, is the validation accuracy well above chance (1 in 10), and how
    did the training and validation losses move?"""
    epochs = len(run.train_losses) - 1
    train, val = run.train_losses, run.val_losses
    return Finding("curves", run.val_accuracy[-1] >= HEALTHY_ACCURACY,
                   f"{epochs} epochs: loss {train[0]:.3f} -> {train[-1]:.3f}, validation "
                   f"{val[0]:.3f} -> {val[-1]:.3f}, accuracy {run.val_accuracy[-1]:.1%}")


def run_checklist(setup, parts=None, run=None):
    """Every step of the checklist on `setup`, in order: a list of Findings. run : the setup's
    `runs.train` run, trained now if not given."""
    parts = runs.digits.split() if parts is None else parts
    run = runs.train(setup, parts) if run is None else run
    X, y, X_val, *_ = setup.data(parts)
    start = run.snapshots[0].statistics
    batch = slice(0, ONE_BATCH_SIZE)
    return [
        check_inputs(X, X_val),
        check_start_loss(setup.network(), X, y),
        check_one_batch(setup.network(), X[batch], y[batch], setup.train_epoch,
                        setup.learning_rate),
        check_gradients(setup, X, y),
        check_update_ratio(start),
        check_dead_units(run.snapshots[-1].statistics, "after training"),
        check_curves(run),
    ]
