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
    assert checks.best_validation_iteration(np.argmin([5, 4, 1]) + 1, history).passed


@pytest.mark.parametrize(("answer", "says"), [
    (2, ["counts from 0", "add 1"]),  # np.argmin without + 1
    (6, ["TRAINING loss", "history.validation_losses"]),  # argmin of the training loss + 1
    (5, ["TRAINING loss", "history.validation_losses"]),  # ... and without + 1
    (0.45, ["lowest validation loss itself"]),
    (4, ["iteration 4 is 0.4700"]),
    (0, ["iterations 1 to 6"]), (7, ["iterations 1 to 6"]), (-1, ["iterations 1 to 6"]),
    ([3, 4], ["answer_1 should be one whole number"]),
])
def test_best_iteration_names_the_mistake(history, answer, says):
    feedback = checks.best_validation_iteration(answer, history)
    assert not feedback.passed and all(part in feedback.message for part in says)


def test_best_iteration_accepts_any_of_tied_lowest_iterations():
    tied = nnlib.History(losses=np.array([0.5, 0.4, 0.3]),
                         validation_losses=np.array([0.6, 0.45, 0.45]))
    assert checks.best_validation_iteration(2, tied).passed
    assert checks.best_validation_iteration(3, tied).passed


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


@pytest.mark.parametrize(("answer", "says"), [
    (27.6 / 30, ["30 penguins only", "y_train.size"]),
    (27.6 / 3, ["3 outputs only"]),
    (27.6, ["still the sum"]),
    (27.6 / 45, ["divided by 45, but 90 squared errors"]),
    (1.5, ["got 1.5", "not the sum divided by any whole number"]),
    ([0.3, 0.1], ["answer_3 should be one number"]),
])
def test_sum_to_mean_names_the_mistake(targets, answer, says):
    feedback = checks.sum_to_mean(answer, 27.6, targets)
    assert not feedback.passed and all(part in feedback.message for part in says)


def test_sum_to_mean_accepts_every_equivalent_division(targets):
    printed = 27.5988  # the notebook prints the sum to 4 decimals
    for value in (27.6 / targets.size, 27.6 / 30 / 3, 27.6 / np.prod(targets.shape), 0.3067):
        assert checks.sum_to_mean(value, 27.6, targets).passed
    for value in (printed / 90, round(27.59883 / 90, 4)):
        assert checks.sum_to_mean(value, 27.59883, targets).passed
