"""Exercise checks of notebook 05: every correct form passes, typical wrong answers get their
hint, and nothing raises."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from learners import judged, mutant, says

import nnlib
from nnlib.course.n05_more_than_two_classes import checks

SCORES = np.array(checks.SCORES)
# exercise 1, independent of checks.stable_softmax: by the division done with Python floats
EXP = [math.exp(score - max(checks.SCORES)) for score in checks.SCORES]
SOFTMAX = [value / sum(EXP) for value in EXP]
# exercise 2, independent: the loss of each penguin typed from the table, then the mean
TRUE_PROBABILITIES = [0.7, 0.8, 0.3, 0.8]  # rows' entries in the columns 0, 2, 1, 2
CROSS_ENTROPY = sum(-math.log(p) for p in TRUE_PROBABILITIES) / 4
# exercise 3, independent: typed row by row for the labels 2, 0, 1, 1, 0, 2
ONE_HOT = [[0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 1, 0], [1, 0, 0], [0, 0, 1]]
MATRIX = np.array([[31, 1, 0], [3, 10, 0], [0, 0, 25]])  # exercise 4


@pytest.mark.parametrize(("check", "answer"), [
    *((checks.softmax_of_scores, form) for form in [
        SOFTMAX, np.array(SOFTMAX), np.array(SOFTMAX)[None, :],  # a list, (3,), a row (1, 3)
        np.array(SOFTMAX)[:, None], tuple(SOFTMAX), nnlib.softmax(SCORES),  # a column (3, 1)
        [round(v, 4) for v in SOFTMAX],  # typed in from a 4-decimal print
        np.array(SOFTMAX, dtype=np.float32)]),
    *((checks.one_hot_labels, form) for form in [
        ONE_HOT, np.array(ONE_HOT), np.array(ONE_HOT, dtype=float), np.array(ONE_HOT, dtype=bool),
        [[bool(v) for v in row] for row in ONE_HOT], nnlib.one_hot(checks.ONE_HOT_LABELS, 3),
        np.eye(3)[list(checks.ONE_HOT_LABELS)], tuple(tuple(row) for row in ONE_HOT)]),
])
def test_every_form_of_a_right_answer_passes(check, answer):
    says(check(answer), passed=True)


def test_softmax_of_other_scores():
    scores = (0.0, 1.0)
    feedback = checks.softmax_of_scores([1 / (1 + math.e), math.e / (1 + math.e)], scores)
    assert feedback.passed


def test_the_given_cross_entropy_matches_nnlib():
    y = nnlib.one_hot(checks.CE_LABELS, 3)
    assert checks.cross_entropy_value() == pytest.approx(
        nnlib.cross_entropy(y, np.array(checks.CE_PREDICTIONS)))
    assert checks.cross_entropy_value() == pytest.approx(CROSS_ENTROPY)


def test_the_given_labels_are_the_typed_ones():
    assert list(checks.ONE_HOT_LABELS) == [2, 0, 1, 1, 0, 2]


@settings(max_examples=30, deadline=None)
@given(st.floats(-4.9e-4, 4.9e-4))
def test_cross_entropy_accepts_a_rounded_value(offset):
    assert checks.cross_entropy_of_predictions(CROSS_ENTROPY + offset).passed


P, Y_ONE_HOT = np.array(checks.CE_PREDICTIONS), nnlib.one_hot(checks.CE_LABELS, 3)
with np.errstate(over="ignore", invalid="ignore"):
    NAIVE = np.exp(SCORES) / np.exp(SCORES).sum()


@pytest.mark.parametrize(("check", "answer", "said"), [
    (checks.softmax_of_scores, NAIVE, ["nan", "subtract the largest score"]),
    (checks.softmax_of_scores, [0.2, 0.3, 0.5], ["not the softmax"]),  # sums to 1, wrong values
    (checks.softmax_of_scores, [0.5, 0.5, 0.5], ["adds up to 1.5000"]),
    (checks.softmax_of_scores, [0.1, 0.9], ["3 numbers"]),
    (checks.softmax_of_scores, np.ones((3, 3)) / 3, ["3 numbers"]),
    (checks.softmax_of_scores, np.exp(SCORES - SCORES.max()), ["divide by their sum"]),
    (checks.softmax_of_scores, np.exp(SCORES.min() - SCORES) / np.exp(SCORES.min() - SCORES).sum(),
     ["NEGATED"]),
    (checks.cross_entropy_of_predictions, -CROSS_ENTROPY, ["has a minus in front"]),
    (checks.cross_entropy_of_predictions, 4 * CROSS_ENTROPY, ["SUM over the 4 penguins"]),
    (checks.cross_entropy_of_predictions, CROSS_ENTROPY / math.log(10), ["log10"]),
    (checks.cross_entropy_of_predictions, CROSS_ENTROPY / math.log(2), ["log2"]),
    (checks.cross_entropy_of_predictions, CROSS_ENTROPY / 3, ["all numbers of the table"]),
    (checks.cross_entropy_of_predictions, -np.mean(np.log([0.7, 0.8, 0.5, 0.8])),
     ["most probable species"]),
    (checks.cross_entropy_of_predictions, 5.0, ["5 is not the mean cross-entropy"]),
    (checks.cross_entropy_of_predictions, 1.477, ["1.477 is not the mean cross-entropy"]),
    (checks.cross_entropy_of_predictions, -0.2, ["-0.2 is not positive"]),
    (checks.cross_entropy_of_predictions, [0.3, 0.2], ["one number"]),
    (checks.cross_entropy_of_predictions,
     -np.mean(np.sum(Y_ONE_HOT * np.log(P) + (1 - Y_ONE_HOT) * np.log(1 - P), axis=1)),
     ["two-class formula"]),
    (checks.cross_entropy_of_predictions, -np.log(TRUE_PROBABILITIES), ["np.mean"]),  # one by one
    (checks.one_hot_labels, np.array(ONE_HOT).T, ["transpose"]),
    (checks.one_hot_labels, list(checks.ONE_HOT_LABELS), ["the labels themselves"]),
    (checks.one_hot_labels, np.array(checks.ONE_HOT_LABELS)[:, None], ["the labels themselves"]),
    (checks.one_hot_labels, np.eye(4)[list(checks.ONE_HOT_LABELS)], ["Expected shape (6, 3)"]),
    (checks.one_hot_labels, np.ones((6, 3)), ["exactly one 1"]),
    (checks.one_hot_labels, np.eye(3)[[(k + 1) % 3 for k in checks.ONE_HOT_LABELS]],
     ["label k goes to column k"]),
])
def test_each_mistake_is_named(check, answer, said):
    says(check(answer), *said)


# --- exercise 4: most_confused ----------------------------------------------------------------


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
    says(checks.most_confused(answer, MATRIX), "3 Chinstrap penguins were predicted to be Adelie",
         passed=True)


@pytest.mark.parametrize("answer, said", [
    (("Adelie", "Chinstrap"), "The other way round"),
    (("Gentoo", "Gentoo"), "on the diagonal"),
    (("Gentoo", "Adelie"), "another cell off the diagonal has 3"),
    (("Chinstrap", "Emperor"), "should name two of"),
    ("Chinstrap", "should be a pair"),
    (("Chinstrap", "Adelie", "Gentoo"), "should be a pair"),
    ((3, 0), "should name two of"),
])
def test_most_confused_typical_mistakes(answer, said):
    says(checks.most_confused(answer, MATRIX), said)


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
SOFTMAX_LINE = "exp / exp.sum(axis=1, keepdims=True)"


@pytest.mark.parametrize(("key", "changes"), [
    ("correct", {}), ("correct", {"(y_hat - Y) / len(Z)": "(y_hat - Y) / Z.shape[0]"}),
    ("correct", {SOFTMAX_LINE: "nnlib.softmax(Z)"}),
    ("correct", {SOFTMAX_LINE: "np.array([row / row.sum() for row in exp])"}),
    ("correct", {"(y_hat - Y) / len(Z)": "np.einsum('nk->nk', y_hat - Y) / len(Y)"}),
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
    judged(checks.score_gradient(mutant(GRADIENT, "score_gradient", changes)), key)


def test_score_gradient_reference_agrees_with_central_differences():
    Z, Y = checks.score_gradient.cases()[0]
    numerical = nnlib.numerical_gradient(lambda _: nnlib.cross_entropy(Y, nnlib.softmax(Z)), Z)
    np.testing.assert_allclose(checks.gradient_answer(Z, Y), numerical, atol=1e-8)
