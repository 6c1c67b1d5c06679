"""nnlib.batchnorm: the forward pass against a loop over units, the backward pass and the
network's gradients against central differences, training against a loop of steps written
here, the running statistics, and the argument checks."""

import numpy as np
import pytest

import nnlib
from nnlib import batchnorm

rng = np.random.default_rng(11)
Z = rng.normal(loc=3.0, scale=2.0, size=(7, 4))
GAMMA = rng.uniform(0.5, 2.0, size=4)
BETA = rng.normal(size=4)
X = rng.normal(size=(12, 5))
ONE_HOT = np.eye(3)[rng.integers(0, 3, size=12)]


def test_forward_normalises_every_unit_over_the_batch():
    out, cache = batchnorm.batch_norm_forward(Z, GAMMA, BETA, epsilon=1e-5)
    for unit in range(Z.shape[1]):  # one column at a time, by the formula
        column = Z[:, unit]
        mean = sum(column) / len(column)
        var = sum((value - mean) ** 2 for value in column) / len(column)
        expected = GAMMA[unit] * (column - mean) / np.sqrt(var + 1e-5) + BETA[unit]
        np.testing.assert_allclose(out[:, unit], expected, rtol=1e-12)
    np.testing.assert_allclose(cache.z_hat.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(cache.z_hat.std(axis=0), np.sqrt(Z.var(axis=0) / (Z.var(axis=0)
                                                                                + 1e-5)))


def test_a_unit_constant_over_the_batch_becomes_beta_not_nan():
    z = np.column_stack([np.full(5, 7.0), np.arange(5.0)])
    out, _ = batchnorm.batch_norm_forward(z, np.ones(2), np.array([0.5, 0.0]))
    np.testing.assert_allclose(out[:, 0], 0.5)


def test_backward_matches_central_differences():
    upstream = rng.normal(size=Z.shape)  # L = sum(out * upstream), so dL/dout = upstream
    z, gamma, beta = Z.copy(), GAMMA.copy(), BETA.copy()

    def loss(_):
        return np.sum(batchnorm.batch_norm_forward(z, gamma, beta)[0] * upstream)

    _, cache = batchnorm.batch_norm_forward(z, gamma, beta)
    dz, dgamma, dbeta = batchnorm.batch_norm_backward(upstream, cache)
    for analytic, parameter in [(dz, z), (dgamma, gamma), (dbeta, beta)]:
        numerical = nnlib.numerical_gradient(loss, parameter)
        np.testing.assert_allclose(analytic, numerical, rtol=1e-6, atol=1e-8)


def test_the_gradient_through_the_normalisation_sums_to_zero_per_unit():
    _, cache = batchnorm.batch_norm_forward(Z, GAMMA, BETA)
    dz, _, _ = batchnorm.batch_norm_backward(rng.normal(size=Z.shape), cache)
    # shifting a whole column changes nothing after normalising, so its gradient has no mean
    np.testing.assert_allclose(dz.sum(axis=0), 0, atol=1e-12)


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu", "leaky_relu"])
def test_network_gradients_match_central_differences(activation):
    net = batchnorm.BatchNormNetwork([5, 4, 6, 3], seed=2, activation=activation)
    net.gammas = [rng.uniform(0.5, 1.5, size=g.shape) for g in net.gammas]
    net.biases = [rng.normal(size=b.shape) for b in net.biases]
    dweights, dgammas, dbiases = net.gradients(X, ONE_HOT)

    def loss(_):  # the batch's own statistics, as a training step sees them
        probabilities = net._pass(X)[0][-1]
        return -np.mean(np.sum(ONE_HOT * np.log(probabilities), axis=1))

    pairs = zip(dweights + dgammas + dbiases, net.weights + net.gammas + net.biases, strict=True)
    for analytic, parameter in pairs:
        numerical = nnlib.numerical_gradient(loss, parameter)
        np.testing.assert_allclose(analytic, numerical, rtol=1e-5, atol=1e-9)


def test_it_starts_from_the_weights_of_a_network_with_the_same_seed():
    net = batchnorm.BatchNormNetwork([5, 4, 3], seed=4, activation="tanh")
    plain = nnlib.Network([5, 4, 3], seed=4, activation="tanh", output="softmax")
    for ours, theirs in zip(net.weights, plain.weights, strict=True):
        np.testing.assert_array_equal(ours, theirs)
    assert [g.tolist() for g in net.gammas] == [[1.0] * 4]
    assert [b.shape for b in net.biases] == [(4,), (3,)]


def test_training_is_a_loop_of_gradient_steps_on_shuffled_batches():
    net = batchnorm.BatchNormNetwork([5, 4, 3], seed=0)
    twin = batchnorm.BatchNormNetwork([5, 4, 3], seed=0)
    history = net.train_minibatch(X, ONE_HOT, epochs=2, batch_size=5, learning_rate=0.2, seed=3)
    shuffle = np.random.default_rng(3)
    step_losses = []
    for _ in range(2):
        order = shuffle.permutation(12)
        for start in (0, 5, 10):  # batches of 5, 5 and 2
            rows = order[start : start + 5]
            probabilities = twin._pass(X[rows])[0][-1]
            step_losses.append(-np.mean(np.log(np.sum(ONE_HOT[rows] * probabilities, axis=1))))
            gradients = twin.gradients(X[rows], ONE_HOT[rows])
            for arrays, grads in zip((twin.weights, twin.gammas, twin.biases), gradients,
                                     strict=True):
                for parameter, gradient in zip(arrays, grads, strict=True):
                    parameter -= 0.2 * gradient
    np.testing.assert_allclose(history.step_losses, step_losses, rtol=1e-12)
    for ours, theirs in zip(net.weights + net.gammas + net.biases,
                            twin.weights + twin.gammas + twin.biases, strict=True):
        np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-15)
    assert len(history.losses) == 2 and len(history.step_losses) == 6


def test_running_statistics_average_the_batches_with_momentum():
    net = batchnorm.BatchNormNetwork([5, 4, 3], seed=0, momentum=0.75)
    z_first = X @ net.weights[0]  # the one batch holds every sample
    _ = net.train_minibatch(X, ONE_HOT, epochs=1, batch_size=12, learning_rate=0.1, seed=0)
    np.testing.assert_allclose(net.running_means[0], z_first.mean(axis=0), rtol=1e-12)
    np.testing.assert_allclose(net.running_variances[0], z_first.var(axis=0), rtol=1e-12)
    z_second = X @ net.weights[0]
    _ = net.train_minibatch(X, ONE_HOT, epochs=1, batch_size=12, learning_rate=0.1, seed=0)
    np.testing.assert_allclose(net.running_means[0],
                               0.75 * z_first.mean(axis=0) + 0.25 * z_second.mean(axis=0))
    np.testing.assert_allclose(net.running_variances[0],
                               0.75 * z_first.var(axis=0) + 0.25 * z_second.var(axis=0))


def test_after_training_one_samples_output_does_not_depend_on_the_others():
    net = batchnorm.BatchNormNetwork([5, 4, 3], seed=0)
    _ = net.train_minibatch(X, ONE_HOT, epochs=3, batch_size=4, learning_rate=0.1, seed=0)
    together = net.feedforward(X)
    alone = np.vstack([net.feedforward(X[i : i + 1]) for i in range(len(X))])
    np.testing.assert_allclose(together, alone, rtol=1e-12)
    np.testing.assert_allclose(together.sum(axis=1), 1.0)
    expected = -np.mean(np.log(np.sum(ONE_HOT * together, axis=1)))
    assert net.loss(X, ONE_HOT) == pytest.approx(expected, rel=1e-12)


def test_before_training_it_normalises_with_the_datas_own_statistics():
    net = batchnorm.BatchNormNetwork([5, 4, 3], seed=0)
    z = X @ net.weights[0]
    a = np.maximum((z - z.mean(axis=0)) / np.sqrt(z.var(axis=0) + 1e-5), 0)
    scores = a @ net.weights[1]
    expected = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(net.feedforward(X), expected, rtol=1e-10)


def test_a_deep_sigmoid_network_trains_with_batch_normalisation_and_not_without():
    rng_task = np.random.default_rng(0)
    X_task = rng_task.normal(size=(200, 6))
    labels = (X_task[:, 0] + X_task[:, 1] > 0).astype(int)
    y_task = np.eye(2)[labels]
    sizes = [6] + [16] * 8 + [2]
    plain = nnlib.Network(sizes, seed=0, output="softmax", loss="cross_entropy")
    normalised = batchnorm.BatchNormNetwork(sizes, seed=0, activation="sigmoid")
    for net in (plain, normalised):
        _ = net.train_minibatch(X_task, y_task, epochs=20, batch_size=20, learning_rate=0.5,
                                seed=0)
    assert nnlib.accuracy(labels, plain.feedforward(X_task)) < 0.7
    assert nnlib.accuracy(labels, normalised.feedforward(X_task)) > 0.9


# --- the input contract -------------------------------------------------------------------------


@pytest.mark.parametrize(("call", "error", "says"), [
    (lambda: batchnorm.batch_norm_forward(Z[:1], GAMMA, BETA), ValueError, "at least 2 samples"),
    (lambda: batchnorm.batch_norm_forward(Z[0], GAMMA, BETA), ValueError, "z must be 2-D"),
    (lambda: batchnorm.batch_norm_forward(Z, GAMMA[:3], BETA), ValueError,
     r"gamma must have shape \(4,\)"),
    (lambda: batchnorm.batch_norm_forward(Z, GAMMA, BETA.reshape(1, 4)), ValueError,
     r"beta must have shape \(4,\)"),
    (lambda: batchnorm.batch_norm_forward(Z, GAMMA, BETA, epsilon=0), ValueError, "epsilon"),
    (lambda: batchnorm.batch_norm_forward("z", GAMMA, BETA), TypeError, "z must be numeric"),
    (lambda: batchnorm.batch_norm_backward(Z, (Z, GAMMA, GAMMA)), TypeError,
     "cache must be the BatchNormCache"),
    (lambda: batchnorm.batch_norm_backward(Z[:3], batchnorm.batch_norm_forward(Z, GAMMA, BETA)[1]),
     ValueError, r"d_out must have the shape of the forward pass's z, \(7, 4\)"),
])
def test_layer_functions_refuse_bad_input(call, error, says):
    with pytest.raises(error, match=says):
        call()


@pytest.mark.parametrize(("kwargs", "error", "says"), [
    ({"layer_sizes": [5, 3]}, ValueError, "at least one hidden layer"),
    ({"layer_sizes": [5, 0, 3]}, ValueError, "at least one unit"),
    ({"layer_sizes": [5, 4, 3], "activation": "softmax"}, ValueError, "activation must be one"),
    ({"layer_sizes": [5, 4, 3], "momentum": 1.0}, ValueError, "momentum must be a number"),
    ({"layer_sizes": [5, 4, 3], "epsilon": -1}, ValueError, "epsilon must be a number"),
])
def test_network_settings_are_checked(kwargs, error, says):
    with pytest.raises(error, match=says):
        batchnorm.BatchNormNetwork(**kwargs)


@pytest.mark.parametrize(("call", "error", "says"), [
    (lambda net: net.feedforward(X[:, :4]), ValueError, "X must have 5 features"),
    (lambda net: net.loss(X, ONE_HOT[:, :2]), ValueError, "y must have 3 outputs"),
    (lambda net: net.loss(X, ONE_HOT * 0.5), ValueError, "each row of y must sum to 1"),
    (lambda net: net.gradients(X[:1], ONE_HOT[:1]), ValueError, "at least 2 samples"),
    (lambda net: net.train_minibatch(X, ONE_HOT, 1, batch_size=11), ValueError,
     "leaves a batch of one sample"),
    (lambda net: net.train_minibatch(X, ONE_HOT, 1, batch_size=1), ValueError,
     "leaves a batch of one sample"),
    (lambda net: net.train_minibatch(X, ONE_HOT, 0), ValueError, "epochs must be at least 1"),
    (lambda net: net.train_minibatch(X, ONE_HOT, 1, learning_rate=0), ValueError,
     "learning_rate must be a positive"),
    (lambda net: net.train_minibatch(X, ONE_HOT, 1, validation_data=X), TypeError,
     "validation_data must be a pair"),
    (lambda net: net.train_minibatch(X, ONE_HOT, 1, validation_data=(X, ONE_HOT[:3])),
     ValueError, "X_val and y_val must have the same number of rows"),
])
def test_network_data_is_checked_naming_the_argument(call, error, says):
    with pytest.raises(error, match=says):
        call(batchnorm.BatchNormNetwork([5, 4, 3], seed=0))


def test_huge_weights_are_normalised_away_but_an_overflowing_variance_is_an_error():
    net = batchnorm.BatchNormNetwork([5, 4, 3], seed=0)
    net.weights[0] = net.weights[0] * 1e100  # normalising divides the scale out again
    np.testing.assert_allclose(net.feedforward(X), batchnorm.BatchNormNetwork(
        [5, 4, 3], seed=0).feedforward(X), rtol=1e-4)  # up to epsilon
    net.weights[0] = net.weights[0] * 1e200  # z ~ 1e300: its variance overflows
    with pytest.raises(ValueError, match="variance of the weighted sums z overflowed"):
        net.feedforward(X)


def test_a_learning_rate_that_overflows_is_an_error_not_a_warning():
    net = batchnorm.BatchNormNetwork([5, 4, 3], seed=0)
    with pytest.raises(ValueError, match="overflowed"):
        net.train_minibatch(X, ONE_HOT, 3, batch_size=4, learning_rate=1e300)
