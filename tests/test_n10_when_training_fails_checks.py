"""Exercise checks of notebook 10: every right form passes, every recognised mistake, made by
code or answers that make it, is named, other answers get a fallback that is true of them, and
junk never makes a check raise."""

import math
from pathlib import Path

import nbformat
import numpy as np
import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from learners import mutant

from nnlib.course.feedback import Exercise
from nnlib.course.n10_when_training_fails import checklist, checks, runs

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "10_when_training_fails.ipynb"

# --- exercise 1: the loss before training -----------------------------------------------------

K = checks.START_CLASSES


@pytest.mark.parametrize("answer", [
    math.log(K), np.log(K), -np.log(1 / K), -math.log(1 / K), np.float32(np.log(K)),
    [math.log(K)], (math.log(K),), np.array([[math.log(K)]]), 3.258, 3.26,
])
def test_start_loss_right_in_every_form(answer):
    feedback = checks.start_loss(answer)
    assert feedback.passed, feedback.message
    assert "log(26) = 3.2581" in feedback.message


@pytest.mark.parametrize(("answer", "key"), [
    (math.log10(K), "log10"), (math.log2(K), "log2"), (-math.log(K), "sign"),
    (math.log(1 / K), "sign"), (1 / K, "probability"), (math.log(10), "digits"), (K, "classes"),
    (2.0, "fallback"), (0.0, "fallback"), (math.log(25), "fallback"),
])
def test_start_loss_names_each_mistake(answer, key):
    feedback = checks.start_loss(answer)
    assert not feedback.passed and feedback.mistake == key and "Hint:" in feedback.message


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 5000), st.floats(-50, 50))
@example(2, 0.005 - 1e-6)
@example(2, -0.005 + 1e-6)
@example(2, 0.005 + 1e-6)
@example(26, -0.005 - 1e-6)
def test_start_loss_accepts_log_k_and_its_fallback_is_true(k, offset):
    # within a hair of the tolerance, how log(k) + offset rounds decides (hypothesis found 0.005)
    assume(abs(abs(offset) - checks.START_TOLERANCE) > 1e-9)
    assert checks.start_loss(math.log(k), n_classes=k).passed
    feedback = checks.start_loss(math.log(k) + offset, n_classes=k)
    assert feedback.passed == (abs(offset) <= checks.START_TOLERANCE)
    if feedback.mistake == "fallback":
        assert checks.start_loss.fallback.when(feedback.facts)


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
    if (letter, cause) in checks.GALLERY_MISTAKES:
        assert feedback.mistake == "confused"
        assert checks.GALLERY_MISTAKES[letter, cause] in feedback.message
    else:
        assert feedback.mistake == "fallback"
        assert checks.GALLERY_CLUES[letter] in feedback.message
        assert checks.gallery_causes.fallback.when(feedback.facts)


def test_gallery_several_wrong_names_the_others_too():
    answer = {**RIGHT, "A": "wrong labels", "B": "wrong labels", "F": "wrong labels"}
    feedback = checks.gallery_causes(answer)
    assert "3 of 6 right. Run A is not 'wrong labels' (nor runs B, F)." in feedback.message


@pytest.fixture(scope="module")
def gallery_findings():
    parts = runs.digits.split()
    return {name: {f.step: f for f in checklist.run_checklist(setup, parts)}
            for name, setup in runs.GALLERY.items()}


def test_gallery_clues_and_hints_say_what_the_checklist_shows(gallery_findings):
    failed = {name: {step for step, f in findings.items() if not f.healthy}
              for name, findings in gallery_findings.items()}
    assert failed["A"] >= {"update ratio", "dead units"}
    assert gallery_findings["A"]["dead units"].measured.startswith("32 of 32")
    assert failed["B"] >= {"update ratio", "one batch"} and "dead units" not in failed["B"]
    assert failed["C"] == {"inputs"}
    assert gallery_findings["C"]["inputs"].measured == "training 0 to 1, validation 0 to 16"
    assert failed["D"] == {"curves"} and runs.train(runs.GALLERY["D"]).val_accuracy[-1] < 0.1
    assert failed["E"] == {"loss at the start"}
    assert failed["F"] == {"gradient check"}
    assert gallery_findings["A"]["loss at the start"].measured.startswith("2.3742")
    assert runs.train(runs.GALLERY["C"]).val_accuracy[-1] > 0.9


@pytest.mark.parametrize(("answer", "key", "says"), [
    ({"A": "learning rate too high"}, "missing", "names no cause for runs B, C, D, E, F"),
    ({**RIGHT, "B": "too much coffee"}, "unknown_cause", "'too much coffee', which is not one"),
    ({**RIGHT, "B": 3}, "unknown_cause", "3, which is not one of the causes"),
    ("learning rate too high", "not_a_dict", "should be a dict"),
    (list(RIGHT.values())[:5], "not_a_dict", "should be a dict"),
    (None, "unanswered", "answer_2 is still None"),
])
def test_gallery_malformed_answers(answer, key, says):
    feedback = checks.gallery_causes(answer)
    assert not feedback.passed and feedback.mistake == key and says in feedback.message


# --- exercise 3: fix the training function -------------------------------------------------------

BROKEN = '''def fixed_train_epoch(network, X, y, batch_size, learning_rate, rng):
    order = rng.permutation(len(X))
    X = X[order]
    for start in range(0, len(X), batch_size):
        X_batch = X[start : start + batch_size]
        y_batch = y[start : start + batch_size]
        dweights, dbiases = network.gradients(X_batch, y_batch)
        for parameter, gradient in zip(network.weights + network.biases, dweights + dbiases,
                                       strict=True):
            parameter = parameter - learning_rate * gradient
'''
FIX_UPDATE = {"parameter = parameter - learning_rate": "parameter -= learning_rate"}
FIX_SHUFFLE = {"    X = X[order]\n": "    X, y = X[order], y[order]\n"}


def test_the_notebooks_broken_function_is_the_one_tested_here():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    source = next(cell.source for cell in notebook.cells
                  if cell.source.startswith("def broken_train_epoch"))
    assert source.replace("broken_train_epoch", "fixed_train_epoch") + "\n" == BROKEN


@pytest.mark.parametrize(("changes", "key"), [
    ({}, "never_applied"),  # as given: both bugs
    (FIX_SHUFFLE, "never_applied"),  # the shuffle fixed, the update still lost
    (FIX_UPDATE, "apart"),  # the update fixed: the second bug shows
    ({**FIX_UPDATE, "    X = X[order]\n": "    X, y = X[order], y[rng.permutation(len(y))]\n"},
     "apart"),
    ({**FIX_UPDATE, "    X = X[order]\n": ""}, "no_shuffle"),
    ({**FIX_SHUFFLE, "parameter = parameter - learning_rate": "parameter += learning_rate"},
     "sign"),
])
def test_fixed_train_epoch_names_the_bug_left(changes, key):
    feedback = checks.fixed_train_epoch(mutant(BROKEN, "fixed_train_epoch", changes))
    assert not feedback.passed and feedback.mistake == key, feedback.message


@pytest.mark.parametrize("changes", [
    {**FIX_UPDATE, **FIX_SHUFFLE},
    {**FIX_SHUFFLE, "            parameter = parameter - learning_rate * gradient":
     "            parameter[...] = parameter - learning_rate * gradient"},
    {**FIX_SHUFFLE, "            parameter = parameter - learning_rate * gradient":
     "            np.subtract(parameter, learning_rate * gradient, out=parameter)"},
    {**FIX_UPDATE, "    X = X[order]\n": "    X = X[order]\n    y = y[order]\n"},
])
def test_fixed_train_epoch_accepts_every_fix(changes):
    feedback = checks.fixed_train_epoch(mutant(BROKEN, "fixed_train_epoch", changes))
    assert feedback.passed, feedback.message
    assert "both bugs fixed" in feedback.message


def test_fixed_train_epoch_starter_is_not_written_yet():
    starter = mutant("def fixed_train_epoch(network, X, y, batch_size, learning_rate, rng):\n"
                     '    """One epoch."""\n', "fixed_train_epoch", {})
    assert checks.fixed_train_epoch(starter).mistake == "not_written"


# --- exercise 4: the centring layer's backward pass ---------------------------------------------

CENTRE = '''def centre_backward(d_out):
    return d_out - d_out.mean(axis=0)
'''


@pytest.mark.parametrize("changes", [
    {},
    {"d_out.mean(axis=0)": "np.mean(d_out, axis=0, keepdims=True)"},
    {"d_out.mean(axis=0)": "d_out.sum(axis=0) / d_out.shape[0]"},
    {"return d_out - d_out.mean(axis=0)":
     "n = len(d_out)\n    return np.array([row - sum(d_out) / n for row in d_out])"},
    {"return d_out - d_out.mean(axis=0)": "return (d_out - d_out.mean(axis=0)).tolist()"},
])
def test_centre_right_in_every_form(changes):
    feedback = checks.centre_backward(mutant(CENTRE, "centre_backward", changes))
    assert feedback.passed, feedback.message
    assert "largest relative error below 1e-07" in feedback.message
    assert "shapes (6, 3), (2, 5), (9, 1)" in feedback.message


@pytest.mark.parametrize(("changes", "key"), [
    ({" - d_out.mean(axis=0)": ""}, "mean_constant"),
    ({" - d_out.mean(axis=0)": " * (1 - 1 / len(d_out))"}, "own_output_only"),
    ({"d_out.mean(axis=0)": "d_out.mean(axis=1, keepdims=True)"}, "row_means"),
    ({"d_out.mean(axis=0)": "d_out.mean()"}, "overall_mean"),
    ({"d_out.mean(axis=0)": "d_out.sum(axis=0)"}, "sums"),
    ({"d_out - d_out": "d_out + d_out"}, "sign"),
    ({"return d_out - d_out.mean(axis=0)": "return d_out.mean(axis=0)"}, "shape"),
    ({"return d_out - d_out.mean(axis=0)": "return d_out.T - d_out.mean(axis=0)[:, None]"},
     "shape"),
    ({"return d_out - d_out.mean(axis=0)": "return 2 * (d_out - d_out.mean(axis=0))"},
     "fallback"),
    ({"return d_out - d_out.mean(axis=0)": "return d_out.reshape(-1)[100]"}, "raises"),
    ({"return d_out - d_out.mean(axis=0)": '"""Not yet."""'}, "not_written"),
    ({"return d_out - d_out.mean(axis=0)": "return 'dz'"}, "not_numbers"),
    ({"return d_out - d_out.mean(axis=0)": "d_out -= d_out.mean(axis=0)\n    return d_out"},
     "changes_inputs"),
])
def test_centre_names_each_mistake_made_by_code_that_makes_it(changes, key):
    feedback = checks.centre_backward(mutant(CENTRE, "centre_backward", changes))
    assert not feedback.passed and feedback.mistake == key, feedback.message
    assert "Hint:" in feedback.message


def test_centre_fallback_claims_a_relative_error_that_is_there():
    feedback = checks.centre_backward(mutant(CENTRE, "centre_backward", {
        "return d_out - d_out.mean(axis=0)": "return 2 * (d_out - d_out.mean(axis=0))"}))
    assert "largest relative error 5e-01" in feedback.message
    assert checks.centre_backward.fallback.when(feedback.facts)


def test_centre_reference_agrees_with_central_differences():
    for (d_out,) in checks.centre_cases():
        numerical = checks._numerical_dz(d_out)
        np.testing.assert_allclose(checks.centre_backward_reference(d_out), numerical,
                                   atol=1e-8)


def test_centre_mistakes_differ_from_each_other_and_from_the_reference():
    (d_out,) = checks.centre_cases()[0]
    answers = [m.wrong(d_out) for m in checks.centre_backward.mistakes if m.wrong is not None]
    answers.append(checks.centre_backward_reference(d_out))
    for i, first in enumerate(answers):
        for second in answers[i + 1:]:
            assert not np.allclose(first, second)


# --- every value exercise of the notebook: junk gets a hint ------------------------------------

VALUE_EXERCISES = [e for e in vars(checks).values() if isinstance(e, Exercise) and e.cases is None]
JUNK = [None, "text", True, [[1, 2], [3]], {"a": 1}, float("nan"), [], object()]


def test_the_notebook_has_two_value_and_two_code_exercises():
    exercises = [e for e in vars(checks).values() if isinstance(e, Exercise)]
    assert sorted(e.name for e in exercises) == ["answer_1", "answer_2", "centre_backward",
                                                 "fixed_train_epoch"]


@pytest.mark.parametrize("exercise", VALUE_EXERCISES, ids=lambda e: e.name)
def test_every_value_exercise_turns_junk_into_a_hint(exercise):
    for answer in JUNK:
        feedback = exercise(answer)
        assert not feedback.passed and "Hint:" in feedback.message, (answer, feedback)
        assert exercise.name in feedback.message or feedback.mistake
    assert exercise(None, name="answer_9").message.startswith("answer_9 is still")
