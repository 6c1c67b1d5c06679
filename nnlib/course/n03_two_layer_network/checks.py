"""Exercises of notebook 03 (a two-layer network), as data for `nnlib.course.feedback.grade`:
layer shapes, a hidden layer in matrix form, the output delta, and backprop itself (code)."""

import numbers

import numpy as np

from nnlib.activations import sigmoid
from nnlib.course import feedback
from nnlib.course.feedback import Exercise, Mistake, close, not_yet, read_numbers
from nnlib.gradcheck import numerical_gradient
from nnlib.network import Network

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


def _read_shapes(answer, f):
    """The four shapes as tuples, or Feedback on the first that is not a shape."""
    if not isinstance(answer, list | tuple) or len(answer) != 4:
        return not_yet(f"{f.name} should be a list of 4 shapes, got {answer!r}.",
                       "write [shape of weights[0], shape of biases[0], shape of weights[1], "
                       "shape of biases[1]], each shape a tuple such as (2, 7).")
    for part, given in zip(SHAPE_NAMES, answer, strict=True):
        if isinstance(given, numbers.Integral) and not isinstance(given, bool):
            return not_yet(f"the shape of {part} is the number {given}, not a tuple.",
                           f"in Python (5) is just the number 5; a one-element tuple needs a "
                           f"comma: ({given},).")
        if _shape(given) is None:
            return not_yet(f"the shape of {part} should be a tuple of whole numbers, got "
                           f"{given!r}.", "write shapes like (2, 7) for a matrix and (7,) for a "
                           "vector.")
    return [_shape(given) for given in answer]


def _first_wrong(f):
    """Facts on the first shape that differs from nnlib's."""
    for part, shape, right in zip(SHAPE_NAMES, f.got, f.expected, strict=True):
        if shape != right:
            return dict(part=part, shape=shape, right=right, bias=part.startswith("biases"))
    return {}


n_in, n_hidden, n_out = SHAPES_LAYER_SIZES
layer_shapes = Exercise(
    name="answer_1",
    reference=lambda f: [(n_in, n_hidden), (n_hidden,), (n_hidden, n_out), (n_out,)],
    read=_read_shapes,
    same=lambda got, want: got == want,
    facts=_first_wrong,
    correct="weights (3, 5) and (5, 2): rows = inputs of the layer, columns = its units; "
    "biases (5,) and (2,): one per unit.",
    mistakes=(
        Mistake("transposed", "{part} has shape {shape} in {name}: that is transposed.",
                "nnlib stores a layer's weights as (n_in, n_out): one ROW per input, one "
                "COLUMN per unit, so that X @ weights works for X of shape (n_samples, n_in).",
                when=lambda f: not f.bias and f.shape == f.right[::-1]),
        Mistake("bias_2d", "{part} has shape {shape} in {name}, a 2-D array.",
                "a layer's biases are a 1-D vector, one number per unit: shape {right}. "
                "numpy adds it to every row of X @ weights by itself.",
                when=lambda f: f.bias and len(f.shape) == 2
                and sorted(f.shape) == sorted((1, f.right[0]))),
        Mistake("bias_size", "{part} has shape {shape} in {name}.",
                lambda f: f"{f.part} goes with weights{f.part[-3:]}: one bias per unit of the "
                "layer those weights lead INTO (their n_out), as a 1-D vector.",
                when=lambda f: f.bias),
    ),
    fallback=Mistake("fallback", "{part} has shape {shape} in {name}.",
                     lambda f: f"{f.part} connects a layer of {f.right[0]} values to a layer of "
                     f"{f.right[1]} units: (n_in, n_out). Network([3, 5, 2]) means 3 inputs, 5 "
                     "hidden units, 2 outputs.", when=lambda f: f.shape != f.right),
)

X1, W1, B1 = HIDDEN_X, HIDDEN_WEIGHTS, HIDDEN_BIAS


hidden_layer_output = Exercise(
    name="answer_2",
    reference=lambda f: sigmoid(X1 @ W1 + B1),
    read=read_numbers(flat=True),
    same=close(rtol=0, atol=1e-6),
    facts=lambda f: dict(shown=np.round(f.got, 4).tolist()),
    correct=lambda f: f"h = {np.round(f.expected, 4).tolist()}, one output per hidden unit.",
    mistakes=(
        Mistake("size", "{name} has {got.size} value(s); the hidden layer has 3 units, so it "
                "outputs 3 numbers.", "x has shape (3,) and W has shape (3, 3): x @ W has shape "
                "(3,).", when=lambda f: f.got.size != 3),
        *(Mistake(key, "you got {shown}; " + problem, hint, wrong=wrong) for key, wrong, problem,
          hint in [
              ("no_bias", lambda f: sigmoid(X1 @ W1), "that is sigmoid(x @ W): the bias is "
               "missing.", "add b before the sigmoid: sigmoid(x @ W + b)."),
              ("no_sigmoid", lambda f: X1 @ W1 + B1, "that is x @ W + b, the pre-activation z: "
               "the sigmoid is missing.", "pass z through nnlib.sigmoid to get the layer's "
               "outputs."),
              ("neither", lambda f: X1 @ W1, "that is x @ W: both the bias and the sigmoid are "
               "missing.", "h = sigmoid(x @ W + b)."),
              ("w_at_x", lambda f: sigmoid(W1 @ X1 + B1), "that is sigmoid(W @ x + b): W @ x "
               "multiplies the ROWS of W with x, but a row of W holds the weights coming FROM "
               "one input.", "each COLUMN of W is one unit's weights, so write x @ W (x first)."),
              ("w_at_x_no_sigmoid", lambda f: W1 @ X1 + B1, "that is W @ x + b: the order is "
               "swapped and the sigmoid is missing.", "write sigmoid(x @ W + b)."),
              ("minus_bias", lambda f: sigmoid(X1 @ W1 - B1), "that is sigmoid(x @ W - b): the "
               "bias is subtracted.", "the bias is added: sigmoid(x @ W + b)."),
          ]),
        Mistake("outside", "you got {shown}; a sigmoid's outputs lie between 0 and 1.",
                "compute z = x @ W + b first, then h = sigmoid(z).",
                when=lambda f: np.any((f.got < 0) | (f.got > 1))),
    ),
    fallback=Mistake("fallback", "you got {shown}, which is not sigmoid(x @ W + b).",
                     "print z = x @ W + b and check its first entry by hand: "
                     "x[0]*W[0, 0] + x[1]*W[1, 0] + x[2]*W[2, 0] + b[0].",
                     when=lambda f: not close(rtol=0, atol=1e-6)(f.got, f.expected)),
)


def _article_output():
    """y_hat of the article's 2-2-1 network (all w = [0, 1], b = 0) for x = [2, 3]."""
    hidden = sigmoid(DELTA_X @ np.array([0.0, 1.0]))
    return float(sigmoid(np.array([hidden, hidden]) @ np.array([0.0, 1.0])))


Y_HAT, Y = _article_output(), DELTA_TARGET
SLOPE = Y_HAT * (1 - Y_HAT)  # sigma'(z_o), written through the output
output_delta = Exercise(
    name="answer_3",
    reference=lambda f: np.array([2 * (Y_HAT - Y) * SLOPE]),
    read=read_numbers(flat=True),
    same=close(rtol=0, atol=DELTA_TOLERANCE),
    correct=lambda f: f"delta = 2 (y_hat - y) y_hat (1 - y_hat) = {f.expected[0]:.4f}: positive, "
    "so gradient descent will lower z_o and push y_hat towards 0.",
    mistakes=(
        Mistake("size", "{name} has {got.size} values; the output delta of one sample and one "
                "output neuron is a single number.", "combine dL/dy_hat and dy_hat/dz_o into one "
                "number.", when=lambda f: f.got.size != 1),
        *(Mistake(key, "you got {got[0]:.4f}; " + problem, hint, wrong=lambda f, v=value: [v])
          for key, value, problem, hint in [
              ("no_slope", 2 * (Y_HAT - Y), "that is dL/dy_hat only: the factor dy_hat/dz_o is "
               "missing.", "multiply by the sigmoid's slope at the output, y_hat * (1 - y_hat)."),
              ("no_two", (Y_HAT - Y) * SLOPE, "that is half the right value: the factor 2 from "
               "the square is missing.", "the derivative of (y - y_hat)^2 with respect to y_hat "
               "is 2 (y_hat - y)."),
              ("sign", -2 * (Y_HAT - Y) * SLOPE, "the sign is flipped.", "d/dy_hat of (y - "
               "y_hat)^2 is -2 (y - y_hat) = 2 (y_hat - y); with y = 0 the delta is positive: a "
               "smaller z_o would lower the loss."),
              ("slope_of_output", 2 * (Y_HAT - Y) * sigmoid(Y_HAT) * (1 - sigmoid(Y_HAT)),
               "you used sigmoid_derivative(y_hat): that function expects the pre-activation z, "
               "but y_hat is already the sigmoid's output.", "the slope written through the "
               "output is y_hat * (1 - y_hat) (nnlib.sigmoid_derivative_from_output(y_hat))."),
              ("no_loss_factor", SLOPE, "that is dy_hat/dz_o only: the factor dL/dy_hat is "
               "missing.", "multiply by 2 (y_hat - y)."),
              ("target_1", 2 * (Y_HAT - 1) * SLOPE, "that is the delta for target 1 (the "
               "notebook's worked example); this exercise uses target y = 0.",
               "use 2 (y_hat - 0) * y_hat (1 - y_hat)."),
          ]),
    ),
    fallback=Mistake("fallback", "you got {got[0]:.4f}, which is not dL/dz_o.",
                     f"y_hat = {Y_HAT:.4f}. Multiply dL/dy_hat = 2 (y_hat - y) by dy_hat/dz_o = "
                     "y_hat (1 - y_hat).", when=lambda f: abs(f.got[0] - f.expected[0])
                     > DELTA_TOLERANCE),
)


# Exercise 4 (code): backprop of the two-layer sigmoid network, every weight and bias. Its loss
# is nnlib's mean squared error (the mean over all samples AND outputs, as in section 6).
BACKPROP_SEED = 3
BACKPROP_SIZES = ((4, (2, 3, 1)), (5, (3, 2, 2)), (6, (2, 4, 3)))  # (n_samples, layer sizes)
PARTS = ("dW1", "db1", "dW2", "db2")


def backprop_answer(X, Y, W1, b1, W2, b2):
    """nnlib's gradients (dW1, db1, dW2, db2) of the network y_hat = sigmoid(sigmoid(X @ W1 +
    b1) @ W2 + b2) under the mean squared error."""
    network = Network([W1.shape[0], W1.shape[1], W2.shape[1]])
    network.weights, network.biases = [W1.copy(), W2.copy()], [b1.copy(), b2.copy()]
    (dW1, dW2), (db1, db2) = network.gradients(X, Y)
    return dW1, db1, dW2, db2


def _backprop(X, Y, W1, b1, W2, b2, sign=1, divide="size", two=2, out="a", hidden="a",
              bias="sum", transpose=False):
    """Backprop with one of the typical mistakes switched on (the defaults are right)."""
    slope = {"a": lambda a: a * (1 - a), "none": lambda a: 1.0,
             "z": lambda a: sigmoid(a) * (1 - sigmoid(a))}  # "z": sigmoid' of the OUTPUT
    n = {"size": Y.size, "none": 1, "twice": Y.size * len(Y), "rows": len(Y)}[divide]
    H = sigmoid(X @ W1 + b1)
    Y_hat = sigmoid(H @ W2 + b2)
    delta2 = sign * two * (Y_hat - Y) / n * slope[out](Y_hat)
    delta1 = (delta2 @ W2.T) * slope[hidden](H)
    reduce = {"sum": lambda d: d.sum(axis=0), "none": lambda d: d,
              "mean": lambda d: d.mean(axis=0)}[bias]
    dW1, dW2 = (delta1.T @ X, delta2.T @ H) if transpose else (X.T @ delta1, H.T @ delta2)
    return dW1, reduce(delta1), dW2, reduce(delta2)


def _backprop_cases():
    rng = np.random.default_rng(BACKPROP_SEED)
    cases = []
    for n_samples, (n_in, n_hidden, n_out) in BACKPROP_SIZES:
        network = Network([n_in, n_hidden, n_out], seed=rng)
        biases = [rng.normal(scale=0.5, size=n_hidden), rng.normal(scale=0.5, size=n_out)]
        cases.append((rng.normal(size=(n_samples, n_in)), rng.uniform(size=(n_samples, n_out)),
                      network.weights[0], biases[0], network.weights[1], biases[1]))
    return cases


def _numerical(case):
    """Central differences of the loss for every parameter of the case."""
    X, Y, *parameters = (np.array(part, dtype=float) for part in case)
    network = Network([parameters[0].shape[0], parameters[0].shape[1], parameters[2].shape[1]])
    network.weights, network.biases = [parameters[0], parameters[2]], [parameters[1], parameters[3]]
    return tuple(numerical_gradient(lambda _: network.loss(X, Y), p) for p in parameters)


def _gradient_facts(f):
    facts = feedback.wrong_parts(f, PARTS)
    numerical = _numerical(facts["run"].case)
    return dict(facts, numerical=numerical, gap=max(
        float(np.max(np.abs(got - num))) if got.shape == num.shape else np.inf
        for got, num in zip(facts["run"].got, numerical, strict=True)))


def _where(f):
    """Which layer the wrong gradients point to, from the parts that are right."""
    if set(f.wrong) <= {"dW1", "db1"}:
        return (" The output layer's gradients are right, so look at the hidden layer: its "
                "delta is (delta2 @ W2.T) * H * (1 - H).")
    if set(f.wrong) == {"db1", "db2"}:
        return " The weight gradients are right, so look at how the bias gradients are formed."
    return " The output layer's gradients are wrong too, so start at delta2."


BACKPROP_MISTAKES = (  # key, how _backprop makes it, problem, hint
    ("no_output_slope", dict(out="none"), "the output layer's sigmoid slope is missing: delta2 "
     "is dL/dy_hat alone.", "multiply by the slope at the output, Y_hat * (1 - Y_hat)."),
    ("no_hidden_slope", dict(hidden="none"), "the hidden layer's sigmoid slope is missing: "
     "delta1 is delta2 @ W2.T alone.", "multiply by the hidden units' slope, H * (1 - H)."),
    ("output_slope_of_output", dict(out="z"), "delta2 uses sigmoid_derivative(Y_hat): the "
     "derivative was taken of the OUTPUT where z was meant.", "written through the output the "
     "slope is Y_hat * (1 - Y_hat) (nnlib.sigmoid_derivative_from_output)."),
    ("hidden_slope_of_output", dict(hidden="z"), "delta1 uses sigmoid_derivative(H): the "
     "derivative was taken of the hidden OUTPUT where z was meant.", "written through the "
     "output the slope is H * (1 - H)."),
    ("sign", dict(sign=-1), "every gradient has the wrong sign.", "dL/dY_hat = 2 (Y_hat - Y) / "
     "Y.size: prediction minus target."),
    ("no_mean", dict(divide="none"), "the 1/n of the mean is missing: every gradient is Y.size "
     "times too large (the gradient of the SUM of squared errors).", "divide dL/dY_hat by "
     "Y.size, the number of squared errors the mean averages."),
    ("mean_twice", dict(divide="twice"), "the 1/n is there twice: every gradient is n_samples "
     "times too small.", "divide by Y.size once, in delta2; the sums X.T @ delta and "
     "delta.sum(axis=0) must not divide again."),
    ("rows_only", dict(divide="rows"), "dL/dY_hat is divided by the number of samples only; the "
     "mean squared error averages over samples AND outputs.", "divide by Y.size (= n_samples * "
     "n_outputs); it only differs when there is more than one output."),
    ("no_two", dict(two=1), "every gradient is half the right size: the 2 from the square is "
     "missing.", "the derivative of (y_hat - y)**2 is 2 (y_hat - y)."),
    ("transposed", dict(transpose=True), "the weight gradients are transposed: delta.T @ a "
     "instead of a.T @ delta.", "dW must have the shape of W, (n_in, n_out): the layer's input "
     "transposed times its delta, X.T @ delta1 and H.T @ delta2."),
    ("bias_not_summed", dict(bias="none"), "the bias gradients are not summed over the samples: "
     "one row per sample.", "a bias gets every sample's delta added up: delta.sum(axis=0)."),
    ("bias_mean", dict(bias="mean"), "the bias gradients are averaged over the samples, but the "
     "1/n is already inside delta.", "sum, do not average: delta.sum(axis=0)."),
)
my_backprop = Exercise(
    name="my_backprop",
    reference=backprop_answer,
    cases=_backprop_cases,
    read=feedback.read_arrays(PARTS, "end with return dW1, db1, dW2, db2."),
    returns="dW1, db1, dW2, db2",
    facts=lambda f: _gradient_facts(f) if f.runs else {},
    correct=lambda f: f"all four gradients agree with nnlib's backprop on {len(f.runs)} networks "
    "of different sizes, and with central differences (nnlib.numerical_gradient, largest "
    f"difference {f.gap:.0e}).",
    mistakes=tuple(Mistake(key, "Your gradients differ from nnlib's: " + problem, hint,
                           wrong=lambda *case, switch=switch: _backprop(*case, **switch))
                   for key, switch, problem, hint in BACKPROP_MISTAKES),
    fallback=Mistake("fallback", lambda f: f"On a {f.run.case[0].shape[0]}-sample network with "
                     f"layers {f.run.case[2].shape[0]}-{f.run.case[2].shape[1]}-"
                     f"{f.run.case[4].shape[1]}, {', '.join(f.wrong)} "
                     f"{'differs' if len(f.wrong) == 1 else 'differ'} from nnlib's (and "
                     "from central differences); shapes: yours "
                     f"{[got.shape for got in f.run.got]}, right {[w.shape for w in f.run.want]}."
                     + _where(f), "work through one layer at a time and compare each piece "
                     "with section 6; print the shape of each delta.", when=lambda f: bool(
                         f.wrong)),
)


def backprop_to_use(function):
    """The learner's my_backprop once it passes its check, else nnlib's; says which."""
    return feedback.use_yours(my_backprop, function, backprop_answer, "backprop")
