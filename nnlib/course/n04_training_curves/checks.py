"""Exercises of notebook 04 (training curves), as data for `nnlib.course.feedback.grade`."""

import numpy as np

from nnlib import data
from nnlib.course.feedback import Exercise, Mistake, read_number
from nnlib.network import Network

# Exercise 2: a learning rate with which Network(XOR_LAYERS, seed=XOR_SEED) on the XOR table
# gets below XOR_TARGET_LOSS within XOR_ITERATIONS iterations while its loss never goes up.
# From seed 0 the loss never rises for any rate up to about 5.31 and rises for every larger
# one (checked from 0.05 to 1e300); below 5.31 the loss after 200 iterations falls steadily as
# the rate grows, and reaches the target from about 4.8. Zigzagging runs (above 5.31) end low or
# high by luck (10: 0.0022, 15: 0.0057, 20: 0.0029), so they do not count.
XOR_LAYERS = (3, 4, 1)
XOR_SEED = 0
XOR_ITERATIONS = 200
XOR_TARGET_LOSS = 0.006
# Exercise 3: the notebook prints sse_value to 4 decimals; a mean computed from the printed
# number, or typed in rounded to 4 decimals, is right too. The wrong divisions are far away.
SUM_TOLERANCE = 1e-4


def _iteration_facts(f):
    validation = f.history.validation_losses
    whole = f.got.is_integer()
    return dict(validation=validation, iteration=int(f.got) if whole else None, whole=whole,
                training_best=int(np.argmin(f.history.losses)) + 1, n=len(f.history))


best_validation_iteration = Exercise(  # the notebook's history is given
    name="answer_1",
    givens=("history",),
    reference=lambda f: int(np.argmin(f.history.validation_losses)) + 1,
    read=read_number("{name} should be one whole number (an iteration), got {described}.",
                     "np.argmin(...) gives the position of the smallest value as one number."),
    facts=_iteration_facts,
    accept=lambda f: f.whole and 1 <= f.iteration <= f.n  # any of tied lowest iterations
    and f.validation[f.iteration - 1] == f.validation.min(),
    correct=lambda f: f"iteration {f.iteration}: validation loss "
    f"{f.validation[f.iteration - 1]:.4f}, the lowest of all {f.n} iterations.",
    mistakes=(
        Mistake("loss_value", "{got:.4f} is the lowest validation loss itself; the exercise asks "
                "WHEN it happens (the iteration).", "np.argmin gives the position of the "
                "smallest value, not the value.",
                when=lambda f: not f.whole and np.isclose(f.got, f.validation.min())),
        Mistake("not_whole", "An iteration is a whole number, got {got:g}.", "np.argmin gives "
                "the position of the smallest value, not the value.", when=lambda f: not f.whole),
        Mistake("training", lambda f: (
            f"{f.iteration} is where the TRAINING loss is lowest"
            + (" (it keeps falling to the end)" if f.training_best == f.n else "")
            + "; the validation loss was lower earlier." if f.iteration == f.training_best else
            f"{f.iteration} is the position numpy gives for the lowest TRAINING loss (np.argmin "
            "of history.losses); the validation loss is what counts here."),
                "take the argmin of history.validation_losses, not of history.losses.",
                when=lambda f: f.iteration in (f.training_best, f.training_best - 1)
                and f.training_best > f.expected),
        Mistake("from_zero", "{iteration} is the position numpy gives (np.argmin counts from 0), "
                "but the plots and this exercise count iterations from 1.", "add 1 to the "
                "index.", when=lambda f: f.iteration == f.expected - 1),
        Mistake("outside", "The history has iterations 1 to {n}, got {iteration}.",
                "np.argmin(history.validation_losses) gives a position inside that range "
                "(plus 1).", when=lambda f: not 1 <= f.iteration <= f.n),
    ),
    fallback=Mistake("fallback", lambda f: f"The validation loss at iteration {f.iteration} is "
                     f"{f.validation[f.iteration - 1]:.4f}, but another iteration has a lower "
                     "one.", "np.argmin(history.validation_losses) is the position of the lowest "
                     "value; add 1.", when=lambda f: f.validation[f.iteration - 1]
                     > f.validation.min()),
)


def xor_losses(learning_rate, iterations=XOR_ITERATIONS):
    """The recorded losses of Network(XOR_LAYERS, seed=XOR_SEED) trained on the XOR table."""
    X, y = data.xor()
    network = Network(list(XOR_LAYERS), seed=XOR_SEED)
    with np.errstate(all="ignore"):  # absurd rates overflow; the check reports, never warns
        return network.train(X, y, iterations, learning_rate=learning_rate).losses


def _rate_facts(f):
    if not (np.isfinite(f.got) and f.got > 0):
        return dict(positive=False)
    losses = xor_losses(f.got)
    went_up = np.flatnonzero(np.diff(losses) > 0) + 2  # iterations whose loss is above the last
    final = float(losses[-1])
    return dict(positive=True, final=final, went_up=went_up,
                seen=f"With learning rate {f.got:g} the loss goes from {losses[0]:.4f} to "
                f"{final:.4f} in {XOR_ITERATIONS} iterations")


def _overshoot(f):
    ending = f"{f.final:.4f}" if np.isfinite(f.final) else "infinity"
    luck = (f" It still ends at {ending}, below {XOR_TARGET_LOSS}, but that is luck: a run whose "
            "loss goes up and down can end low or high (15 ends higher than 10 and 20)."
            if f.final < XOR_TARGET_LOSS else "")
    return (f"With learning rate {f.got:g} the loss went UP on {f.went_up.size} of the "
            f"{XOR_ITERATIONS - 1} steps (first at iteration {f.went_up[0]}): the steps "
            f"overshoot, like 'too large' in section 3.{luck}")


xor_learning_rate = Exercise(
    name="answer_2",
    reference=lambda f: None,
    read=read_number("{name} should be one number (a learning rate), got {described}.",
                     "write e.g. {name} = 1.0"),
    facts=_rate_facts,
    accept=lambda f: f.positive and not f.went_up.size and f.final < XOR_TARGET_LOSS,
    correct="{seen}, downhill on every step. That is about as fast as a steady curve gets here: "
    "a little above 5.3 the loss starts to go up now and then.",
    mistakes=(
        Mistake("not_positive", "A learning rate must be a positive number, got {got:g}.",
                "gradient descent steps DOWNHILL by learning_rate * gradient; try a number "
                "between 4 and 50 (section 3).", when=lambda f: not f.positive),
        Mistake("overshoot", _overshoot, "the exercise asks for a curve that never goes up: try "
                "a smaller learning rate.", when=lambda f: f.went_up.size > 0),
    ),
    fallback=Mistake("too_small", f"{{seen}}, always downhill but not below {XOR_TARGET_LOSS}: "
                     "the steps are too small.", "the loss went down steadily, so the network "
                     "can take bigger steps: try a larger learning rate.",
                     when=lambda f: not f.went_up.size and f.final >= XOR_TARGET_LOSS),
)


def _mean_facts(f):
    n_samples, n_outputs = np.shape(f.y)
    count = f.sse_value / f.got if f.got else np.inf
    return dict(n_samples=n_samples, n_outputs=n_outputs, count=count,
                expected_count=np.size(f.y),
                whole_count=np.isfinite(count) and abs(count - round(count)) < 1e-3 * count)


def _near(value, target):
    return np.isclose(value, target, rtol=SUM_TOLERANCE, atol=5e-5)


sum_to_mean = Exercise(  # the sum sse_value over targets y is given
    name="answer_3",
    givens=("sse_value", "y"),
    reference=lambda f: f.sse_value / np.size(f.y),
    read=read_number("{name} should be one number (the mean squared error), got {described}.",
                     "divide sse_value (a float) by a count."),
    same=_near,
    facts=_mean_facts,
    correct="{got:.4f} = {sse_value:.4f} / ({n_samples} × {n_outputs}): the mean over all "
    "{expected_count} squared errors.",
    mistakes=(
        Mistake("sum", "{got:.4f} is still the sum.", "the mean is the sum divided by how many "
                "squared errors were added up.", wrong=lambda f: f.sse_value),
        Mistake("rows_only", "{got:.4f} is the sum divided by the {n_samples} penguins only, but "
                "every penguin has {n_outputs} outputs, so {expected_count} squared errors were "
                "added up.", "divide by y_train.size (= rows × outputs).",
                wrong=lambda f: f.sse_value / f.n_samples),
        Mistake("outputs_only", "{got:.4f} is the sum divided by the {n_outputs} outputs only; "
                "it still grows with the number of penguins.", "divide by rows × outputs, e.g. "
                "y_train.size.", wrong=lambda f: f.sse_value / f.n_outputs),
        Mistake("other_count", "{got:.4g} is {sse_value:.4f} divided by {count:.0f}, but "
                "{expected_count} squared errors were added up.", "the mean divides the sum by "
                "how many squared errors it added up: one per penguin AND output.",
                when=lambda f: f.whole_count and f.count >= 1),
    ),
    fallback=Mistake("fallback", "Expected {sse_value:.4f} divided by the number of squared "
                     "errors, got {got:.4g}: that is not the sum divided by any whole "
                     "number.", "the mean divides the sum by how many squared errors it added "
                     "up: one per penguin AND output.",
                     when=lambda f: not (f.whole_count and f.count >= 1)),
)
