"""Self-checks for the exercises of notebook 05 (more than two classes)."""

import numpy as np

from nnlib.course.feedback import as_number, as_numbers, correct, describe, not_yet, unanswered
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


def stable_softmax(scores):
    """Softmax over the last axis, minus the largest score first: never overflows."""
    scores = np.asarray(scores, dtype=float)
    exp = np.exp(scores - scores.max(axis=-1, keepdims=True))
    return exp / exp.sum(axis=-1, keepdims=True)


def cross_entropy_value(labels=CE_LABELS, predictions=CE_PREDICTIONS):
    """The mean over rows of -log(the probability given to the true class)."""
    predictions = np.asarray(predictions, dtype=float)
    return float(-np.mean(np.log(predictions[np.arange(len(labels)), list(labels)])))


def _vector(answer, name, size):
    """The answer as a flat float array of `size` numbers (a row, a column or a plain list), or
    (None, feedback)."""
    array, problem = as_numbers(answer, name, finite=False)
    if problem is not None:
        return None, problem
    if array.size != size or sum(length > 1 for length in array.shape) > 1:
        return None, not_yet(
            f"{name} should hold {size} numbers (one per class), got {describe(answer)}.",
            "softmax gives one probability per score: as many numbers as SCORES.",
        )
    return array.ravel(), None


def softmax_of_scores(answer, scores=SCORES, name="answer_1"):
    """Exercise 1: the softmax of `scores`, as a list, a row, a column or a plain array."""
    if answer is None:
        return unanswered(name)
    scores = np.asarray(scores, dtype=float)
    values, problem = _vector(answer, name, scores.size)
    if problem is not None:
        return problem
    expected = stable_softmax(scores)
    if not np.all(np.isfinite(values)):
        return not_yet(
            f"{name} contains nan or inf: {np.round(values, 4).tolist()}. exp of scores near "
            "1000 is larger than the largest float (about 1.8e308), so it becomes inf, and "
            "inf / inf is nan.",
            "subtract the largest score from every score before np.exp (section 2): the "
            "probabilities stay the same and the largest exp is exp(0) = 1.",
        )
    if np.allclose(values, expected, atol=TOLERANCE, rtol=0):
        return correct(
            f"{np.round(expected, 4).tolist()}: they add up to 1 and the largest score gets the "
            "largest probability."
        )
    shifted = np.exp(scores - scores.max())
    if np.allclose(values, shifted, atol=TOLERANCE, rtol=0):
        return not_yet(
            f"{np.round(values, 4).tolist()} are exp(scores - max) but they add up to "
            f"{values.sum():.4f}, not 1.",
            "divide by their sum to turn them into probabilities.",
        )
    if np.allclose(values, stable_softmax(-scores), atol=TOLERANCE, rtol=0):
        return not_yet(
            "These are the probabilities of the NEGATED scores: the smallest score got the "
            "largest probability.",
            "use exp(scores - max), not exp(max - scores) or exp(-scores).",
        )
    if not np.isclose(values.sum(), 1.0, atol=TOLERANCE):
        return not_yet(
            f"Probabilities add up to 1, but {name} adds up to {values.sum():.4f}.",
            "softmax divides each exp by the sum of all of them.",
        )
    return not_yet(
        f"{name} adds up to 1 but is not the softmax of {list(scores)}: got "
        f"{np.round(values, 4).tolist()}.",
        "compute exp(scores - scores.max()) and divide by its sum.",
    )


def cross_entropy_of_predictions(answer, labels=CE_LABELS, predictions=CE_PREDICTIONS,
                                 name="answer_2"):
    """Exercise 2: the mean cross-entropy of `predictions` against the one-hot `labels`."""
    if answer is None:
        return unanswered(name)
    labels = list(labels)
    predictions = np.asarray(predictions, dtype=float)
    n_samples = len(labels)
    true_probabilities = predictions[np.arange(n_samples), labels]
    per_sample = -np.log(true_probabilities)
    expected = float(per_sample.mean())
    value = as_number(answer)
    if value is None:
        array, _ = as_numbers(answer, name)
        if array is not None and array.size == n_samples and np.allclose(
            array.ravel(), per_sample, atol=TOLERANCE, rtol=0
        ):
            return not_yet(
                f"{name} holds the {n_samples} penguins' losses one by one "
                f"({np.round(per_sample, 4).tolist()}); the loss is their mean, one number.",
                "take np.mean(...) of them.",
            )
        return not_yet(
            f"{name} should be one number (the mean cross-entropy), got {describe(answer)}.",
            "the loss of each penguin is -log(its predicted probability of its true species); "
            "average them.",
        )
    if np.isclose(value, expected, atol=TOLERANCE, rtol=0):
        return correct(
            f"{expected:.4f}: the mean of -log({', '.join(f'{p:g}' for p in true_probabilities)}),"
            f" the probabilities given to the true species."
        )
    wrong = {
        -expected: ("a negative number, but -log(p) is positive for every p below 1",
                    "cross-entropy has a minus in front: -sum(y * log(y_hat))."),
        expected * n_samples: (f"the SUM over the {n_samples} penguins",
                               f"divide by the number of penguins ({n_samples}): nnlib's "
                               "losses are means."),
        expected / np.log(10): ("computed with log10",
                                "use the natural logarithm, np.log."),
        expected / np.log(2): ("computed with log2", "use the natural logarithm, np.log."),
        float(-np.mean(np.log(predictions.max(axis=1)))): (
            "the loss of the most probable species of each row, not of the TRUE species",
            "pick each row's probability in the column of its label (that is what y * log(y_hat)"
            " does with a one-hot y)."),
        expected / predictions.shape[1]: (
            "the mean over all numbers of the table (penguins × species)",
            "sum over the species, then average over the penguins only."),
    }
    one_hot = np.eye(predictions.shape[1])[labels]
    binary = -np.mean(np.sum(one_hot * np.log(predictions)
                             + (1 - one_hot) * np.log(1 - predictions), axis=1))
    wrong[float(binary)] = (
        "the two-class formula, with a (1 - y) log(1 - y_hat) term for every species",
        "for one-hot targets and softmax outputs, only the true species' -log(y_hat) counts.")
    for candidate, (problem, hint) in wrong.items():
        if np.isclose(value, candidate, atol=TOLERANCE, rtol=0):
            return not_yet(f"{value:.4f} is {problem}.", hint)
    return not_yet(
        f"Expected a positive number; got {value:.4g}.",
        "for each penguin take -np.log of the probability in its label's column, then average "
        "over the penguins.",
    )


def one_hot_labels(answer, labels=ONE_HOT_LABELS, n_classes=N_CLASSES, name="answer_3"):
    """Exercise 3: the one-hot rows (n_samples, n_classes) of `labels`."""
    if answer is None:
        return unanswered(name)
    labels = np.asarray(labels)
    if isinstance(answer, np.ndarray) and answer.dtype == bool:
        answer = answer.astype(float)  # True / False in the right places is right too
    elif isinstance(answer, list | tuple):
        answer = np.asarray(answer)
        answer = answer.astype(float) if answer.dtype == bool else answer
    array, problem = as_numbers(answer, name)
    if problem is not None:
        return problem
    expected = np.eye(n_classes)[labels]
    shape = (len(labels), n_classes)
    if array.shape == shape and np.array_equal(array, expected):
        return correct(
            f"shape {shape}: one row per label, a single 1 in the column of its class."
        )
    if array.shape == shape[::-1] and np.array_equal(array, expected.T):
        return not_yet(
            f"The numbers are right but the shape is {array.shape}: one column per penguin.",
            f"samples are rows: transpose it (.T) to get shape {shape}.",
        )
    if array.size == len(labels) and np.array_equal(array.ravel(), labels):
        return not_yet(
            f"{name} holds the labels themselves, shape {array.shape}.",
            f"make a row of {n_classes} zeros per label and put a 1 in the label's column, e.g. "
            f"with np.eye({n_classes})[labels].",
        )
    if array.shape != shape:
        return not_yet(
            f"Expected shape {shape} (one row per label, one column per class), got "
            f"{array.shape}.",
            f"there are {len(labels)} labels and {n_classes} classes.",
        )
    if not np.all(array.sum(axis=1) == 1) or not np.all((array == 0) | (array == 1)):
        return not_yet(
            "Every row of a one-hot array is zeros with exactly one 1.",
            "start from np.zeros and set one entry per row to 1.",
        )
    columns = array.argmax(axis=1)
    first = int(np.argmax(columns != labels))
    return not_yet(
        f"Row {first} (label {labels[first]}) has its 1 in column {columns[first]}.",
        "label k goes to column k, counting columns from 0.",
    )


def _species_index(item):
    """A species given as a name (any case) or as its class number, as 0-2; else None."""
    if isinstance(item, str):
        names = [name.lower() for name in SPECIES]
        return names.index(item.strip().lower()) if item.strip().lower() in names else None
    number = as_number(item)
    if number is not None and number.is_integer() and 0 <= number < len(SPECIES):
        return int(number)
    return None


def most_confused(answer, matrix, name="answer_4"):
    """Exercise 4: (true species, predicted species) of the largest count off the diagonal of
    the confusion matrix `matrix` (rows: true species, columns: predicted), by name or number."""
    if answer is None:
        return unanswered(name)
    matrix = np.asarray(matrix)
    off = matrix.astype(float).copy()
    np.fill_diagonal(off, -1)
    hint = f'write e.g. {name} = ("Gentoo", "Adelie"): the true species first.'
    if isinstance(answer, np.ndarray) and answer.ndim == 1:
        answer = answer.tolist()
    if not isinstance(answer, list | tuple) or len(answer) != 2:
        return not_yet(f"{name} should be a pair (true species, predicted species), got "
                       f"{describe(answer)}.", hint)
    true, predicted = (_species_index(item) for item in answer)
    if true is None or predicted is None:
        return not_yet(f"{name} should name two of {', '.join(SPECIES)}, got {answer!r}.", hint)
    largest = off.max()
    if true == predicted:
        return not_yet(
            f"({SPECIES[true]}, {SPECIES[true]}) is on the diagonal: those {matrix[true, true]} "
            "penguins were predicted RIGHT.",
            "look at the numbers off the diagonal: true species in the row, prediction in the "
            "column.",
        )
    count = int(matrix[true, predicted])
    if count == largest:
        return correct(
            f"{count} {SPECIES[true]} penguins were predicted to be {SPECIES[predicted]}: the "
            "largest count off the diagonal."
        )
    if matrix[predicted, true] == largest:
        return not_yet(
            f"The other way round: {int(matrix[predicted, true])} {SPECIES[predicted]} penguins "
            f"were taken for {SPECIES[true]}, but only {count} {SPECIES[true]} for "
            f"{SPECIES[predicted]}.",
            "rows are the TRUE species, columns the predicted ones: give the row's species "
            "first.",
        )
    return not_yet(
        f"Only {count} {SPECIES[true]} penguins were predicted to be {SPECIES[predicted]}; "
        f"another cell off the diagonal has {int(largest)}.",
        "find the largest number that is not on the diagonal; its row is the true species, "
        "its column the prediction.",
    )
