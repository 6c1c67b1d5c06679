"""The numbers the three source articles print, reproduced by nnlib."""

import numpy as np

import nnlib


def test_neuron_with_w01_b4_outputs_0_999_for_x23():
    assert nnlib.Neuron([0, 1], 4).feedforward([2, 3]) == 0.9990889488055994


def test_221_network_with_all_weights_01_and_zero_bias_outputs_0_7216():
    network = nnlib.Network([2, 2, 1])
    w = np.array([0.0, 1.0])  # every neuron's weights; column j of weights[l] is unit j's
    network.weights = [np.column_stack([w, w]), w.reshape(2, 1)]
    network.biases = [np.zeros(2), np.zeros(1)]
    assert network.feedforward([2, 3])[0] == 0.7216325609518421


def test_221_matches_the_articles_neuron_by_neuron_computation():
    hidden = nnlib.Neuron([0, 1], 0).feedforward([2, 3])
    output = nnlib.Neuron([0, 1], 0).feedforward([hidden, hidden])
    assert np.isclose(output, 0.7216325609518421, rtol=0, atol=1e-15)


def test_perceptron_learns_output_equals_first_input_and_predicts_unseen(truth_table):
    X, y = truth_table
    perceptron = nnlib.Perceptron(n_inputs=3, seed=1)
    history = perceptron.train(X, y, iterations=10_000)
    assert np.all(np.abs(perceptron.predict(X) - y) < 0.01)
    assert perceptron.predict([1, 0, 0])[0] > 0.99
    assert history.losses[-1] < history.losses[0] / 100


def test_perceptron_update_is_exactly_the_classic_rule(truth_table):
    X, y = truth_table
    weights = np.array([[0.3], [-0.2], [0.1]])
    perceptron = nnlib.Perceptron(weights=weights)
    perceptron.train(X, y, iterations=1, learning_rate=0.5)
    y_hat = 1 / (1 + np.exp(-(X @ weights)))
    expected = weights + 0.5 * X.T @ ((y - y_hat) * y_hat * (1 - y_hat))
    np.testing.assert_allclose(perceptron.weights, expected, rtol=0, atol=1e-15)


def test_one_neuron_cannot_learn_xor(xor):
    X, y = xor
    perceptron = nnlib.Perceptron(n_inputs=3, seed=0)
    history = perceptron.train(X, y, iterations=5_000)
    assert history.losses[-1] > 0.2  # stuck near 0.25, the loss of always answering 0.5


def test_341_network_learns_xor_in_1500_iterations(xor):
    X, y = xor
    network = nnlib.Network([3, 4, 1], seed=0)
    history = network.train(X, y, iterations=1500, learning_rate=4.0)
    assert np.all(np.abs(network.feedforward(X) - y) < 0.1)
    assert np.all(np.diff(history.losses) <= 1e-12)  # decreasing, as the article's plot shows


def test_weight_height_network_predicts_emily_female_and_frank_male(people):
    X, y = people
    network = nnlib.Network([2, 2, 1], seed=0)
    network.train(X, y, iterations=1000, learning_rate=0.5)
    emily, frank = network.feedforward(np.array([[-7.0, -3.0], [20.0, 2.0]]))[:, 0]
    assert emily > 0.9
    assert frank < 0.1
