"""Bad input is refused up front with a message naming the argument and the shapes."""

import numpy as np
import pytest

import nnlib


@pytest.fixture
def network():
    return nnlib.Network([3, 4, 1], seed=0)


X_GOOD = np.ones((4, 3))
Y_GOOD = np.zeros((4, 1))


@pytest.mark.parametrize(
    ("X", "error", "message"),
    [
        (np.ones((4, 2)), ValueError, r"X must have 3 features.*\(4, 2\)"),
        (np.ones(4), ValueError, r"X has shape \(4,\).*3 features"),
        (np.ones((4, 3, 1)), ValueError, r"X must be 2-D.*\(4, 3, 1\)"),
        (np.full((4, 3), np.nan), ValueError, r"X contains 12 NaN or infinite"),
        (np.array([[1.0, np.inf, 0.0]]), ValueError, r"X contains 1 NaN or infinite"),
        (np.ones((0, 3)), ValueError, r"X is empty \(shape \(0, 3\)\)"),
        ([["a", "b", "c"]], TypeError, r"X must hold numbers"),
        ("abc", TypeError, r"X must be numeric"),
        (None, TypeError, r"X must be numeric"),
        ([[1, 2, 3], [4, 5]], ValueError, r"X must be rectangular"),
        (np.ones((2, 3), dtype=complex), TypeError, r"X must hold real numbers"),
        (np.ones((2, 3), dtype="datetime64[D]"), TypeError, r"X must hold numbers.*datetime64"),
        (np.ones((2, 3), dtype="timedelta64[s]"), TypeError, r"X must hold numbers.*timedelta"),
        (np.ones((2, 3), dtype=object), TypeError, r"X must hold numbers.*object"),
    ],
)
def test_bad_X_is_refused_by_feedforward(network, X, error, message):
    with pytest.raises(error, match=message):
        network.feedforward(X)


@pytest.mark.parametrize(
    ("y", "message"),
    [
        (np.zeros(4), r"y must be 2-D.*\(4,\).*reshape\(-1, 1\)"),
        (np.zeros((4, 2)), r"y must have 1 outputs.*\(4, 2\)"),
        (np.zeros((3, 1)), r"same number of rows.*X \(4, 3\) and y \(3, 1\)"),
        (np.full((4, 1), np.nan), r"y contains 4 NaN"),
    ],
)
def test_bad_y_is_refused_by_train_loss_and_gradients(network, y, message):
    for method in (network.loss, network.gradients):
        with pytest.raises(ValueError, match=message):
            method(X_GOOD, y)
    with pytest.raises(ValueError, match=message):
        network.train(X_GOOD, y, iterations=1)


def test_column_minus_row_vector_never_becomes_a_4_by_4_matrix(network):
    with pytest.raises(ValueError, match=r"y must be 2-D"):
        network.train(X_GOOD, np.zeros(4), iterations=1)


@pytest.mark.parametrize(
    ("iterations", "error"),
    [(0, ValueError), (-5, ValueError), (2.5, TypeError), ("10", TypeError), (True, TypeError)],
)
def test_bad_iterations_are_refused(network, iterations, error):
    with pytest.raises(error, match="iterations"):
        network.train(X_GOOD, Y_GOOD, iterations=iterations)
    with pytest.raises(error, match="iterations"):
        nnlib.Perceptron(n_inputs=3).train(X_GOOD, Y_GOOD, iterations=iterations)


@pytest.mark.parametrize(
    ("learning_rate", "error"),
    [
        (0, ValueError),
        (-0.1, ValueError),
        (float("nan"), ValueError),
        (float("inf"), ValueError),
        ("0.1", TypeError),
        (None, TypeError),
    ],
)
def test_bad_learning_rates_are_refused(network, learning_rate, error):
    with pytest.raises(error, match="learning_rate"):
        network.train(X_GOOD, Y_GOOD, iterations=1, learning_rate=learning_rate)
    with pytest.raises(error, match="learning_rate"):
        nnlib.Perceptron(n_inputs=3).train(X_GOOD, Y_GOOD, 1, learning_rate=learning_rate)


@pytest.mark.parametrize(
    ("layer_sizes", "error"),
    [
        ([3], ValueError),
        ([], ValueError),
        ([3, 0, 1], ValueError),
        ([3, -2, 1], ValueError),
        ([3, 2.5, 1], TypeError),
        (3, TypeError),
        ("321", TypeError),
    ],
)
def test_impossible_layer_sizes_are_refused(layer_sizes, error):
    with pytest.raises(error, match="layer_sizes"):
        nnlib.Network(layer_sizes)


def test_bad_seed_and_loss_are_refused():
    with pytest.raises(TypeError, match="seed"):
        nnlib.Network([2, 1], seed="abc")
    with pytest.raises(ValueError, match="loss must be one of"):
        nnlib.Network([2, 1], loss="cross_entropy")


def test_assigned_weights_of_the_wrong_shape_are_named(network):
    network.weights[1] = np.ones((3, 1))
    with pytest.raises(ValueError, match=r"Network\.weights\[1\] has shape \(3, 1\).*4 units"):
        network.feedforward(X_GOOD)


def test_assigned_biases_of_the_wrong_shape_are_named(network):
    network.biases[0] = np.zeros(3)
    with pytest.raises(ValueError, match=r"Network\.biases\[0\] must have shape \(4,\)"):
        network.feedforward(X_GOOD)


def test_neuron_refuses_wrong_number_of_inputs():
    with pytest.raises(ValueError, match=r"x has shape \(3,\).*2 features"):
        nnlib.Neuron([0, 1], 4).feedforward([1, 2, 3])
    with pytest.raises(ValueError, match=r"Neuron\.bias must be a single number"):
        nnlib.Neuron([0, 1], [4, 4])


def test_perceptron_refuses_mismatched_inputs():
    perceptron = nnlib.Perceptron(n_inputs=3, seed=0)
    with pytest.raises(ValueError, match=r"X must have 3 features.*\(4, 2\)"):
        perceptron.predict(np.ones((4, 2)))
    with pytest.raises(ValueError, match=r"y must be 2-D"):
        perceptron.train(X_GOOD, np.zeros(4), iterations=1)
    with pytest.raises(TypeError, match="weights or n_inputs"):
        nnlib.Perceptron()
    with pytest.raises(ValueError, match="n_inputs must be at least 1"):
        nnlib.Perceptron(n_inputs=0)


def test_loss_functions_refuse_nan_and_empty():
    with pytest.raises(ValueError, match="y_hat contains 1 NaN"):
        nnlib.mse([1.0], [np.nan])
    with pytest.raises(ValueError, match="y is empty"):
        nnlib.sse([], [])


def test_validation_data_of_the_wrong_shape_is_named(network):
    with pytest.raises(ValueError, match=r"X_val must have 3 features"):
        network.train(X_GOOD, Y_GOOD, 1, validation_data=(np.ones((2, 2)), np.zeros((2, 1))))


def test_numerical_gradient_refuses_non_callable_and_non_scalar():
    with pytest.raises(TypeError, match="f must be a function"):
        nnlib.numerical_gradient(3, np.ones(2))
    with pytest.raises(ValueError, match=r"f must return one number.*shape \(2,\)"):
        nnlib.numerical_gradient(lambda v: v, np.ones(2))
