"""Self-checks for the exercises of notebook 07 (handwritten digits)."""

import math

import numpy as np

from nnlib.course.feedback import as_number, as_numbers, correct, describe, not_yet, unanswered
from nnlib.course.n07_handwritten_digits.digits import IMAGE_SHAPE

# Exercise 1: how many mini-batches one epoch of BATCHES_N_SAMPLES images takes in batches of
# BATCHES_BATCH_SIZE (the last batch takes the images left over, so the count is rounded up).
BATCHES_N_SAMPLES = 1000
BATCHES_BATCH_SIZE = 64
# Exercise 2: which validation image to turn back into an 8x8 picture (its position in X_val).
RESHAPE_ROW = 7


def _a(digit):
    """'a 3', 'an 8': a digit with its article."""
    return f"{'an' if digit == 8 else 'a'} {digit}"


def _images(count):
    return f"{count} image{'' if count == 1 else 's'}"


def batches_per_epoch(answer, n_samples=BATCHES_N_SAMPLES, batch_size=BATCHES_BATCH_SIZE,
                      name="answer_1"):
    """Exercise 1: the number of batches in one epoch, the last one smaller if need be."""
    if answer is None:
        return unanswered(name)
    value = as_number(answer)
    if value is None:
        return not_yet(
            f"{name} should be one whole number (a count of batches), got {describe(answer)}.",
            f"compute it from n_samples = {n_samples} and batch_size = {batch_size}.",
        )
    if not math.isfinite(value):
        return not_yet(
            f"{name} is {value}, not a count of batches.",
            f"compute it from n_samples = {n_samples} and batch_size = {batch_size}.",
        )
    expected = math.ceil(n_samples / batch_size)
    full, left_over = divmod(n_samples, batch_size)
    if value == expected:
        return correct(
            f"{expected} batches: {full} full ones of {batch_size} and a last one of "
            f"{left_over} images, so every image is used once per epoch."
        )
    if math.isclose(value, n_samples / batch_size):
        return not_yet(
            f"{value:g} is {n_samples} / {batch_size}, but a number of batches is a whole number.",
            "the images left over after the full batches still make a batch: round UP "
            "(math.ceil, or -(-n // b)).",
        )
    if not value.is_integer():
        return not_yet(
            f"{name} is {value:g}, but a number of batches is a whole number.",
            "divide the number of images by the batch size and round up.",
        )
    if value == full:
        return not_yet(
            f"{full} full batches hold only {full * batch_size} images: the last {left_over} "
            "would never be used in this epoch.",
            "the images left over form one more, smaller batch: round up, not down.",
        )
    if value in (n_samples, batch_size):
        return not_yet(
            f"{value:g} is one of the givens ({'images' if value == n_samples else 'batch size'}),"
            " not the number of batches.",
            "how many batches of batch_size do you need to cover all images?",
        )
    return not_yet(
        f"{value:g} batches of {batch_size} cover {value * batch_size:g} images, but one epoch "
        f"uses each of the {n_samples} images exactly once.",
        "divide the number of images by the batch size and round up.",
    )


def image_from_row(answer, row, label=None, name="answer_2"):
    """Exercise 2: the row of 64 pixels `row` as an 8x8 image (pixel rows of the picture as
    rows of the array). Any array-like of numbers of shape (8, 8) with those values is right."""
    if answer is None:
        return unanswered(name)
    row = np.asarray(row, dtype=float)
    expected = row.reshape(IMAGE_SHAPE)
    image, problem = as_numbers(answer, name)
    if problem is not None:
        return problem
    what = "" if label is None else f" It shows {_a(int(label))}."
    if image.shape != IMAGE_SHAPE:
        if image.size == row.size and np.allclose(image.ravel(), row):
            return not_yet(
                f"{name} holds the right 64 pixels but has shape {image.shape}, not (8, 8).",
                "reshape the row: row.reshape(8, 8).",
            )
        return not_yet(
            f"{name} has shape {image.shape}; an image of the digits is (8, 8).",
            "start from the 64 values of the given row and reshape them to (8, 8).",
        )
    if np.allclose(image, expected):
        return correct(f"the 64 pixels, 8 per row, top row first.{what}")
    if np.allclose(image, expected.T):
        return not_yet(
            f"{name} is the image turned on its side (transposed): the first 8 values of the row "
            "are the TOP ROW of the picture, not its left column.",
            "row.reshape(8, 8) fills the rows first; leave out .T and order='F'.",
        )
    if np.allclose(image, expected * 16) or np.allclose(image, expected / 16):
        return not_yet(
            f"{name} has the right shape and pattern but pixels from 0 to {image.max():g}: "
            "it was scaled differently from the given row.",
            "reshape the given row itself (X_val[...]), without multiplying or dividing.",
        )
    return not_yet(
        f"{name} has shape (8, 8) but not the pixels of the given row.",
        "use the given row (X_val[...] at the position the exercise names) and only reshape it.",
    )


def most_confused_pair(answer, counts, name="answer_3"):
    """Exercise 3: (true digit, predicted digit) of a largest count off the diagonal of the
    confusion matrix `counts` (rows: true, columns: predicted). Any of tied cells is right."""
    if answer is None:
        return unanswered(name)
    counts = np.asarray(counts)
    pair, problem = as_numbers(answer, name)
    if problem is not None:
        return problem
    hint = f"write the pair as (true digit, predicted digit), e.g. {name} = (4, 9)."
    if pair.shape != (2,):
        return not_yet(f"{name} should be a pair of two digits, got {describe(answer)}.", hint)
    if not np.all(pair == np.round(pair)) or not np.all((pair >= 0) & (pair < len(counts))):
        return not_yet(
            f"{name} should hold two whole numbers from 0 to {len(counts) - 1} (digits), got "
            f"{pair.tolist()}.",
            hint,
        )
    true, predicted = (int(value) for value in pair)
    off_diagonal = counts - np.diag(np.diag(counts))
    largest = off_diagonal.max()
    count = int(counts[true, predicted])
    if true == predicted:
        return not_yet(
            f"({true}, {predicted}) is on the diagonal: the {count} images of {true} that were "
            "classified RIGHT.",
            "look only at cells off the diagonal, where the true and predicted digits differ.",
        )
    if count == largest:
        return correct(
            f"{_images(count)} of {_a(true)} taken for {_a(predicted)}: no other mistake "
            "happened more often."
        )
    if counts[predicted, true] == largest:
        return not_yet(
            f"The right cell, but the pair the wrong way round: row {predicted}, column {true} "
            f"holds {largest}, so {predicted} is the true digit and {true} the answer.",
            "rows are the TRUE digits, columns the PREDICTED ones: give (row, column).",
        )
    return not_yet(
        f"{_images(count)} of {_a(true)} were predicted as {predicted}, but another cell off "
        f"the diagonal holds {largest}.",
        "find the largest number off the diagonal, e.g. set the diagonal to 0 and use "
        "np.argmax with np.unravel_index.",
    )
