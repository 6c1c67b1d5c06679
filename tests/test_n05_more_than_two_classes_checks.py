"""Exercise checks of notebook 05: every correct form passes, typical wrong answers get their
hint, and nothing raises."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from learners import mutant

import nnlib
from nnlib.course.n05_more_than_two_classes import checks

SCORES = np.array(checks.SCORES)


# --- exercise 1: softmax_of_scores ------------------------------------------------------------


def right_softmax():
    """Independent of checks.stable_softmax: by the division done with Python floats."""
    largest = max(checks.SCORES)
    exp = [math.exp(score - largest) for score in checks.SCORES]
    return [value / sum(exp) for value in exp]


@pytest.mark.parametrize("form", [
    lambda p: p,  # a list
    np.array,  # 1-D array
    lambda p: np.array(p)[None, :],  # a row (1, 3)
    lambda p: np.array(p)[:, None],  # a column (3, 1)
    tuple,
    lambda p: nnlib.softmax(SCORES),
    lambda p: [round(v, 4) for v in p],  # typed in from a 4-decimal print
    lambda p: np.array(p, dtype=np.float32),
])
def test_softmax_accepts_every_correct_form(form):
    feedback = checks.softmax_of_scores(form(right_softmax()))
    assert feedback.passed, feedback.message


def test_softmax_naive_overflow_is_explained():
    with np.errstate(over="ignore", invalid="ignore"):
        naive = np.exp(SCORES) / np.exp(SCORES).sum()
    feedback = checks.softmax_of_scores(naive)
    assert not feedback.passed
    assert "nan" in feedback.message and "subtract the largest score" in feedback.message


@pytest.mark.parametrize("answer, words", [
    ([0.2, 0.3, 0.5], "not the softmax"),  # sums to 1, wrong values
    ([0.5, 0.5, 0.5], "adds up to 1.5000"),
    ([0.1, 0.9], "3 numbers"),
    (np.ones((3, 3)) / 3, "3 numbers"),
    (np.exp(SCORES - SCORES.max()), "divide by their sum"),
    (np.exp(SCORES.min() - SCORES) / np.exp(SCORES.min() - SCORES).sum(), "NEGATED"),
    ([[0.1, 0.2], [0.7]], "every row needs the same length"),
])
def test_softmax_wrong_answers_get_feedback(answer, words):
    feedback = checks.softmax_of_scores(answer)
    assert not feedback.passed
    assert words in feedback.message


def test_softmax_of_other_scores():
    scores = (0.0, 1.0)
    feedback = checks.softmax_of_scores([1 / (1 + math.e), math.e / (1 + math.e)], scores)
    assert feedback.passed


# --- exercise 2: cross_entropy_of_predictions -------------------------------------------------


def right_cross_entropy():
    """Independent: the loss of each penguin typed from the table, then the mean."""
    true_probabilities = [0.7, 0.8, 0.3, 0.8]  # rows' entries in the columns 0, 2, 1, 2
    return sum(-math.log(p) for p in true_probabilities) / 4


def test_the_given_cross_entropy_matches_nnlib():
    y = nnlib.one_hot(checks.CE_LABELS, 3)
    assert checks.cross_entropy_value() == pytest.approx(
        nnlib.cross_entropy(y, np.array(checks.CE_PREDICTIONS)))
    assert checks.cross_entropy_value() == pytest.approx(right_cross_entropy())


@settings(max_examples=30, deadline=None)
@given(st.floats(-4.9e-4, 4.9e-4))
def test_cross_entropy_accepts_a_rounded_value(offset):
    assert checks.cross_entropy_of_predictions(right_cross_entropy() + offset).passed


@pytest.mark.parametrize("answer, words", [
    (-right_cross_entropy(), "has a minus in front"),
    (4 * right_cross_entropy(), "SUM over the 4 penguins"),
    (right_cross_entropy() / math.log(10), "log10"),
    (right_cross_entropy() / math.log(2), "log2"),
    (right_cross_entropy() / 3, "all numbers of the table"),
    (-np.mean(np.log([0.7, 0.8, 0.5, 0.8])), "most probable species"),
    (5.0, "5 is not the mean cross-entropy"),
    (1.477, "1.477 is not the mean cross-entropy"),  # was "Expected a positive number"
    (-0.2, "-0.2 is not positive"),
    ([0.3, 0.2], "one number"),
])
def test_cross_entropy_typical_mistakes(answer, words):
    feedback = checks.cross_entropy_of_predictions(answer)
    assert not feedback.passed
    assert words in feedback.message


def test_cross_entropy_two_class_formula():
    y = nnlib.one_hot(checks.CE_LABELS, 3)
    p = np.array(checks.CE_PREDICTIONS)
    binary = -np.mean(np.sum(y * np.log(p) + (1 - y) * np.log(1 - p), axis=1))
    feedback = checks.cross_entropy_of_predictions(binary)
    assert not feedback.passed and "two-class formula" in feedback.message


def test_cross_entropy_per_penguin_losses_say_take_the_mean():
    per_penguin = -np.log([0.7, 0.8, 0.3, 0.8])
    feedback = checks.cross_entropy_of_predictions(per_penguin)
    assert not feedback.passed and "np.mean" in feedback.message


# --- exercise 3: one_hot_labels ---------------------------------------------------------------


def right_one_hot():
    """Independent: typed row by row for the labels 2, 0, 1, 1, 0, 2."""
    return [[0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 1, 0], [1, 0, 0], [0, 0, 1]]


def test_the_given_labels_are_the_typed_ones():
    assert list(checks.ONE_HOT_LABELS) == [2, 0, 1, 1, 0, 2]


@pytest.mark.parametrize("form", [
    lambda rows: rows,  # list of lists of ints
    np.array,
    lambda rows: np.array(rows, dtype=float),
    lambda rows: np.array(rows, dtype=bool),
    lambda rows: [[bool(v) for v in row] for row in rows],
    lambda rows: nnlib.one_hot(checks.ONE_HOT_LABELS, 3),
    lambda rows: np.eye(3)[list(checks.ONE_HOT_LABELS)],
    lambda rows: tuple(tuple(row) for row in rows),
])
def test_one_hot_accepts_every_correct_form(form):
    feedback = checks.one_hot_labels(form(right_one_hot()))
    assert feedback.passed, feedback.message


@pytest.mark.parametrize("answer, words", [
    (np.array(right_one_hot()).T, "transpose"),
    (list(checks.ONE_HOT_LABELS), "the labels themselves"),
    (np.array(checks.ONE_HOT_LABELS)[:, None], "the labels themselves"),
    (np.eye(4)[list(checks.ONE_HOT_LABELS)], "Expected shape (6, 3)"),
    (np.ones((6, 3)), "exactly one 1"),
    (np.eye(3)[[(k + 1) % 3 for k in checks.ONE_HOT_LABELS]], "label k goes to column k"),
])
def test_one_hot_typical_mistakes(answer, words):
    feedback = checks.one_hot_labels(answer)
    assert not feedback.passed
    assert words in feedback.message


# --- exercise 4: most_confused ----------------------------------------------------------------

MATRIX = np.array([[31, 1, 0], [3, 10, 0], [0, 0, 25]])


@pytest.mark.parametrize("answer", [
    ("Chinstrap", "Adelie"),
    ["chinstrap", "adelie"],
    (" CHINSTRAP ", "Adelie"),
    (1, 0),
    (np.int64(1), 0.0),
    ("Chinstrap", 0),
    np.array(["Chinstrap", "Adelie"]),
])
def test_most_confused_accepts_names_or_numbers(answer):
    feedback = checks.most_confused(answer, MATRIX)
    assert feedback.passed, feedback.message
    assert "3 Chinstrap penguins were predicted to be Adelie" in feedback.message


@pytest.mark.parametrize("answer, words", [
    (("Adelie", "Chinstrap"), "The other way round"),
    (("Gentoo", "Gentoo"), "on the diagonal"),
    (("Gentoo", "Adelie"), "another cell off the diagonal has 3"),
    (("Chinstrap", "Emperor"), "should name two of"),
    ("Chinstrap", "should be a pair"),
    (("Chinstrap", "Adelie", "Gentoo"), "should be a pair"),
    ((3, 0), "should name two of"),
])
def test_most_confused_typical_mistakes(answer, words):
    feedback = checks.most_confused(answer, MATRIX)
    assert not feedback.passed
    assert words in feedback.message


def test_most_confused_reads_the_matrix_it_is_given():
    other = np.array([[20, 0, 4], [0, 9, 1], [2, 0, 30]])
    assert checks.most_confused(("Adelie", "Gentoo"), other).passed
    assert not checks.most_confused(("Chinstrap", "Adelie"), other).passed


# --- exercise 5: the gradient with respect to the scores, written by the learner --------------

GRADIENT = """def score_gradient(Z, Y):
    exp = np.exp(Z - Z.max(axis=1, keepdims=True))
    y_hat = exp / exp.sum(axis=1, keepdims=True)
    return (y_hat - Y) / len(Z)
"""


@pytest.mark.parametrize("changes", [
    {}, {"(y_hat - Y) / len(Z)": "(y_hat - Y) / Z.shape[0]"},
    {"exp / exp.sum(axis=1, keepdims=True)": "nnlib.softmax(Z)"},
    {"exp / exp.sum(axis=1, keepdims=True)": "np.array([row / row.sum() for row in exp])"},
    {"(y_hat - Y) / len(Z)": "np.einsum('nk->nk', y_hat - Y) / len(Y)"},
])
def test_score_gradient_accepts_every_correct_form(changes):
    feedback = checks.score_gradient(mutant(GRADIENT, "score_gradient", changes))
    assert feedback.passed, feedback.message


@pytest.mark.parametrize(("key", "changes"), [
    ("overflow", {"Z - Z.max(axis=1, keepdims=True)": "Z"}),
    ("global_max", {"Z.max(axis=1, keepdims=True)": "Z.max()"}),
    ("no_mean", {" / len(Z)": ""}),
    ("all_entries", {"len(Z)": "Y.size"}),
    ("sign", {"(y_hat - Y)": "(Y - y_hat)"}),
    ("scores", {"(y_hat - Y)": "(Z - Y)"}),
    ("wrt_probabilities", {"(y_hat - Y) / len(Z)": "-Y / (y_hat * len(Z))"}),
    ("softmax_columns", {"axis=1": "axis=0"}),
    ("raises_broadcast", {"Z.max(axis=1, keepdims=True)": "Z.max(axis=1)"}),
    ("fallback", {"(y_hat - Y)": "(y_hat - Y) ** 2"}),
])
def test_score_gradient_names_each_mistake_made_by_code_that_makes_it(key, changes):
    feedback = checks.score_gradient(mutant(GRADIENT, "score_gradient", changes))
    assert not feedback.passed and feedback.mistake == key, feedback.message


def test_score_gradient_reference_agrees_with_central_differences():
    Z, Y = checks.score_gradient.cases()[0]
    numerical = nnlib.numerical_gradient(lambda _: nnlib.cross_entropy(Y, nnlib.softmax(Z)), Z)
    np.testing.assert_allclose(checks.gradient_answer(Z, Y), numerical, atol=1e-8)
