"""Self-checks for notebook 01 (a neuron). Each takes the learner's answer, returns Feedback."""

import math

import numpy as np

from nnlib.course.feedback import as_number, as_numbers, correct, describe, not_yet, unanswered

# Exercise 1: the weighted sum z = w . x + b of a three-input neuron.
WEIGHTED_SUM_WEIGHTS = (0.5, -1.0, 2.0)
WEIGHTED_SUM_BIAS = -1.5
WEIGHTED_SUM_X = (4.0, 1.0, 0.5)

# Exercise 2: the bias that puts x = [2, 3] on the boundary of a neuron with w = [0, 1].
BOUNDARY_WEIGHTS = (0.0, 1.0)
BOUNDARY_X = (2.0, 3.0)

# Exercise 3: the sigmoid's slope at a neuron whose OUTPUT is a = 0.8.
SLOPE_OUTPUT = 0.8

# Exercise 4: one neuron that says "yes" (> 0.9) to P and "no" (< 0.1) to Q.
POINT_P = (1.0, 3.0)
POINT_Q = (3.0, 1.0)
HIGH, LOW = 0.9, 0.1

TOLERANCE = 1e-6


def _sigmoid(z):
    # A plain scalar sigmoid, independent of nnlib's, for the feedback numbers.
    return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))


def _close(value, target):
    return abs(value - target) <= TOLERANCE * max(1.0, abs(target))


def _vector(answer):
    """A 1-D array of real numbers (NaN and infinity included) from the answer, else None."""
    array, problem = as_numbers(answer, finite=False)
    return array if problem is None and array.ndim == 1 else None


def weighted_sum(answer, name="answer_1"):
    """Exercise 1: z = w . x + b for w = [0.5, -1, 2], b = -1.5, x = [4, 1, 0.5] (z = 0.5)."""
    weights = np.array(WEIGHTED_SUM_WEIGHTS)
    x = np.array(WEIGHTED_SUM_X)
    bias = WEIGHTED_SUM_BIAS
    z = float(weights @ x + bias)
    if answer is None:
        return unanswered(name)
    products = _vector(answer)
    if products is not None and products.shape == (3,):
        if np.allclose(products, weights * x):
            return not_yet(
                f"you gave three numbers, {products.tolist()}: the products w_i * x_i, one per "
                "input.",
                "a neuron adds them up into ONE number (np.dot(weights, x) or sum of the "
                "products), then adds the bias.",
            )
        return not_yet(
            f"you gave three numbers, {products.tolist()}, but z is one number.",
            "multiply each weight by its input, add the three products and the bias: "
            "np.dot(weights, x) + bias.",
        )
    value = as_number(answer)
    if value is None:
        return not_yet(
            f"{name} should be one number (z), but it is {describe(answer)}.",
            f"compute z = w1*x1 + w2*x2 + w3*x3 + b and store that number in {name}.",
        )
    dot = float(weights @ x)
    if _close(value, z):
        return correct(
            f"z = 0.5*4 + (-1)*1 + 2*0.5 + (-1.5) = {z:g}. The neuron's output would be "
            f"sigmoid({z:g}) = {_sigmoid(z):.4f}."
        )
    known = [
        (
            dot,
            f"you got {value:g}, which is w . x without the bias.",
            f"add the bias b = {bias:g} at the end.",
        ),
        (
            dot - bias,
            f"you got {value:g}, which is w . x MINUS the bias.",
            f"the bias is added: z = w . x + b, and here b = {bias:g} is negative.",
        ),
        (
            _sigmoid(z),
            f"you got {value:.4f}, which is sigmoid(z), the neuron's OUTPUT.",
            "the exercise asks for z itself, the number that goes INTO the sigmoid.",
        ),
        (
            float(weights @ x[::-1] + bias),
            f"you got {value:g}: that pairs w1 with x3 and w3 with x1 (x in reverse order).",
            "multiply each weight by the input in the SAME position: w1*x1 + w2*x2 + w3*x3.",
        ),
        (
            float(np.sum(weights + x) + bias),
            f"you got {value:g}: that ADDS each weight to its input.",
            "each input is MULTIPLIED by its weight: w1*x1 + w2*x2 + w3*x3, then + b.",
        ),
    ]
    for wrong, problem, hint in known:
        if _close(value, wrong):
            return not_yet(problem, hint)
    return not_yet(
        f"you got {value:g}, but z is something else.",
        "write out the three products w_i * x_i (2, -1 and 1), add them, then add b = -1.5.",
    )


def boundary_bias(answer, name="answer_2"):
    """Exercise 2: the bias that puts x = [2, 3] on the 0.5 boundary of w = [0, 1] (b = -3)."""
    weights = np.array(BOUNDARY_WEIGHTS)
    x = np.array(BOUNDARY_X)
    dot = float(weights @ x)  # 3
    if answer is None:
        return unanswered(name)
    bias = as_number(answer)
    if bias is None:
        return not_yet(
            f"{name} should be one number (the bias b), but it is {describe(answer)}.",
            f"store a single number in {name}, e.g. {name} = 1.5.",
        )
    z = dot + bias
    output = _sigmoid(z)
    if _close(z, 0.0):
        return correct(
            f"with b = {bias:g}, z = 0*2 + 1*3 + ({bias:g}) = 0, so the output is exactly "
            "sigmoid(0) = 0.5: x = [2, 3] sits on the boundary."
        )
    seen = f"with b = {bias:g}, z = 0*2 + 1*3 + ({bias:g}) = {z:g} and the output is {output:.4f}"
    if _close(bias, dot):
        return not_yet(
            f"{seen}, not 0.5. Sign error: the bias must CANCEL w . x = 3.",
            "you need w . x + b = 0, so b = -(w . x).",
        )
    if _close(bias, 0.5):
        return not_yet(
            f"{seen}. 0.5 is the OUTPUT on the boundary, not the bias.",
            "on the boundary z = 0 (because sigmoid(0) = 0.5); which b makes 3 + b = 0?",
        )
    if _close(bias, -float(x[0])) or _close(bias, -float(x.sum())):
        return not_yet(
            f"{seen}, not 0.5. w1 = 0, so x1 = 2 does not count at all.",
            "w . x = 0*2 + 1*3 = 3; choose b so that 3 + b = 0.",
        )
    side = "above" if z > 0 else "below"
    return not_yet(
        f"{seen}: the point is {side} 0.5, not on the boundary.",
        "the boundary is where z = w . x + b = 0; here w . x = 3.",
    )


def slope_from_output(answer, name="answer_3"):
    """Exercise 3: the sigmoid's slope for a neuron whose OUTPUT is a = 0.8 (0.8 * 0.2 = 0.16)."""
    a = SLOPE_OUTPUT
    slope = a * (1.0 - a)
    if answer is None:
        return unanswered(name)
    value = as_number(answer)
    if value is None:
        return not_yet(
            f"{name} should be one number (the slope), but it is {describe(answer)}.",
            f"store a single number in {name}.",
        )
    if _close(value, slope):
        return correct(
            f"a * (1 - a) = 0.8 * 0.2 = {slope:g}, what nnlib.sigmoid_derivative_from_output(0.8) "
            "gives."
        )
    treated_as_z = _sigmoid(a) * (1.0 - _sigmoid(a))
    if _close(value, treated_as_z):
        return not_yet(
            f"you got {value:.4f} = sigmoid_derivative(0.8): that treats 0.8 as the weighted "
            "sum z.",
            "0.8 is the neuron's OUTPUT a; use a * (1 - a) (nnlib.sigmoid_derivative_from_output).",
        )
    if _close(value, 1.0 - a) or _close(value, a):
        return not_yet(
            f"you got {value:g}: only one of the two factors.",
            "the slope is a * (1 - a): multiply both.",
        )
    if _close(value, _sigmoid(a)):
        return not_yet(
            f"you got {value:.4f} = sigmoid(0.8): the sigmoid itself, not its slope.",
            "0.8 is already the output; the slope is a * (1 - a).",
        )
    return not_yet(
        f"you got {value:g}, not the slope.",
        "the slope written with the output a is a * (1 - a).",
    )


def _as_weights_and_bias(answer, name):
    """(weights, bias) from the answer, or a Feedback explaining the expected format."""
    form = f"{name} should be a pair (weights, bias), e.g. ([1.0, -2.0], 0.5)"
    if hasattr(answer, "weights") and hasattr(answer, "bias"):  # an nnlib.Neuron is fine too
        answer = (answer.weights, answer.bias)
    if not isinstance(answer, list | tuple) or len(answer) != 2:
        return not_yet(f"{form}, but it is {describe(answer)}.", f"{name} = (weights, bias)")
    weights, bias = _vector(answer[0]), as_number(answer[1])
    if weights is None:  # a column [[w1], [w2]] holds the same two weights
        weights, _ = as_numbers(answer[0], finite=False)
        weights = None if weights is None else weights.ravel()
    if weights is None or weights.shape != (2,):
        return not_yet(
            f"{form}: the weights must be two numbers [w1, w2], got {describe(answer[0])}.",
            "one weight per input; P and Q have two inputs each.",
        )
    if bias is None:
        return not_yet(
            f"{form}: the bias must be one number, got {describe(answer[1])}.",
            "a neuron has a single bias.",
        )
    if not (np.all(np.isfinite(weights)) and math.isfinite(bias)):
        return not_yet(f"{form}, with finite numbers.", "no inf or nan.")
    return weights, bias


def separate_two_points(answer, name="answer_4"):
    """Exercise 4: weights and bias with output > 0.9 at P = [1, 3] and < 0.1 at Q = [3, 1]."""
    if answer is None:
        return unanswered(name)
    parsed = _as_weights_and_bias(answer, name)
    if not isinstance(parsed, tuple):
        return parsed
    weights, bias = parsed
    p, q = np.array(POINT_P), np.array(POINT_Q)
    z_p, z_q = float(weights @ p + bias), float(weights @ q + bias)
    a_p, a_q = _sigmoid(z_p), _sigmoid(z_q)
    outputs = f"outputs: P = [1, 3] -> {a_p:.4f}, Q = [3, 1] -> {a_q:.4f}"
    if a_p > HIGH and a_q < LOW:
        return correct(f"{outputs}. The boundary line separates the two points.")
    if np.allclose(weights, 0.0):
        return not_yet(
            f"{outputs}: with w = [0, 0] every input gets the same output sigmoid(b).",
            "the weights are what let the neuron tell inputs apart; start from w = [-1, 1].",
        )
    problems = []
    if a_p <= HIGH:
        problems.append(f"P gets {a_p:.4f}, {HIGH - a_p:.4f} short of the {HIGH} it needs")
    if a_q >= LOW:
        problems.append(f"Q gets {a_q:.4f}, {a_q - LOW:.4f} above the {LOW} it must stay under")
    need = math.log(HIGH / (1 - HIGH))  # sigmoid(2.197) = 0.9
    hint = (
        f"the output is > 0.9 when z > {need:.2f} and < 0.1 when z < -{need:.2f}; "
        f"now z(P) = {z_p:.2f} and z(Q) = {z_q:.2f}."
    )
    if z_p <= z_q:
        hint += (
            " The output grows in the direction of w, so w should point from Q towards P, "
            "e.g. w = [-1, 1]; then tune b (and make w larger for a sharper step)."
        )
    else:
        hint += " The order is right: make the weights larger or move the bias."
    return not_yet("; ".join(problems) + ".", hint)
