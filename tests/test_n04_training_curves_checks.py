"""Exercise checks of notebook 04: right answers pass, typical wrong answers get their hint."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from learners import says

import nnlib
from nnlib.course.n04_training_curves import checks

# Validation loss lowest at iteration 3 (index 2); training loss lowest at the end.
HISTORY = nnlib.History(losses=np.array([0.5, 0.4, 0.3, 0.2, 0.1, 0.05]),
                        validation_losses=np.array([0.6, 0.5, 0.45, 0.47, 0.5, 0.55]))
TIED = nnlib.History(losses=np.array([0.5, 0.4, 0.3]),
                     validation_losses=np.array([0.6, 0.45, 0.45]))
TARGETS = np.zeros((30, 3))
PRINTED = 27.5988  # the notebook prints the sum to 4 decimals


@pytest.mark.parametrize(("check", "answer", "givens", "said"), [
    (checks.best_validation_iteration, 3, (HISTORY,), ["iteration 3", "0.4500"]),
    (checks.best_validation_iteration, np.argmin([5, 4, 1]) + 1, (HISTORY,), []),
    (checks.best_validation_iteration, 2, (TIED,), []),  # any of tied lowest iterations
    (checks.best_validation_iteration, 3, (TIED,), []),
    (checks.sum_to_mean, 27.6 / 90, (27.6, TARGETS), ["90 squared errors"]),
    (checks.sum_to_mean, 27.6 / TARGETS.size, (27.6, TARGETS), []),
    (checks.sum_to_mean, 27.6 / 30 / 3, (27.6, TARGETS), []),
    (checks.sum_to_mean, 27.6 / np.prod(TARGETS.shape), (27.6, TARGETS), []),
    (checks.sum_to_mean, 0.3067, (27.6, TARGETS), []),
    (checks.sum_to_mean, PRINTED / 90, (27.59883, TARGETS), []),
    (checks.sum_to_mean, round(27.59883 / 90, 4), (27.59883, TARGETS), []),
])
def test_every_form_of_a_right_answer_passes(check, answer, givens, said):
    says(check(answer, *givens), *said, passed=True)


@pytest.mark.parametrize(("check", "answer", "givens", "said"), [
    (checks.best_validation_iteration, 2, (HISTORY,), ["counts from 0", "add 1"]),  # no + 1
    (checks.best_validation_iteration, 6, (HISTORY,),  # argmin of the training loss + 1
     ["TRAINING loss", "history.validation_losses"]),
    (checks.best_validation_iteration, 5, (HISTORY,),  # ... and without + 1
     ["TRAINING loss", "history.validation_losses"]),
    (checks.best_validation_iteration, 0.45, (HISTORY,), ["lowest validation loss itself"]),
    (checks.best_validation_iteration, 4, (HISTORY,), ["iteration 4 is 0.4700"]),
    (checks.best_validation_iteration, 0, (HISTORY,), ["iterations 1 to 6"]),
    (checks.best_validation_iteration, 7, (HISTORY,), ["iterations 1 to 6"]),
    (checks.best_validation_iteration, -1, (HISTORY,), ["iterations 1 to 6"]),
    (checks.best_validation_iteration, [3, 4], (HISTORY,),
     ["answer_1 should be one whole number"]),
    (checks.sum_to_mean, 27.6 / 30, (27.6, TARGETS), ["30 penguins only", "y_train.size"]),
    (checks.sum_to_mean, 27.6 / 3, (27.6, TARGETS), ["3 outputs only"]),
    (checks.sum_to_mean, 27.6, (27.6, TARGETS), ["still the sum"]),
    (checks.sum_to_mean, 27.6 / 45, (27.6, TARGETS), ["divided by 45, but 90 squared errors"]),
    (checks.sum_to_mean, 1.5, (27.6, TARGETS),
     ["got 1.5", "not the sum divided by any whole number"]),
    (checks.sum_to_mean, [0.3, 0.1], (27.6, TARGETS), ["answer_3 should be one number"]),
    *((checks.xor_learning_rate, rate, (), ["positive number"])
      for rate in [0, -4.0, float("nan"), float("inf")]),
    # the old check passed 8, 10, 20 and 30 but failed 15; now all get the same verdict
    *((checks.xor_learning_rate, rate, (), ["luck", "15 ends higher than 10 and 20"])
      for rate in [8.0, 10.0, 15.0, 20.0, 30.0]),
])
def test_each_mistake_is_named(check, answer, givens, said):
    says(check(answer, *givens), *said)


def test_best_iteration_agrees_with_numpy_on_a_real_training_run():
    X, y = nnlib.data.xor()
    history = nnlib.Network([3, 4, 1], seed=0).train(
        X, y, 50, learning_rate=20.0, validation_data=(X, y)
    )
    expected = int(np.argmin(history.validation_losses)) + 1
    assert checks.best_validation_iteration(expected, history).passed
    assert not checks.best_validation_iteration(expected + 1, history).passed


def test_sum_to_mean_matches_nnlib():
    y_hat = np.random.default_rng(0).uniform(size=TARGETS.shape)
    sse_value = nnlib.sse(TARGETS, y_hat)
    assert checks.sum_to_mean(nnlib.mse(TARGETS, y_hat), sse_value, TARGETS).passed


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
    says(checks.xor_learning_rate(learning_rate), f"in {checks.XOR_ITERATIONS} iterations",
         passed=True)


@settings(max_examples=30, deadline=None)
@given(st.floats(min_value=0.01, max_value=4.75))
def test_xor_rate_calls_every_steady_but_slow_rate_too_small(learning_rate):
    losses = xor_run(learning_rate)
    assert np.all(np.diff(losses) <= 0) and losses[-1] >= checks.XOR_TARGET_LOSS
    says(checks.xor_learning_rate(learning_rate), "too small", "larger learning rate")


@settings(max_examples=30, deadline=None)
@given(st.floats(min_value=5.35, max_value=1e300))
def test_xor_rate_says_overshoot_whenever_the_loss_goes_up(learning_rate):
    with np.errstate(all="ignore"):
        rises = int(np.sum(np.diff(xor_run(learning_rate)) > 0))
    assert rises > 0
    with np.errstate(all="raise"):  # the check must not warn even for absurd rates
        feedback = checks.xor_learning_rate(learning_rate)
    says(feedback, f"went UP on {rises} of the 199 steps", "overshoot", "smaller learning rate")


def test_xor_rate_numbers_quoted_in_the_luck_note_are_true():
    final = {rate: xor_run(rate)[-1] for rate in (10.0, 15.0, 20.0)}
    assert final[15.0] > final[10.0] and final[15.0] > final[20.0]


def test_xor_rate_verdicts_change_at_two_points_only():
    rates = np.linspace(0.5, 50, 300)
    verdicts = [checks.xor_learning_rate(rate).passed for rate in rates]
    changes = sum(a != b for a, b in zip(verdicts[:-1], verdicts[1:], strict=True))
    assert changes == 2  # too small | right | goes up


def test_xor_rate_agrees_with_training_it_yourself():
    losses = xor_run(5.0)
    assert f"{losses[-1]:.4f}" in checks.xor_learning_rate(5.0).message
