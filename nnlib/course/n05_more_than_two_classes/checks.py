"""Exercises of notebook 05 (more than two classes), as data for `nnlib.course.feedback.grade`."""

import numpy as np

from nnlib.course import feedback
from nnlib.course.feedback import Exercise, Mistake, as_numbers, close, not_yet, read_numbers
from nnlib.course.n05_more_than_two_classes.species import SPECIES

# Exercise 1: softmax of these scores. They are large on purpose: exp(1000) overflows, so the
# naive formula gives nan; subtracting the largest score first gives the right probabilities.
SCORES = (1000.0, 1003.0, 998.0)
# Exercise 2: cross-entropy of these predictions (rows: penguins, columns: species) against the
# one-hot targets of the labels; the notebook prints both.
CE_LABELS = (0, 2, 1, 2)
CE_PREDICTIONS = (
    (0.7, 0.2, 0.1),
    (0.1, 0.1, 0.8),
    (0.5, 0.3, 0.2),
    (0.05, 0.15, 0.8),
)
# Exercise 3: one-hot encode these labels for three species.
ONE_HOT_LABELS = (2, 0, 1, 1, 0, 2)
N_CLASSES = 3
# a number printed to 4 decimals, or computed from printed numbers, is right too
TOLERANCE = 5e-4
NEAR = close(rtol=0, atol=TOLERANCE)


def stable_softmax(scores):
    """Softmax over the last axis, minus the largest score first: never overflows."""
    scores = np.asarray(scores, dtype=float)
    exp = np.exp(scores - scores.max(axis=-1, keepdims=True))
    return exp / exp.sum(axis=-1, keepdims=True)


def cross_entropy_value(labels=CE_LABELS, predictions=CE_PREDICTIONS):
    """The mean over rows of -log(the probability given to the true class)."""
    predictions = np.asarray(predictions, dtype=float)
    return float(-np.mean(np.log(predictions[np.arange(len(labels)), list(labels)])))


def _read_probabilities(answer, f):
    """A flat float array of one number per score (a row, a column or a plain list)."""
    array, problem = as_numbers(answer, f.name, finite=False)
    f.scores = np.asarray(f.scores, dtype=float)
    if problem is not None:
        return problem
    if array.size != np.size(f.scores) or sum(length > 1 for length in array.shape) > 1:
        return not_yet(f"{f.name} should hold {f.scores.size} numbers (one per class), got "
                       f"{feedback.describe(answer)}.", "softmax gives one probability per "
                       "score: as many numbers as SCORES.")
    return array.ravel()


softmax_of_scores = Exercise(
    name="answer_1",
    givens=("scores",),
    defaults=dict(scores=np.array(SCORES)),
    reference=lambda f: stable_softmax(f.scores),
    read=_read_probabilities,
    same=NEAR,
    facts=lambda f: dict(shown=np.round(f.got, 4).tolist(), total=f.got.sum()),
    correct=lambda f: f"{np.round(f.expected, 4).tolist()}: they add up to 1 and the largest "
    "score gets the largest probability.",
    mistakes=(
        Mistake("overflow", "{name} contains nan or inf: {shown}. exp of scores near 1000 is "
                "larger than the largest float (about 1.8e308), so it becomes inf, and inf / inf "
                "is nan.", "subtract the largest score from every score before np.exp (section "
                "2): the probabilities stay the same and the largest exp is exp(0) = 1.",
                when=lambda f: not np.all(np.isfinite(f.got))),
        Mistake("not_divided", "{shown} are exp(scores - max) but they add up to {total:.4f}, "
                "not 1.", "divide by their sum to turn them into probabilities.",
                wrong=lambda f: np.exp(f.scores - f.scores.max())),
        Mistake("negated", "These are the probabilities of the NEGATED scores: the smallest "
                "score got the largest probability.", "use exp(scores - max), not exp(max - "
                "scores) or exp(-scores).", wrong=lambda f: stable_softmax(-f.scores)),
        Mistake("sum", "Probabilities add up to 1, but {name} adds up to {total:.4f}.",
                "softmax divides each exp by the sum of all of them.",
                when=lambda f: not np.isclose(f.total, 1.0, atol=TOLERANCE)),
    ),
    fallback=Mistake("fallback", lambda f: f"{f.name} adds up to 1 but is not the softmax of "
                     f"{list(f.scores)}: got {f.shown}.", "compute exp(scores - scores.max()) "
                     "and divide by its sum.", when=lambda f: np.isclose(f.total, 1.0,
                                                                        atol=TOLERANCE)),
)


def _ce_facts(f):
    labels, predictions = list(f.labels), np.asarray(f.predictions, dtype=float)
    true = predictions[np.arange(len(labels)), labels]
    return dict(true=true, described=feedback.describe(f.answer), per_sample=-np.log(true),
                n=len(labels),
                value=feedback.as_number(f.got), array=as_numbers(f.got)[0], p=predictions,
                one_hot=np.eye(predictions.shape[1])[labels])


cross_entropy_of_predictions = Exercise(
    name="answer_2",
    givens=("labels", "predictions"),
    defaults=dict(labels=CE_LABELS, predictions=CE_PREDICTIONS),
    reference=lambda f: cross_entropy_value(f.labels, f.predictions),
    read=lambda answer, f: answer,  # judged by the table: one number, or the losses one by one
    same=lambda got, want: (feedback.as_number(got) is not None
                            and abs(feedback.as_number(got) - want) <= TOLERANCE),
    facts=_ce_facts,
    correct=lambda f: f"{f.expected:.4f}: the mean of -log("
    f"{', '.join(f'{p:g}' for p in f.true)}), the probabilities given to the true species.",
    mistakes=(
        Mistake("per_sample", lambda f: f"{f.name} holds the {f.n} penguins' losses one by one "
                f"({np.round(f.per_sample, 4).tolist()}); the loss is their mean, one number.",
                "take np.mean(...) of them.", when=lambda f: f.value is None
                and f.array is not None and NEAR(f.array.ravel(), f.per_sample)),
        Mistake("not_a_number", "{name} should be one number (the mean cross-entropy), got "
                "{described}.", "the loss of each penguin is -log(its predicted probability of "
                "its true species); average them.", when=lambda f: f.value is None),
        *(Mistake(key, "{value:.4f} is " + problem + ".", hint,
                  when=lambda f, wrong=wrong: abs(f.value - wrong(f)) <= TOLERANCE)
          for key, wrong, problem, hint in [
              ("negative", lambda f: -f.expected, "a negative number, but -log(p) is positive for "
               "every p below 1", "cross-entropy has a minus in front: -sum(y * log(y_hat))."),
              ("sum", lambda f: f.expected * f.n, "the SUM over the {n} penguins", "divide by "
               "the number of penguins ({n}): nnlib's losses are means."),
              ("log10", lambda f: f.expected / np.log(10), "computed with log10", "use the "
               "natural logarithm, np.log."),
              ("log2", lambda f: f.expected / np.log(2), "computed with log2", "use the natural "
               "logarithm, np.log."),
              ("most_probable", lambda f: -np.mean(np.log(f.p.max(axis=1))), "the loss of the "
               "most probable species of each row, not of the TRUE species", "pick each row's "
               "probability in the column of its label (that is what y * log(y_hat) does with a "
               "one-hot y)."),
              ("whole_table", lambda f: f.expected / f.p.shape[1], "the mean over all numbers of "
               "the table (penguins × species)", "sum over the species, then average over the "
               "penguins only."),
              ("two_class", lambda f: -np.mean(np.sum(f.one_hot * np.log(f.p) + (1 - f.one_hot)
                                                      * np.log(1 - f.p), axis=1)),
               "the two-class formula, with a (1 - y) log(1 - y_hat) term for every species",
               "for one-hot targets and softmax outputs, only the true species' -log(y_hat) "
               "counts."),
          ]),
        Mistake("not_positive", "{value:.4g} is not positive, but cross-entropy is: -log(p) > 0 "
                "for every probability p below 1.", "for each penguin take -np.log of the "
                "probability in its label's column, then average over the penguins.",
                when=lambda f: f.value <= 0),
    ),
    fallback=Mistake("fallback", "{value:.4g} is not the mean cross-entropy of these "
                     "predictions.", "for each penguin take "
                     "-np.log of the probability in its label's column, then average over the "
                     "penguins.", when=lambda f: abs(f.value - f.expected) > TOLERANCE),
)


def _read_one_hot(answer, f):
    if isinstance(answer, np.ndarray) and answer.dtype == bool:
        answer = answer.astype(float)  # True / False in the right places is right too
    elif isinstance(answer, list | tuple):
        try:
            answer = np.asarray(answer)
        except ValueError:  # ragged: as_numbers explains
            return as_numbers(answer, f.name)[1]
        answer = answer.astype(float) if answer.dtype == bool else answer
    array, problem = as_numbers(answer, f.name)
    return array if problem is None else problem


def _one_hot_facts(f):
    shape = (len(f.labels), f.n_classes)
    rows_ok = f.got.shape == shape and np.all(f.got.sum(axis=1) == 1) and np.all(
        (f.got == 0) | (f.got == 1))
    columns = f.got.argmax(axis=1) if rows_ok else None
    first = int(np.argmax(columns != f.labels)) if rows_ok else None
    return dict(shape=shape, rows_ok=rows_ok, columns=columns, first=first)


one_hot_labels = Exercise(
    name="answer_3",
    givens=("labels", "n_classes"),
    defaults=dict(labels=np.array(ONE_HOT_LABELS), n_classes=N_CLASSES),
    reference=lambda f: np.eye(f.n_classes)[np.asarray(f.labels)],
    read=_read_one_hot,
    same=lambda got, want: got.shape == want.shape and np.array_equal(got, want),
    facts=_one_hot_facts,
    correct="shape {shape}: one row per label, a single 1 in the column of its class.",
    mistakes=(
        Mistake("transposed", "The numbers are right but the shape is {got.shape}: one column "
                "per penguin.", "samples are rows: transpose it (.T) to get shape {shape}.",
                when=lambda f: f.got.shape == f.shape[::-1] and np.array_equal(f.got,
                                                                               f.expected.T)),
        Mistake("labels", "{name} holds the labels themselves, shape {got.shape}.",
                "make a row of {n_classes} zeros per label and put a 1 in the label's column, "
                "e.g. with np.eye({n_classes})[labels].", when=lambda f: f.got.size == len(
                    f.labels) and np.array_equal(f.got.ravel(), f.labels)),
        Mistake("shape", "Expected shape {shape} (one row per label, one column per class), got "
                "{got.shape}.", lambda f: f"there are {len(f.labels)} labels and {f.n_classes} "
                "classes.", when=lambda f: f.got.shape != f.shape),
        Mistake("not_one_hot", "Every row of a one-hot array is zeros with exactly one 1.",
                "start from np.zeros and set one entry per row to 1.",
                when=lambda f: not f.rows_ok),
    ),
    fallback=Mistake("fallback", lambda f: f"Row {f.first} (label {f.labels[f.first]}) has its "
                     f"1 in column {f.columns[f.first]}.", "label k goes to column k, counting "
                     "columns from 0.", when=lambda f: f.columns[f.first] != f.labels[f.first]),
)


def _species_index(item):
    """A species given as a name (any case) or as its class number, as 0-2; else None."""
    if isinstance(item, str):
        names = [name.lower() for name in SPECIES]
        return names.index(item.strip().lower()) if item.strip().lower() in names else None
    number = feedback.as_number(item)
    if number is not None and number.is_integer() and 0 <= number < len(SPECIES):
        return int(number)
    return None


def _read_pair(answer, f):
    hint = f'write e.g. {f.name} = ("Gentoo", "Adelie"): the true species first.'
    if isinstance(answer, np.ndarray) and answer.ndim == 1:
        answer = answer.tolist()
    if not isinstance(answer, list | tuple) or len(answer) != 2:
        return not_yet(f"{f.name} should be a pair (true species, predicted species), got "
                       f"{feedback.describe(answer)}.", hint)
    pair = tuple(_species_index(item) for item in answer)
    if None in pair:
        return not_yet(f"{f.name} should name two of {', '.join(SPECIES)}, got {answer!r}.", hint)
    return pair


def _pair_facts(f):
    true, predicted = f.got
    off = np.asarray(f.matrix).astype(float).copy()
    np.fill_diagonal(off, -1)
    return dict(true=SPECIES[true], predicted=SPECIES[predicted], largest=int(off.max()),
                count=int(f.matrix[true][predicted]), mirror=int(f.matrix[predicted][true]))


most_confused = Exercise(  # the confusion matrix is given
    name="answer_4",
    givens=("matrix",),
    reference=lambda f: None,
    read=_read_pair,
    facts=_pair_facts,
    accept=lambda f: f.got[0] != f.got[1] and f.count == f.largest,
    correct="{count} {true} penguins were predicted to be {predicted}: the largest count off the "
    "diagonal.",
    mistakes=(
        Mistake("diagonal", "({true}, {true}) is on the diagonal: those {count} penguins were "
                "predicted RIGHT.", "look at the numbers off the diagonal: true species in the "
                "row, prediction in the column.", when=lambda f: f.got[0] == f.got[1]),
        Mistake("mirror", "The other way round: {mirror} {predicted} penguins were taken for "
                "{true}, but only {count} {true} for {predicted}.", "rows are the TRUE species, "
                "columns the predicted ones: give the row's species first.",
                when=lambda f: f.mirror == f.largest),
    ),
    fallback=Mistake("fallback", "Only {count} {true} penguins were predicted to be {predicted}; "
                     "another cell off the diagonal has {largest}.", "find the largest number "
                     "that is not on the diagonal; its row is the true species, its column the "
                     "prediction.", when=lambda f: f.count < f.largest),
)


# Exercise 5 (code): the gradient of the mean cross-entropy of softmax(Z) with respect to the
# scores Z. The cases: small scores, scores near 1000 (exp overflows), and rows far apart (one
# near 1000, one near -1000: subtracting the largest score of the whole array underflows).
GRADIENT_SEED = 5


def gradient_answer(Z, Y):
    """nnlib's dL/dZ = (softmax(Z) - Y) / n_samples, for L = cross_entropy(Y, softmax(Z))."""
    return (stable_softmax(Z) - Y) / len(Z)


def _gradient_cases():
    rng = np.random.default_rng(GRADIENT_SEED)
    cases = []
    for n_samples, n_classes, offsets in [(4, 3, 0.0), (5, 4, 1000.0), (3, 3, [[1000], [-1000],
                                                                              [0]])]:
        Z = rng.normal(scale=2.0, size=(n_samples, n_classes)) + offsets
        cases.append((Z, np.eye(n_classes)[rng.integers(0, n_classes, n_samples)]))
    return cases


def _runs_not_finite(f):
    return [i for i, run in enumerate(f.runs) if not np.all(np.isfinite(run.got))]


score_gradient = Exercise(
    name="score_gradient",
    reference=gradient_answer,
    cases=_gradient_cases,
    read=read_numbers(finite=False),
    returns="dL/dZ",
    facts=lambda f: dict(bad=_runs_not_finite(f)),
    correct=lambda f: f"your gradient is (softmax(Z) - Y) / n_samples on {len(f.runs)} cases, "
    "also where the scores are near 1000 or rows lie 2000 apart: softmax with its largest score "
    "subtracted never overflows.",
    mistakes=(
        Mistake("overflow", "On the scores near 1000 your gradient holds nan or inf: exp(1000) "
                "overflows to inf, and inf / inf is nan.", "subtract each row's largest score "
                "before np.exp: Z - Z.max(axis=1, keepdims=True) (section 2).",
                when=lambda f: 1 in f.bad),
        Mistake("global_max", "On rows whose scores lie far apart (one near 1000, one near "
                "-1000) your gradient holds nan: subtracting the largest score of the WHOLE "
                "array leaves exp(-2000) = 0 in every entry of a row, and 0 / 0 is nan.",
                "subtract each row's own largest score: Z.max(axis=1, keepdims=True).",
                when=lambda f: 2 in f.bad),
        *(Mistake(key, "Your gradient differs from nnlib's: " + problem, hint, wrong=wrong)
          for key, wrong, problem, hint in [
              ("no_mean", lambda Z, Y: stable_softmax(Z) - Y, "it is n_samples times too "
               "large: the 1/n of the mean is missing.", "divide by len(Z): the loss is the "
               "MEAN over the samples."),
              ("all_entries", lambda Z, Y: (stable_softmax(Z) - Y) / Y.size, "it is divided by "
               "Y.size (samples × classes); the cross-entropy averages over the samples only.",
               "divide by len(Z): each sample's loss already sums over its classes."),
              ("sign", lambda Z, Y: (Y - stable_softmax(Z)) / len(Z), "the sign is flipped.",
               "the gradient is softmax(Z) - Y: predicted minus target."),
              ("scores", lambda Z, Y: (Z - Y) / len(Z), "it uses the scores Z where the "
               "probabilities softmax(Z) belong.", "first y_hat = softmax(Z), then "
               "(y_hat - Y) / n_samples."),
              ("wrt_probabilities", lambda Z, Y: -Y / (stable_softmax(Z) * len(Z)), "that is the "
               "gradient with respect to the probabilities y_hat, -Y / (y_hat n), not to the "
               "scores Z.", "through the softmax the chain rule simplifies to (y_hat - Y) / n "
               "(section 4)."),
              ("softmax_columns", lambda Z, Y: (stable_softmax(Z.T).T - Y) / len(Z), "its "
               "softmax runs down the columns: each CLASS sums to 1 over the samples.",
               "take max and sum along axis=1 (each row is one sample's scores), with "
               "keepdims=True."),
          ]),
        Mistake("raises_broadcast", "Z.max(axis=1) and Z.sum(axis=1) have shape (n_samples,): "
                "numpy cannot line that up with Z (n_samples, n_classes).", "keep the axis: "
                "Z.max(axis=1, keepdims=True) has shape (n_samples, 1).",
                when=lambda f: "broadcast" in str(f.error)),
    ),
    fallback=Mistake("fallback", lambda f: "On the first case your gradient is "
                     f"{np.round(f.runs[0].got, 3).tolist()}, but (softmax(Z) - Y) / n_samples "
                     f"is {np.round(f.runs[0].want, 3).tolist()}." if not close()(
                         f.runs[0].got, f.runs[0].want) else "Your gradient is right on the "
                     "first case but not on the others (other sizes and larger scores).",
                     "compute y_hat = softmax(Z) row by row, then (y_hat - Y) / len(Z).",
                     when=lambda f: not all(close()(r.got, r.want) for r in f.runs)),
)
