"""Exercise checks of notebook 10: every right form passes, every recognised mistake, made by
the code in the exercise's own table, gets its hint, other answers get a fallback that is true
of them, and no answer makes a check raise."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnlib.course.n10_when_training_fails import checks, runs

# --- exercise 1: the loss before training -----------------------------------------------------

K = checks.START_CLASSES


@pytest.mark.parametrize("answer", [
    math.log(K), np.log(K), -np.log(1 / K), -math.log(1 / K), np.float32(np.log(K)),
    [math.log(K)], np.array([[math.log(K)]]), 3.258, 3.26, round(math.log(K), 3),
])
def test_start_loss_right_in_every_form(answer):
    feedback = checks.start_loss(answer)
    assert feedback.passed, feedback.message
    assert "log(26) = 3.2581" in feedback.message


@pytest.mark.parametrize("mistake", checks.START_MISTAKES, ids=lambda m: m.problem[9:30])
def test_start_loss_each_recognised_mistake_gets_its_hint(mistake):
    feedback = checks.start_loss(mistake.makes(K))
    assert not feedback.passed
    value = mistake.makes(K)
    assert mistake.problem.format(value=value, k=K) in feedback.message
    assert mistake.hint.format(value=value, k=K) in feedback.message


@pytest.mark.parametrize("answer", [2.0, 0.0, 100.0, math.log(25) + 0.1])
def test_start_loss_other_numbers_get_the_fallback(answer):
    feedback = checks.start_loss(answer)
    assert not feedback.passed and f"{answer:g} is not what an untrained network" in \
        feedback.message


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 5000))
def test_start_loss_accepts_log_k_for_any_number_of_classes(k):
    assert checks.start_loss(math.log(k), n_classes=k).passed
    assert not checks.start_loss(math.log(k) + 0.1, n_classes=k).passed


@pytest.mark.parametrize("answer", [None, "3.26", [1.0, 2.0], True, float("nan"), {"a": 1}])
def test_start_loss_not_a_number(answer):
    feedback = checks.start_loss(answer)
    assert not feedback.passed and "answer_1" in feedback.message


# --- exercise 2: the causes of the gallery's runs ----------------------------------------------

RIGHT = dict(checks.GALLERY_CAUSES)


def test_the_gallery_has_a_cause_for_every_run_and_only_listed_causes():
    assert list(RIGHT) == list(runs.GALLERY)
    assert set(RIGHT.values()) <= set(checks.CAUSES)


@pytest.mark.parametrize("answer", [
    RIGHT,
    list(RIGHT.values()),
    tuple(RIGHT.values()),
    {key.lower(): value.upper() for key, value in RIGHT.items()},
    {key: value.replace(" ", "_") + "." for key, value in RIGHT.items()},
    {**RIGHT, "A": "lr too high", "C": "unscaled inputs", "D": "labels shuffled",
     "E": "bad initialization", "F": "wrong backward pass"},
])
def test_gallery_right_in_every_form(answer):
    feedback = checks.gallery_causes(answer)
    assert feedback.passed, feedback.message


@pytest.mark.parametrize("letter", list(RIGHT))
@pytest.mark.parametrize("cause", checks.CAUSES)
def test_gallery_any_wrong_cause_gets_a_true_hint(letter, cause):
    if cause == RIGHT[letter]:
        return
    feedback = checks.gallery_causes({**RIGHT, letter: cause})
    assert not feedback.passed
    assert f"5 of 6 right. Run {letter} is not '{cause}'." in feedback.message
    hint = checks.GALLERY_MISTAKES.get((letter, cause), checks.GALLERY_CLUES[letter])
    assert hint in feedback.message


def test_gallery_several_wrong_names_the_others_too():
    answer = {**RIGHT, "A": "wrong labels", "B": "wrong labels", "F": "wrong labels"}
    feedback = checks.gallery_causes(answer)
    assert "3 of 6 right. Run A is not 'wrong labels' (nor runs B, F)." in feedback.message


def test_gallery_clues_say_what_the_checklist_shows(parts_findings):
    """Each clue's claims match the run's findings (a spot check of the words)."""
    failed = {name: {f.step for f in findings if not f.healthy}
              for name, findings in parts_findings.items()}
    assert failed["C"] == {"inputs"} and "VALIDATION inputs go from 0 to 16" in \
        checks.GALLERY_CLUES["C"]
    assert failed["F"] == {"gradient check"} and "disagree" in checks.GALLERY_CLUES["F"]
    assert failed["E"] == {"loss at the start"}
    assert "every hidden unit is dead" in checks.GALLERY_CLUES["A"] and "dead units" in \
        failed["A"]


@pytest.fixture(scope="module")
def parts_findings():
    from nnlib.course.n10_when_training_fails import checklist

    parts = runs.digits.split()
    return {name: checklist.run_checklist(setup, parts) for name, setup in runs.GALLERY.items()}


@pytest.mark.parametrize(("answer", "says"), [
    ({"A": "learning rate too high"}, "names no cause for runs B, C, D, E, F"),
    ({**RIGHT, "B": "too much coffee"}, "'too much coffee', which is not one of the causes"),
    ({**RIGHT, "B": 3}, "3, which is not one of the causes"),
    ("learning rate too high", "should be a dict"),
    (list(RIGHT.values())[:5], "should be a dict"),
    (None, "answer_2 is still None"),
])
def test_gallery_malformed_answers(answer, says):
    feedback = checks.gallery_causes(answer)
    assert not feedback.passed and says in feedback.message


# --- exercise 3: fix the training function ----------------------------------------------------


def fixed_by_index(network, X, y, batch_size, learning_rate, rng):
    order = rng.permutation(len(X))
    X, y = X[order], y[order]
    for start in range(0, len(X), batch_size):
        dweights, dbiases = network.gradients(X[start : start + batch_size],
                                              y[start : start + batch_size])
        for layer in range(len(network.weights)):
            network.weights[layer] = network.weights[layer] - learning_rate * dweights[layer]
            network.biases[layer] = network.biases[layer] - learning_rate * dbiases[layer]


def fixed_with_indices(network, X, y, batch_size, learning_rate, rng):
    order = rng.permutation(len(X))
    for start in range(0, len(X), batch_size):
        rows = order[start : start + batch_size]
        dweights, dbiases = network.gradients(X[rows], y[rows])
        for parameter, gradient in zip(network.weights + network.biases, dweights + dbiases,
                                       strict=True):
            np.subtract(parameter, learning_rate * gradient, out=parameter)


def fixed_returning_a_network(network, X, y, batch_size, learning_rate, rng):
    runs.train_epoch(network, X, y, batch_size, learning_rate, rng)
    return network


@pytest.mark.parametrize("answer", [runs.train_epoch, fixed_by_index, fixed_with_indices,
                                    fixed_returning_a_network])
def test_train_epoch_right_in_every_form(answer):
    feedback = checks.fixed_train_epoch(answer)
    assert feedback.passed, feedback.message


def test_train_epoch_the_broken_one_as_given_changes_nothing():
    feedback = checks.fixed_train_epoch(checks.broken_train_epoch)
    assert not feedback.passed
    assert "exactly the ones it started with" in feedback.message
    assert "parameter -= learning_rate * gradient" in feedback.message


@pytest.mark.parametrize("mistake", checks.TRAIN_MISTAKES, ids=lambda m: m.problem[:30])
def test_train_epoch_each_recognised_mistake_gets_its_hint(mistake):
    feedback = checks.fixed_train_epoch(mistake.makes)
    assert not feedback.passed
    assert mistake.problem in feedback.message and mistake.hint in feedback.message


def test_train_epoch_the_first_fix_alone_reveals_the_second_bug():
    def half_fixed(network, X, y, batch_size, learning_rate, rng):
        order = rng.permutation(len(X))
        X = X[order]
        for start in range(0, len(X), batch_size):
            dweights, dbiases = network.gradients(X[start : start + batch_size],
                                                  y[start : start + batch_size])
            for parameter, gradient in zip(network.weights + network.biases,
                                           dweights + dbiases, strict=True):
                parameter -= learning_rate * gradient

    feedback = checks.fixed_train_epoch(half_fixed)
    assert "X is shuffled, y is not" in feedback.message


def test_train_epoch_batches_that_mismatch_another_way_get_the_general_hint():
    def reversed_labels(network, X, y, batch_size, learning_rate, rng):
        order = rng.permutation(len(X))
        runs.train_epoch(network, X[order], y[order][::-1], batch_size, learning_rate,
                         np.random.default_rng(1))

    feedback = checks.fixed_train_epoch(reversed_labels)
    assert not feedback.passed and "differ from those of a correct epoch" in feedback.message


def test_train_epoch_an_exception_becomes_feedback_with_its_line():
    def crashes(network, X, y, batch_size, learning_rate, rng):
        X_batch = X[:batch_size]
        return network.gradients(X_batch, y[: batch_size + 1])

    feedback = checks.fixed_train_epoch(crashes)
    assert not feedback.passed
    assert "ValueError at the line `return network.gradients(X_batch, y[: batch_size + 1])`" \
        in feedback.message
    assert "same number of rows" in feedback.message


@pytest.mark.parametrize("answer", [None, "train_epoch", 3])
def test_train_epoch_not_a_function(answer):
    feedback = checks.fixed_train_epoch(answer)
    assert not feedback.passed and "answer_3" in feedback.message


def test_train_epoch_a_wrong_signature_is_feedback():
    feedback = checks.fixed_train_epoch(lambda network, X, y: None)
    assert not feedback.passed and "TypeError" in feedback.message


# --- exercise 4: the centring layer's backward pass --------------------------------------------


@pytest.mark.parametrize("answer", [
    checks.centre_backward_reference,
    lambda d_out: d_out - np.mean(d_out, axis=0, keepdims=True),
    lambda d_out: d_out - d_out.sum(axis=0) / d_out.shape[0],
    lambda d_out: (d_out - d_out.mean(axis=0)).tolist(),
    lambda d_out: np.array([row - d_out.mean(axis=0) for row in d_out]),
])
def test_centre_right_in_every_form(answer):
    feedback = checks.centre_backward(answer)
    assert feedback.passed, feedback.message
    assert "shapes (6, 3), (2, 5), (9, 1)" in feedback.message


@pytest.mark.parametrize("mistake", checks.CENTRE_MISTAKES, ids=lambda m: m.problem[:30])
def test_centre_each_recognised_mistake_gets_its_hint(mistake):
    feedback = checks.centre_backward(mistake.makes)
    assert not feedback.passed
    assert mistake.problem in feedback.message and mistake.hint in feedback.message


@pytest.mark.parametrize(("answer", "says"), [
    (lambda d_out: d_out.mean(axis=0), "returns shape (3,)"),
    (lambda d_out: d_out.T, "returns shape (3, 6)"),
    (lambda d_out: 2 * (d_out - d_out.mean(axis=0)), "relative error"),
    (lambda d_out: "dz", "should be numbers"),
    (lambda d_out: d_out * np.nan, "NaN"),
    (lambda d_out: d_out.reshape(-1)[100], "IndexError at the line"),
    (None, "answer_4 is still None"),
    ("d_out - mean", "should be your function"),
])
def test_centre_other_answers(answer, says):
    feedback = checks.centre_backward(answer)
    assert not feedback.passed and says in feedback.message, feedback.message


def test_centre_the_mistakes_are_all_different_on_the_checks_inputs():
    for d_out in checks.centre_upstreams()[:1]:
        answers = [m.makes(d_out) for m in checks.CENTRE_MISTAKES]
        answers.append(checks.centre_backward_reference(d_out))
        for i, first in enumerate(answers):
            for second in answers[i + 1 :]:
                assert not np.allclose(first, second)
