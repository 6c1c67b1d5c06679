"""The same math as nnlib, hand-written in as few numpy calls as possible.

No validation, no lists of layers, no per-iteration allocations beyond what numpy needs:
the fastest plain-numpy loop a careful person would write for one hidden layer.
"""

import numpy as np


def perceptron(X, y, weights, iterations, learning_rate):
    """Returns (mean squared error per iteration, final weights)."""
    weights = weights.copy()
    X_T = np.ascontiguousarray(X.T)
    inverse_n = 1.0 / y.size
    losses = np.empty(iterations)
    for iteration in range(iterations):
        y_hat = 1.0 / (1.0 + np.exp(-(X @ weights)))
        error = y - y_hat
        losses[iteration] = np.vdot(error, error) * inverse_n
        weights += X_T @ (learning_rate * error * y_hat * (1.0 - y_hat))
    return losses, weights


def network(X, y, weights, biases, iterations, learning_rate):
    """One hidden layer of sigmoids, mean squared error. Returns (losses, weights, biases)."""
    (w1, w2), (b1, b2) = [w.copy() for w in weights], [b.copy() for b in biases]
    X_T = np.ascontiguousarray(X.T)
    inverse_size = 1.0 / y.size
    losses = np.empty(iterations)
    with np.errstate(over="ignore"):
        for iteration in range(iterations):
            a1 = 1.0 / (1.0 + np.exp(-(X @ w1 + b1)))  # (n, n_hidden)
            a2 = 1.0 / (1.0 + np.exp(-(a1 @ w2 + b2)))  # (n, n_out)
            error = a2 - y
            losses[iteration] = np.vdot(error, error) * inverse_size
            # learning rate folded into the deltas: one multiply instead of four
            delta2 = (2.0 * inverse_size * learning_rate) * error * a2 * (1.0 - a2)
            delta1 = (delta2 @ w2.T) * a1 * (1.0 - a1)
            w2 -= a1.T @ delta2
            b2 -= delta2.sum(axis=0)
            w1 -= X_T @ delta1
            b1 -= delta1.sum(axis=0)
    return losses, [w1, w2], [b1, b2]


EPSILON = np.finfo(float).eps  # nnlib's cross-entropy clip


def _softmax_network_loss(X, y, w1, b1, w2, b2, hidden):
    z1 = X @ w1 + b1
    a1 = np.maximum(z1, 0.0) if hidden == "relu" else 1.0 / (1.0 + np.exp(-z1))
    z2 = a1 @ w2 + b2
    exp = np.exp(z2 - z2.max(axis=1, keepdims=True))
    y_hat = exp / exp.sum(axis=1, keepdims=True)
    return -np.vdot(y, np.log(np.maximum(y_hat, EPSILON))) / len(X)


def minibatch(X, y, weights, biases, epochs, batch_size, learning_rate, seed, hidden="sigmoid"):
    """One hidden layer (sigmoid or relu), softmax output, cross-entropy, mini-batches in the
    order a numpy Generator(seed) shuffles them, as nnlib.Network.train_minibatch.

    Returns (loss per epoch on all of X before it, loss per step before it, weights, biases).
    """
    (w1, w2), (b1, b2) = [w.copy() for w in weights], [b.copy() for b in biases]
    rng = np.random.default_rng(seed)
    n_samples = X.shape[0]
    starts = range(0, n_samples, batch_size)
    losses, step_losses = np.empty(epochs), np.empty(epochs * len(starts))
    step = 0
    with np.errstate(over="ignore"):
        for epoch in range(epochs):
            losses[epoch] = _softmax_network_loss(X, y, w1, b1, w2, b2, hidden)
            order = rng.permutation(n_samples)
            X_epoch, y_epoch = X[order], y[order]
            for start in starts:
                X_batch = X_epoch[start : start + batch_size]
                y_batch = y_epoch[start : start + batch_size]
                z1 = X_batch @ w1
                z1 += b1
                if hidden == "relu":
                    a1 = np.maximum(z1, 0.0, out=z1)
                else:
                    np.negative(z1, out=z1)
                    np.exp(z1, out=z1)
                    z1 += 1.0
                    a1 = np.reciprocal(z1, out=z1)
                z2 = a1 @ w2
                z2 += b2
                z2 -= z2.max(axis=1, keepdims=True)
                np.exp(z2, out=z2)
                z2 /= z2.sum(axis=1, keepdims=True)  # the softmax output y_hat
                scale = 1.0 / len(X_batch)
                step_losses[step] = -np.vdot(y_batch, np.log(np.maximum(z2, EPSILON))) * scale
                z2 -= y_batch
                z2 *= learning_rate * scale  # delta2 with the learning rate folded in
                delta1 = z2 @ w2.T
                if hidden == "relu":
                    delta1 *= a1 > 0
                else:
                    delta1 *= a1 * (1.0 - a1)
                w2 -= a1.T @ z2
                b2 -= z2.sum(axis=0)
                w1 -= X_batch.T @ delta1
                b1 -= delta1.sum(axis=0)
                step += 1
    return losses, step_losses, [w1, w2], [b1, b2]


def minibatch_adam_dropout(X, y, weights, biases, epochs, batch_size, learning_rate, seed,
                           hidden="relu", dropout=0.2, betas=(0.9, 0.999), epsilon=1e-8):
    """`minibatch` with inverted dropout on the hidden layer and Adam's steps, as
    nnlib.Network.train_minibatch(..., optimiser="adam", dropout=dropout): per batch, after the
    epoch's shuffle, one mask drawn from the same Generator (a unit is dropped where
    rng.random() < dropout). Returns (epoch losses, step losses, weights, biases).

    All weights and biases live in one flat array (w1, w2, b1, b2 are views of it), and the
    gradients in another, written in place by the backward pass: Adam's update is then a
    handful of numpy calls on ~2,400 numbers per step instead of as many per parameter.
    """
    sizes = [w.size for w in weights] + [b.size for b in biases]
    flat, flat_gradient = np.empty(sum(sizes)), np.empty(sum(sizes))
    views, gradient_views, offset = [], [], 0
    for array, size in zip([*weights, *biases], sizes, strict=True):
        views.append(flat[offset : offset + size].reshape(array.shape))
        gradient_views.append(flat_gradient[offset : offset + size].reshape(array.shape))
        views[-1][...] = array
        offset += size
    w1, w2, b1, b2 = views
    gw1, gw2, gb1, gb2 = gradient_views
    m, s, buffer = np.zeros_like(flat), np.zeros_like(flat), np.empty_like(flat)
    beta1, beta2 = betas
    rng = np.random.default_rng(seed)
    n_samples = X.shape[0]
    n_hidden = w1.shape[1]
    keep_scale = 1.0 / (1.0 - dropout)
    starts = range(0, n_samples, batch_size)
    losses, step_losses = np.empty(epochs), np.empty(epochs * len(starts))
    step = 0
    with np.errstate(over="ignore"):
        for epoch in range(epochs):
            losses[epoch] = _softmax_network_loss(X, y, w1, b1, w2, b2, hidden)
            order = rng.permutation(n_samples)
            X_epoch, y_epoch = X[order], y[order]
            for start in starts:
                X_batch = X_epoch[start : start + batch_size]
                y_batch = y_epoch[start : start + batch_size]
                mask = rng.random((len(X_batch), n_hidden)) >= dropout
                mask = mask * keep_scale  # 0 or 1 / (1 - dropout)
                z1 = X_batch @ w1
                z1 += b1
                if hidden == "relu":
                    a1 = np.maximum(z1, 0.0, out=z1)
                else:
                    np.negative(z1, out=z1)
                    np.exp(z1, out=z1)
                    z1 += 1.0
                    a1 = np.reciprocal(z1, out=z1)
                dropped = a1 * mask
                z2 = dropped @ w2
                z2 += b2
                z2 -= z2.max(axis=1, keepdims=True)
                np.exp(z2, out=z2)
                z2 /= z2.sum(axis=1, keepdims=True)  # the softmax output y_hat
                scale = 1.0 / len(X_batch)
                step_losses[step] = -np.vdot(y_batch, np.log(np.maximum(z2, EPSILON))) * scale
                z2 -= y_batch
                z2 *= scale  # delta2
                delta1 = z2 @ w2.T
                delta1 *= mask
                if hidden == "relu":
                    delta1 *= a1 > 0
                else:
                    delta1 *= a1 * (1.0 - a1)
                np.matmul(dropped.T, z2, out=gw2)
                np.sum(z2, axis=0, out=gb2)
                np.matmul(X_batch.T, delta1, out=gw1)
                np.sum(delta1, axis=0, out=gb1)
                step += 1
                m *= beta1  # m <- beta1 m + (1 - beta1) g
                np.multiply(flat_gradient, 1.0 - beta1, out=buffer)
                m += buffer
                s *= beta2  # s <- beta2 s + (1 - beta2) g^2
                np.multiply(flat_gradient, flat_gradient, out=buffer)
                buffer *= 1.0 - beta2
                s += buffer
                np.sqrt(s, out=buffer)  # sqrt(s_hat) + epsilon
                buffer /= np.sqrt(1.0 - beta2**step)
                buffer += epsilon
                np.divide(m, buffer, out=buffer)
                buffer *= learning_rate / (1.0 - beta1**step)
                flat -= buffer
    return losses, step_losses, [w1.copy(), w2.copy()], [b1.copy(), b2.copy()]
