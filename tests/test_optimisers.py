"""The optimisers (nnlib/optimisers.py): each step against the formulas written out in numpy
here, their memory, and their arguments."""

import math

import numpy as np
import pytest

from nnlib.optimisers import OPTIMISERS, Adam, GradientDescent, Momentum, as_optimiser

rng = np.random.default_rng(0)
SHAPES = [(3, 4), (4,), (4, 2), (2,)]
START = [rng.normal(size=shape) for shape in SHAPES]
GRADIENTS = [[rng.normal(size=shape) for shape in SHAPES] for _ in range(6)]  # six steps


def run(optimiser, learning_rate=0.1, steps=GRADIENTS):
    parameters = [p.copy() for p in START]
    for gradients in steps:
        optimiser.step(parameters, gradients, learning_rate)
    return parameters


def test_plain_steps_down_the_gradient():
    expected = [p - 0.1 * sum(g[i] for g in GRADIENTS) for i, p in enumerate(START)]
    for got, want in zip(run(GradientDescent()), expected, strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-13, atol=1e-14)


@pytest.mark.parametrize("beta", [0.0, 0.5, 0.9])
def test_momentum_is_a_sum_of_past_gradients_each_weighed_beta_times_less(beta):
    # v_t = g_t + beta g_(t-1) + beta^2 g_(t-2) + ...; w moves by -lr v_t at step t
    expected = [p.copy() for p in START]
    for t in range(len(GRADIENTS)):
        for i in range(len(SHAPES)):
            velocity = sum(beta ** (t - k) * GRADIENTS[k][i] for k in range(t + 1))
            expected[i] -= 0.1 * velocity
    for got, want in zip(run(Momentum(beta=beta)), expected, strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-14)


def test_momentum_with_beta_zero_is_plain_gradient_descent():
    for got, want in zip(run(Momentum(beta=0.0)), run(GradientDescent()), strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-14, atol=1e-15)


@pytest.mark.parametrize(("beta1", "beta2", "epsilon"), [(0.9, 0.999, 1e-8), (0.5, 0.9, 1e-3)])
def test_adam_follows_the_paper(beta1, beta2, epsilon):
    # Kingma and Ba (2015), Algorithm 1, one parameter array at a time
    expected = []
    for i, start in enumerate(START):
        w, m, s = start.copy(), np.zeros_like(start), np.zeros_like(start)
        for t, gradients in enumerate(GRADIENTS, start=1):
            g = gradients[i]
            m = beta1 * m + (1 - beta1) * g
            s = beta2 * s + (1 - beta2) * g**2
            m_hat, s_hat = m / (1 - beta1**t), s / (1 - beta2**t)
            w = w - 0.01 * m_hat / (np.sqrt(s_hat) + epsilon)
        expected.append(w)
    adam = Adam(beta1=beta1, beta2=beta2, epsilon=epsilon)
    for got, want in zip(run(adam, learning_rate=0.01), expected, strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-14)
    assert adam.t == len(GRADIENTS)


def test_adams_first_step_moves_every_weight_by_the_learning_rate_against_its_gradient():
    # m_hat = g and s_hat = g**2 at t = 1: the step is lr * g / |g|, whatever the size of g
    gradients = [1e3 * g for g in GRADIENTS[0]]  # large or small: epsilon aside, the same
    moved = run(Adam(), learning_rate=0.01, steps=[gradients])
    for after, before, g in zip(moved, START, gradients, strict=True):
        np.testing.assert_allclose(before - after, 0.01 * np.sign(g), rtol=1e-9)


def test_an_optimiser_remembers_across_calls_and_a_name_makes_a_fresh_one():
    adam = Adam()
    twice = run(adam, steps=GRADIENTS[:3])
    for gradients in GRADIENTS[3:]:
        adam.step(twice, gradients, 0.1)  # carries on from step 4
    for got, want in zip(twice, run(Adam()), strict=True):
        np.testing.assert_array_equal(got, want)
    assert as_optimiser(adam) is adam
    assert as_optimiser("adam") is not as_optimiser("adam")
    assert {name: type(as_optimiser(name)) for name in OPTIMISERS} == {
        "plain": GradientDescent, "momentum": Momentum, "adam": Adam}


def test_gradients_may_be_lists_and_stay_unchanged():
    parameters = [np.zeros(2)]
    gradients = [[1.0, -2.0]]
    Momentum().step(parameters, gradients, 0.5)
    np.testing.assert_array_equal(parameters[0], [-0.5, 1.0])
    assert gradients == [[1.0, -2.0]]


def test_the_settings_are_shown():
    assert repr(Adam(beta1=0.8)) == "Adam(beta1=0.8, beta2=0.999, epsilon=1e-08)"
    assert repr(Momentum()) == "Momentum(beta=0.9)"
    assert repr(GradientDescent()) == "GradientDescent()"


@pytest.mark.parametrize(
    ("make", "error", "message"),
    [
        (lambda: as_optimiser("sgd"), ValueError,
         r"optimiser must be one of \['plain', 'momentum', 'adam'\]"),
        (lambda: as_optimiser(Adam), TypeError, "optimiser must be one of"),
        (lambda: as_optimiser(None), TypeError, "optimiser must be one of"),
        (lambda: Momentum(beta=1.0), ValueError, r"beta must be in \[0, 1\)"),
        (lambda: Momentum(beta=-0.1), ValueError, r"beta must be in \[0, 1\)"),
        (lambda: Momentum(beta=True), TypeError, "beta must be a number"),
        (lambda: Adam(beta1=1.5), ValueError, r"beta1 must be in \[0, 1\)"),
        (lambda: Adam(beta2="0.9"), TypeError, "beta2 must be a number"),
        (lambda: Adam(epsilon=0.0), ValueError, "epsilon must be a small positive number"),
        (lambda: Adam(epsilon=math.nan), ValueError, "epsilon must be a small positive number"),
    ],
)
def test_bad_settings_are_named(make, error, message):
    with pytest.raises(error, match=message):
        make()


@pytest.mark.parametrize(
    ("parameters", "gradients", "learning_rate", "error", "message"),
    [
        ([np.zeros(2)], [np.zeros(3)], 0.1, ValueError,
         r"gradients\[0\] has shape \(3,\) but parameters\[0\] has shape \(2,\)"),
        ([np.zeros(2)], [], 0.1, ValueError, "lists of the same length, got 1 and 0"),
        (np.zeros(2), [np.zeros(2)], 0.1, TypeError, "parameters must be a list of arrays"),
        ([[0.0, 0.0]], [np.zeros(2)], 0.1, TypeError, r"parameters\[0\] must be a float array"),
        ([np.zeros(2)], [np.array([np.nan, 0.0])], 0.1, ValueError,
         r"gradients\[0\] contains 1 NaN"),
        ([np.zeros(2)], [np.zeros(2)], 0.0, ValueError, "learning_rate must be a positive"),
    ],
)
def test_bad_steps_are_named_before_anything_changes(parameters, gradients, learning_rate, error,
                                                     message):
    adam = Adam()
    with pytest.raises(error, match=message):
        adam.step(parameters, gradients, learning_rate)
    assert adam.t == 0


def test_an_optimiser_refuses_another_networks_parameters():
    momentum = Momentum()
    momentum.step([np.zeros((2, 3))], [np.ones((2, 3))], 0.1)
    with pytest.raises(ValueError, match=r"velocities were made for parameters of shapes"):
        momentum.step([np.zeros((3, 2))], [np.ones((3, 2))], 0.1)


def test_adam_keeps_one_number_per_weight_and_refuses_another_network():
    adam = Adam()
    adam.step([np.zeros((2, 3)), np.zeros(3)], [np.ones((2, 3)), np.ones(3)], 0.1)
    assert adam.means.shape == adam.squares.shape == (9,)  # all parameters, one after the other
    with pytest.raises(ValueError, match="means were made for 9 weights and biases, got 6"):
        adam.step([np.zeros((3, 2))], [np.ones((3, 2))], 0.1)
