"""The same training loops in PyTorch on the CPU (autograd for the gradients), if installed.

PyTorch is optional: `available()` says whether it imports, and nothing here imports it
at module load.
"""

import importlib.util

import numpy as np


def available():
    """True when PyTorch can be imported."""
    return importlib.util.find_spec("torch") is not None


def version():
    """PyTorch's version string, or None when it is not installed."""
    if not available():
        return None
    import torch

    return torch.__version__


def _tensor(array, dtype):
    import torch

    return torch.tensor(np.asarray(array), dtype=dtype)


def perceptron(X, y, weights, iterations, learning_rate, dtype=None):
    """Same update as nnlib.Perceptron: a gradient step on half the sum of squared errors.

    The recorded loss is the mean squared error; its gradient times n/2 is that step.
    Returns (losses, weights) as numpy arrays.
    """
    import torch

    dtype = dtype or torch.float64
    X, y = _tensor(X, dtype), _tensor(y, dtype)
    w = _tensor(weights, dtype).requires_grad_()
    step = learning_rate * y.numel() / 2.0
    losses = torch.empty(iterations, dtype=dtype)
    for iteration in range(iterations):
        loss = torch.mean((torch.sigmoid(X @ w) - y) ** 2)
        loss.backward()
        with torch.no_grad():
            losses[iteration] = loss
            w -= step * w.grad
        w.grad = None
    return losses.numpy(), w.detach().numpy()


def network(X, y, weights, biases, iterations, learning_rate, dtype=None):
    """Sigmoid layers, mean squared error, plain gradient descent (as nnlib.Network.train).

    Returns (losses, weights, biases) as numpy arrays.
    """
    import torch

    dtype = dtype or torch.float64
    X, y = _tensor(X, dtype), _tensor(y, dtype)
    weights = [_tensor(w, dtype).requires_grad_() for w in weights]
    biases = [_tensor(b, dtype).requires_grad_() for b in biases]
    parameters = weights + biases
    losses = torch.empty(iterations, dtype=dtype)
    for iteration in range(iterations):
        a = X
        for w, b in zip(weights, biases, strict=True):
            a = torch.sigmoid(a @ w + b)
        loss = torch.mean((a - y) ** 2)
        loss.backward()
        with torch.no_grad():
            losses[iteration] = loss
            for parameter in parameters:
                parameter -= learning_rate * parameter.grad
        for parameter in parameters:
            parameter.grad = None
    return (
        losses.numpy(),
        [w.detach().numpy() for w in weights],
        [b.detach().numpy() for b in biases],
    )


def minibatch(X, y, weights, biases, epochs, batch_size, learning_rate, seed, hidden="sigmoid",
              dtype=None):
    """One hidden layer (sigmoid or relu), softmax output, cross-entropy (log_softmax),
    autograd and plain gradient steps over the batches a numpy Generator(seed) shuffles, as
    nnlib.Network.train_minibatch. Returns (epoch losses, step losses, weights, biases)."""
    import torch

    dtype = dtype or torch.float64
    X_all, y_all = _tensor(X, dtype), _tensor(y, dtype)
    w1, w2 = (_tensor(w, dtype).requires_grad_() for w in weights)
    b1, b2 = (_tensor(b, dtype).requires_grad_() for b in biases)
    parameters = [w1, w2, b1, b2]
    activation = torch.relu if hidden == "relu" else torch.sigmoid
    rng = np.random.default_rng(seed)
    n_samples = X_all.shape[0]
    starts = range(0, n_samples, batch_size)
    losses = torch.empty(epochs, dtype=dtype)
    step_losses = torch.empty(epochs * len(starts), dtype=dtype)

    def loss_of(X, y):
        z = activation(X @ w1 + b1) @ w2 + b2
        return -(y * torch.log_softmax(z, dim=1)).sum() / X.shape[0]

    step = 0
    for epoch in range(epochs):
        with torch.no_grad():
            losses[epoch] = loss_of(X_all, y_all)
        order = torch.from_numpy(rng.permutation(n_samples))
        X_epoch, y_epoch = X_all[order], y_all[order]
        for start in starts:
            loss = loss_of(X_epoch[start : start + batch_size], y_epoch[start : start + batch_size])
            loss.backward()
            with torch.no_grad():
                step_losses[step] = loss
                for parameter in parameters:
                    parameter -= learning_rate * parameter.grad
            for parameter in parameters:
                parameter.grad = None
            step += 1
    return (
        losses.numpy(),
        step_losses.numpy(),
        [w1.detach().numpy(), w2.detach().numpy()],
        [b1.detach().numpy(), b2.detach().numpy()],
    )


def minibatch_adam_dropout(X, y, weights, biases, epochs, batch_size, learning_rate, seed,
                           hidden="relu", dropout=0.2, dtype=None):
    """`minibatch` with inverted dropout on the hidden layer (the masks a numpy Generator(seed)
    draws after each epoch's shuffle, as nnlib does) and torch.optim.Adam, as
    nnlib.Network.train_minibatch(..., optimiser="adam", dropout=dropout)."""
    import torch

    dtype = dtype or torch.float64
    X_all, y_all = _tensor(X, dtype), _tensor(y, dtype)
    w1, w2 = (_tensor(w, dtype).requires_grad_() for w in weights)
    b1, b2 = (_tensor(b, dtype).requires_grad_() for b in biases)
    adam = torch.optim.Adam([w1, w2, b1, b2], lr=learning_rate)
    activation = torch.relu if hidden == "relu" else torch.sigmoid
    rng = np.random.default_rng(seed)
    n_samples, n_hidden = X_all.shape[0], w1.shape[1]
    starts = range(0, n_samples, batch_size)
    losses = torch.empty(epochs, dtype=dtype)
    step_losses = torch.empty(epochs * len(starts), dtype=dtype)

    def loss_of(X, y, mask=None):
        a = activation(X @ w1 + b1)
        z = (a if mask is None else a * mask) @ w2 + b2
        return -(y * torch.log_softmax(z, dim=1)).sum() / X.shape[0]

    step = 0
    for epoch in range(epochs):
        with torch.no_grad():
            losses[epoch] = loss_of(X_all, y_all)
        order = torch.from_numpy(rng.permutation(n_samples))
        X_epoch, y_epoch = X_all[order], y_all[order]
        for start in starts:
            X_batch = X_epoch[start : start + batch_size]
            keep = rng.random((X_batch.shape[0], n_hidden)) >= dropout
            mask = torch.from_numpy(keep / (1.0 - dropout)).to(dtype)
            loss = loss_of(X_batch, y_epoch[start : start + batch_size], mask)
            adam.zero_grad()
            loss.backward()
            adam.step()
            step_losses[step] = loss.detach()
            step += 1
    return (
        losses.numpy(),
        step_losses.numpy(),
        [w1.detach().numpy(), w2.detach().numpy()],
        [b1.detach().numpy(), b2.detach().numpy()],
    )
