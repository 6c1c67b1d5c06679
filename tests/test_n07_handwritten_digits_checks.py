"""Exercise checks of notebook 07: every right form passes, typical wrong answers get their
hint, and no answer makes a check raise."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


@pytest.mark.parametrize("answer", [None, "16", [16, 16], True, float("nan"), float("inf"),
                                    {"a": 1}])
def test_batches_not_a_number(answer):
    feedback = checks.batches_per_epoch(answer)
    assert not feedback.passed and "answer_1" in feedback.message


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


@pytest.mark.parametrize("answer", [None, "image", [[1, 2], [3]], np.full((8, 8), np.nan)])
def test_image_not_numbers(row, answer):
    feedback = checks.image_from_row(answer, row)
    assert not feedback.passed and "answer_2" in feedback.message


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


@pytest.mark.parametrize("answer", [None, "9, 4", (9, None), [9, "4"]])
def test_pair_not_numbers(counts, answer):
    feedback = checks.most_confused_pair(answer, counts)
    assert not feedback.passed and "answer_3" in feedback.message


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
