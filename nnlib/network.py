"""A fully connected network of layers, trained by backpropagation."""

import numpy as np

from nnlib.activations import ACTIVATIONS
from nnlib.losses import LOSSES, _softmax_cross_entropy_gradient
from nnlib.training import History, check_callback, check_loss, check_trained
from nnlib.validation import (
    MAX_ITERATIONS,
    ONE_HOT_HINT,
    as_matrix,
    as_parameter,
    as_samples,
    check_activations,
    check_count,
    check_finite,
    check_iterations,
    check_layer_sizes,
    check_learning_rate,
    check_probabilities,
    check_same_rows,
    check_seed,
)

SCALE_HINT = "scale X and y to values near 1 (e.g. mean 0, standard deviation 1)"
HIDDEN = ("sigmoid", "tanh", "relu", "leaky_relu")
OUTPUT_LOSSES = {"sigmoid": ("mse", "sse"), "softmax": ("cross_entropy",)}


class Network:
    """Layers of neurons: a = f(a_previous @ weights[l] + biases[l]), f the layer's activation.

    layer_sizes : e.g. [2, 2, 1] for 2 inputs, one hidden layer of 2 units and 1 output.
    seed : int or numpy Generator for the initial weights, uniform in +-sqrt(6 / (n_in + n_out))
        (Glorot), or +-sqrt(6 / n_in) (He) before (leaky) ReLU; biases start at 0.
    activation : of every hidden layer: "sigmoid" (default), "tanh", "relu" or "leaky_relu".
    output, loss : "sigmoid" (default) with "mse" (mean squared error) or "sse" (sum of squared
        errors); or "softmax" with "cross_entropy". The first of these is the default loss.

    ``weights[l]`` has shape (n_in, n_out): column j holds the weights of unit j.
    ``biases[l]`` has shape (n_out,). Both are plain lists a learner may read, assign and edit;
    they are checked every time they are used. ``loss_name`` may be assigned too.
    """

    def __init__(self, layer_sizes, seed=None, loss=None, *, activation="sigmoid",
                 output="sigmoid"):
        sizes = check_layer_sizes(layer_sizes)
        rng = check_seed(seed)
        self._hidden = _check_names(activation, "activation", HIDDEN)
        self._output = _check_names(output, "output", tuple(OUTPUT_LOSSES))
        self._set_loss(OUTPUT_LOSSES[self._output][0] if loss is None else loss, "loss")
        self.weights, self.biases = [], []
        for n_in, n_out, name in zip(sizes, sizes[1:], self._names(len(sizes)), strict=False):
            # Glorot keeps a sigmoid or tanh layer's output variance near its input's, He a ReLU's
            he = name in ("relu", "leaky_relu")
            limit = np.sqrt(6.0 / n_in) if he else np.sqrt(6.0 / (n_in + n_out))
            self.weights.append(rng.uniform(-limit, limit, size=(n_in, n_out)))
            self.biases.append(np.zeros(n_out))

    @property
    def loss_name(self):
        """The loss trained and reported; assigning it switches the loss."""
        return self._loss_name

    @loss_name.setter
    def loss_name(self, name):
        self._set_loss(name, "Network.loss_name")

    def _set_loss(self, name, argument):
        _check_names(name, argument, OUTPUT_LOSSES[self._output], f" for output={self._output!r}")
        self._loss, self._loss_gradient = LOSSES[name]
        self._loss_name = name

    @property
    def layer_sizes(self):
        """Sizes of the input and of every layer, read from the (checked) weights."""
        return self._check_parameters()

    def feedforward(self, X):
        """Network output for X (n_samples, n_inputs): (n_samples, n_outputs); for one sample
        (n_inputs,): (n_outputs,)."""
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
        """Gradient of the loss with respect to every weight and bias, by backpropagation:
        (dweights, dbiases), lists shaped like `weights` and `biases`."""
        X, y = self._check_data(X, y)
        with np.errstate(over="ignore", invalid="ignore"):  # overflow is checked, not warned
            dweights, dbiases = self._backward(self._forward(X, check=True), y)
        for gradient in dweights + dbiases:
            check_finite(gradient, "the gradients", SCALE_HINT)
        return dweights, dbiases

    def train(self, X, y, iterations, learning_rate=1.0, validation_data=None, callback=None,
              callback_every=100):
        """Full-batch gradient descent: every iteration, one forward pass, one backward pass,
        then weights -= learning_rate * dweights (same for biases). Returns a History: one loss
        per iteration, measured before that iteration's update.

        X : (n_samples, n_inputs); y : (n_samples, n_outputs).
        validation_data : optional (X_val, y_val), whose loss is recorded too (not trained on).
        callback : optional callback(iteration, losses_so_far), called every `callback_every`
            iterations and after the last one, e.g. to redraw a loss curve while training.
        """
        X, y = self._check_data(X, y)
        iterations = check_iterations(iterations)
        learning_rate = check_learning_rate(learning_rate)
        check_callback(callback, callback_every)
        validation = self._check_validation(validation_data)
        losses, validation_losses, _ = self._descend(X, y, iterations, len(X), learning_rate,
                                                     None, validation, callback, callback_every)
        return History(losses, validation_losses)

    def train_minibatch(self, X, y, epochs, batch_size=32, learning_rate=0.1, seed=None,
                        validation_data=None, callback=None, callback_every=1, *,
                        optimiser="plain", weight_decay=0.0, dropout=0.0):
        """Mini-batch gradient descent: every epoch shuffles the samples (seeded), then takes
        one step as in `train` per batch of `batch_size` rows (the last batch may be smaller).
        seed : int or numpy Generator for the shuffling (and dropout); the rest as in `train`.
        optimiser : "plain", "momentum", "adam" or an object (nnlib.optimisers); weight_decay :
            L2, the loss trained + weight_decay / 2 * sum(weights**2); dropout : the probability
            of switching a hidden unit off in a step (nnlib.regularisation has both).
        Returns a History: `losses` (and `validation_losses`) one per epoch, on the whole set
        before that epoch's steps; `step_losses` one per step, its batch's loss before the step
        (with dropout on). None of them includes the L2 term.
        """
        X, y = self._check_data(X, y)
        batch_size = min(check_count(batch_size, "batch_size"), len(X))
        n_batches = -(-len(X) // batch_size)  # per epoch, rounded up
        epochs = check_count(epochs, "epochs", MAX_ITERATIONS // n_batches, f"epochs of "
                             f"{n_batches} batches ({MAX_ITERATIONS:,} steps, MAX_ITERATIONS)")
        learning_rate = check_learning_rate(learning_rate)
        rng = check_seed(seed)
        check_callback(callback, callback_every)
        validation = self._check_validation(validation_data)
        from nnlib.regularisation import TrainingStep  # loaded on use (notebook 09)

        update = TrainingStep.make(optimiser, weight_decay, dropout)  # None: plain steps
        return History(*self._descend(X, y, epochs, batch_size, learning_rate, rng, validation,
                                      callback, callback_every, update))

    def _descend(self, X, y, epochs, batch_size, learning_rate, rng, validation, callback, every,
                 update=None):
        """The loop of `train` (one batch: all of X) and `train_minibatch`, on checked input;
        `update` (a regularisation.TrainingStep) replaces the plain step."""
        starts = range(0, len(X), batch_size)
        full_batch = len(starts) == 1 and update is None  # reuse each epoch's pass for its step
        losses = np.empty(epochs)
        step_losses = losses if full_batch else np.empty(epochs * len(starts))
        validation_losses = None if validation is None else np.empty(epochs)
        step = 0
        with np.errstate(over="ignore", invalid="ignore"):  # overflow is checked, not warned
            for epoch in range(epochs):
                # the first pass checks z: data that overflows it would train on garbage
                activations = self._forward(X, check=epoch == 0)
                loss = self._loss(y, activations[-1])
                losses[epoch] = check_loss(loss, "training", step, learning_rate)
                if validation is not None:
                    loss = self._loss(validation[1], self._forward(validation[0], epoch == 0)[-1])
                    validation_losses[epoch] = check_loss(loss, "validation", step, learning_rate)
                if full_batch:  # no fold, as notebooks 01-04 stored it
                    self._step(activations, y, learning_rate)
                    step += 1
                else:
                    order = rng.permutation(len(X))
                    X_epoch, y_epoch = X[order], y[order]  # shuffled once; each batch is a view
                    for start in starts:
                        X_batch = X_epoch[start : start + batch_size]
                        y_batch = y_epoch[start : start + batch_size]
                        masks = None if update is None else update.masks(rng, len(X_batch),
                                                                         self.weights)
                        activations = self._forward(X_batch, masks=masks)
                        loss = self._loss(y_batch, activations[-1])
                        step_losses[step] = check_loss(loss, "training", step, learning_rate)
                        if update is None:
                            self._step(activations, y_batch, learning_rate, fold=True)
                        else:
                            update.apply(self.weights, self.biases,
                                         *self._backward(activations, y_batch, masks=masks),
                                         learning_rate)
                        step += 1
                done = epoch + 1
                if callback is not None and (done % every == 0 or done == epochs):
                    callback(done, losses[:done])
        check_trained(self.weights + self.biases, learning_rate)
        return losses, validation_losses, step_losses

    def _step(self, activations, y, learning_rate, fold=False):
        """One step of gradient descent: weights -= learning_rate * dweights, biases likewise;
        fold=True puts learning_rate into the output delta (one product, not one per parameter)."""
        dweights, dbiases = self._backward(activations, y, learning_rate if fold else 1.0)
        for parameter, gradient in zip(self.weights + self.biases, dweights + dbiases, strict=True):
            parameter -= gradient if fold else np.multiply(learning_rate, gradient, out=gradient)

    def _forward(self, X, check=False, masks=None):
        """Activations of every layer, input first: [X, a_1, ..., a_L]. check=True raises if a z
        overflowed (sigmoid(inf) would hide it); callers silence numpy's overflow flags.
        masks : dropout, one per layer's input (see regularisation.TrainingStep.masks)."""
        activations = [X]
        for layer, (weights, biases, (f, _)) in enumerate(zip(self.weights, self.biases,
                                                              self._functions, strict=True)):
            z = _layer_input(activations, masks, layer) @ weights  # (n_samples, n_out)
            z += biases
            if check:
                check_finite(z, "the weighted sums z = a @ weights + biases", SCALE_HINT)
            activations.append(f(z))
        return activations

    def _backward(self, activations, y, scale=1.0, masks=None):
        """Backpropagation, the chain rule from the loss to every weight and bias (times scale);
        masks: the dropout masks the forward pass used."""
        n_layers = len(self.weights)
        dweights, dbiases = [None] * n_layers, [None] * n_layers
        a = activations[-1]
        if self._output == "softmax":  # with cross-entropy, dL/dz is (y_hat - y) / n_samples
            delta = _softmax_cross_entropy_gradient(y, a)
        else:  # dL/dz = dL/da * f'(z), with f'(z) written through the output a = f(z)
            delta = self._functions[-1][1](self._loss_gradient(y, a), a)  # (n_samples, n_out)
        delta *= scale
        for layer in range(n_layers - 1, -1, -1):
            dweights[layer] = _layer_input(activations, masks, layer).T @ delta  # (n_in, n_out)
            dbiases[layer] = delta.sum(axis=0)  # (n_out,)
            if layer > 0:
                backward = self._functions[layer - 1][1]
                delta = delta @ self.weights[layer].T  # (n, n_in)
                if masks is not None:  # a dropped unit passed nothing on: its delta is 0
                    delta *= masks[layer]
                delta = backward(delta, activations[layer])
        return dweights, dbiases

    def _check_data(self, X, y, names=("X", "y")):
        sizes = self._check_parameters()
        X = as_matrix(X, names[0], sizes[0])
        softmax = self._output == "softmax"
        y = as_matrix(y, names[1], sizes[-1], "outputs", ONE_HOT_HINT if softmax else None)
        check_same_rows(X, y, *names)
        check_activations(X, sizes, names[0])
        if softmax:
            check_probabilities(y, names[1], rows_sum_to_one=True)
        return X, y

    def _check_validation(self, data):
        if data is not None and not (isinstance(data, tuple | list) and len(data) == 2):
            raise TypeError("validation_data must be a pair (X_val, y_val)")
        return None if data is None else self._check_data(*data, names=("X_val", "y_val"))

    def _check_parameters(self):
        """Check (as float arrays) the weights and biases a learner may have assigned or edited;
        return the layer sizes they imply."""
        if not isinstance(self.weights, list) or not isinstance(self.biases, list):
            raise TypeError("Network.weights and Network.biases must be lists of arrays, got "
                            f"{type(self.weights).__name__} and {type(self.biases).__name__}")
        if len(self.weights) == 0 or len(self.weights) != len(self.biases):
            raise ValueError("Network.weights and Network.biases need one array per layer each, "
                             f"got {len(self.weights)} and {len(self.biases)}")
        sizes = []  # the number of inputs, then of every layer's units
        for layer in range(len(self.weights)):
            name = f"Network.weights[{layer}]"
            weights = as_parameter(self.weights[layer], name, 2, "2-D (n_in, n_out)")
            if layer == 0:
                sizes.append(weights.shape[0])
            elif weights.shape[0] != sizes[-1]:
                raise ValueError(f"{name} has shape {weights.shape} but the layer before it has "
                                 f"{sizes[-1]} units, so it needs {sizes[-1]} rows")
            biases = as_parameter(self.biases[layer], f"Network.biases[{layer}]", 1, "1-D")
            if biases.shape != (weights.shape[1],):
                raise ValueError(f"Network.biases[{layer}] must have shape ({weights.shape[1]},) "
                                 f"to match {name} of shape {weights.shape}, got {biases.shape}")
            self.weights[layer], self.biases[layer] = weights, biases
            sizes.append(weights.shape[1])
        self._functions = [ACTIVATIONS[name] for name in self._names(len(sizes))]
        return sizes

    def _names(self, n_sizes):
        """One activation name per layer, for `n_sizes` layer sizes (input included)."""
        return (self._hidden,) * (n_sizes - 2) + (self._output,)

    def __repr__(self):
        choices = f", activation={self._hidden!r}, output={self._output!r}"
        choices = "" if self._hidden == self._output == "sigmoid" else choices  # as in 01-04
        return f"Network(layer_sizes={self.layer_sizes}, loss={self.loss_name!r}{choices})"


def _layer_input(activations, masks, layer):
    """What layer `layer` multiplies by its weights: the activations before it, times their
    dropout mask during a training step with dropout."""
    a = activations[layer]
    return a if masks is None or masks[layer] is None else a * masks[layer]


def _check_names(value, argument, allowed, context=""):
    """Return `value` if it is one of the names in `allowed`, or raise naming `argument`."""
    if not isinstance(value, str) or value not in allowed:
        error = ValueError if isinstance(value, str) else TypeError
        raise error(f"{argument} must be one of {list(allowed)}{context}, got {value!r}")
    return value
