"""Exercise checks of notebook 07: every right form passes, typical wrong answers get their
hint, and no answer makes a check raise."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from learners import judged, mutant, says, unwritten

import nnlib
from nnlib.course.n07_handwritten_digits import checks, digits

N, B = checks.BATCHES_N_SAMPLES, checks.BATCHES_BATCH_SIZE  # exercise 1
ROW = digits.split().X_val[checks.RESHAPE_ROW]  # exercise 2
# exercise 3: diagonal right answers; 5 images of a 9 taken for a 4 (the most), 3 of a 4 for a 9
COUNTS = np.diag(np.full(10, 30))
COUNTS[9, 4], COUNTS[4, 9], COUNTS[8, 1] = 5, 3, 2
OFF = COUNTS - np.diag(np.diag(COUNTS))
TIED = COUNTS.copy()
TIED[2, 7] = 5


def test_the_givens_leave_a_smaller_last_batch():
    assert N % B != 0  # otherwise rounding up and down would agree, and the exercise is moot


@pytest.mark.parametrize(("check", "answer", "givens", "said"), [
    *((checks.batches_per_epoch, answer, (), ["15 full ones of 64 and a last one of 40"])
      for answer in [math.ceil(N / B), np.int64(-(-N // B)), np.ceil(N / B), np.array([16]),
                     N // B + 1]),
    *((checks.image_from_row, answer, (ROW, np.int64(8)), ["It shows an 8"]) for answer in [
        ROW.reshape(8, 8), ROW.reshape(8, -1), np.reshape(ROW, (8, 8)), ROW.reshape(8, 8).tolist(),
        [list(ROW[8 * r : 8 * r + 8]) for r in range(8)],
        np.array([ROW[8 * r : 8 * r + 8] for r in range(8)]),
        ROW.reshape(8, 8, order="F").T,  # columns first, then turned back
        np.asarray(ROW.reshape(8, 8), dtype=np.float32)]),
    *((checks.most_confused_pair, answer, (COUNTS,), ["5 images of a 9 taken for a 4"])
      for answer in [(9, 4), [9, 4], np.array([9, 4]), (9.0, 4.0), (np.int64(9), np.int64(4)),
                     np.array([[9, 4]]).ravel(), np.unravel_index(np.argmax(OFF), OFF.shape)]),
    (checks.most_confused_pair, (9, 4), (TIED,), []),  # any of tied cells is right
    (checks.most_confused_pair, (2, 7), (TIED,), []),
])
def test_every_form_of_a_right_answer_passes(check, answer, givens, said):
    says(check(answer, *givens), *said, passed=True)


@pytest.mark.parametrize(("check", "answer", "givens", "said"), [
    (checks.batches_per_epoch, N / B, (), "round UP"),
    (checks.batches_per_epoch, N // B, (), "never be used"),
    (checks.batches_per_epoch, N, (), "one of the givens"),
    (checks.batches_per_epoch, B, (), "one of the givens"),
    (checks.batches_per_epoch, 17, (), "exactly once"),
    (checks.batches_per_epoch, 0, (), "an epoch takes at least one"),
    (checks.batches_per_epoch, -3, (), "an epoch takes at least one"),  # not "cover -192 images"
    (checks.batches_per_epoch, 15.5, (), "whole number"),
    (checks.image_from_row, ROW.reshape(8, 8).T, (ROW,), "transposed"),
    (checks.image_from_row, ROW.reshape(8, 8, order="F"), (ROW,), "transposed"),
    (checks.image_from_row, ROW.reshape(64, 1), (ROW,), "right 64 pixels but has shape (64, 1)"),
    (checks.image_from_row, ROW.reshape(4, 16), (ROW,), "right 64 pixels but has shape (4, 16)"),
    (checks.image_from_row, ROW, (ROW,), "right 64 pixels but has shape (64,)"),
    (checks.image_from_row, ROW.reshape(8, 8) * 16, (ROW,), "scaled differently"),
    (checks.image_from_row, ROW.reshape(8, 8)[::-1], (ROW,), "not the pixels of the given row"),
    (checks.image_from_row, ROW[:32].reshape(4, 8), (ROW,), "has shape (4, 8)"),
    (checks.most_confused_pair, (4, 9), (COUNTS,), "is row 4, column 9, which holds 3; the "
     "largest count, 5, is in the mirror cell, row 9, column 4: the pair the wrong way round"),
    (checks.most_confused_pair, (8, 1), (COUNTS,),
     "2 images of an 8 were predicted as 1, but another cell off the diagonal holds 5"),
    (checks.most_confused_pair, (1, 2), (COUNTS,), "0 images of a 1 were predicted as 2"),
    (checks.most_confused_pair, (3, 3), (COUNTS,), "on the diagonal"),
    (checks.most_confused_pair, (9, 10), (COUNTS,), "two whole numbers from 0 to 9"),
    (checks.most_confused_pair, (9.5, 4), (COUNTS,), "two whole numbers from 0 to 9"),
    (checks.most_confused_pair, (-1, 4), (COUNTS,), "two whole numbers from 0 to 9"),
    (checks.most_confused_pair, (9, 4, 1), (COUNTS,), "pair of two digits"),
    (checks.most_confused_pair, 94, (COUNTS,), "pair of two digits"),
    (checks.most_confused_pair, np.array([[9, 4], [4, 9]]), (COUNTS,), "pair of two digits"),
])
def test_each_mistake_is_named(check, answer, givens, said):
    says(check(answer, *givens), said)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 5000), st.integers(1, 600))
def test_batches_accept_the_ceiling_for_any_givens(n_samples, batch_size):
    expected = -(-n_samples // batch_size)
    assert checks.batches_per_epoch(expected, n_samples, batch_size).passed
    assert not checks.batches_per_epoch(expected + 1, n_samples, batch_size).passed
    if n_samples % batch_size:
        assert not checks.batches_per_epoch(n_samples // batch_size, n_samples,
                                            batch_size).passed


def test_every_off_diagonal_maximum_of_the_notebooks_matrix_passes():
    # the notebook's validation matrix may have ties: each tied cell must pass, others not
    parts = digits.split()
    network, _ = digits.train(parts)
    predicted = np.argmax(network.feedforward(parts.X_val), axis=1)
    counts = np.zeros((10, 10), dtype=int)
    np.add.at(counts, (parts.labels_val, predicted), 1)
    off = counts - np.diag(np.diag(counts))
    for true in range(10):
        for guess in range(10):
            passed = checks.most_confused_pair((true, guess), counts).passed
            assert passed == (true != guess and off[true, guess] == off.max())


# --- exercise 4: one epoch, written by the learner --------------------------------------------

EPOCH = """def train_epoch(network, X, y, batch_size, learning_rate, rng):
    order = rng.permutation(len(X))
    for start in range(0, len(X), batch_size):
        rows = order[start:start + batch_size]
        dweights, dbiases = network.gradients(X[rows], y[rows])
        for p, g in zip(network.weights + network.biases, dweights + dbiases):
            p -= learning_rate * g
"""
ORDER = "order = rng.permutation(len(X))"
STEP = """        for p, g in zip(network.weights + network.biases, dweights + dbiases):
            p -= learning_rate * g
"""


@pytest.mark.parametrize(("key", "changes"), [
    ("correct", {}),
    ("correct", {ORDER: "order = np.arange(len(X))\n    rng.shuffle(order)"}),
    ("correct", {ORDER: "order = rng.choice(len(X), len(X), replace=False)"}),
    ("correct", {"    for start in": "    X, y = X[order], y[order]\n    for start in",
                 "order[start:start + batch_size]": "slice(start, start + batch_size)"}),
    ("correct", {"for p, g in": "for layer in range(len(dweights)):\n"
                 "            network.weights[layer] = network.weights[layer] - learning_rate * "
                 "dweights[layer]\n            network.biases[layer] = network.biases[layer] - "
                 "learning_rate * dbiases[layer]\n        for p, g in",
                 "p -= learning_rate * g": "pass"}),
    ("no_shuffle", {ORDER: "order = np.arange(len(X))"}),
    ("apart", {"X[rows], y[rows]": "X[rows], y[order[::-1][start:start + batch_size]]"}),
    ("apart", {ORDER: f"{ORDER}\n    X, y = X[order], y[rng.permutation(len(y))]\n"
               "    order = np.arange(len(X))"}),
    ("dropped_last", {"range(0, len(X), batch_size)": "range(0, len(X) - batch_size + 1, "
                      "batch_size)"}),
    ("one_step", {STEP: STEP.replace("        ", "    ", 1).replace("            ", "        ")}),
    ("one_step", {"range(0, len(X), batch_size)": "[0]", "start + batch_size": "len(X)"}),
    ("not_from_rng", {"rng.permutation": "np.random.permutation"}),
    ("sign", {"p -= learning_rate": "p += learning_rate"}),
    ("no_lr", {"-= learning_rate * g": "-= g"}),
    ("never_applied", {"p -= learning_rate * g": "p = p - 0.1"}),
    ("changes_inputs", {ORDER: f"{ORDER}\n    X[:], y[:] = X[order], y[order]\n"
                        "    order = np.arange(len(X))"}),
    ("not_written", unwritten(EPOCH)),
    ("fallback", {"start + batch_size]": "start + batch_size + 1]"}),
])
def test_epoch_names_each_mistake_made_by_code_that_makes_it(key, changes):
    judged(checks.train_epoch(mutant(EPOCH, "train_epoch", changes)), key)


def test_epoch_answer_is_nnlib_s_train_minibatch():
    network, X, y, batch_size, learning_rate, rng = checks.train_epoch.cases()[0]
    twin = nnlib.Network([3, 4, 2])
    twin.weights = [w.copy() for w in network.weights]
    twin.biases = [b.copy() for b in network.biases]
    twin.train_minibatch(X, y, 1, batch_size, learning_rate, seed=np.random.default_rng(4))
    checks.epoch_answer(network, X, y, batch_size, learning_rate, np.random.default_rng(4))
    for ours, theirs in zip(network.weights + network.biases, twin.weights + twin.biases,
                            strict=True):
        np.testing.assert_allclose(ours, theirs, rtol=1e-12)
