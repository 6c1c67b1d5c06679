"""The articles' way: a Python loop over samples and neurons, with scalar math only.

Same math as nnlib (full-batch gradient descent: gradients summed over the samples, one update
per iteration) so the results can be compared number for number. No numpy in the loops.
"""

import math


def _sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z))  # fine here: |z| stays far below 709 on these tasks


def perceptron(X, y, weights, iterations, learning_rate):
    """One sigmoid neuron, update w += lr * sum_samples x * (target - a) * a * (1 - a).

    Returns (mean squared error per iteration, final weights as a list).
    """
    samples = X.tolist()
    targets = [row[0] for row in y.tolist()]
    w = [row[0] for row in weights.tolist()]
    losses = []
    for _ in range(iterations):
        step = [0.0] * len(w)
        squared_error = 0.0
        for x, target in zip(samples, targets, strict=True):
            a = _sigmoid(sum(w_i * x_i for w_i, x_i in zip(w, x, strict=True)))
            squared_error += (a - target) ** 2
            slope = (target - a) * a * (1.0 - a)
            for i, x_i in enumerate(x):
                step[i] += x_i * slope
        losses.append(squared_error / len(samples))
        w = [w_i + learning_rate * step_i for w_i, step_i in zip(w, step, strict=True)]
    return losses, w


def network(X, y, weights, biases, iterations, learning_rate):
    """Sigmoid layers trained on the mean squared error, neuron by neuron, sample by sample.

    weights[layer][i][j] is the weight from unit i of the layer below to unit j.
    Returns (losses, weights, biases) as nested lists.
    """
    weights = [layer.tolist() for layer in weights]
    biases = [layer.tolist() for layer in biases]
    samples, targets = X.tolist(), y.tolist()
    n_values = len(targets) * len(targets[0])  # the mean runs over samples and outputs
    losses = []
    for _ in range(iterations):
        dweights = [[[0.0] * len(row) for row in layer] for layer in weights]
        dbiases = [[0.0] * len(layer) for layer in biases]
        squared_error = 0.0
        for x, target in zip(samples, targets, strict=True):
            activations = [x]
            for layer_weights, layer_biases in zip(weights, biases, strict=True):
                below = activations[-1]
                activations.append([
                    _sigmoid(sum(below[i] * layer_weights[i][j] for i in range(len(below))) + b_j)
                    for j, b_j in enumerate(layer_biases)
                ])
            output = activations[-1]
            squared_error += sum((a - t) ** 2 for a, t in zip(output, target, strict=True))
            # dL/dz of each output unit: dL/da * da/dz
            delta = [
                2.0 * (a - t) / n_values * a * (1.0 - a)
                for a, t in zip(output, target, strict=True)
            ]
            for layer in range(len(weights) - 1, -1, -1):
                below = activations[layer]
                for i, a_i in enumerate(below):
                    for j, delta_j in enumerate(delta):
                        dweights[layer][i][j] += a_i * delta_j
                for j, delta_j in enumerate(delta):
                    dbiases[layer][j] += delta_j
                if layer > 0:
                    delta = [
                        sum(weights[layer][i][j] * delta[j] for j in range(len(delta)))
                        * a_i * (1.0 - a_i)
                        for i, a_i in enumerate(below)
                    ]
        losses.append(squared_error / n_values)
        for layer in range(len(weights)):
            for i, row in enumerate(weights[layer]):
                for j in range(len(row)):
                    row[j] -= learning_rate * dweights[layer][i][j]
            for j in range(len(biases[layer])):
                biases[layer][j] -= learning_rate * dbiases[layer][j]
    return losses, weights, biases
