"""Exercises of notebook 06 (activations and initialisation), as data for
`nnlib.course.feedback.grade`."""

import numpy as np

from nnlib.course.feedback import Exercise, Mistake, close, read_number, read_numbers, use_yours
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


Z = TANH_POINT
_near_tanh = close(rtol=0, atol=TANH_TOLERANCE)
tanh_slope = Exercise(
    name="answer_1",
    reference=lambda f: 1 - np.tanh(Z) ** 2,
    read=read_number("{name} should be one number (a slope), got {described}.",
                     "compute 1 - np.tanh(z_point) ** 2 and assign the result to {name}."),
    same=_near_tanh,
    correct=f"tanh'({Z:g}) = 1 - tanh({Z:g})^2 = {{expected:.4f}}: at z = {Z:g} the slope is "
    "already below its largest value, 1 (at z = 0).",
    mistakes=tuple(
        Mistake(key, problem, "the slope of tanh is 1 - np.tanh(z_point) ** 2.",
                wrong=lambda f, v=value: v) for key, value, problem in [
            ("tanh", np.tanh(Z), f"{{got:.4f}} is tanh({Z:g}) itself, the unit's output, not its "
             "slope."),
            ("not_squared", 1 - np.tanh(Z), f"{{got:.4f}} is 1 - tanh({Z:g}): the tanh must be "
             "squared."),
            ("z_squared", 1 - np.tanh(Z**2), f"{{got:.4f}} is 1 - tanh({Z:g}^2): square the "
             "OUTPUT tanh(z), not z."),
            ("doubled", 1 - np.tanh(Z) * 2, f"{{got:.4f}} is 1 - 2 tanh({Z:g}): ** 2 squares, "
             "* 2 doubles."),
            ("sigmoid_form", np.tanh(Z) * (1 - np.tanh(Z)), "{got:.4f} is tanh(z)(1 - tanh(z)), "
             "the form of the SIGMOID's slope written with tanh."),
            ("sigmoid", 1 / (1 + np.exp(-Z)) * (1 - 1 / (1 + np.exp(-Z))), f"{{got:.4f}} is the "
             f"slope of the SIGMOID at {Z:g}, not of tanh."),
            ("at_zero", 1.0, f"{{got:g}} is tanh's slope at z = 0, its largest; at z = {Z:g} it "
             "is smaller."),
        ]),
    fallback=Mistake("fallback", f"{{got:.4f}} is not the slope of tanh at z = {Z:g}.",
                     "the slope of tanh is 1 - np.tanh(z_point) ** 2: it lies between 0 and 1.",
                     when=lambda f: not _near_tanh(f.got, f.expected)),
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


def _symmetry_result(f):
    """Train the network from the learner's weights and from the all-equal start: the message."""
    task = playground.task("circles")
    network = symmetric_network(f.got)
    try:
        with np.errstate(all="ignore"):
            network.train(task.X, task.y, SYMMETRY_ITERATIONS,
                          learning_rate=SYMMETRY_LEARNING_RATE)
    except ValueError:  # cannot happen within the weight limit; explained if it ever does
        return ("Every column differs, so the symmetry is broken (training these weights "
                "overflowed here, which has nothing to do with symmetry).")
    equal = symmetric_network(EQUAL_HIDDEN_WEIGHTS)
    equal.train(task.X, task.y, SYMMETRY_ITERATIONS, learning_rate=SYMMETRY_LEARNING_RATE)
    equal_accuracy = float(np.mean((equal.feedforward(task.X) > 0.5) == (task.y > 0.5)))
    after = network.weights[0]
    gap = min(np.max(np.abs(after[:, j] - after[:, k])) for j in range(4) for k in range(j + 1, 4))
    accuracy = float(np.mean((network.feedforward(task.X) > 0.5) == (task.y > 0.5)))
    return (f"Every hidden unit starts with its own weights. After {SYMMETRY_ITERATIONS} steps on "
            f"the circles they are still different (the closest two columns differ by {gap:.2f}) "
            f"and the network gets {accuracy:.1%} of the points right; the all-equal start got "
            f"{equal_accuracy:.1%}.")


symmetry_breaking_weights = Exercise(
    name="answer_2",
    reference=lambda f: None,
    facts=lambda f: dict(largest=np.max(np.abs(f.got)) if f.got.size else 0.0,
                         pairs=equal_pairs(f.got) if f.got.shape == (2, 4) else []),
    accept=lambda f: f.got.shape == (2, 4) and f.largest <= WEIGHT_LIMIT and not f.pairs,
    correct=_symmetry_result,
    mistakes=(
        Mistake("shape", "{name} should have shape (2, 4), one column per hidden unit, got "
                "{got.shape}.", "e.g. np.random.default_rng(1).uniform(-1, 1, size=(2, 4)), or "
                "type a 2 x 4 list.", when=lambda f: f.got.shape != (2, 4)),
        Mistake("too_large", f"The largest weight is {{largest:g}}, beyond +-{WEIGHT_LIMIT:g}: "
                "such a unit starts deep in the flat end of its sigmoid.",
                f"keep every weight between -{WEIGHT_LIMIT:g} and {WEIGHT_LIMIT:g}.",
                when=lambda f: f.largest > WEIGHT_LIMIT),
    ),
    fallback=Mistake("equal_columns", lambda f: "Hidden units " + ", ".join(
        f"{j + 1} and {k + 1}" for j, k in f.pairs) + " start with the same weights (differing "
        f"by less than {SYMMETRY_GAP:g}): they get the same gradients and stay the same forever.",
        "give every column its own numbers, e.g. drawn with np.random.default_rng(1).",
        when=lambda f: bool(f.pairs)),
)

SLOPE, LAYERS = SIGMOID_MAX_SLOPE, SIGMOID_LAYERS
_near_product = close(rtol=1e-3, atol=0)
ten_sigmoid_slopes = Exercise(
    name="answer_3",
    reference=lambda f: SLOPE**LAYERS,
    read=read_number("{name} should be one number, got {described}.",
                     "multiply the largest slope by itself once per layer (** in Python)."),
    same=_near_product,
    correct=f"{SLOPE:g} ** {LAYERS} = {{expected:.3e}}: at best the signal is about a million "
    "times smaller after 10 sigmoid layers, which is what section 3 measured.",
    mistakes=tuple(
        Mistake(key, problem, f"compute {SLOPE:g} ** {LAYERS}.", wrong=lambda f, v=value: v)
        for key, value, problem in [
            ("added", SLOPE * LAYERS, f"{{got:g}} is {SLOPE:g} * {LAYERS}: the slopes are "
             "MULTIPLIED together, one factor per layer, not added."),
            ("one_layer", SLOPE, f"{{got:g}} is the factor for one layer; there are {LAYERS}."),
            ("one_short", SLOPE ** (LAYERS - 1), f"{{got:.3e}} is {SLOPE:g} ** {LAYERS - 1}: one "
             "layer short."),
            ("one_too_many", SLOPE ** (LAYERS + 1), f"{{got:.3e}} is {SLOPE:g} ** {LAYERS + 1}: "
             "one layer too many."),
            ("output", 0.5**LAYERS, f"{{got:.3e}} is 0.5 ** {LAYERS}: 0.5 is the sigmoid's "
             f"OUTPUT at 0; its slope there is {SLOPE:g}."),
            ("tanh", 1.0, f"{{got:g}} would be right for tanh or ReLU, whose largest slope is 1; "
             f"the sigmoid's is {SLOPE:g}."),
            ("swapped", LAYERS**-SLOPE, f"{{got:.4f}} is {LAYERS} ** -{SLOPE:g}: base and "
             "exponent are swapped."),
        ]),
    fallback=Mistake("fallback", f"{{got:.4g}} is not the largest product of {LAYERS} slopes "
                     f"of at most {SLOPE:g} each.", f"multiply {SLOPE:g} by itself "
                     f"{LAYERS} times: {SLOPE:g} ** {LAYERS}.",
                     when=lambda f: not _near_product(f.got, f.expected)),
)


# Exercise 4 (code): Glorot and He initialisation. Judged by what the weights are made of (shape,
# mean 0, variance 2 / (n_in + n_out) or 2 / n_in), so uniform and normal draws both pass, and
# by being reproducible from the given generator.
INIT_CASES = ((400, 300, "tanh"), (300, 500, "relu"), (500, 200, "sigmoid"), (200, 600, "relu"))
INIT_SEED = 6
INIT_TOLERANCE = 0.05  # relative, on the variance of 120,000 draws (its own error is < 0.5%)


def init_answer(n_in, n_out, activation, rng):
    """nnlib's choice: uniform in +-sqrt(6 / (n_in + n_out)) (Glorot) for sigmoid and tanh,
    +-sqrt(6 / n_in) (He) for ReLU: variance 2 / (n_in + n_out) or 2 / n_in."""
    limit = np.sqrt(6.0 / (n_in if activation == "relu" else n_in + n_out))
    return rng.uniform(-limit, limit, size=(n_in, n_out))


def _init_cases():
    # each case twice with the same seed: the same generator state must give the same weights
    return [(n_in, n_out, activation, np.random.default_rng(INIT_SEED + i))
            for i, (n_in, n_out, activation) in enumerate(INIT_CASES) for _ in range(2)]


def _statistics(out, f):
    """(shape, mean, variance) of the weights, what the check compares."""
    weights = read_numbers()(out, f)
    if not isinstance(weights, np.ndarray):
        return weights
    return weights.shape, float(weights.mean()), float(weights.var())


def _same_statistics(got, want):
    (shape, mean, variance), (right_shape, _, right_variance) = got, want
    return shape == right_shape and abs(mean) < 0.02 * np.sqrt(right_variance) and bool(
        np.isclose(variance, right_variance, rtol=INIT_TOLERANCE, atol=0))


def _init(he="in", glorot="sum", numerator=6.0, root=True, normal=False):
    """Glorot and He with one of the typical mistakes switched on (the defaults are right): the
    fan "in", "out" or "sum" (n_in + n_out), and the limit sqrt(numerator / fan) of a uniform
    draw, or that as the standard deviation of a normal draw."""
    def init(n_in, n_out, activation, rng):
        fans = {"in": n_in, "out": n_out, "sum": n_in + n_out}
        fan = fans[he if activation == "relu" else glorot]
        scale = np.sqrt(numerator / fan) if root else numerator / fan
        if normal:
            return rng.normal(0, scale, size=(n_in, n_out))
        return rng.uniform(-scale, scale, size=(n_in, n_out))
    return init


init_weights = Exercise(
    name="init_weights",
    reference=init_answer,
    cases=_init_cases,
    read=_statistics,
    same=_same_statistics,
    returns="the weights",
    accept=lambda f: all(_same_statistics(r.got, r.want) for r in f.runs) and all(
        np.array_equal(a.out, b.out) for a, b in zip(f.runs[::2], f.runs[1::2], strict=True)),
    correct="your weights have mean 0 and the variance Glorot (2 / (n_in + n_out)) and He "
    "(2 / n_in) ask for, on four layer sizes, and the same generator state gives the same "
    "weights.",
    mistakes=(
        Mistake("shape", lambda f: f"For n_in = {f.runs[0].case[0]}, n_out = "
                f"{f.runs[0].case[1]} your weights have shape {f.runs[0].got[0]}; a layer's "
                f"weights are (n_in, n_out) = {f.runs[0].want[0]}.", "size=(n_in, n_out): one "
                "row per input.", when=lambda f: any(r.got[0] != r.want[0] for r in f.runs)),
        Mistake("same_value", "Every weight is the same number: all units of the layer start "
                "alike and stay alike (section 2's symmetry).", "draw the weights at random "
                "from rng.", when=lambda f: all(r.got[2] < 1e-9 * r.want[2] for r in f.runs)),
        Mistake("not_from_rng", "The same generator state gave different weights: your "
                "function does not draw from the rng it is given (np.random.* uses a hidden "
                "global generator).", "draw with rng.uniform(...) or rng.normal(...).",
                when=lambda f: any(not np.array_equal(a.out, b.out) for a, b in zip(
                    f.runs[::2], f.runs[1::2], strict=True))),
        *(Mistake(key, "Your weights' variance is not the one Glorot and He ask for: " + problem,
                  hint, wrong=wrong) for key, wrong, problem, hint in [
            ("swapped", _init(he="sum", glorot="in"), "He's limit went to tanh and sigmoid, "
             "Glorot's to ReLU.", "ReLU zeroes half its inputs, so it gets He, sqrt(6 / n_in); "
             "sigmoid and tanh get Glorot."),
            ("no_sqrt", _init(root=False), "the square root is missing from the limit.",
             "limit = np.sqrt(6 / ...)."),
            ("n_out_for_he", _init(he="out"), "He's limit uses n_out; it counts the inputs, "
             "n_in.", "He: sqrt(6 / n_in)."),
            ("std_as_limit", _init(numerator=2.0),
             "a uniform draw between -std and +std has a third of the variance wanted.",
             "for a uniform draw the limit is sqrt(3) * std = sqrt(6 / ...); or draw "
             "rng.normal(0, std) with std = sqrt(2 / ...)."),
            ("limit_as_std", _init(normal=True), "a normal draw with the LIMIT as its "
             "standard deviation has three times the variance wanted.", "rng.normal(0, std) "
             "with std = sqrt(2 / ...), or rng.uniform(-limit, limit)."),
        ]),
        Mistake("not_centred", "Your weights do not have mean 0: one sign dominates, so every "
                "unit starts pushed the same way.", "draw from -limit to +limit, not from 0.",
                when=lambda f: any(abs(r.got[1]) >= 0.02 * np.sqrt(r.want[2]) for r in f.runs)),
    ),
    fallback=Mistake("fallback", lambda f: "For " + ", ".join(
        f"{r.case[2]} {r.case[0]}x{r.case[1]} the variance is {r.got[2]:.3g} (wanted "
        f"{r.want[2]:.3g})" for r in f.runs[::2]) + ".", "Glorot: variance 2 / (n_in + n_out), "
        "uniform limit sqrt(6 / (n_in + n_out)); He: 2 / n_in, limit sqrt(6 / n_in).",
        when=lambda f: not all(_same_statistics(r.got, r.want) for r in f.runs)),
)


def init_to_use(function):
    """The learner's init_weights once it passes its check, else nnlib's; says which."""
    return use_yours(init_weights, function, init_answer, "init_weights")
