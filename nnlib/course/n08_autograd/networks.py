"""Networks built from scalar `Value`s: the same arithmetic as `nnlib.Network`, one node per
multiplication, addition and activation, so that ``loss.backward()`` computes what
`Network.gradients` computes with matrices.

Every node of a one-sample network gets a label (x1, w11, b1, h1, y_hat, ...) so that the graph
can be drawn readably; weights of the first layer are w, of the second v (as in notebook 03),
biases b, then c.
"""

from dataclasses import dataclass

import numpy as np

from nnlib.autograd import Value
from nnlib.validation import as_matrix, check_same_rows

WEIGHT_LETTERS = "wvu"  # layer 1, 2, 3: w_ij, v_ij, u_ij
BIAS_LETTERS = "bcd"
ACTIVATIONS = ("sigmoid", "tanh", "relu")


@dataclass
class ValueNetwork:
    """A network's loss on some data as a graph of Values.

    loss : the Value at the root. weights, biases : object arrays of Values shaped like
    `Network.weights` and `Network.biases` (the leaves to train). zs, activations : per layer,
    object arrays (n_samples, n_units) of the weighted sums and of the layer outputs.
    """

    loss: Value
    weights: list
    biases: list
    zs: list
    activations: list

    def parameters(self):
        """Every weight and bias Value, layer by layer (weights row by row, then biases)."""
        return [value for layer in self.weights + self.biases for value in layer.ravel()]

    def gradients(self):
        """(dweights, dbiases) as float arrays, read from the Values' grad after backward()."""
        return _grads(self.weights), _grads(self.biases)


def value_network(weights, biases, X, y, hidden="sigmoid", output="sigmoid"):
    """The mean squared error of a fully connected network on (X, y), built from Values.

    weights : list of arrays (n_in, n_out), biases : list of arrays (n_out,), as in
    `nnlib.Network`; X : (n_samples, n_inputs); y : (n_samples, n_outputs); hidden, output :
    "sigmoid", "tanh" or "relu" for the hidden layers and the output layer.
    Each weighted sum is x1 * w1j + x2 * w2j + ... + bj, added left to right; the loss is
    (y - y_hat) ** 2 for one sample and one output, else the sum of those divided by their
    number. Returns a ValueNetwork.
    """
    for name, value in (("hidden", hidden), ("output", output)):
        if value not in ACTIVATIONS:
            raise ValueError(f"{name} must be one of {list(ACTIVATIONS)}, got {value!r}")
    if len(weights) != len(biases) or not weights:
        raise ValueError(f"weights and biases need one array per layer each, got {len(weights)} "
                         f"and {len(biases)}")
    X = as_matrix(X, "X", np.shape(weights[0])[0])
    y = as_matrix(y, "y", np.shape(weights[-1])[-1], "outputs")
    check_same_rows(X, y)
    single = len(X) == 1  # one sample: every node gets a readable label
    weights = [_leaves(w, WEIGHT_LETTERS[layer % 3], single) for layer, w in enumerate(weights)]
    biases = [_leaves(b, BIAS_LETTERS[layer % 3], single) for layer, b in enumerate(biases)]
    a = np.array([[Value(x, f"x{i + 1}" if single else "") for i, x in enumerate(row)]
                  for row in X], dtype=object)  # (n_samples, n_inputs)
    zs, activations = [], []
    for layer, (w, b) in enumerate(zip(weights, biases, strict=True)):
        last = layer == len(weights) - 1
        name = ("y_hat" if w.shape[1] == 1 else "o") if last else "h" if layer == 0 else "g"
        z = np.empty((len(a), w.shape[1]), dtype=object)
        for sample, row in enumerate(a):
            for j in range(w.shape[1]):
                total = row[0] * w[0, j]
                for i in range(1, len(row)):
                    total = total + row[i] * w[i, j]
                z[sample, j] = total + b[j]
                if single:
                    z[sample, j].label = "z" + ("o" if last else name) + _index(j, w.shape[1])
        f = output if last else hidden
        a = np.vectorize(lambda value, f=f: getattr(value, f)(), otypes=[object])(z)
        if single:
            for j, value in enumerate(a[0]):
                value.label = name + _index(j, w.shape[1])
        zs.append(z)
        activations.append(a)
    targets = [Value(t, "y" if y.size == 1 else "") for t in y.ravel()]
    squares = [(t - y_hat) ** 2 for t, y_hat in zip(targets, a.ravel(), strict=True)]
    loss = squares[0]
    for square in squares[1:]:
        loss = loss + square
    if len(squares) > 1:
        loss = loss / len(squares)
    loss.label = "L"
    return ValueNetwork(loss, weights, biases, zs, activations)


def _leaves(array, letter, labelled):
    """An object array of Values holding `array`'s numbers, labelled letter + indices."""
    array = np.asarray(array, dtype=float)
    leaves = np.empty(array.shape, dtype=object)
    for index in np.ndindex(array.shape):
        # no index along a dimension of size 1: v1, v2 for the weights (2, 1) of one output
        label = letter + "".join(_index(i, n) for i, n in zip(index, array.shape, strict=True))
        leaves[index] = Value(array[index], label if labelled else "")
    return leaves


def _index(i, size):
    """Index i (from 0) as a label's digit, from 1; nothing when there is only one."""
    return str(i + 1) if size > 1 else ""


def _grads(layers):
    return [np.array([value.grad for value in layer.ravel()]).reshape(layer.shape)
            for layer in layers]
