"""Self-checks for the exercises of notebook 06 (activations and initialisation)."""

import numpy as np

from nnlib.course.feedback import as_number, as_numbers, correct, describe, not_yet, unanswered
from nnlib.course.n06_activations_and_initialisation import playground
from nnlib.network import Network

# Exercise 1: the slope of tanh at TANH_POINT, 1 - tanh(z)^2 = 0.78645. A number typed in
# rounded to 2, 3 or 4 decimals (0.79, 0.786, 0.7864) is right too; the typical slips (tanh
# itself, 1 - tanh, 1 - tanh(z^2), the sigmoid's slope, the slope at 0) are all more than 0.03
# away, so each still gets its own explanation.
TANH_POINT = 0.5
TANH_TOLERANCE = 0.005

# Exercise 2: hidden weights (2, 4) for the 2-4-1 network of section 2 (output weights 0.5,
# biases 0) whose columns all differ by at least SYMMETRY_GAP somewhere; the check trains it on
# the circles for SYMMETRY_ITERATIONS steps at SYMMETRY_LEARNING_RATE and reports what it sees.
EQUAL_HIDDEN_WEIGHTS = np.full((2, 4), 0.5)
OUTPUT_WEIGHT = 0.5
SYMMETRY_GAP = 1e-3
WEIGHT_LIMIT = 3.0  # beyond it a sigmoid unit starts far in its flat end (the text says so)
SYMMETRY_ITERATIONS = 1000
SYMMETRY_LEARNING_RATE = 3.0

# Exercise 3: the largest factor 10 sigmoid slopes (each at most 0.25) can multiply a signal by.
SIGMOID_MAX_SLOPE = 0.25
SIGMOID_LAYERS = 10


def tanh_slope(answer, name="answer_1"):
    """Exercise 1: the slope of tanh at z = TANH_POINT."""
    if answer is None:
        return unanswered(name)
    value = as_number(answer)
    if value is None:
        return not_yet(
            f"{name} should be one number (a slope), got {describe(answer)}.",
            f"compute 1 - np.tanh(z_point) ** 2 and assign the result to {name}.",
        )
    z = TANH_POINT
    expected = 1 - np.tanh(z) ** 2
    if np.isclose(value, expected, rtol=0, atol=TANH_TOLERANCE):
        return correct(
            f"tanh'({z:g}) = 1 - tanh({z:g})^2 = {expected:.4f}: at z = {z:g} the slope is "
            "already below its largest value, 1 (at z = 0)."
        )
    slips = [
        (np.tanh(z), f"{value:.4f} is tanh({z:g}) itself, the unit's output, not its slope."),
        (1 - np.tanh(z), f"{value:.4f} is 1 - tanh({z:g}): the tanh must be squared."),
        (1 - np.tanh(z**2), f"{value:.4f} is 1 - tanh({z:g}^2): square the OUTPUT tanh(z), "
         "not z."),
        (1 - np.tanh(z) * 2, f"{value:.4f} is 1 - 2 tanh({z:g}): ** 2 squares, * 2 doubles."),
        (np.tanh(z) * (1 - np.tanh(z)), f"{value:.4f} is tanh(z)(1 - tanh(z)), the form of the "
         "SIGMOID's slope written with tanh."),
        (1 / (1 + np.exp(-z)) * (1 - 1 / (1 + np.exp(-z))),
         f"{value:.4f} is the slope of the SIGMOID at {z:g}, not of tanh."),
        (1.0, f"{value:g} is tanh's slope at z = 0, its largest; at z = {z:g} it is smaller."),
    ]
    for wrong, problem in slips:
        if np.isclose(value, wrong, rtol=0, atol=TANH_TOLERANCE):
            return not_yet(problem, "the slope of tanh is 1 - np.tanh(z_point) ** 2.")
    return not_yet(
        f"{value:.4f} is not the slope of tanh at z = {z:g}.",
        "the slope of tanh is 1 - np.tanh(z_point) ** 2: it lies between 0 and 1.",
    )


def symmetric_network(hidden_weights):
    """The 2-4-1 network of exercise 2 with `hidden_weights` (2, 4), output weights
    OUTPUT_WEIGHT and biases 0."""
    network = Network([2, 4, 1], seed=0)
    network.weights = [np.array(hidden_weights, dtype=float), np.full((4, 1), OUTPUT_WEIGHT)]
    network.biases = [np.zeros(4), np.zeros(1)]
    return network


def equal_pairs(hidden_weights, gap=SYMMETRY_GAP):
    """The pairs (j, k), j < k, of columns (hidden units) that differ by less than `gap`."""
    columns = np.asarray(hidden_weights, dtype=float).T
    return [
        (j, k)
        for j in range(len(columns))
        for k in range(j + 1, len(columns))
        if np.max(np.abs(columns[j] - columns[k])) < gap
    ]


def symmetry_breaking_weights(answer, name="answer_2"):
    """Exercise 2: hidden weights (2, 4), entries within +-WEIGHT_LIMIT, whose columns all
    differ (by at least SYMMETRY_GAP somewhere); the network is trained to show the result."""
    if answer is None:
        return unanswered(name)
    weights, problem = as_numbers(answer, name)
    if problem is not None:
        return problem
    if weights.shape != (2, 4):
        return not_yet(
            f"{name} should have shape (2, 4), one column per hidden unit, got {weights.shape}.",
            "e.g. np.random.default_rng(1).uniform(-1, 1, size=(2, 4)), or type a 2 x 4 list.",
        )
    if np.max(np.abs(weights)) > WEIGHT_LIMIT:
        return not_yet(
            f"The largest weight is {np.max(np.abs(weights)):g}, beyond +-{WEIGHT_LIMIT:g}: such "
            "a unit starts deep in the flat end of its sigmoid.",
            f"keep every weight between -{WEIGHT_LIMIT:g} and {WEIGHT_LIMIT:g}.",
        )
    pairs = equal_pairs(weights)
    if pairs:
        units = ", ".join(f"{j + 1} and {k + 1}" for j, k in pairs)
        return not_yet(
            f"Hidden units {units} start with the same weights (differing by less than "
            f"{SYMMETRY_GAP:g}): they get the same gradients and stay the same forever.",
            "give every column its own numbers, e.g. drawn with np.random.default_rng(1).",
        )
    task = playground.task("circles")
    network = symmetric_network(weights)
    try:
        with np.errstate(all="ignore"):
            network.train(task.X, task.y, SYMMETRY_ITERATIONS,
                          learning_rate=SYMMETRY_LEARNING_RATE)
    except ValueError:  # cannot happen within the weight limit; explained if it ever does
        return correct(
            "Every column differs, so the symmetry is broken (training these weights overflowed "
            "here, which has nothing to do with symmetry)."
        )
    equal = symmetric_network(EQUAL_HIDDEN_WEIGHTS)
    equal.train(task.X, task.y, SYMMETRY_ITERATIONS, learning_rate=SYMMETRY_LEARNING_RATE)
    equal_accuracy = float(np.mean((equal.feedforward(task.X) > 0.5) == (task.y > 0.5)))
    after = network.weights[0]
    gap = min(np.max(np.abs(after[:, j] - after[:, k])) for j in range(4) for k in range(j + 1, 4))
    accuracy = float(np.mean((network.feedforward(task.X) > 0.5) == (task.y > 0.5)))
    return correct(
        f"Every hidden unit starts with its own weights. After {SYMMETRY_ITERATIONS} steps on the "
        f"circles they are still different (the closest two columns differ by {gap:.2f}) and "
        f"the network gets {accuracy:.1%} of the points right; the all-equal start got "
        f"{equal_accuracy:.1%}."
    )


def ten_sigmoid_slopes(answer, name="answer_3"):
    """Exercise 3: SIGMOID_MAX_SLOPE ** SIGMOID_LAYERS, the most 10 sigmoid slopes can give."""
    if answer is None:
        return unanswered(name)
    value = as_number(answer)
    if value is None:
        return not_yet(
            f"{name} should be one number, got {describe(answer)}.",
            "multiply the largest slope by itself once per layer (** in Python).",
        )
    slope, layers = SIGMOID_MAX_SLOPE, SIGMOID_LAYERS
    expected = slope**layers
    if np.isclose(value, expected, rtol=1e-3, atol=0):
        return correct(
            f"{slope:g} ** {layers} = {expected:.3e}: at best the signal is about a million times "
            "smaller after 10 sigmoid layers, which is what section 3 measured."
        )
    slips = [
        (slope * layers, f"{value:g} is {slope:g} * {layers}: the slopes are MULTIPLIED together, "
         "one factor per layer, not added."),
        (slope, f"{value:g} is the factor for one layer; there are {layers}."),
        (slope ** (layers - 1), f"{value:.3e} is {slope:g} ** {layers - 1}: one layer short."),
        (slope ** (layers + 1), f"{value:.3e} is {slope:g} ** {layers + 1}: one layer too many."),
        (0.5**layers, f"{value:.3e} is 0.5 ** {layers}: 0.5 is the sigmoid's OUTPUT at 0; its "
         f"slope there is {slope:g}."),
        (1.0, f"{value:g} would be right for tanh or ReLU, whose largest slope is 1; the "
         f"sigmoid's is {slope:g}."),
        (layers**-slope, f"{value:.4f} is {layers} ** -{slope:g}: base and exponent are swapped."),
    ]
    for wrong, problem in slips:
        if np.isclose(value, wrong, rtol=1e-3, atol=0):
            return not_yet(problem, f"compute {slope:g} ** {layers}.")
    return not_yet(
        f"{value:.4g} is not the product of {layers} slopes of at most {slope:g} each.",
        f"multiply {slope:g} by itself {layers} times: {slope:g} ** {layers}.",
    )
