"""Self-checks for notebook 03 (a two-layer network): layer shapes, a hidden layer in matrix
form, and the output delta of backpropagation."""

import numbers

import numpy as np

from nnlib.activations import sigmoid
from nnlib.course.feedback import as_numbers, correct, not_yet, unanswered

# Exercise 1: the parameter shapes of Network([3, 5, 2]), in the order
# weights[0], biases[0], weights[1], biases[1].
SHAPES_LAYER_SIZES = (3, 5, 2)
SHAPE_NAMES = ("weights[0]", "biases[0]", "weights[1]", "biases[1]")

# Exercise 2: the same numbers as the notebook's exercise cell.
HIDDEN_X = np.array([1.0, -2.0, 0.5])
HIDDEN_WEIGHTS = np.array([[0.5, -1.0, 2.0], [1.0, 0.5, -0.5], [-1.5, 2.0, 1.0]])  # (3, 3)
HIDDEN_BIAS = np.array([0.5, -0.5, -1.0])

# Exercise 3: the article's 2-2-1 network (every neuron w = [0, 1], b = 0) on x = [2, 3],
# now with target 0.
DELTA_X = np.array([2.0, 3.0])
DELTA_TARGET = 0.0
DELTA_TOLERANCE = 1e-3  # lets a learner type the number rounded to 3 decimals


def _shape(value):
    """A shape given as a tuple / list of whole numbers, as a tuple; None if it is not one."""
    if isinstance(value, np.ndarray) and value.ndim == 1 and value.dtype.kind in "iu":
        value = value.tolist()  # e.g. np.array(weights.shape)
    if isinstance(value, tuple | list) and all(
        isinstance(n, numbers.Integral) and not isinstance(n, bool) for n in value
    ):
        return tuple(int(n) for n in value)
    return None


def layer_shapes(answer, name="answer_1"):
    """Exercise: the shapes of weights[0], biases[0], weights[1], biases[1] of
    Network([3, 5, 2])."""
    if answer is None:
        return unanswered(name)
    n_in, n_hidden, n_out = SHAPES_LAYER_SIZES
    expected = [(n_in, n_hidden), (n_hidden,), (n_hidden, n_out), (n_out,)]
    if not isinstance(answer, list | tuple) or len(answer) != 4:
        return not_yet(
            f"{name} should be a list of 4 shapes, got {answer!r}.",
            "write [shape of weights[0], shape of biases[0], shape of weights[1], "
            "shape of biases[1]], each shape a tuple such as (2, 7).",
        )
    for part, given, right in zip(SHAPE_NAMES, answer, expected, strict=True):
        if isinstance(given, numbers.Integral) and not isinstance(given, bool):
            return not_yet(
                f"the shape of {part} is the number {given}, not a tuple.",
                f"in Python (5) is just the number 5; a one-element tuple needs a comma: "
                f"({given},).",
            )
        shape = _shape(given)
        if shape is None:
            return not_yet(
                f"the shape of {part} should be a tuple of whole numbers, got {given!r}.",
                "write shapes like (2, 7) for a matrix and (7,) for a vector.",
            )
        if shape == right:
            continue
        is_bias = part.startswith("biases")
        if not is_bias and shape == right[::-1]:
            return not_yet(
                f"{part} has shape {shape} in {name}: that is transposed.",
                "nnlib stores a layer's weights as (n_in, n_out): one ROW per input, one "
                "COLUMN per unit, so that X @ weights works for X of shape (n_samples, n_in).",
            )
        if is_bias and len(shape) == 2 and sorted(shape) == sorted((1, right[0])):
            return not_yet(
                f"{part} has shape {shape} in {name}, a 2-D array.",
                f"a layer's biases are a 1-D vector, one number per unit: shape {right}. "
                "numpy adds it to every row of X @ weights by itself.",
            )
        if is_bias:
            return not_yet(
                f"{part} has shape {shape} in {name}.",
                f"{part} goes with weights{part[-3:]}: one bias per unit of the layer those "
                "weights lead INTO (their n_out), as a 1-D vector.",
            )
        return not_yet(
            f"{part} has shape {shape} in {name}.",
            f"{part} connects a layer of {right[0]} values to a layer of {right[1]} units: "
            "(n_in, n_out). Network([3, 5, 2]) means 3 inputs, 5 hidden units, 2 outputs.",
        )
    return correct(
        "weights (3, 5) and (5, 2): rows = inputs of the layer, columns = its units; "
        "biases (5,) and (2,): one per unit."
    )


def hidden_layer_output(answer, name="answer_2"):
    """Exercise: h = sigmoid(x @ W + b) for the notebook's x (3,), W (3, 3), b (3,)."""
    if answer is None:
        return unanswered(name)
    values, problem = as_numbers(answer, name)
    if problem:
        return problem
    values = values.ravel()
    if values.size != 3:
        return not_yet(
            f"{name} has {values.size} value(s); the hidden layer has 3 units, so it "
            "outputs 3 numbers.",
            "x has shape (3,) and W has shape (3, 3): x @ W has shape (3,).",
        )
    x, weights, bias = HIDDEN_X, HIDDEN_WEIGHTS, HIDDEN_BIAS
    right = sigmoid(x @ weights + bias)
    mistakes = [
        (sigmoid(x @ weights), "that is sigmoid(x @ W): the bias is missing.",
         "add b before the sigmoid: sigmoid(x @ W + b)."),
        (x @ weights + bias, "that is x @ W + b, the pre-activation z: the sigmoid is "
         "missing.", "pass z through nnlib.sigmoid to get the layer's outputs."),
        (x @ weights, "that is x @ W: both the bias and the sigmoid are missing.",
         "h = sigmoid(x @ W + b)."),
        (sigmoid(weights @ x + bias), "that is sigmoid(W @ x + b): W @ x multiplies the ROWS "
         "of W with x, but a row of W holds the weights coming FROM one input.",
         "each COLUMN of W is one unit's weights, so write x @ W (x first)."),
        (weights @ x + bias, "that is W @ x + b: the order is swapped and the sigmoid is "
         "missing.", "write sigmoid(x @ W + b)."),
        (sigmoid(x @ weights - bias), "that is sigmoid(x @ W - b): the bias is subtracted.",
         "the bias is added: sigmoid(x @ W + b)."),
    ]
    if np.allclose(values, right, rtol=0, atol=1e-6):
        return correct(f"h = {np.round(right, 4).tolist()}, one output per hidden unit.")
    for wrong, problem, hint in mistakes:
        if np.allclose(values, wrong, rtol=0, atol=1e-6):
            return not_yet(f"you got {np.round(values, 4).tolist()}; {problem}", hint)
    if np.any((values < 0) | (values > 1)):
        return not_yet(
            f"you got {np.round(values, 4).tolist()}; a sigmoid's outputs lie between 0 and 1.",
            "compute z = x @ W + b first, then h = sigmoid(z).",
        )
    return not_yet(
        f"you got {np.round(values, 4).tolist()}, which is not sigmoid(x @ W + b).",
        "print z = x @ W + b and check its first entry by hand: "
        "x[0]*W[0, 0] + x[1]*W[1, 0] + x[2]*W[2, 0] + b[0].",
    )


def _article_output():
    """y_hat of the article's 2-2-1 network (all w = [0, 1], b = 0) for x = [2, 3]."""
    hidden = sigmoid(DELTA_X @ np.array([0.0, 1.0]))
    return sigmoid(np.array([hidden, hidden]) @ np.array([0.0, 1.0]))


def output_delta(answer, name="answer_3"):
    """Exercise: dL/dz_o = 2 (y_hat - y) * y_hat (1 - y_hat) for the article's network on
    x = [2, 3] with target y = 0 and L = (y - y_hat)^2."""
    if answer is None:
        return unanswered(name)
    values, problem = as_numbers(answer, name)
    if problem:
        return problem
    values = values.ravel()
    if values.size != 1:
        return not_yet(
            f"{name} has {values.size} values; the output delta of one sample and one "
            "output neuron is a single number.",
            "combine dL/dy_hat and dy_hat/dz_o into one number.",
        )
    value = float(values[0])
    y_hat, y = _article_output(), DELTA_TARGET
    slope = y_hat * (1 - y_hat)  # sigma'(z_o), written through the output
    right = 2 * (y_hat - y) * slope
    mistakes = [
        (2 * (y_hat - y), "that is dL/dy_hat only: the factor dy_hat/dz_o is missing.",
         "multiply by the sigmoid's slope at the output, y_hat * (1 - y_hat)."),
        ((y_hat - y) * slope, "that is half the right value: the factor 2 from the square "
         "is missing.", "the derivative of (y - y_hat)^2 with respect to y_hat is "
         "2 (y_hat - y)."),
        (-right, "the sign is flipped.", "d/dy_hat of (y - y_hat)^2 is -2 (y - y_hat) = "
         "2 (y_hat - y); with y = 0 the delta is positive: a smaller z_o would lower the loss."),
        (2 * (y_hat - y) * sigmoid(y_hat) * (1 - sigmoid(y_hat)),
         "you used sigmoid_derivative(y_hat): that function expects the pre-activation z, but "
         "y_hat is already the sigmoid's output.",
         "the slope written through the output is y_hat * (1 - y_hat) "
         "(nnlib.sigmoid_derivative_from_output(y_hat))."),
        (slope, "that is dy_hat/dz_o only: the factor dL/dy_hat is missing.",
         "multiply by 2 (y_hat - y)."),
        (2 * (y_hat - 1) * slope, "that is the delta for target 1 (the notebook's worked "
         "example); this exercise uses target y = 0.", "use 2 (y_hat - 0) * y_hat (1 - y_hat)."),
    ]
    if abs(value - right) < DELTA_TOLERANCE:
        return correct(
            f"delta = 2 (y_hat - y) y_hat (1 - y_hat) = {right:.4f}: positive, so gradient "
            "descent will lower z_o and push y_hat towards 0."
        )
    for wrong, problem, hint in mistakes:
        if abs(value - wrong) < DELTA_TOLERANCE:
            return not_yet(f"you got {value:.4f}; {problem}", hint)
    return not_yet(
        f"you got {value:.4f}, which is not dL/dz_o.",
        f"y_hat = {y_hat:.4f}. Multiply dL/dy_hat = 2 (y_hat - y) by dy_hat/dz_o = "
        "y_hat (1 - y_hat).",
    )
