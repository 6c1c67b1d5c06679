"""Mini-batch gradient descent: Network.train_minibatch against a hand-written numpy loop, its
History, seeded shuffling, and its arguments."""

import numpy as np
import pytest

import nnlib

rng = np.random.default_rng(0)
X = rng.normal(size=(23, 4))
LABELS = rng.integers(0, 3, size=23)
ONE_HOT = np.eye(3)[LABELS]
Y01 = rng.random((23, 2))

HIDDEN = {  # f(z) and f'(z), written independently of nnlib
    "sigmoid": (lambda z: 1 / (1 + np.exp(-z)), lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2),
    "tanh": (np.tanh, lambda z: 1 - np.tanh(z) ** 2),
    "relu": (lambda z: np.maximum(z, 0), lambda z: (z > 0) * 1.0),
    "leaky_relu": (lambda z: np.where(z > 0, z, 0.01 * z), lambda z: np.where(z > 0, 1, 0.01)),
}


def reference(network, X, y, epochs, batch_size, learning_rate, seed, hidden, output):
    """Plain mini-batch gradient descent, one loop per idea; returns (epoch losses, step
    losses, weights, biases)."""
    weights = [w.copy() for w in network.weights]
    biases = [b.copy() for b in network.biases]
    f, f_prime = HIDDEN[hidden]
    shuffle = np.random.default_rng(seed)

    def forward(X):
        zs, activations = [], [X]
        for layer, (w, b) in enumerate(zip(weights, biases, strict=True)):
            zs.append(activations[-1] @ w + b)
            if layer < len(weights) - 1:
                activations.append(f(zs[-1]))
            elif output == "softmax":
                exp = np.exp(zs[-1] - zs[-1].max(axis=1, keepdims=True))
                activations.append(exp / exp.sum(axis=1, keepdims=True))
            else:
                activations.append(1 / (1 + np.exp(-zs[-1])))
        return zs, activations

    def loss(y, y_hat):
        if output == "softmax":
            return -np.sum(y * np.log(y_hat)) / len(y)
        return np.mean((y_hat - y) ** 2)

    epoch_losses, step_losses = [], []
    for _ in range(epochs):
        epoch_losses.append(loss(y, forward(X)[1][-1]))
        order = shuffle.permutation(len(X)) if batch_size < len(X) else np.arange(len(X))
        for start in range(0, len(X), batch_size):
            batch = order[start : start + batch_size]
            zs, activations = forward(X[batch])
            y_hat = activations[-1]
            step_losses.append(loss(y[batch], y_hat))
            if output == "softmax":
                delta = (y_hat - y[batch]) / len(batch)
            else:
                delta = 2 * (y_hat - y[batch]) / y[batch].size * y_hat * (1 - y_hat)
            for layer in reversed(range(len(weights))):
                dw, db = activations[layer].T @ delta, delta.sum(axis=0)
                if layer > 0:
                    delta = (delta @ weights[layer].T) * f_prime(zs[layer - 1])
                weights[layer] -= learning_rate * dw
                biases[layer] -= learning_rate * db
    return np.array(epoch_losses), np.array(step_losses), weights, biases


@pytest.mark.parametrize("hidden", HIDDEN)
@pytest.mark.parametrize(("output", "batch_size"), [("softmax", 5), ("sigmoid", 4),
                                                   ("softmax", 23), ("sigmoid", 1)])
def test_train_minibatch_matches_a_hand_written_numpy_loop(hidden, output, batch_size):
    y = ONE_HOT if output == "softmax" else Y01
    loss = "cross_entropy" if output == "softmax" else "mse"
    network = nnlib.Network([4, 6, 5, y.shape[1]], seed=3, activation=hidden, output=output,
                            loss=loss)
    expected = reference(network, X, y, 3, batch_size, 0.3, 7, hidden, output)
    history = network.train_minibatch(X, y, 3, batch_size=batch_size, learning_rate=0.3, seed=7)
    np.testing.assert_allclose(history.losses, expected[0], rtol=1e-12)
    np.testing.assert_allclose(history.step_losses, expected[1], rtol=1e-12)
    for got, want in zip(network.weights + network.biases, expected[2] + expected[3],
                         strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-11, atol=1e-14)


def test_history_has_one_loss_per_epoch_and_one_per_step_the_last_batch_smaller():
    network = nnlib.Network([4, 5, 3], seed=0, output="softmax", loss="cross_entropy")
    before = network.loss(X, ONE_HOT)
    history = network.train_minibatch(X, ONE_HOT, 4, batch_size=10, seed=0,
                                      validation_data=(X[:5], ONE_HOT[:5]))
    assert history.losses.shape == (4,) and history.validation_losses.shape == (4,)
    assert history.step_losses.shape == (4 * 3,)  # batches of 10, 10 and 3
    assert history.losses[0] == pytest.approx(before, rel=1e-12)  # measured before epoch 1
    assert repr(history).startswith("History(epochs=4, first_loss=")


def test_epoch_losses_are_measured_before_each_epoch_with_the_same_weights_for_validation():
    # a shared Generator lets a twin replay the run one epoch at a time
    options = {"batch_size": 6, "learning_rate": 0.5}
    whole = nnlib.Network([4, 5, 3], seed=0, activation="relu", output="softmax",
                          loss="cross_entropy")
    twin = nnlib.Network([4, 5, 3], seed=0, activation="relu", output="softmax",
                         loss="cross_entropy")
    history = whole.train_minibatch(X, ONE_HOT, 3, seed=np.random.default_rng(4),
                                    validation_data=(X[:9], ONE_HOT[:9]), **options)
    shuffle = np.random.default_rng(4)
    for epoch in range(3):
        assert history.losses[epoch] == twin.loss(X, ONE_HOT)
        assert history.validation_losses[epoch] == twin.loss(X[:9], ONE_HOT[:9])
        twin.train_minibatch(X, ONE_HOT, 1, seed=shuffle, **options)
    for got, want in zip(twin.weights + twin.biases, whole.weights + whole.biases, strict=True):
        np.testing.assert_array_equal(got, want)


def test_a_batch_of_every_sample_is_full_batch_gradient_descent():
    full = nnlib.Network([4, 5, 2], seed=1, activation="tanh")
    batched = nnlib.Network([4, 5, 2], seed=1, activation="tanh")
    history = full.train(X, Y01, 5, learning_rate=0.7)
    minibatch = batched.train_minibatch(X, Y01, 5, batch_size=100, learning_rate=0.7, seed=0)
    np.testing.assert_array_equal(minibatch.losses, history.losses)
    np.testing.assert_array_equal(minibatch.step_losses, history.losses)
    for got, want in zip(batched.weights + batched.biases, full.weights + full.biases,
                         strict=True):
        np.testing.assert_array_equal(got, want)


def test_same_seed_same_run_other_seed_other_order_and_no_global_random_state():
    def run(seed):
        network = nnlib.Network([4, 5, 3], seed=0, output="softmax", loss="cross_entropy")
        return network.train_minibatch(X, ONE_HOT, 2, batch_size=4, seed=seed).step_losses

    # the legacy global generator is read here only to prove nnlib never draws from it
    state = np.random.get_state()[1].copy()  # noqa: NPY002
    np.testing.assert_array_equal(run(3), run(3))
    assert not np.array_equal(run(3), run(4))
    np.testing.assert_array_equal(np.random.get_state()[1], state)  # noqa: NPY002


def test_every_sample_is_used_once_per_epoch():
    # with learning rate ~0 the weights stay put, so the step losses of one epoch, weighted by
    # batch size, add up to the loss over all samples
    network = nnlib.Network([4, 5, 3], seed=0, output="softmax", loss="cross_entropy")
    history = network.train_minibatch(X, ONE_HOT, 1, batch_size=5, learning_rate=1e-300, seed=1)
    sizes = np.array([5, 5, 5, 5, 3])
    assert np.dot(history.step_losses, sizes) / 23 == pytest.approx(history.losses[0], rel=1e-12)


def test_callback_runs_every_callback_every_epochs_and_after_the_last():
    calls = []
    network = nnlib.Network([4, 5, 3], seed=0, output="softmax", loss="cross_entropy")
    network.train_minibatch(X, ONE_HOT, 5, batch_size=8, seed=0, callback_every=2,
                            callback=lambda epoch, losses: calls.append((epoch, len(losses))))
    assert calls == [(2, 2), (4, 4), (5, 5)]


def test_the_digits_reach_95_percent_test_accuracy_with_mini_batches():
    # notebook 07's task: 8x8 digits, a 64-32-10 ReLU network, softmax and cross-entropy
    pixels, labels = nnlib.data.digits()
    order = np.random.default_rng(0).permutation(len(labels))
    train, test = order[:1200], order[1500:]
    network = nnlib.Network([64, 32, 10], seed=0, activation="relu", output="softmax",
                            loss="cross_entropy")
    history = network.train_minibatch(pixels[train] / 16, nnlib.one_hot(labels[train], 10), 15,
                                      batch_size=32, learning_rate=0.3, seed=0)
    assert history.losses[0] == pytest.approx(np.log(10), rel=0.1)  # a uniform first guess
    assert nnlib.accuracy(labels[test], network.feedforward(pixels[test] / 16)) >= 0.95


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ({"batch_size": 0}, ValueError, "batch_size must be at least 1"),
        ({"batch_size": 8.0}, TypeError, "batch_size must be a whole number"),
        ({"batch_size": True}, TypeError, "batch_size must be a whole number"),
        ({"epochs": 0}, ValueError, "epochs must be at least 1"),
        ({"epochs": 2.5}, TypeError, "epochs must be a whole number"),
        ({"epochs": 10**9}, ValueError,
         r"epochs=1,000,000,000 is more than nnlib allows: at most 3,333,333 epochs of 3 "
         r"batches \(10,000,000 steps"),
        ({"learning_rate": -1.0}, ValueError, "learning_rate must be a positive finite number"),
        ({"seed": -2}, ValueError, "seed must be at least 0"),
        ({"seed": "7"}, TypeError, "seed must be a whole number, a numpy Generator or None"),
        ({"validation_data": X}, TypeError, r"validation_data must be a pair \(X_val, y_val\)"),
        ({"callback": 3}, TypeError, "callback must be a function"),
        ({"callback_every": 0}, ValueError, "callback_every must be at least 1"),
    ],
)
def test_bad_arguments_are_named_before_training(arguments, error, message):
    network = nnlib.Network([4, 5, 3], seed=0, output="softmax", loss="cross_entropy")
    before = [w.copy() for w in network.weights]
    options = {"epochs": 1, "batch_size": 8} | arguments
    with pytest.raises(error, match=message):
        network.train_minibatch(X, ONE_HOT, **options)
    for after, original in zip(network.weights, before, strict=True):
        np.testing.assert_array_equal(after, original)
