"""Network's choices: an activation per layer, sigmoid or softmax outputs, the loss that goes
with them and the initialisation; the default stays the all-sigmoid network of notebooks 01-04."""

import numpy as np
import pytest

import nnlib

X = np.random.default_rng(0).normal(size=(6, 3))
ONE_HOT = np.eye(3)[[0, 1, 2, 0, 1, 2]]
FUNCTIONS = {  # independent of nnlib
    "sigmoid": lambda z: 1 / (1 + np.exp(-z)),
    "tanh": np.tanh,
    "relu": lambda z: np.where(z > 0, z, 0.0),
    "leaky_relu": lambda z: np.where(z > 0, z, 0.01 * z),
    "softmax": lambda z: np.exp(z) / np.exp(z).sum(axis=1, keepdims=True),
}


def forward_by_hand(network, X, hidden="sigmoid", output="sigmoid"):
    a = X
    for layer, (weights, biases) in enumerate(zip(network.weights, network.biases, strict=True)):
        a = FUNCTIONS[output if layer == len(network.weights) - 1 else hidden](a @ weights + biases)
    return a


def test_the_default_network_is_unchanged_glorot_uniform_sigmoid_layers_and_mse():
    network = nnlib.Network([3, 4, 2], seed=5)
    rng = np.random.default_rng(5)
    for weights, (n_in, n_out) in zip(network.weights, [(3, 4), (4, 2)], strict=True):
        limit = np.sqrt(6 / (n_in + n_out))
        np.testing.assert_array_equal(weights, rng.uniform(-limit, limit, size=(n_in, n_out)))
    assert network.loss_name == "mse"
    assert repr(network) == "Network(layer_sizes=[3, 4, 2], loss='mse')"
    y = np.zeros((6, 2))
    assert network.loss(X, y) == pytest.approx(np.mean(forward_by_hand(network, X) ** 2))


@pytest.mark.parametrize("hidden", ["sigmoid", "tanh", "relu", "leaky_relu"])
@pytest.mark.parametrize("output", ["sigmoid", "softmax"])
def test_feedforward_applies_each_layers_activation(hidden, output):
    loss = "cross_entropy" if output == "softmax" else "mse"
    network = nnlib.Network([3, 5, 4, 3], seed=1, activation=hidden, output=output, loss=loss)
    np.testing.assert_allclose(network.feedforward(X), forward_by_hand(network, X, hidden, output),
                               rtol=1e-12)


def test_repr_names_the_activations_unless_all_are_sigmoid_as_in_notebooks_01_to_04():
    network = nnlib.Network([3, 8, 3], seed=0, activation="relu", output="softmax",
                            loss="cross_entropy")
    assert repr(network) == ("Network(layer_sizes=[3, 8, 3], loss='cross_entropy', "
                             "activation='relu', output='softmax')")
    assert repr(nnlib.Network([3, 8, 1], activation="tanh")).endswith(
        "loss='mse', activation='tanh', output='sigmoid')")


def test_the_default_loss_follows_the_output():
    assert nnlib.Network([3, 2], output="softmax").loss_name == "cross_entropy"
    assert nnlib.Network([3, 2]).loss_name == "mse"


def test_softmax_outputs_are_probabilities_and_the_loss_is_cross_entropy():
    network = nnlib.Network([3, 8, 3], seed=2, activation="relu", output="softmax",
                            loss="cross_entropy")
    y_hat = network.feedforward(X)
    np.testing.assert_allclose(y_hat.sum(axis=1), 1.0)
    expected = -np.mean(np.sum(ONE_HOT * np.log(y_hat), axis=1))
    assert network.loss(X, ONE_HOT) == pytest.approx(expected, rel=1e-12)


def test_cross_entropy_training_on_three_classes_lowers_the_loss_and_fits():
    network = nnlib.Network([3, 8, 3], seed=2, activation="tanh", output="softmax",
                            loss="cross_entropy")
    history = network.train(X, ONE_HOT, iterations=300, learning_rate=0.5)
    assert history.losses[-1] < history.losses[0] / 5
    assert nnlib.accuracy(ONE_HOT, network.feedforward(X)) == 1.0


@pytest.mark.parametrize(
    ("hidden", "limits"),
    [
        ("relu", [np.sqrt(6 / 3), np.sqrt(6 / (5 + 2))]),  # He, then Glorot for the sigmoid
        ("leaky_relu", [np.sqrt(6 / 3), np.sqrt(6 / 7)]),
        ("tanh", [np.sqrt(6 / 8), np.sqrt(6 / 7)]),  # Glorot
        ("sigmoid", [np.sqrt(6 / 8), np.sqrt(6 / 7)]),
    ],
)
def test_initial_weights_are_uniform_within_the_limit_that_matches_the_activation(hidden, limits):
    network = nnlib.Network([3, 5, 2], seed=9, activation=hidden)
    rng = np.random.default_rng(9)
    for weights, limit in zip(network.weights, limits, strict=True):
        np.testing.assert_array_equal(weights, rng.uniform(-limit, limit, size=weights.shape))


def test_he_initialisation_keeps_relu_activations_from_shrinking_layer_by_layer():
    X_wide = np.random.default_rng(1).normal(size=(500, 100))
    network = nnlib.Network([100] * 8 + [1], seed=0, activation="relu")
    a = X_wide
    for weights, biases in zip(network.weights[:-1], network.biases[:-1], strict=True):
        a = np.maximum(a @ weights + biases, 0)
    assert 0.3 < np.mean(a**2) / np.mean(X_wide**2) < 3  # Glorot would halve it every layer


def test_zero_weights_keep_every_hidden_unit_the_same_after_training():
    # the symmetry notebook 06 shows: identical units get identical gradients forever
    network = nnlib.Network([3, 4, 1], seed=0)
    network.weights = [np.zeros_like(weights) for weights in network.weights]
    network.train(X, np.linspace(0, 1, 6).reshape(-1, 1), iterations=50, learning_rate=1.0)
    hidden = network.weights[0]
    assert np.any(hidden != 0)
    np.testing.assert_array_equal(hidden, np.repeat(hidden[:, :1], 4, axis=1))


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ({"activation": "softmax"}, ValueError,
         r"activation must be one of \['sigmoid', 'tanh', 'relu', 'leaky_relu'\], got 'softmax'"),
        ({"activation": "ReLU"}, ValueError, r"activation must be one of .*got 'ReLU'"),
        ({"activation": None}, TypeError, r"activation must be one of"),
        ({"activation": ["relu", "tanh"]}, TypeError, r"activation must be one of .*\['relu'"),
        ({"output": "tanh"}, ValueError, r"output must be one of \['sigmoid', 'softmax'\]"),
        ({"loss": "cross_entropy"}, ValueError,
         r"loss must be one of \['mse', 'sse'\] for output='sigmoid', got 'cross_entropy'"),
        ({"output": "softmax", "loss": "mse"}, ValueError,
         r"loss must be one of \['cross_entropy'\] for output='softmax', got 'mse'"),
    ],
)
def test_unknown_or_mismatched_choices_are_named(arguments, error, message):
    with pytest.raises(error, match=message):
        nnlib.Network([3, 4, 4, 2], seed=0, **arguments)


def test_assigning_a_loss_that_does_not_fit_the_output_is_refused_and_the_loss_stays():
    network = nnlib.Network([3, 4, 3], seed=0, output="softmax", loss="cross_entropy")
    with pytest.raises(ValueError, match=r"Network\.loss_name must be one of \['cross_entropy'\]"):
        network.loss_name = "mse"
    assert network.loss_name == "cross_entropy"


def test_softmax_networks_want_one_hot_rows_not_labels():
    network = nnlib.Network([3, 4, 3], seed=0, output="softmax", loss="cross_entropy")
    with pytest.raises(ValueError, match=r"y must be 2-D.*\(6,\); for class labels use one_hot"):
        network.loss(X, np.array([0, 1, 2, 0, 1, 2]))
    with pytest.raises(ValueError, match=r"y must have 3 outputs.*\(6, 1\); .*one_hot"):
        network.train(X, np.array([[0], [1], [2], [0], [1], [2]]), 1)
    with pytest.raises(ValueError, match=r"row of y must sum to 1.*row 0 of \(6, 3\) sums to 3"):
        network.gradients(X, np.ones((6, 3)))  # multi-hot: the (y_hat - y) / n step needs sums of 1


def test_one_activation_name_follows_layers_a_learner_adds():
    network = nnlib.Network([3, 4, 2], seed=0, activation="tanh")
    network.weights.append(np.ones((2, 2)))
    network.biases.append(np.zeros(2))
    np.testing.assert_allclose(network.feedforward(X), forward_by_hand(network, X, "tanh"))
