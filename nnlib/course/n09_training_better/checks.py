"""Exercises of notebook 09 (training better), as data for `nnlib.course.feedback.grade`: three
code exercises, Adam's update, a gradient step with weight decay, and inverted dropout."""

from typing import NamedTuple

import numpy as np

from nnlib.course import feedback
from nnlib.course.feedback import Exercise, Mistake, as_numbers, close, describe, not_yet
from nnlib.optimisers import Adam, GradientDescent
from nnlib.regularisation import TrainingStep, dropout_mask

# --- Exercise 1 (code): one step of Adam on one array of weights ------------------------------

ADAM_SEED = 9
ADAM_SHAPES = ((3,), (4, 2), (5, 3))


def adam_answer(w, g, m, s, t, learning_rate, beta1, beta2, epsilon):
    """nnlib's Adam (nnlib.optimisers.Adam) for one array: (new w, new m, new s) after step t,
    from the running means m and s of the steps before it."""
    adam = Adam(beta1=beta1, beta2=beta2, epsilon=epsilon)
    adam.t, adam.means, adam.squares = t - 1, m.ravel().copy(), s.ravel().copy()
    w = w.copy()
    adam.step([w], [g], learning_rate)
    return w, adam.means.reshape(w.shape), adam.squares.reshape(w.shape)


def _adam(w, g, m, s, t, learning_rate, beta1, beta2, epsilon, correct_m=True, correct_s=True,
          swap=False, one_minus=True, square=True, root=True, sign=1, t_shift=0, update=True):
    """Adam with one of the typical mistakes switched on (the defaults are right)."""
    if swap:
        beta1, beta2 = beta2, beta1
    m_new = beta1 * m + ((1 - beta1) if one_minus else 1) * g
    s_new = beta2 * s + ((1 - beta2) if one_minus else 1) * (g**2 if square else g)
    step = t + t_shift
    m_hat = m_new / (1 - beta1**step) if correct_m else m_new
    s_hat = s_new / (1 - beta2**step) if correct_s else s_new
    scale = np.sqrt(s_hat) if root else s_hat
    w_new = w - sign * learning_rate * m_hat / (scale + epsilon)
    return (w_new, m_new, s_new) if update else (w_new, m, s)


def _adam_cases():
    """Fixed small steps, then random arrays with the memory of a few steps before; two
    settings of the betas, so a function that ignores its beta1 / beta2 shows."""
    rng = np.random.default_rng(ADAM_SEED)
    cases = [(np.array([0.5, -1.0, 2.0]), np.array([0.1, -0.2, 0.3]), np.zeros(3), np.zeros(3),
              1, 0.1, 0.9, 0.999, 1e-8)]
    for t, shape, (beta1, beta2) in zip((2, 5, 30), ADAM_SHAPES, ((0.9, 0.999), (0.8, 0.99),
                                                                  (0.5, 0.9)), strict=True):
        w, g = rng.normal(size=shape), rng.normal(size=shape)
        m = rng.normal(scale=0.5, size=shape)
        s = rng.uniform(0.2, 1.0, size=shape)  # a mean of squares is positive
        cases.append((w, g, m, s, t, 0.01, beta1, beta2, 1e-8))
    return cases


def _adam_mistake(key, switch, problem, hint):
    return Mistake(key, problem, hint, wrong=lambda *case: _adam(*case, **switch))


def _right_only_with_default_betas(f):
    same = close()
    default = [same(r.got, r.want) for r in f.runs if r.case[6:8] == (0.9, 0.999)]
    return all(default) and not all(same(r.got, r.want) for r in f.runs)


def _same_arrays(got, want):
    """Tuples of arrays equal in shape and close in value; NaN where both have NaN counts as
    equal (a root of a negative number gives NaN in the learner's and the mistake's code)."""
    return len(got) == len(want) and all(
        np.shape(g) == np.shape(w) and bool(np.allclose(g, w, rtol=1e-6, atol=1e-12,
                                                        equal_nan=True))
        for g, w in zip(got, want, strict=True))


ADAM_MISTAKES = (  # key, how _adam makes it, problem, hint
    ("no_bias_correction", dict(correct_m=False, correct_s=False),
     "your step uses m and s as they are: the bias correction is missing. Both start at 0, so "
     "in the first steps they are far too small (m by the factor 1 - beta1**t).",
     "divide them by 1 - beta1**t and 1 - beta2**t before the step: m_hat = m / (1 - beta1**t)."),
    ("no_correction_of_m", dict(correct_m=False),
     "s is bias-corrected but m is not: the step is 1 - beta1**t times too short.",
     "use m_hat = m / (1 - beta1**t) in the step, as you did for s."),
    ("no_correction_of_s", dict(correct_s=False),
     "m is bias-corrected but s is not.", "use s_hat = s / (1 - beta2**t) under the square root, "
     "as you did for m."),
    ("betas_swapped", dict(swap=True),
     "beta1 and beta2 are swapped: the running mean of g uses beta2, that of g**2 uses beta1.",
     "m (the mean of the gradients) goes with beta1 = 0.9, s (the mean of their squares) with "
     "beta2 = 0.999."),
    ("no_one_minus_beta", dict(one_minus=False),
     "m and s add the whole new g (and g**2) instead of (1 - beta) times it: they are sums, not "
     "running means.", "m = beta1 * m + (1 - beta1) * g, and the same with beta2 for s."),
    ("g_not_squared", dict(square=False),
     "s is a running mean of g, not of g**2.", "s = beta2 * s + (1 - beta2) * g**2."),
    ("no_square_root", dict(root=False),
     "the step divides by s_hat itself, not by its square root.", "divide by np.sqrt(s_hat) + "
     "epsilon: then the step has the size of learning_rate whatever the size of g."),
    ("sign", dict(sign=-1),
     "your step goes uphill: the weights move along the gradient, not against it.",
     "w = w - learning_rate * m_hat / (np.sqrt(s_hat) + epsilon)."),
    ("t_off_by_one", dict(t_shift=1),
     "the bias correction uses t + 1: t is already the number of this step (1 at the first).",
     "use 1 - beta1**t and 1 - beta2**t with the t given."),
    ("memory_not_returned", dict(update=False),
     "the new w is right, but m and s come back unchanged: the next step would start from "
     "the old running means.", "return the updated m and s with w: return w, m, s."),
)

adam_step = Exercise(
    name="adam_step",
    reference=adam_answer,
    cases=_adam_cases,
    read=feedback.read_arrays("wms", "end with return w, m, s: the new weights and the updated "
                              "running means."),
    same=_same_arrays,
    returns="w, m, s",
    correct=lambda f: f"w, m and s agree with nnlib's Adam on {len(f.runs)} steps (first steps "
    "and later ones, two settings of the betas).",
    mistakes=(*(_adam_mistake(*row) for row in ADAM_MISTAKES), Mistake(
        "fixed_betas",
        "your step is right when beta1 = 0.9 and beta2 = 0.999 but not with other betas: a "
        "number is typed where beta1 or beta2 (or 1 - beta1, 1 - beta2) should be.",
        "use the arguments beta1 and beta2 everywhere, so that Adam(beta1=0.8) means what it "
        "says.", when=_right_only_with_default_betas)),
    fallback=Mistake(
        "fallback",
        lambda f: f"At step t = {f.run.case[4]} (beta1 = {f.run.case[6]:g}, beta2 = "
        f"{f.run.case[7]:g}), {', '.join(f.wrong)} {'differs' if len(f.wrong) == 1 else 'differ'}"
        " from nnlib's Adam.",
        "compute m, then s, then m_hat and s_hat, then the step, one line each, as in section 1; "
        "print each on the first case and compare.",
        when=lambda f: bool(f.wrong)),
    facts=lambda f: feedback.wrong_parts(f, "wms") if f.runs else {},
)


def adam_step_to_use(function):
    """The learner's adam_step once it passes its check, else nnlib's (adam_answer); says which."""
    return feedback.use_yours(adam_step, function, adam_answer, "adam_step")


# --- Exercise 2 (code): a gradient step with L2 weight decay -------------------------------------

DECAY_SEED = 4
DECAY_SIZES = ((3, 4, 2), (2, 5, 3, 1))


def decay_answer(weights, biases, dweights, dbiases, learning_rate, weight_decay):
    """nnlib's plain step with weight decay (regularisation.TrainingStep): the new (weights,
    biases), lists of arrays."""
    weights, biases = [w.copy() for w in weights], [b.copy() for b in biases]
    step = TrainingStep(GradientDescent(), weight_decay, 0.0)
    step.apply(weights, biases, [d.copy() for d in dweights], [d.copy() for d in dbiases],
               learning_rate)
    return weights, biases


def _decay(weights, biases, dweights, dbiases, learning_rate, weight_decay, factor=1.0,
           on_biases=False, sign=1, rate_on_decay=True, keep_gradient=True):
    """The step with one of the typical mistakes switched on (the defaults are right)."""
    def term(p):
        return factor * weight_decay * p * (learning_rate if rate_on_decay else 1.0)

    new_weights = [w - sign * ((learning_rate * d if keep_gradient else 0) + term(w))
                   for w, d in zip(weights, dweights, strict=True)]
    new_biases = [b - learning_rate * d - (term(b) if on_biases else 0)
                  for b, d in zip(biases, dbiases, strict=True)]
    return new_weights, new_biases


def _decay_cases():
    rng = np.random.default_rng(DECAY_SEED)
    cases = [([np.array([[1.0, -2.0], [0.5, 0.0]])], [np.array([0.5, -1.0])],
              [np.array([[0.1, 0.2], [-0.3, 0.4]])], [np.array([0.2, -0.1])], 0.5, 0.1)]
    for sizes, (rate, decay) in zip(DECAY_SIZES, ((0.1, 0.01), (0.3, 0.05)), strict=True):
        pairs = list(zip(sizes, sizes[1:], strict=False))
        weights = [rng.normal(size=pair) for pair in pairs]
        biases = [rng.normal(size=pair[1]) for pair in pairs]  # not 0: decaying them shows
        dweights = [rng.normal(size=pair) for pair in pairs]
        dbiases = [rng.normal(size=pair[1]) for pair in pairs]
        cases.append((weights, biases, dweights, dbiases, rate, decay))
    return cases


def _read_lists(out, f):
    if not (isinstance(out, list | tuple) and len(out) == 2
            and all(isinstance(part, list | tuple) for part in out)):
        return not_yet(f"{f.label} should return two lists (weights, biases), got "
                       f"{describe(out)}.", "end with return new_weights, new_biases, each a "
                       "list with one array per layer.", "returns")
    parts = []
    for name, arrays in zip(("weights", "biases"), out, strict=True):
        read = [as_numbers(array, f"new {name}[{k}]", finite=False) for k, array in
                enumerate(arrays)]
        problem = next((problem for _, problem in read if problem is not None), None)
        if problem is not None:
            return problem
        parts.append(tuple(array for array, _ in read))
    return tuple(parts)


DECAY_MISTAKES = (  # key, how _decay makes it, problem, hint
    ("decays_biases", dict(on_biases=True),
     "the biases are decayed too. The L2 term sums the weights only: a bias shifts a unit's "
     "output, it does not make it react more strongly to its inputs.",
     "leave the biases' step as it was: b - learning_rate * db."),
    ("factor_two", dict(factor=2.0),
     "the decay term is twice too large: 2 * weight_decay * w is the gradient of "
     "weight_decay * w**2, but the penalty is weight_decay / 2 * w**2.",
     "the derivative of weight_decay / 2 * w**2 is weight_decay * w."),
    ("half", dict(factor=0.5),
     "the decay term is half its size: weight_decay / 2 * w is the penalty's factor, not its "
     "derivative.", "the derivative of weight_decay / 2 * w**2 is weight_decay * w."),
    ("sign", dict(sign=-1),
     "the weights move the wrong way: your step adds the gradient and the decay term.",
     "w - learning_rate * (dw + weight_decay * w)."),
    ("no_rate_on_decay", dict(rate_on_decay=False),
     "the decay term is not multiplied by the learning rate: w - learning_rate * dw - "
     "weight_decay * w.", "the decay term is part of the gradient, so the learning rate scales "
     "it too: w - learning_rate * (dw + weight_decay * w)."),
    ("gradient_dropped", dict(keep_gradient=False),
     "the weights only shrink: the loss's own gradient dw is missing from their step.",
     "add the decay term to the gradient, do not replace it: dw + weight_decay * w."),
    ("no_decay", dict(factor=0.0),
     "this is the plain step: the weights are not decayed at all.",
     "add weight_decay * w to each weight gradient before the step."),
)

decayed_step = Exercise(
    name="decayed_step",
    reference=decay_answer,
    cases=_decay_cases,
    read=_read_lists,
    returns="new_weights, new_biases",
    correct=lambda f: f"the same weights and biases as nnlib's step with weight decay, on "
    f"{len(f.runs)} networks: every weight shrinks by the factor 1 - learning_rate * "
    "weight_decay before the gradient step, and the biases are left alone.",
    mistakes=tuple(Mistake(key, problem, hint,
                           wrong=lambda *case, switch=switch: _decay(*case, **switch))
                   for key, switch, problem, hint in DECAY_MISTAKES),
    fallback=Mistake(
        "fallback",
        lambda f: f"For learning rate {f.run.case[4]:g} and weight decay {f.run.case[5]:g}, "
        f"your new {' and '.join(f.wrong)} differ from nnlib's.",
        "for each layer: w - learning_rate * (dw + weight_decay * w), and b - learning_rate * "
        "db; return the two lists.",
        when=lambda f: bool(f.wrong)),
    facts=lambda f: feedback.wrong_parts(f, ("weights", "biases")) if f.runs else {},
)


# --- Exercise 3 (code): inverted dropout ------------------------------------------------------

DROPOUT_SEED = 2
DROPOUT_SHAPE = (400, 50)  # 20,000 draws: the share dropped is within 0.01 of the rate
DROPOUT_RATES = (0.2, 0.5, 0.7)
SHARE_TOLERANCE = 0.02  # about six standard deviations of the share dropped, at rate 0.5


def dropout_answer(a, rate, rng):
    """nnlib's inverted dropout: a * regularisation.dropout_mask(rng, a.shape, rate)."""
    return a * dropout_mask(rng, a.shape, rate)


def _dropout(a, rate, rng, keep=None, scale=None):
    """Dropout with one of the typical mistakes switched on (the defaults are right)."""
    keep = 1 - rate if keep is None else keep(rate)
    scale = 1 / (1 - rate) if scale is None else scale(rate)
    return a * (rng.random(a.shape) < keep) * scale


def _dropout_cases():
    rng = np.random.default_rng(DROPOUT_SEED)
    return [(rng.uniform(0.1, 2.0, size=DROPOUT_SHAPE), rate, np.random.default_rng(seed))
            for seed, rate in enumerate(DROPOUT_RATES)]


class Outcome(NamedTuple):
    """What a dropout function did to a positive `a`, as the check compares it: the distinct
    ratios output / a where it kept a unit (rounded), the share of entries set to 0, and the
    pattern of the zeros: "entries" (each on its own), "units" (the same units dropped in
    every row) or "samples" (whole rows)."""

    ratios: tuple
    share: float
    pattern: str
    values: tuple  # the first few distinct values returned (not compared: facts only)


def _outcome(out, a):
    ratios = np.round(out / a, 6)
    dropped = ratios == 0
    pattern = "entries"
    if np.all(dropped == dropped[:1]):
        pattern = "units"
    elif np.all(dropped == dropped[:, :1]):
        pattern = "samples"
    return Outcome(tuple(np.unique(ratios[~dropped])[:4]), float(np.mean(dropped)), pattern,
                   tuple(np.unique(np.round(out, 6))[:4]))


def _dropout_same(got, want):
    return (got.ratios == want.ratios and abs(got.share - want.share) <= SHARE_TOLERANCE
            and got.pattern == want.pattern)


def _dropout_call(function, args):
    """Call the function; what is compared is what it did to `a`, not its random numbers."""
    a = np.array(args[0], dtype=float)  # kept: the function may scale `a` in place
    out = function(*args)
    if out is None or not isinstance(out, np.ndarray | list | tuple):
        return out
    array, problem = as_numbers(out, "the result", finite=False)
    if problem is not None or array.shape != a.shape:
        return out
    return _outcome(array, a)


def _read_outcome(out, f):
    if isinstance(out, Outcome):
        return out
    array, problem = as_numbers(out, f"what {f.label} returns", finite=False)
    if problem is not None:
        return problem
    return not_yet(f"{f.label} returned an array of shape {array.shape}; it should return "
                   "one of the shape of a.", "multiply a by a mask of the same shape: "
                   "return a * mask.", "shape")


DROPOUT_MISTAKES = (  # key, how _dropout makes it, problem, hint
    ("not_scaled", dict(scale=lambda rate: 1.0),
     "the units kept are not scaled up: the next layer would get on average only 1 - rate of "
     "its usual input, and evaluating without dropout would change it all.",
     "divide what is kept by 1 - rate (inverted dropout): a * mask / (1 - rate)."),
    ("scaled_down", dict(scale=lambda rate: 1 - rate),
     "the units kept are multiplied by 1 - rate, which makes the input smaller still; inverted "
     "dropout divides by it.", "a * mask / (1 - rate)."),
    ("scaled_by_rate", dict(scale=lambda rate: 1 / rate),
     "the units kept are divided by rate, not by 1 - rate (the share that is KEPT).",
     "a * mask / (1 - rate): at rate 0.2, 80% of the units stay and are scaled by 1 / 0.8."),
    ("keeps_rate", dict(keep=lambda rate: rate),
     "the share of units dropped is 1 - rate: rate is the probability of DROPPING a unit, "
     "your mask keeps a unit with probability rate.",
     "keep where rng.random(a.shape) >= rate (then a unit is dropped with probability rate)."),
)

inverted_dropout = Exercise(
    name="inverted_dropout",
    reference=dropout_answer,
    cases=_dropout_cases,
    call=_dropout_call,
    read=_read_outcome,
    same=_dropout_same,
    returns="a * mask",
    correct=lambda f: "on arrays of 20,000 activations at rates "
    f"{', '.join(f'{r:g}' for r in DROPOUT_RATES)}, each unit is dropped for each sample with "
    "probability rate and what is kept is scaled by 1 / (1 - rate), so the mean is unchanged.",
    mistakes=(Mistake(
        "one_mask",
        "the same units are dropped for every sample (one row of the mask for all rows): each "
        "sample should get its own random mask.", "draw the mask with the shape of a: "
        "rng.random(a.shape).",
        when=lambda f: any(r.got.pattern == "units" for r in f.runs)), Mistake(
        "whole_samples",
        "each sample is kept or dropped whole (one random number per row): dropout switches "
        "off single units, each with its own random number.", "draw the mask with the shape "
        "of a: rng.random(a.shape), not rng.random((len(a), 1)).",
        when=lambda f: any(r.got.pattern == "samples" for r in f.runs)), Mistake(
        "returns_mask",
        "the function returns the mask itself (only 0 and one other value), not the "
        "activations times the mask.", "return a * mask.",
        when=lambda f: all(len(r.got.values) <= 2 for r in f.runs)),
        *(Mistake(key, problem, hint, wrong=lambda *case, switch=switch: _dropout(*case, **switch))
          for key, switch, problem, hint in DROPOUT_MISTAKES)),
    fallback=Mistake(
        "fallback",
        lambda f: f"At rate {f.run.case[1]:g}, {f.claim}.",
        "keep = rng.random(a.shape) >= rate; return a * keep / (1 - rate).",
        when=lambda f: bool(f.claim)),
    facts=lambda f: _dropout_facts(f) if f.runs else {},
)


def _dropout_facts(f):
    run = next((r for r in f.runs if not _dropout_same(r.got, r.want)), f.runs[0])
    rate = run.case[1]
    ratios, share = run.got.ratios, run.got.share
    claims = []
    if abs(share - rate) > SHARE_TOLERANCE:
        claims.append(f"your function set {share:.1%} of the entries to 0, not about {rate:.0%}")
    right = (round(1 / (1 - rate), 6),)
    if ratios != right:
        shown = ", ".join(f"{r:g}" for r in ratios) or "none"
        claims.append(f"what it keeps is a times {shown}, not a times 1 / (1 - rate) = "
                      f"{right[0]:g}")
    return dict(run=run, claim="; and ".join(claims))
