"""Notebook 08's networks of Values compute nnlib.Network's loss and gradients, with readable
labels for one sample; and its timing helper prints only what a wide margin supports."""

import math
import time

import numpy as np
import pytest

import nnlib
from nnlib.autograd import Value, topological_order
from nnlib.course.n08_autograd import timing
from nnlib.course.n08_autograd.networks import value_network


def test_the_articles_2_2_1_network_gives_notebook_03s_numbers():
    W1, W2 = np.array([[0.0, 0.0], [1.0, 1.0]]), np.array([[0.0], [1.0]])
    graph = value_network([W1, W2], [np.zeros(2), np.zeros(1)], [[2.0, 3.0]], [[1.0]])
    # to 15 decimals: the 16th depends on the last bit of exp (notebook 03 says why)
    assert graph.activations[-1][0, 0].data == pytest.approx(0.7216325609518421, abs=5e-16)
    graph.loss.backward()
    dweights, _ = graph.gradients()
    assert dweights[0][0, 1] == pytest.approx(-0.010105, abs=5e-7)  # 03's chain product


def test_one_sample_gets_a_label_on_every_named_node():
    W1, W2 = np.ones((2, 2)), np.ones((2, 1))
    graph = value_network([W1, W2], [np.zeros(2), np.zeros(1)], [[1.0, 2.0]], [[1.0]])
    labels = {node.label for node in topological_order(graph.loss)} - {""}
    assert labels == {"x1", "x2", "w11", "w12", "w21", "w22", "b1", "b2", "zh1", "zh2", "h1",
                      "h2", "v1", "v2", "c", "zo", "y_hat", "y", "L"}


def test_several_samples_average_the_squared_errors():
    network = nnlib.Network([3, 2, 2], seed=3)
    X, y = np.arange(12.0).reshape(4, 3) / 10, np.full((4, 2), 0.5)
    graph = value_network(network.weights, network.biases, X, y)
    assert graph.loss.op == "/" and graph.loss.data == pytest.approx(network.loss(X, y), rel=1e-14)
    assert [z.shape for z in graph.zs] == [(4, 2), (4, 2)]
    assert len(graph.parameters()) == 3 * 2 + 2 * 2 + 2 + 2


@pytest.mark.parametrize("output", ["sigmoid", "tanh", "relu"])
def test_the_output_activation_is_a_choice(output):
    graph = value_network([np.ones((1, 1))], [np.zeros(1)], [[0.5]], [[0.2]], output=output)
    y_hat = graph.activations[-1][0, 0]
    assert y_hat.op == output
    assert isinstance(y_hat, Value)


def test_bad_arguments_are_named():
    with pytest.raises(ValueError, match="hidden must be one of"):
        value_network([np.ones((1, 1))], [np.zeros(1)], [[0.5]], [[0.2]], hidden="softmax")
    with pytest.raises(ValueError, match="one array per layer"):
        value_network([np.ones((1, 1))], [], [[0.5]], [[0.2]])
    with pytest.raises(ValueError, match="X must have 1 features"):
        value_network([np.ones((1, 1))], [np.zeros(1)], [[0.5, 1.0]], [[0.2]])
    with pytest.raises(ValueError, match="same number of rows"):
        value_network([np.ones((1, 1))], [np.zeros(1)], [[0.5]], [[0.2], [0.3]])


# --- timing -------------------------------------------------------------------------------------


class FakeClock:
    """A clock that advances by a fixed amount at every call of the function being timed."""

    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now

    def spend(self, seconds):
        def function():
            self.now += seconds

        return function


def test_slowdown_divides_the_fastest_times_per_call():
    clock = FakeClock()
    ratio = timing.slowdown(clock.spend(0.03), clock.spend(1e-4), rounds=3, slow_calls=2,
                            fast_calls=10, clock=clock)
    assert ratio == pytest.approx(300.0)


def test_slowdown_takes_the_least_disturbed_round():
    clock, calls = FakeClock(), []

    def slow():  # the second round is disturbed: twice as long
        calls.append(None)
        clock.now += 0.06 if len(calls) == 2 else 0.03

    assert timing.slowdown(slow, clock.spend(1e-4), rounds=3, fast_calls=1,
                           clock=clock) == pytest.approx(300.0)


def test_slowdown_reads_a_coarse_clock_over_batches_until_it_moves():
    """A clock that ticks every 10 ms (as CPU time does on some systems) reads 0 over one batch
    of fast calls: the batch is repeated until it moves, instead of dividing by zero."""
    fine = FakeClock()

    def coarse():
        return math.floor(fine.now / 0.01) * 0.01

    ratio = timing.slowdown(fine.spend(0.03), fine.spend(1e-4), rounds=3, fast_calls=10,
                            clock=coarse)
    assert 200 < ratio < 450


def test_slowdown_reads_the_wall_clock_in_the_browser():
    """Pyodide's process_time never advances (times() is 0 in WebAssembly)."""
    assert timing.cpu_clock("emscripten") is time.perf_counter
    assert timing.cpu_clock("linux") is time.process_time


def test_slowdown_refuses_a_clock_that_never_moves():
    with pytest.raises(RuntimeError, match="did not move"):
        timing.slowdown(lambda: None, lambda: None, rounds=1, clock=lambda: 0.0)


@pytest.mark.parametrize(
    ("ratio", "words"),
    [(1.0, "a few times"), (9.99, "a few times"), (10.0, "tens of times"), (99.0, "tens of times"),
     (100.0, "hundreds of times"), (999.0, "hundreds of times"), (1000.0, "thousands of times"),
     (1e5, "more than ten thousand times")],
)
def test_in_words_names_the_order_of_magnitude(ratio, words):
    assert timing.in_words(ratio) == words


def test_in_words_needs_a_slowdown():
    with pytest.raises(ValueError, match="at least 1"):
        timing.in_words(0.5)
