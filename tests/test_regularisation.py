"""Weight decay and dropout (nnlib/regularisation.py) and the options of
Network.train_minibatch that use them and the optimisers: against a numpy loop written here,
finite differences, and the input contract."""

import copy
import subprocess
import sys

import numpy as np
import pytest

import nnlib
from nnlib.optimisers import Adam, Momentum
from nnlib.regularisation import check_dropout, check_weight_decay, dropout_mask, l2_penalty

rng = np.random.default_rng(1)
X = rng.normal(size=(23, 4))
ONE_HOT = np.eye(3)[rng.integers(0, 3, size=23)]
Y01 = rng.random((23, 2))

HIDDEN = {  # f(z) and f'(z), written independently of nnlib
    "sigmoid": (lambda z: 1 / (1 + np.exp(-z)), lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2),
    "tanh": (np.tanh, lambda z: 1 - np.tanh(z) ** 2),
    "relu": (lambda z: np.maximum(z, 0), lambda z: (z > 0) * 1.0),
}


def network(hidden="relu", output="softmax", sizes=(4, 6, 5, 3)):
    loss = "cross_entropy" if output == "softmax" else "mse"
    return nnlib.Network(list(sizes), seed=3, activation=hidden, output=output, loss=loss)


def reference(net, X, y, epochs, batch_size, learning_rate, seed, hidden, output,
              optimiser="plain", weight_decay=0.0, dropout=0.0, beta=0.9, betas=(0.9, 0.999),
              epsilon=1e-8):
    """Mini-batch training one loop per idea: shuffle, then per batch the dropout masks of the
    hidden layers (drawn in layer order from the same generator), forward, loss, backward with
    the masks, L2's term weight_decay * w on the weights, then the optimiser's rule. Returns
    (epoch losses, step losses, parameters: weights then biases)."""
    parameters = [p.copy() for p in net.weights + net.biases]
    n_layers = len(net.weights)
    memory = [[np.zeros_like(p) for p in parameters] for _ in range(2)]
    f, f_prime = HIDDEN[hidden]
    generator = np.random.default_rng(seed)

    def forward(X, masks=None):
        inputs, zs, a = [], [], X
        for layer in range(n_layers):
            if masks is not None and layer > 0:
                a = a * masks[layer - 1]
            inputs.append(a)
            zs.append(a @ parameters[layer] + parameters[n_layers + layer])
            if layer < n_layers - 1:
                a = f(zs[-1])
            elif output == "softmax":
                exp = np.exp(zs[-1] - zs[-1].max(axis=1, keepdims=True))
                a = exp / exp.sum(axis=1, keepdims=True)
            else:
                a = 1 / (1 + np.exp(-zs[-1]))
        return inputs, zs, a

    def loss(y, y_hat):
        if output == "softmax":
            return -np.sum(y * np.log(y_hat)) / len(y)
        return np.mean((y_hat - y) ** 2)

    epoch_losses, step_losses, t = [], [], 0
    for _ in range(epochs):
        epoch_losses.append(loss(y, forward(X)[2]))  # every unit on: no dropout
        order = generator.permutation(len(X))
        for start in range(0, len(X), batch_size):
            batch = order[start : start + batch_size]
            masks = None
            if dropout:
                masks = [(generator.random((len(batch), w.shape[0])) >= dropout) / (1 - dropout)
                         for w in parameters[1:n_layers]]
            inputs, zs, y_hat = forward(X[batch], masks)
            step_losses.append(loss(y[batch], y_hat))
            if output == "softmax":
                delta = (y_hat - y[batch]) / len(batch)
            else:
                delta = 2 * (y_hat - y[batch]) / y[batch].size * y_hat * (1 - y_hat)
            gradients = [None] * len(parameters)
            for layer in reversed(range(n_layers)):
                weights = parameters[layer]
                gradients[layer] = inputs[layer].T @ delta + weight_decay * weights
                gradients[n_layers + layer] = delta.sum(axis=0)
                if layer > 0:
                    delta = delta @ weights.T
                    if masks is not None:
                        delta = delta * masks[layer - 1]
                    delta = delta * f_prime(zs[layer - 1])
            t += 1
            for i, (p, g) in enumerate(zip(parameters, gradients, strict=True)):
                if optimiser == "plain":
                    p -= learning_rate * g
                elif optimiser == "momentum":
                    memory[0][i] = beta * memory[0][i] + g
                    p -= learning_rate * memory[0][i]
                else:
                    memory[0][i] = betas[0] * memory[0][i] + (1 - betas[0]) * g
                    memory[1][i] = betas[1] * memory[1][i] + (1 - betas[1]) * g**2
                    m_hat = memory[0][i] / (1 - betas[0] ** t)
                    s_hat = memory[1][i] / (1 - betas[1] ** t)
                    p -= learning_rate * m_hat / (np.sqrt(s_hat) + epsilon)
    return np.array(epoch_losses), np.array(step_losses), parameters


def assert_same_run(history, net, expected, rtol=1e-10):
    np.testing.assert_allclose(history.losses, expected[0], rtol=rtol)
    np.testing.assert_allclose(history.step_losses, expected[1], rtol=rtol)
    for got, want in zip(net.weights + net.biases, expected[2], strict=True):
        np.testing.assert_allclose(got, want, rtol=rtol, atol=1e-13)


@pytest.mark.parametrize("hidden", HIDDEN)
@pytest.mark.parametrize(("output", "batch_size"), [("softmax", 5), ("sigmoid", 8),
                                                   ("softmax", 23)])
@pytest.mark.parametrize(
    "options",
    [
        {"optimiser": "momentum"},
        {"optimiser": "adam", "learning_rate": 0.01},
        {"weight_decay": 0.1},
        {"dropout": 0.3},
        {"optimiser": "adam", "learning_rate": 0.01, "weight_decay": 0.05, "dropout": 0.5},
        {"optimiser": "momentum", "weight_decay": 0.01, "dropout": 0.2},
    ],
    ids=lambda options: "-".join(f"{k}={v}" for k, v in options.items()),
)
def test_train_minibatch_with_options_matches_a_numpy_loop(hidden, output, batch_size, options):
    y = ONE_HOT if output == "softmax" else Y01
    net = network(hidden, output, sizes=(4, 6, 5, y.shape[1]))
    options = {"learning_rate": 0.3} | options
    expected = reference(net, X, y, 3, batch_size, seed=7, hidden=hidden, output=output,
                         **options)
    history = net.train_minibatch(X, y, 3, batch_size=batch_size, seed=7, **options)
    assert_same_run(history, net, expected)


def test_optimiser_objects_use_their_own_settings():
    net = network()
    expected = reference(net, X, ONE_HOT, 2, 6, 0.05, 2, "relu", "softmax", "adam",
                         betas=(0.5, 0.8), epsilon=1e-3)
    history = net.train_minibatch(X, ONE_HOT, 2, batch_size=6, learning_rate=0.05, seed=2,
                                  optimiser=Adam(beta1=0.5, beta2=0.8, epsilon=1e-3))
    assert_same_run(history, net, expected)
    net = network()
    expected = reference(net, X, ONE_HOT, 2, 6, 0.05, 2, "relu", "softmax", "momentum",
                         beta=0.5)
    history = net.train_minibatch(X, ONE_HOT, 2, batch_size=6, learning_rate=0.05, seed=2,
                                  optimiser=Momentum(beta=0.5))
    assert_same_run(history, net, expected)


def test_an_optimiser_object_carries_its_memory_from_one_call_to_the_next():
    whole, halves = network(), network()
    options = {"batch_size": 5, "learning_rate": 0.01, "dropout": 0.2}
    whole.train_minibatch(X, ONE_HOT, 4, seed=np.random.default_rng(5), optimiser=Adam(),
                          **options)
    adam, shuffle = Adam(), np.random.default_rng(5)
    for _ in range(2):
        halves.train_minibatch(X, ONE_HOT, 2, seed=shuffle, optimiser=adam, **options)
    for got, want in zip(halves.weights + halves.biases, whole.weights + whole.biases,
                         strict=True):
        np.testing.assert_array_equal(got, want)
    assert adam.t == 4 * 5  # 23 samples in batches of 5: 5 steps per epoch


def test_the_default_options_are_the_plain_step_of_notebook_07():
    plain, named = network(), network()
    a = plain.train_minibatch(X, ONE_HOT, 2, batch_size=4, seed=0)
    b = named.train_minibatch(X, ONE_HOT, 2, batch_size=4, seed=0, optimiser="plain",
                              weight_decay=0, dropout=0.0)
    np.testing.assert_array_equal(a.step_losses, b.step_losses)
    for got, want in zip(named.weights + named.biases, plain.weights + plain.biases, strict=True):
        np.testing.assert_array_equal(got, want)


def test_momentum_with_beta_zero_takes_the_plain_steps():
    plain, zero = network(), network()
    plain.train_minibatch(X, ONE_HOT, 2, batch_size=4, seed=0)
    zero.train_minibatch(X, ONE_HOT, 2, batch_size=4, seed=0, optimiser=Momentum(beta=0))
    for got, want in zip(zero.weights + zero.biases, plain.weights + plain.biases, strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-14)


def flat_loss(net, X, y, weight_decay=0.0, masks=None):
    """The loss of the tanh network `net` on X, L2 term included; with `masks`, each hidden
    layer's output multiplied by its mask (dropout, written here). tanh has no kink for finite
    differences to straddle (a ReLU unit whose inputs are all 0 sits exactly on one)."""
    f = HIDDEN["tanh"][0]
    a = X
    for layer, (w, b) in enumerate(zip(net.weights, net.biases, strict=True)):
        if masks is not None and layer > 0:
            a = a * masks[layer - 1]
        z = a @ w + b
        a = f(z) if layer < len(net.weights) - 1 else nnlib.softmax(z)
    penalty = weight_decay / 2 * sum(np.sum(w**2) for w in net.weights)
    return nnlib.cross_entropy(y, a) + penalty


def one_full_batch_step(net, learning_rate, **options):
    """The change of every array in one step on all of X, divided by -learning_rate: the
    gradient the step followed."""
    before = [p.copy() for p in net.weights + net.biases]
    net.train_minibatch(X, ONE_HOT, 1, batch_size=len(X), learning_rate=learning_rate, seed=9,
                        **options)
    return [(b - a) / learning_rate for a, b in zip(net.weights + net.biases, before,
                                                    strict=True)]


def test_weight_decay_steps_along_the_gradient_of_loss_plus_l2_term_by_finite_differences():
    net = network("tanh")
    start = copy.deepcopy(net)
    followed = one_full_batch_step(net, 1e-3, weight_decay=0.2)
    for array, step in zip(start.weights + start.biases, followed, strict=True):
        numeric = nnlib.numerical_gradient(lambda _: flat_loss(start, X, ONE_HOT, 0.2), array)
        np.testing.assert_allclose(step, numeric, rtol=1e-6, atol=1e-8)


def test_the_l2_term_pulls_the_weights_and_leaves_the_biases():
    decayed, plain = network(), network()
    with_decay = one_full_batch_step(decayed, 1e-3, weight_decay=0.2)
    without = one_full_batch_step(plain, 1e-3)
    n = len(plain.weights)
    for layer, weights in enumerate(network().weights):
        np.testing.assert_allclose(with_decay[layer] - without[layer], 0.2 * weights, rtol=1e-9)
        np.testing.assert_allclose(with_decay[n + layer], without[n + layer], rtol=1e-12)


def test_dropout_steps_along_the_gradient_of_the_masked_network_by_finite_differences():
    net = network("tanh")
    start = copy.deepcopy(net)
    # the generator's draws in the order train_minibatch makes them: the shuffle, then one mask
    # per hidden layer for the batch
    generator = np.random.default_rng(9)
    order = generator.permutation(len(X))
    masks = [(generator.random((len(X), w.shape[0])) >= 0.4) / 0.6 for w in net.weights[1:]]
    followed = one_full_batch_step(net, 1e-3, dropout=0.4)
    for array, step in zip(start.weights + start.biases, followed, strict=True):
        numeric = nnlib.numerical_gradient(
            lambda _: flat_loss(start, X[order], ONE_HOT[order], masks=masks), array)
        np.testing.assert_allclose(step, numeric, rtol=1e-6, atol=1e-8)


def test_dropout_is_off_when_evaluating():
    net = network()
    before = net.loss(X, ONE_HOT)
    history = net.train_minibatch(X, ONE_HOT, 3, batch_size=5, learning_rate=0.1, seed=0,
                                  dropout=0.5, validation_data=(X[:7], ONE_HOT[:7]))
    assert history.losses[0] == before  # the epoch losses are measured with every unit on
    assert np.array_equal(net.feedforward(X), net.feedforward(X))  # nothing random after
    assert history.validation_losses[-1] != history.losses[-1]


def test_dropout_draws_from_the_seed_only():
    def run(seed):
        net = network()
        return net.train_minibatch(X, ONE_HOT, 2, batch_size=5, seed=seed, dropout=0.5)

    np.testing.assert_array_equal(run(4).step_losses, run(4).step_losses)
    assert not np.array_equal(run(4).step_losses, run(5).step_losses)


def test_the_dropout_mask_keeps_the_mean_of_the_activations():
    mask = dropout_mask(np.random.default_rng(0), (400, 500), 0.3)
    assert set(np.unique(mask)) == {0.0, 1 / 0.7}
    assert np.mean(mask == 0) == pytest.approx(0.3, abs=0.005)  # 200,000 draws: sd 0.001
    assert mask.mean() == pytest.approx(1.0, abs=0.01)
    np.testing.assert_array_equal(dropout_mask(np.random.default_rng(0), (3, 4), 0.0),
                                  np.ones((3, 4)))


def test_the_l2_penalty_is_half_the_decay_times_the_squared_weights():
    weights = [np.array([[1.0, -2.0]]), np.array([[3.0], [0.5]])]
    assert l2_penalty(weights, 0.1) == pytest.approx(0.05 * (1 + 4 + 9 + 0.25))
    assert l2_penalty(weights, 0) == 0


@pytest.mark.parametrize(
    ("check", "value", "error", "message"),
    [
        (check_weight_decay, -0.1, ValueError, "weight_decay must be a finite number >= 0"),
        (check_weight_decay, np.inf, ValueError, "weight_decay must be a finite number >= 0"),
        (check_weight_decay, "0.1", TypeError, "weight_decay must be a number"),
        (check_weight_decay, None, TypeError, "weight_decay must be a number"),
        (check_dropout, 1.0, ValueError, r"dropout must be in \[0, 1\)"),
        (check_dropout, -0.2, ValueError, r"dropout must be in \[0, 1\)"),
        (check_dropout, True, TypeError, r"dropout must be a number in \[0, 1\)"),
        (check_dropout, [0.5], TypeError, r"dropout must be a number in \[0, 1\)"),
    ],
)
def test_bad_rates_are_named(check, value, error, message):
    with pytest.raises(error, match=message):
        check(value)


def test_bad_masks_and_penalties_are_named():
    with pytest.raises(TypeError, match="rng must be a numpy Generator"):
        dropout_mask(0, (2, 2), 0.5)
    with pytest.raises(ValueError, match=r"dropout must be in \[0, 1\)"):
        dropout_mask(np.random.default_rng(0), (2, 2), 1.5)
    with pytest.raises(TypeError, match="weights must be a list of arrays"):
        l2_penalty(np.ones((2, 2)), 0.1)
    with pytest.raises(ValueError, match=r"weights\[1\] contains 1 NaN"):
        l2_penalty([np.ones(2), np.array([np.nan])], 0.1)


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ({"optimiser": "sgd"}, ValueError,
         r"optimiser must be one of \['plain', 'momentum', 'adam'\] .*got 'sgd'"),
        ({"optimiser": "Adam"}, ValueError, "optimiser must be one of"),
        ({"optimiser": Adam}, TypeError, "optimiser must be one of"),
        ({"weight_decay": -1e-3}, ValueError, "weight_decay must be a finite number >= 0"),
        ({"weight_decay": "1e-3"}, TypeError, "weight_decay must be a number"),
        ({"dropout": 1}, ValueError, r"dropout must be in \[0, 1\)"),
        ({"dropout": 50}, ValueError, r"dropout must be in \[0, 1\)"),
        ({"dropout": False}, TypeError, "dropout must be a number"),
    ],
)
def test_bad_options_are_named_before_training(arguments, error, message):
    net = network()
    before = [p.copy() for p in net.weights + net.biases]
    with pytest.raises(error, match=message):
        net.train_minibatch(X, ONE_HOT, 1, batch_size=8, **arguments)
    for after, original in zip(net.weights + net.biases, before, strict=True):
        np.testing.assert_array_equal(after, original)


def test_the_options_load_on_use_not_with_import_nnlib():
    code = (
        "import sys, nnlib\n"
        "print('nnlib.optimisers' in sys.modules, 'nnlib.regularisation' in sys.modules)\n"
        "net = nnlib.Network([2, 3, 1], seed=0)\n"
        "net.train_minibatch([[0.0, 1.0], [1.0, 0.0]], [[1.0], [0.0]], 1, dropout=0.5, seed=0)\n"
        "print('nnlib.optimisers' in sys.modules, 'nnlib.regularisation' in sys.modules)"
    )
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True).stdout.split("\n")
    assert output[:2] == ["False False", "True True"]
