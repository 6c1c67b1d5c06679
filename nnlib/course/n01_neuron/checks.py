"""Exercises of notebook 01 (a neuron), as data for `nnlib.course.feedback.grade`."""

import math

import numpy as np

from nnlib.course import feedback
from nnlib.course.feedback import Exercise, Mistake, as_numbers, describe, not_yet, read_number

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
_same = feedback.close(TOLERANCE, TOLERANCE)


def _sigmoid(z):
    # A plain scalar sigmoid, independent of nnlib's, for the feedback numbers.
    return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))


def _shown(value, threshold):
    """`value` to 4 decimals, or to as many more as it takes not to look like `threshold`."""
    for decimals in range(4, 18):
        if round(value, decimals) != threshold:
            break
    return f"{value:.{decimals}f}"


def _read_z(answer, f):
    """Three numbers stay three (the table explains them); anything else must be one number."""
    array, _ = as_numbers(answer, finite=False)
    if array is not None and array.shape == (3,):
        return array
    return read_number("{name} should be one number (z), but it is {described}.",
                       "compute z = w1*x1 + w2*x2 + w3*x3 + b and store that number in {name}.")(
        answer, f)


W, X, B = np.array(WEIGHTED_SUM_WEIGHTS), np.array(WEIGHTED_SUM_X), WEIGHTED_SUM_BIAS
weighted_sum = Exercise(
    name="answer_1",
    reference=lambda f: float(W @ X + B),
    read=_read_z,
    same=_same,
    correct=lambda f: f"z = 0.5*4 + (-1)*1 + 2*0.5 + (-1.5) = {f.expected:g}. The neuron's output "
    f"would be sigmoid({f.expected:g}) = {_sigmoid(f.expected):.4f}.",
    mistakes=(
        Mistake("products", lambda f: f"you gave three numbers, {f.got.tolist()}: the products "
                "w_i * x_i, one per input.", "a neuron adds them up into ONE number "
                "(np.dot(weights, x) or sum of the products), then adds the bias.",
                wrong=lambda f: W * X),
        Mistake("three_numbers", lambda f: f"you gave three numbers, {f.got.tolist()}, but z is "
                "one number.", "multiply each weight by its input, add the three products and "
                "the bias: np.dot(weights, x) + bias.", when=lambda f: np.shape(f.got) == (3,)),
        Mistake("no_bias", "you got {got:g}, which is w . x without the bias.",
                f"add the bias b = {B:g} at the end.", wrong=lambda f: float(W @ X)),
        Mistake("minus_bias", "you got {got:g}, which is w . x MINUS the bias.",
                f"the bias is added: z = w . x + b, and here b = {B:g} is negative.",
                wrong=lambda f: float(W @ X - B)),
        Mistake("output", "you got {got:.4f}, which is sigmoid(z), the neuron's OUTPUT.",
                "the exercise asks for z itself, the number that goes INTO the sigmoid.",
                wrong=lambda f: _sigmoid(f.expected)),
        Mistake("reversed", "you got {got:g}: that pairs w1 with x3 and w3 with x1 (x in reverse "
                "order).", "multiply each weight by the input in the SAME position: w1*x1 + "
                "w2*x2 + w3*x3.", wrong=lambda f: float(W @ X[::-1] + B)),
        Mistake("added", "you got {got:g}: that ADDS each weight to its input.",
                "each input is MULTIPLIED by its weight: w1*x1 + w2*x2 + w3*x3, then + b.",
                wrong=lambda f: float(np.sum(W + X) + B)),
    ),
    fallback=Mistake("fallback", "you got {got:g}, but z is something else.",
                     "write out the three products w_i * x_i (2, -1 and 1), add them, then add "
                     "b = -1.5.", when=lambda f: not _same(f.got, f.expected)),
)


def _boundary_facts(f):
    z = 3.0 + f.got
    return dict(z=z, side="above" if z > 0 else "below",
                seen=f"with b = {f.got:g}, z = 0*2 + 1*3 + ({f.got:g}) = {z:g} and the output is "
                f"{_shown(_sigmoid(z), 0.5)}")


boundary_bias = Exercise(
    name="answer_2",
    reference=lambda f: -float(np.dot(BOUNDARY_WEIGHTS, BOUNDARY_X)),
    read=read_number("{name} should be one number (the bias b), but it is {described}.",
                     "store a single number in {name}, e.g. {name} = 1.5."),
    same=lambda got, want: abs(got - want) <= TOLERANCE * max(1.0, abs(want)),
    facts=_boundary_facts,
    correct="with b = {got:g}, z = 0*2 + 1*3 + ({got:g}) = 0, so the output is exactly "
    "sigmoid(0) = 0.5: x = [2, 3] sits on the boundary.",
    mistakes=(
        Mistake("sign", "{seen}, not 0.5. Sign error: the bias must CANCEL w . x = 3.",
                "you need w . x + b = 0, so b = -(w . x).", wrong=lambda f: 3.0),
        Mistake("output", "{seen}. 0.5 is the OUTPUT on the boundary, not the bias.",
                "on the boundary z = 0 (because sigmoid(0) = 0.5); which b makes 3 + b = 0?",
                wrong=lambda f: 0.5),
        Mistake("x1_counted", "{seen}, not 0.5. w1 = 0, so x1 = 2 does not count at all.",
                "w . x = 0*2 + 1*3 = 3; choose b so that 3 + b = 0.",
                when=lambda f: any(abs(f.got - t) <= TOLERANCE * abs(t) for t in (-2, -5))),
    ),
    fallback=Mistake("fallback", "{seen}: the point is {side} 0.5, not on the boundary.",
                     "the boundary is where z = w . x + b = 0; here w . x = 3.",
                     when=lambda f: f.z != 0),
)

A = SLOPE_OUTPUT
slope_from_output = Exercise(
    name="answer_3",
    reference=lambda f: A * (1.0 - A),
    read=read_number("{name} should be one number (the slope), but it is {described}.",
                     "store a single number in {name}."),
    same=lambda got, want: abs(got - want) <= TOLERANCE * max(1.0, abs(want)),
    correct="a * (1 - a) = 0.8 * 0.2 = {expected:g}, what nnlib.sigmoid_derivative_from_output("
    "0.8) gives.",
    mistakes=(
        Mistake("treated_as_z", "you got {got:.4f} = sigmoid_derivative(0.8): that treats 0.8 as "
                "the weighted sum z.", "0.8 is the neuron's OUTPUT a; use a * (1 - a) "
                "(nnlib.sigmoid_derivative_from_output).",
                wrong=lambda f: _sigmoid(A) * (1.0 - _sigmoid(A))),
        Mistake("one_factor", "you got {got:g}: only one of the two factors.",
                "the slope is a * (1 - a): multiply both.",
                when=lambda f: min(abs(f.got - A), abs(f.got - (1 - A))) <= TOLERANCE),
        Mistake("sigmoid", "you got {got:.4f} = sigmoid(0.8): the sigmoid itself, not its slope.",
                "0.8 is already the output; the slope is a * (1 - a).",
                wrong=lambda f: _sigmoid(A)),
    ),
    fallback=Mistake("fallback", "you got {got:g}, not the slope.",
                     "the slope written with the output a is a * (1 - a).",
                     when=lambda f: abs(f.got - f.expected) > TOLERANCE),
)


def _read_neuron(answer, f):
    """(weights, bias) from the answer, or a Feedback explaining the expected format."""
    name = f.name
    form = f"{name} should be a pair (weights, bias), e.g. ([1.0, -2.0], 0.5)"
    if hasattr(answer, "weights") and hasattr(answer, "bias"):  # an nnlib.Neuron is fine too
        answer = (answer.weights, answer.bias)
    if not isinstance(answer, list | tuple) or len(answer) != 2:
        return not_yet(f"{form}, but it is {describe(answer)}.", f"{name} = (weights, bias)")
    weights, _ = as_numbers(answer[0], finite=False)  # a column [[w1], [w2]] holds them too
    bias = feedback.as_number(answer[1])
    if weights is None or weights.size != 2 or weights.ndim > 2 or (
            weights.ndim == 2 and 1 not in weights.shape):
        return not_yet(f"{form}: the weights must be two numbers [w1, w2], got "
                       f"{describe(answer[0])}.", "one weight per input; P and Q have two inputs "
                       "each.")
    if bias is None:
        return not_yet(f"{form}: the bias must be one number, got {describe(answer[1])}.",
                       "a neuron has a single bias.")
    if not (np.all(np.isfinite(weights)) and math.isfinite(bias)):
        return not_yet(f"{form}, with finite numbers.", "no inf or nan.")
    return weights.ravel(), bias


def _two_points_facts(f):
    weights, bias = f.got
    z_p, z_q = float(weights @ POINT_P + bias), float(weights @ POINT_Q + bias)
    a_p, a_q = _sigmoid(z_p), _sigmoid(z_q)
    problems = []
    if a_p <= HIGH:
        problems.append(f"P gets {_shown(a_p, HIGH)}, {_shown(HIGH - a_p, 0)} short of the "
                        f"{HIGH} it needs")
    if a_q >= LOW:
        problems.append(f"Q gets {_shown(a_q, LOW)}, {_shown(a_q - LOW, 0)} above the {LOW} it "
                        "must stay under")
    need = math.log(HIGH / (1 - HIGH))  # sigmoid(2.197) = 0.9
    hint = (f"the output is > 0.9 when z > {need:.2f} and < 0.1 when z < -{need:.2f}; now "
            f"z(P) = {z_p:.2f} and z(Q) = {z_q:.2f}.")
    hint += (" The output grows in the direction of w, so w should point from Q towards P, e.g. "
             "w = [-1, 1]; then tune b (and make w larger for a sharper step)." if z_p <= z_q
             else " The order is right: make the weights larger or move the bias.")
    return dict(a_p=a_p, a_q=a_q, problems="; ".join(problems) + ".", hint=hint,
                outputs=f"outputs: P = [1, 3] -> {_shown(a_p, HIGH)}, Q = [3, 1] -> "
                f"{_shown(a_q, LOW)}")


separate_two_points = Exercise(
    name="answer_4",
    reference=lambda f: None,
    read=_read_neuron,
    facts=_two_points_facts,
    accept=lambda f: f.a_p > HIGH and f.a_q < LOW,
    correct="{outputs}. The boundary line separates the two points.",
    mistakes=(
        Mistake("zero_weights", "{outputs}: with w = [0, 0] every input gets the same output "
                "sigmoid(b).", "the weights are what let the neuron tell inputs apart; start "
                "from w = [-1, 1].", when=lambda f: np.allclose(f.got[0], 0.0)),
    ),
    fallback=Mistake("fallback", "{problems}", "{hint}",
                     when=lambda f: f.a_p <= HIGH or f.a_q >= LOW),
)
