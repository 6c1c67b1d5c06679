"""A fully connected network of sigmoid layers, trained by backpropagation."""

from math import isfinite

import numpy as np

from nnlib.activations import _sigmoid
from nnlib.losses import get_loss
from nnlib.training import History, check_callback, check_trained, diverged
from nnlib.validation import (
    as_matrix,
    as_parameter,
    as_samples,
    check_activations,
    check_finite,
    check_iterations,
    check_layer_sizes,
    check_learning_rate,
    check_same_rows,
    check_seed,
)

SCALE_HINT = "scale X and y to values near 1 (e.g. mean 0, standard deviation 1)"


class Network:
    """Layers of sigmoid neurons: a = sigmoid(a_previous @ weights[l] + biases[l]).

    layer_sizes : e.g. [2, 2, 1] for 2 inputs, one hidden layer of 2 units and 1 output.
    seed : int or numpy Generator for the initial weights (Glorot uniform); biases start at 0.
    loss : "mse" (mean squared error, default) or "sse" (sum of squared errors).

    ``weights[l]`` has shape (n_in, n_out): column j holds the weights of unit j.
    ``biases[l]`` has shape (n_out,). Both are plain lists a learner may read, assign and edit;
    they are checked every time they are used. ``loss_name`` may be assigned too.
    """

    def __init__(self, layer_sizes, seed=None, loss="mse"):
        sizes = check_layer_sizes(layer_sizes)
        rng = check_seed(seed)
        self._loss, self._loss_gradient = get_loss(loss)
        self._loss_name = loss
        self.weights = []
        self.biases = []
        for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True):
            limit = np.sqrt(6.0 / (n_in + n_out))
            self.weights.append(rng.uniform(-limit, limit, size=(n_in, n_out)))
            self.biases.append(np.zeros(n_out))

    @property
    def loss_name(self):
        """The loss trained and reported: "mse" or "sse"; assigning it switches the loss."""
        return self._loss_name

    @loss_name.setter
    def loss_name(self, name):
        self._loss, self._loss_gradient = get_loss(name, "Network.loss_name")
        self._loss_name = name

    @property
    def layer_sizes(self):
        """Sizes of the input and of every layer, read from the (checked) weights."""
        return self._check_parameters()

    def feedforward(self, X):
        """Network output for X.

        X : (n_samples, n_inputs) giving (n_samples, n_outputs); or one sample (n_inputs,)
        giving (n_outputs,).
        """
        sizes = self._check_parameters()
        X, single = as_samples(X, "X", sizes[0])
        check_activations(X, sizes)
        with np.errstate(over="ignore", invalid="ignore"):  # overflow is checked, not warned
            y_hat = self._forward(X, check=True)[-1]
        return y_hat[0] if single else y_hat

    def loss(self, X, y):
        """The network's loss (mean squared error by default) on X and targets y, a float."""
        X, y = self._check_data(X, y)
        with np.errstate(over="ignore", invalid="ignore"):  # overflow is checked, not warned
            loss = self._loss(y, self._forward(X, check=True)[-1])
        return check_finite(loss, "the loss", SCALE_HINT)

    def gradients(self, X, y):
        """Gradient of the loss with respect to every weight and bias, by backpropagation.

        Returns (dweights, dbiases): lists shaped like `weights` and `biases`.
        """
        X, y = self._check_data(X, y)
        with np.errstate(over="ignore", invalid="ignore"):  # overflow is checked, not warned
            dweights, dbiases = self._backward(self._forward(X, check=True), y)
        for gradient in dweights + dbiases:
            check_finite(gradient, "the gradients", SCALE_HINT)
        return dweights, dbiases

    def train(
        self,
        X,
        y,
        iterations,
        learning_rate=1.0,
        validation_data=None,
        callback=None,
        callback_every=100,
    ):
        """Full-batch gradient descent: every iteration, one forward pass, one backward pass,
        then weights -= learning_rate * dweights (same for biases).

        X : (n_samples, n_inputs); y : (n_samples, n_outputs).
        validation_data : optional (X_val, y_val), whose loss is recorded too (not trained on).
        callback : optional callback(iteration, losses_so_far), called every `callback_every`
            iterations and after the last one, e.g. to redraw a loss curve while training.
        Returns a History with one loss per iteration, measured before that iteration's update.
        """
        X, y = self._check_data(X, y)
        iterations = check_iterations(iterations)
        learning_rate = check_learning_rate(learning_rate)
        check_callback(callback, callback_every)
        if validation_data is not None:
            if not (isinstance(validation_data, tuple | list) and len(validation_data) == 2):
                raise TypeError("validation_data must be a pair (X_val, y_val)")
            X_val, y_val = self._check_data(*validation_data, names=("X_val", "y_val"))
            validation_losses = np.empty(iterations)

        losses = np.empty(iterations)
        with np.errstate(over="ignore", invalid="ignore"):  # overflow is checked, not warned
            self._forward(X, check=True)  # once: data that overflows z would train on garbage
            if validation_data is not None:
                self._forward(X_val, check=True)
            for iteration in range(iterations):
                activations = self._forward(X)
                loss = self._loss(y, activations[-1])
                if not isfinite(loss):
                    raise diverged("loss", loss, iteration + 1, learning_rate)
                losses[iteration] = loss
                if validation_data is not None:
                    loss = self._loss(y_val, self._forward(X_val)[-1])
                    if not isfinite(loss):
                        raise diverged("validation loss", loss, iteration + 1, learning_rate)
                    validation_losses[iteration] = loss
                dweights, dbiases = self._backward(activations, y)
                for weights, biases, dw, db in zip(
                    self.weights, self.biases, dweights, dbiases, strict=True
                ):
                    weights -= learning_rate * dw
                    biases -= learning_rate * db
                done = iteration + 1
                if callback is not None and (done % callback_every == 0 or done == iterations):
                    callback(done, losses[:done])
        check_trained(self.weights + self.biases, learning_rate)
        if validation_data is None:
            return History(losses)
        return History(losses, validation_losses)

    def _forward(self, X, check=False):
        """Activations of every layer, input first: [X, a_1, ..., a_L].

        check=True raises if a weighted sum z overflowed: sigmoid(inf) would hide it. Callers
        silence numpy's overflow flags around it once, not once per layer and iteration.
        """
        activations = [X]
        for weights, biases in zip(self.weights, self.biases, strict=True):
            z = activations[-1] @ weights + biases  # (n_samples, n_out)
            if check:
                check_finite(z, "the weighted sums z = a @ weights + biases", SCALE_HINT)
            activations.append(_sigmoid(z))
        return activations

    def _backward(self, activations, y):
        """Backpropagation: chain rule from the loss back to every layer's weights and biases."""
        n_layers = len(self.weights)
        dweights = [None] * n_layers
        dbiases = [None] * n_layers
        a = activations[-1]
        # dL/dz for the output layer; sigma'(z) written through the output a = sigma(z)
        delta = self._loss_gradient(y, a) * a * (1.0 - a)  # (n_samples, n_outputs)
        for layer in range(n_layers - 1, -1, -1):
            dweights[layer] = activations[layer].T @ delta  # (n_in, n_out)
            dbiases[layer] = delta.sum(axis=0)  # (n_out,)
            if layer > 0:
                a = activations[layer]
                delta = (delta @ self.weights[layer].T) * a * (1.0 - a)  # (n_samples, n_in)
        return dweights, dbiases

    def _check_data(self, X, y, names=("X", "y")):
        sizes = self._check_parameters()
        X = as_matrix(X, names[0], sizes[0])
        y = as_matrix(y, names[1], sizes[-1], columns="outputs")
        check_same_rows(X, y, *names)
        check_activations(X, sizes, names[0])
        return X, y

    def _check_parameters(self):
        """Check (and convert to float arrays) the weights and biases a learner may have
        assigned or edited; return the layer sizes they imply."""
        if not isinstance(self.weights, list) or not isinstance(self.biases, list):
            raise TypeError(
                "Network.weights and Network.biases must be lists with one array per layer, "
                f"got {type(self.weights).__name__} and {type(self.biases).__name__}"
            )
        if len(self.weights) == 0 or len(self.weights) != len(self.biases):
            raise ValueError(
                f"Network.weights and Network.biases need one entry per layer, got "
                f"{len(self.weights)} weight matrices and {len(self.biases)} bias vectors"
            )
        sizes = []  # the number of inputs, then of every layer's units
        for layer in range(len(self.weights)):
            name = f"Network.weights[{layer}]"
            weights = as_parameter(self.weights[layer], name, 2, "2-D (n_in, n_out)")
            if layer == 0:
                sizes.append(weights.shape[0])
            elif weights.shape[0] != sizes[-1]:
                raise ValueError(
                    f"{name} has shape {weights.shape} but the layer before it has "
                    f"{sizes[-1]} units, so it needs {sizes[-1]} rows"
                )
            biases = as_parameter(self.biases[layer], f"Network.biases[{layer}]", 1, "1-D")
            if biases.shape != (weights.shape[1],):
                raise ValueError(
                    f"Network.biases[{layer}] must have shape ({weights.shape[1]},) to match "
                    f"{name} of shape {weights.shape}, got {biases.shape}"
                )
            self.weights[layer], self.biases[layer] = weights, biases
            sizes.append(weights.shape[1])
        return sizes

    def __repr__(self):
        return f"Network(layer_sizes={self.layer_sizes}, loss={self.loss_name!r})"
