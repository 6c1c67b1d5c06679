"""Exercises of notebook 07 (handwritten digits), as data for `nnlib.course.feedback.grade`."""

import math

import numpy as np

from nnlib.course.feedback import (
    Exercise,
    Mistake,
    describe,
    not_yet,
    read_number,
    read_numbers,
)
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


def _batch_facts(f):
    n, b = f.n_samples, f.batch_size
    full, left_over = divmod(n, b)
    whole = bool(np.isfinite(f.got) and f.got.is_integer())
    return dict(full=full, left_over=left_over, whole=whole)


batches_per_epoch = Exercise(
    name="answer_1",
    givens=("n_samples", "batch_size"),
    defaults=dict(n_samples=BATCHES_N_SAMPLES, batch_size=BATCHES_BATCH_SIZE),
    reference=lambda f: math.ceil(f.n_samples / f.batch_size),
    read=read_number("{name} should be one whole number (a count of batches), got {described}.",
                     "compute it from n_samples = {n_samples} and batch_size = {batch_size}."),
    same=lambda got, want: got == want,
    facts=_batch_facts,
    correct=lambda f: f"{f.expected} batches: {f.full} full ones of {f.batch_size}"
    + (f" and a last one of {f.left_over} images" if f.left_over else "")
    + ", so every image is used once per epoch.",
    mistakes=(
        Mistake("not_finite", "{name} is {got}, not a count of batches.", "compute it from "
                "n_samples = {n_samples} and batch_size = {batch_size}.",
                when=lambda f: not math.isfinite(f.got)),
        Mistake("not_rounded", "{got:g} is {n_samples} / {batch_size}, but a number of batches "
                "is a whole number.", "the images left over after the full batches still make a "
                "batch: round UP (math.ceil, or -(-n // b)).",
                when=lambda f: math.isclose(f.got, f.n_samples / f.batch_size)),
        Mistake("not_whole", "{name} is {got:g}, but a number of batches is a whole number.",
                "divide the number of images by the batch size and round up.",
                when=lambda f: not f.whole),
        Mistake("rounded_down", lambda f: f"{f.full} full batches hold only "
                f"{f.full * f.batch_size} images: the last {f.left_over} would never be used in "
                "this epoch.", "the images left over form one more, smaller batch: round up, not "
                "down.", when=lambda f: f.got == f.full),
        Mistake("given", lambda f: f"{f.got:g} is one of the givens ("
                f"{'images' if f.got == f.n_samples else 'batch size'}), not the number of "
                "batches.", "how many batches of batch_size do you need to cover all images?",
                when=lambda f: f.got in (f.n_samples, f.batch_size)),
        Mistake("negative", "{got:g} is not a number of batches: an epoch takes at least one.",
                "divide the number of images by the batch size and round up.",
                when=lambda f: f.got < 1),
    ),
    fallback=Mistake("fallback", lambda f: f"{f.got:g} batches of {f.batch_size} "
                     + (f"cover {f.got * f.batch_size:g} images" if f.got > f.expected else
                        f"hold at most {f.got * f.batch_size:g} images") + ", but one epoch uses "
                     f"each of the {f.n_samples} images exactly once.", "divide the number of "
                     "images by the batch size and round up.",
                     when=lambda f: f.whole and f.got >= 1 and f.got != f.expected),
)


def _image_facts(f):
    return dict(got_max=float(f.got.max()) if f.got.size else 0.0, what="" if f.label is None else
                f" It shows {_a(int(f.label))}.")


image_from_row = Exercise(  # the row of pixels (and optionally its label) is given
    name="answer_2",
    givens=("row", "label"),
    defaults=dict(label=None),
    reference=lambda f: np.asarray(f.row, dtype=float).reshape(IMAGE_SHAPE),
    facts=_image_facts,
    correct="the 64 pixels, 8 per row, top row first.{what}",
    mistakes=(
        Mistake("reshape", "{name} holds the right 64 pixels but has shape {got.shape}, not "
                "(8, 8).", "reshape the row: row.reshape(8, 8).",
                when=lambda f: f.got.shape != IMAGE_SHAPE and f.got.size == f.expected.size
                and np.allclose(f.got.ravel(), f.expected.ravel())),
        Mistake("shape", "{name} has shape {got.shape}; an image of the digits is (8, 8).",
                "start from the 64 values of the given row and reshape them to (8, 8).",
                when=lambda f: f.got.shape != IMAGE_SHAPE),
        Mistake("transposed", "{name} is the image turned on its side (transposed): the first 8 "
                "values of the row are the TOP ROW of the picture, not its left column.",
                "row.reshape(8, 8) fills the rows first; leave out .T and order='F'.",
                wrong=lambda f: f.expected.T),
        Mistake("scaled", "{name} has the right shape and pattern but pixels from 0 to "
                "{got_max:g}: it was scaled differently from the given row.", "reshape the given "
                "row itself (X_val[...]), without multiplying or dividing.",
                when=lambda f: np.allclose(f.got, f.expected * 16)
                or np.allclose(f.got, f.expected / 16)),
    ),
    fallback=Mistake("fallback", "{name} has shape (8, 8) but not the pixels of the given row.",
                     "use the given row (X_val[...] at the position the exercise names) and only "
                     "reshape it.", when=lambda f: not np.allclose(f.got, f.expected)),
)


def _read_digit_pair(answer, f):
    pair = read_numbers()(answer, f)
    hint = f"write the pair as (true digit, predicted digit), e.g. {f.name} = (4, 9)."
    if not isinstance(pair, np.ndarray):
        return pair
    if pair.shape != (2,):
        return not_yet(f"{f.name} should be a pair of two digits, got {describe(answer)}.", hint)
    if not np.all(pair == np.round(pair)) or not np.all((pair >= 0) & (pair < len(f.counts))):
        return not_yet(f"{f.name} should hold two whole numbers from 0 to {len(f.counts) - 1} "
                       f"(digits), got {pair.tolist()}.", hint)
    return tuple(int(value) for value in pair)


def _pair_facts(f):
    true, predicted = f.got
    counts = np.asarray(f.counts)
    off_diagonal = counts - np.diag(np.diag(counts))
    return dict(true=true, predicted=predicted, largest=int(off_diagonal.max()),
                count=int(counts[true, predicted]), mirror=int(counts[predicted, true]))


most_confused_pair = Exercise(  # the confusion matrix counts is given
    name="answer_3",
    givens=("counts",),
    reference=lambda f: None,
    read=_read_digit_pair,
    facts=_pair_facts,
    accept=lambda f: f.true != f.predicted and f.count == f.largest,
    correct=lambda f: f"{_images(f.count)} of {_a(f.true)} taken for {_a(f.predicted)}: no other "
    "mistake happened more often.",
    mistakes=(
        Mistake("diagonal", "({true}, {predicted}) is on the diagonal: the {count} images of "
                "{true} that were classified RIGHT.", "look only at cells off the diagonal, "
                "where the true and predicted digits differ.",
                when=lambda f: f.true == f.predicted),
        Mistake("mirror", lambda f: f"({f.true}, {f.predicted}) is row {f.true}, column "
                f"{f.predicted}, which holds {f.count}; the largest count, {f.largest}, is in "
                f"the mirror cell, row {f.predicted}, column {f.true}: the pair the wrong way "
                f"round.", "rows are the TRUE digits, columns the PREDICTED ones: give (row, "
                "column).", when=lambda f: f.mirror == f.largest),
    ),
    fallback=Mistake("fallback", lambda f: f"{_images(f.count)} of {_a(f.true)} were predicted "
                     f"as {f.predicted}, but another cell off the diagonal holds {f.largest}.",
                     "find the largest number off the diagonal, e.g. set the diagonal to 0 and "
                     "use np.argmax with np.unravel_index.", when=lambda f: f.count < f.largest),
)
