"""Exercise checks of notebook 04: right answers pass, typical wrong answers get their hint."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
    assert "answer_1 is still None" in feedback.message


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


@pytest.mark.parametrize("answer", ["3", [3, 4], np.array([[3, 4]]), True])
def test_best_iteration_wrong_type(history, answer):
    feedback = checks.best_validation_iteration(answer, history)
    assert not feedback.passed
    assert "answer_1 should be one whole number" in feedback.message


@pytest.mark.parametrize(
    "answer", [[3], np.array([3]), np.array([[3.0]]), np.argmin([5, 4, 1]) + 1]
)
def test_best_iteration_accepts_one_number_in_a_list_or_array(history, answer):
    assert checks.best_validation_iteration(answer, history).passed


def test_best_iteration_agrees_with_numpy_on_a_real_training_run():
    X, y = nnlib.data.xor()
    history = nnlib.Network([3, 4, 1], seed=0).train(
        X, y, 50, learning_rate=20.0, validation_data=(X, y)
    )
    expected = int(np.argmin(history.validation_losses)) + 1
    assert checks.best_validation_iteration(expected, history).passed
    assert not checks.best_validation_iteration(expected + 1, history).passed


# --- exercise 2: xor_learning_rate ------------------------------------------------------------


def xor_run(learning_rate):
    """An independent run: the recorded losses of the notebook's 3-4-1 network on XOR."""
    X, y = nnlib.data.xor()
    network = nnlib.Network([3, 4, 1], seed=0)
    return network.train(X, y, checks.XOR_ITERATIONS, learning_rate=learning_rate).losses


@settings(max_examples=30, deadline=None)
@given(st.floats(min_value=4.85, max_value=5.3))
def test_xor_rate_accepts_every_steady_rate_that_reaches_the_target(learning_rate):
    losses = xor_run(learning_rate)
    assert np.all(np.diff(losses) <= 0) and losses[-1] < checks.XOR_TARGET_LOSS
    feedback = checks.xor_learning_rate(learning_rate)
    assert feedback.passed
    assert f"in {checks.XOR_ITERATIONS} iterations" in feedback.message


@pytest.mark.parametrize("answer", [5, 5.0, np.float64(5.0), np.int64(5), np.array(5.0), [5.0]])
def test_xor_rate_accepts_a_rate_in_any_numeric_form(answer):
    assert checks.xor_learning_rate(answer).passed


def test_xor_rate_none():
    assert "answer_2 is still None" in checks.xor_learning_rate(None).message


@settings(max_examples=30, deadline=None)
@given(st.floats(min_value=0.01, max_value=4.75))
def test_xor_rate_calls_every_steady_but_slow_rate_too_small(learning_rate):
    losses = xor_run(learning_rate)
    assert np.all(np.diff(losses) <= 0) and losses[-1] >= checks.XOR_TARGET_LOSS
    feedback = checks.xor_learning_rate(learning_rate)
    assert not feedback.passed
    assert "too small" in feedback.message and "larger learning rate" in feedback.message


@settings(max_examples=30, deadline=None)
@given(st.floats(min_value=5.35, max_value=1e300))
def test_xor_rate_says_overshoot_whenever_the_loss_goes_up(learning_rate):
    with np.errstate(all="ignore"):
        rises = int(np.sum(np.diff(xor_run(learning_rate)) > 0))
    assert rises > 0
    with np.errstate(all="raise"):  # the check must not warn even for absurd rates
        feedback = checks.xor_learning_rate(learning_rate)
    assert not feedback.passed
    assert f"went UP on {rises} of the 199 steps" in feedback.message
    assert "overshoot" in feedback.message and "smaller learning rate" in feedback.message


@pytest.mark.parametrize("learning_rate", [8.0, 10.0, 15.0, 20.0, 30.0])
def test_xor_rate_explains_that_a_low_end_after_overshooting_is_luck(learning_rate):
    # the old check passed 8, 10, 20 and 30 but failed 15; now all get the same verdict
    feedback = checks.xor_learning_rate(learning_rate)
    assert not feedback.passed
    assert "luck" in feedback.message and "15 ends higher than 10 and 20" in feedback.message


def test_xor_rate_numbers_quoted_in_the_luck_note_are_true():
    final = {rate: xor_run(rate)[-1] for rate in (10.0, 15.0, 20.0)}
    assert final[15.0] > final[10.0] and final[15.0] > final[20.0]


def test_xor_rate_verdicts_change_at_two_points_only():
    rates = np.linspace(0.5, 50, 300)
    verdicts = [checks.xor_learning_rate(rate).passed for rate in rates]
    changes = sum(a != b for a, b in zip(verdicts[:-1], verdicts[1:], strict=True))
    assert changes == 2  # too small | right | goes up


@pytest.mark.parametrize("learning_rate", [0, -4.0, float("nan"), float("inf")])
def test_xor_rate_not_positive(learning_rate):
    feedback = checks.xor_learning_rate(learning_rate)
    assert not feedback.passed
    assert "positive number" in feedback.message


@pytest.mark.parametrize("answer", ["4", [4.0, 5.0], False])
def test_xor_rate_wrong_type(answer):
    feedback = checks.xor_learning_rate(answer)
    assert not feedback.passed
    assert "answer_2 should be one number" in feedback.message


def test_xor_rate_agrees_with_training_it_yourself():
    losses = xor_run(5.0)
    assert f"{losses[-1]:.4f}" in checks.xor_learning_rate(5.0).message


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
    assert "answer_3 is still None" in checks.sum_to_mean(None, 27.6, targets).message


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


@pytest.mark.parametrize("answer", ["0.3", np.array([0.3, 0.3]), [0.3, 0.1]])
def test_sum_to_mean_wrong_type(targets, answer):
    feedback = checks.sum_to_mean(answer, 27.6, targets)
    assert not feedback.passed
    assert "answer_3 should be one number" in feedback.message


@pytest.mark.parametrize(
    "convert", [float, np.float64, np.float32, np.array, lambda v: [v], lambda v: np.array([[v]])]
)
def test_sum_to_mean_accepts_the_mean_in_any_numeric_form(targets, convert):
    assert checks.sum_to_mean(convert(27.6 / 90), 27.6, targets).passed


def test_sum_to_mean_accepts_every_equivalent_division(targets):
    printed = 27.5988  # the notebook prints the sum to 4 decimals
    for value in (27.6 / targets.size, 27.6 / 30 / 3, 27.6 / np.prod(targets.shape), 0.3067):
        assert checks.sum_to_mean(value, 27.6, targets).passed
    for value in (printed / 90, round(27.59883 / 90, 4)):
        assert checks.sum_to_mean(value, 27.59883, targets).passed


def test_every_exercise_names_its_own_answer_variable(history, targets):
    exercises = [
        lambda answer: checks.best_validation_iteration(answer, history),
        checks.xor_learning_rate,
        lambda answer: checks.sum_to_mean(answer, 27.6, targets),
    ]
    for number, check in enumerate(exercises, start=1):
        assert f"answer_{number} is still None" in check(None).message
        assert f"answer_{number}" in check("text").message
