"""Exercise checks of notebook 04: right answers pass, typical wrong answers get their hint."""

import numpy as np
import pytest

import nnlib
from nnlib.course.n04_training_curves import checks


@pytest.fixture
def history():
    """Validation loss lowest at iteration 3 (index 2); training loss lowest at the end."""
    return nnlib.History(
        losses=np.array([0.5, 0.4, 0.3, 0.2, 0.1, 0.05]),
        validation_losses=np.array([0.6, 0.5, 0.45, 0.47, 0.5, 0.55]),
    )


# --- exercise 1: best_validation_iteration ----------------------------------------------------


def test_best_iteration_right_answer(history):
    feedback = checks.best_validation_iteration(3, history)
    assert feedback.passed
    assert "iteration 3" in feedback.message and "0.4500" in feedback.message


def test_best_iteration_accepts_numpy_integers_and_whole_floats(history):
    assert checks.best_validation_iteration(np.int64(2) + 1, history).passed
    assert checks.best_validation_iteration(3.0, history).passed


def test_best_iteration_none(history):
    feedback = checks.best_validation_iteration(None, history)
    assert not feedback.passed
    assert "still None" in feedback.message


def test_best_iteration_off_by_one(history):
    feedback = checks.best_validation_iteration(int(np.argmin(history.validation_losses)), history)
    assert not feedback.passed
    assert "counts from 0" in feedback.message and "add 1" in feedback.message


@pytest.mark.parametrize("answer", [6, 5])  # argmin of the training loss, with or without + 1
def test_best_iteration_wrong_curve(history, answer):
    feedback = checks.best_validation_iteration(answer, history)
    assert not feedback.passed
    assert "TRAINING loss" in feedback.message
    assert "history.validation_losses" in feedback.message


def test_best_iteration_gave_the_loss_value(history):
    feedback = checks.best_validation_iteration(0.45, history)
    assert not feedback.passed
    assert "lowest validation loss itself" in feedback.message


def test_best_iteration_other_iteration(history):
    feedback = checks.best_validation_iteration(4, history)
    assert not feedback.passed
    assert "iteration 4 is 0.4700" in feedback.message


@pytest.mark.parametrize("answer", [0, 7, -1])
def test_best_iteration_out_of_range(history, answer):
    # 0 is also argmin-style off by one only when the minimum is at index 0; here it is not
    feedback = checks.best_validation_iteration(answer, history)
    assert not feedback.passed
    assert "iterations 1 to 6" in feedback.message


@pytest.mark.parametrize("answer", ["3", [3], np.array([3]), True])
def test_best_iteration_wrong_type(history, answer):
    feedback = checks.best_validation_iteration(answer, history)
    assert not feedback.passed
    assert "one whole number" in feedback.message


# --- exercise 2: xor_learning_rate ------------------------------------------------------------


@pytest.mark.parametrize("learning_rate", [10.0, 30])
def test_xor_rate_right_answer(learning_rate):
    feedback = checks.xor_learning_rate(learning_rate)
    assert feedback.passed
    assert f"in {checks.XOR_ITERATIONS} iterations" in feedback.message


def test_xor_rate_none():
    assert "still None" in checks.xor_learning_rate(None).message


@pytest.mark.parametrize("learning_rate", [0.05, 1.0, 4.0])  # 4: section 3's rate
def test_xor_rate_too_small(learning_rate):
    feedback = checks.xor_learning_rate(learning_rate)
    assert not feedback.passed
    assert "too small" in feedback.message and "larger learning rate" in feedback.message


@pytest.mark.parametrize("learning_rate", [60.0, 1e6, 1e300])
def test_xor_rate_too_large(learning_rate):
    with np.errstate(all="raise"):  # the check must not warn even for absurd rates
        feedback = checks.xor_learning_rate(learning_rate)
    assert not feedback.passed
    assert "overshoot" in feedback.message and "smaller learning rate" in feedback.message


@pytest.mark.parametrize("learning_rate", [0, -4.0, float("nan"), float("inf")])
def test_xor_rate_not_positive(learning_rate):
    feedback = checks.xor_learning_rate(learning_rate)
    assert not feedback.passed
    assert "positive number" in feedback.message


@pytest.mark.parametrize("answer", ["4", [4.0], False])
def test_xor_rate_wrong_type(answer):
    feedback = checks.xor_learning_rate(answer)
    assert not feedback.passed
    assert "one number" in feedback.message


def test_xor_rate_agrees_with_training_it_yourself(xor):
    X, y = xor
    network = nnlib.Network([3, 4, 1], seed=0)
    network.train(X, y, checks.XOR_ITERATIONS, learning_rate=10.0)
    assert network.loss(X, y) < checks.XOR_TARGET_LOSS
    assert f"{network.loss(X, y):.4f}" in checks.xor_learning_rate(10.0).message


# --- exercise 3: sum_to_mean ------------------------------------------------------------------


@pytest.fixture
def targets():
    return np.zeros((30, 3))


def test_sum_to_mean_right_answer(targets):
    feedback = checks.sum_to_mean(27.6 / 90, 27.6, targets)
    assert feedback.passed
    assert "90 squared errors" in feedback.message


def test_sum_to_mean_matches_nnlib(targets):
    rng = np.random.default_rng(0)
    y_hat = rng.uniform(size=targets.shape)
    sse_value = nnlib.sse(targets, y_hat)
    assert checks.sum_to_mean(nnlib.mse(targets, y_hat), sse_value, targets).passed


def test_sum_to_mean_none(targets):
    assert "still None" in checks.sum_to_mean(None, 27.6, targets).message


def test_sum_to_mean_divided_by_rows_only(targets):
    feedback = checks.sum_to_mean(27.6 / 30, 27.6, targets)
    assert not feedback.passed
    assert "30 penguins only" in feedback.message and "y_train.size" in feedback.message


def test_sum_to_mean_divided_by_outputs_only(targets):
    feedback = checks.sum_to_mean(27.6 / 3, 27.6, targets)
    assert not feedback.passed
    assert "3 outputs only" in feedback.message


def test_sum_to_mean_still_the_sum(targets):
    feedback = checks.sum_to_mean(27.6, 27.6, targets)
    assert not feedback.passed
    assert "still the sum" in feedback.message


def test_sum_to_mean_something_else(targets):
    feedback = checks.sum_to_mean(1.5, 27.6, targets)
    assert not feedback.passed
    assert "got 1.5" in feedback.message


@pytest.mark.parametrize("answer", ["0.3", np.array([0.3, 0.3]), [0.3]])
def test_sum_to_mean_wrong_type(targets, answer):
    feedback = checks.sum_to_mean(answer, 27.6, targets)
    assert not feedback.passed
    assert "one number" in feedback.message
