"""Exercise checks of notebook 07: every right form passes, typical wrong answers get their
hint, and no answer makes a check raise."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from learners import mutant

import nnlib
from nnlib.course.n07_handwritten_digits import checks, digits

# --- exercise 1: batches per epoch ------------------------------------------------------------

N, B = checks.BATCHES_N_SAMPLES, checks.BATCHES_BATCH_SIZE


def test_the_givens_leave_a_smaller_last_batch():
    assert N % B != 0  # otherwise rounding up and down would agree, and the exercise is moot


@pytest.mark.parametrize("answer", [
    math.ceil(N / B), float(math.ceil(N / B)), np.int64(-(-N // B)), np.ceil(N / B),
    [16], np.array([16]), N // B + 1,
])
def test_batches_right_in_every_form(answer):
    feedback = checks.batches_per_epoch(answer)
    assert feedback.passed, feedback.message
    assert "15 full ones of 64 and a last one of 40" in feedback.message


@pytest.mark.parametrize(("answer", "says"), [
    (N / B, "round UP"),
    (N // B, "never be used"),
    (N, "one of the givens"),
    (B, "one of the givens"),
    (17, "exactly once"),
    (0, "an epoch takes at least one"),
    (-3, "an epoch takes at least one"),  # was "-3 batches of 64 cover -192 images"
    (15.5, "whole number"),
])
def test_batches_wrong_answers_get_their_hint(answer, says):
    feedback = checks.batches_per_epoch(answer)
    assert not feedback.passed
    assert says in feedback.message and "Hint:" in feedback.message


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 5000), st.integers(1, 600))
def test_batches_accept_the_ceiling_for_any_givens(n_samples, batch_size):
    expected = -(-n_samples // batch_size)
    assert checks.batches_per_epoch(expected, n_samples, batch_size).passed
    assert not checks.batches_per_epoch(expected + 1, n_samples, batch_size).passed
    if n_samples % batch_size:
        assert not checks.batches_per_epoch(n_samples // batch_size, n_samples,
                                            batch_size).passed


# --- exercise 2: a row back into an image -------------------------------------------------------


@pytest.fixture(scope="module")
def row():
    return digits.split().X_val[checks.RESHAPE_ROW]


@pytest.mark.parametrize("make", [
    lambda row: row.reshape(8, 8),
    lambda row: row.reshape(8, -1),
    lambda row: np.reshape(row, (8, 8)),
    lambda row: row.reshape(8, 8).tolist(),
    lambda row: [list(row[8 * r : 8 * r + 8]) for r in range(8)],
    lambda row: np.array([row[8 * r : 8 * r + 8] for r in range(8)]),
    lambda row: row.reshape(8, 8, order="F").T,  # columns first, then turned back
    lambda row: np.asarray(row.reshape(8, 8), dtype=np.float32),
])
def test_image_right_in_every_form(row, make):
    feedback = checks.image_from_row(make(row), row, label=np.int64(8))
    assert feedback.passed, feedback.message
    assert "It shows an 8" in feedback.message


@pytest.mark.parametrize(("make", "says"), [
    (lambda row: row.reshape(8, 8).T, "transposed"),
    (lambda row: row.reshape(8, 8, order="F"), "transposed"),
    (lambda row: row.reshape(64, 1), "right 64 pixels but has shape (64, 1)"),
    (lambda row: row.reshape(4, 16), "right 64 pixels but has shape (4, 16)"),
    (lambda row: row, "right 64 pixels but has shape (64,)"),
    (lambda row: row.reshape(8, 8) * 16, "scaled differently"),
    (lambda row: row.reshape(8, 8)[::-1], "not the pixels of the given row"),
    (lambda row: row[:32].reshape(4, 8), "has shape (4, 8)"),
])
def test_image_wrong_answers_get_their_hint(row, make, says):
    feedback = checks.image_from_row(make(row), row)
    assert not feedback.passed
    assert says in feedback.message and "Hint:" in feedback.message


# --- exercise 3: the most confused pair ---------------------------------------------------------


@pytest.fixture
def counts():
    """Diagonal right answers; 5 images of a 9 taken for a 4 (the most), 3 of a 4 for a 9."""
    counts = np.diag(np.full(10, 30))
    counts[9, 4], counts[4, 9], counts[8, 1] = 5, 3, 2
    return counts


@pytest.mark.parametrize("answer", [(9, 4), [9, 4], np.array([9, 4]), (9.0, 4.0),
                                    (np.int64(9), np.int64(4)), np.array([[9, 4]]).ravel()])
def test_pair_right_in_every_form(counts, answer):
    feedback = checks.most_confused_pair(answer, counts)
    assert feedback.passed, feedback.message
    assert "5 images of a 9 taken for a 4" in feedback.message


def test_pair_from_numpy_argmax(counts):
    off = counts - np.diag(np.diag(counts))
    assert checks.most_confused_pair(np.unravel_index(np.argmax(off), off.shape), counts).passed


def test_pair_any_of_tied_cells_is_right(counts):
    counts[2, 7] = 5
    assert checks.most_confused_pair((9, 4), counts).passed
    assert checks.most_confused_pair((2, 7), counts).passed


@pytest.mark.parametrize(("answer", "says"), [
    ((4, 9), "is row 4, column 9, which holds 3; the largest count, 5, is in the mirror cell, "
             "row 9, column 4: the pair the wrong way round"),
    ((8, 1), "2 images of an 8 were predicted as 1, but another cell off the diagonal holds 5"),
    ((1, 2), "0 images of a 1 were predicted as 2"),
    ((3, 3), "on the diagonal"),
    ((9, 10), "two whole numbers from 0 to 9"),
    ((9.5, 4), "two whole numbers from 0 to 9"),
    ((-1, 4), "two whole numbers from 0 to 9"),
    ((9, 4, 1), "pair of two digits"),
    (94, "pair of two digits"),
    (np.array([[9, 4], [4, 9]]), "pair of two digits"),
])
def test_pair_wrong_answers_get_their_hint(counts, answer, says):
    feedback = checks.most_confused_pair(answer, counts)
    assert not feedback.passed
    assert says in feedback.message and "Hint:" in feedback.message


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
STEP = """        for p, g in zip(network.weights + network.biases, dweights + dbiases):
            p -= learning_rate * g
"""


@pytest.mark.parametrize("changes", [
    {},
    {"order = rng.permutation(len(X))": "order = np.arange(len(X))\n    rng.shuffle(order)"},
    {"order = rng.permutation(len(X))": "order = rng.choice(len(X), len(X), replace=False)"},
    {"    for start in": "    X, y = X[order], y[order]\n    for start in",
     "rows = order[start:start + batch_size]": "rows = slice(start, start + batch_size)"},
    {"for p, g in": "for layer in range(len(dweights)):\n"
     "            network.weights[layer] = network.weights[layer] - learning_rate * dweights[layer]"
     "\n            network.biases[layer] = network.biases[layer] - learning_rate * dbiases[layer]"
     "\n        for p, g in", "p -= learning_rate * g": "pass"},
])
def test_epoch_accepts_every_correct_form(changes):
    feedback = checks.train_epoch(mutant(EPOCH, "train_epoch", changes))
    assert feedback.passed, feedback.message


@pytest.mark.parametrize(("key", "changes"), [
    ("no_shuffle", {"order = rng.permutation(len(X))": "order = np.arange(len(X))"}),
    ("apart", {"X[rows], y[rows]": "X[rows], y[order[::-1][start:start + batch_size]]"}),
    ("apart", {"order = rng.permutation(len(X))": "order = rng.permutation(len(X))\n"
               "    X, y = X[order], y[rng.permutation(len(y))]\n    order = np.arange(len(X))"}),
    ("dropped_last", {"range(0, len(X), batch_size)": "range(0, len(X) - batch_size + 1, "
                      "batch_size)"}),
    ("one_step", {STEP: STEP.replace("        ", "    ", 1).replace("            ", "        ")}),
    ("one_step", {"range(0, len(X), batch_size)": "[0]", "start + batch_size": "len(X)"}),
    ("not_from_rng", {"rng.permutation": "np.random.permutation"}),
    ("sign", {"p -= learning_rate": "p += learning_rate"}),
    ("no_lr", {"-= learning_rate * g": "-= g"}),
    ("never_applied", {"p -= learning_rate * g": "p = p - 0.1"}),
    ("changes_inputs", {"order = rng.permutation(len(X))": "order = rng.permutation(len(X))\n"
                        "    X[:], y[:] = X[order], y[order]\n    order = np.arange(len(X))"}),
    ("not_written", {EPOCH[EPOCH.index("    order"):]: '    """Your code here."""\n'}),
    ("fallback", {"start + batch_size]": "start + batch_size + 1]"}),
])
def test_epoch_names_each_mistake_made_by_code_that_makes_it(key, changes):
    feedback = checks.train_epoch(mutant(EPOCH, "train_epoch", changes))
    assert not feedback.passed and feedback.mistake == key, feedback.message


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
