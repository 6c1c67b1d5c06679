"""Exercises of notebook 07 (handwritten digits), as data for `nnlib.course.feedback.grade`."""

import copy
import math
from types import SimpleNamespace

import numpy as np

from nnlib.course import feedback
from nnlib.course.feedback import Exercise, Mistake, describe, not_yet, read_number, read_numbers
from nnlib.course.n07_handwritten_digits.digits import IMAGE_SHAPE
from nnlib.network import Network

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


# Exercise 4 (code): one epoch of mini-batch gradient descent on a network: shuffle with the
# given generator, slice batches of batch_size rows (the last one smaller), one step per batch.
# The check hands the learner a network that records every network.gradients call, so any
# shuffle drawn from rng passes; the steps are replayed with nnlib's gradients.
EPOCH_SEED = 7
EPOCH_CASES = ((10, 4), (12, 5), (9, 3))  # (n_samples, batch_size)
EPOCH_LEARNING_RATE = 0.5


class RecordingNetwork(Network):
    """A Network that records each gradients call: the batch, and the parameters it saw."""

    def gradients(self, X, y):
        self.calls.append((np.array(X, dtype=float), np.array(y, dtype=float),
                           [p.copy() for p in self.weights + self.biases]))
        return super().gradients(X, y)


def epoch_answer(network, X, y, batch_size, learning_rate, rng):
    """One epoch: shuffle the rows with rng, then a gradient step per batch, in place."""
    order = rng.permutation(len(X))
    for start in range(0, len(X), batch_size):
        _step(network, X, y, order[start:start + batch_size], learning_rate)


def _step(network, X, y, rows, learning_rate):
    dweights, dbiases = network.gradients(X[rows], y[rows])
    for parameter, gradient in zip(network.weights + network.biases, dweights + dbiases,
                                   strict=True):
        parameter -= learning_rate * gradient


def _epoch_cases():
    rng = np.random.default_rng(EPOCH_SEED)
    cases = []
    for n_samples, batch_size in EPOCH_CASES:
        network = RecordingNetwork([3, 4, 2], seed=rng)
        network.calls = []
        cases.append((network, rng.normal(size=(n_samples, 3)), rng.uniform(size=(n_samples, 2)),
                      batch_size, EPOCH_LEARNING_RATE, np.random.default_rng(rng.integers(99))))
    return cases


def _replay(network, X, y, batches, learning_rate):
    """The parameters before each step and after the last, stepping on `batches` from the start."""
    network, seen = copy.deepcopy(network), []
    for rows in batches:
        seen.append([p.copy() for p in network.weights + network.biases])
        _step(network, X, y, rows, learning_rate)
    return seen, network.weights + network.biases


def _record(function, args):
    """Run the learner's epoch (twice, from the same generator state): what it did, or None."""
    again, before = copy.deepcopy(args), copy.deepcopy(args)
    function(*args)
    network, (start, X, y, batch_size, learning_rate, _) = args[0], before
    calls, final = network.calls, network.weights + network.biases
    changed = not all(np.array_equal(a, b) for a, b in zip(start.weights + start.biases, final,
                                                           strict=True))
    if not calls and not changed:
        return None
    function(*again)
    index = {row.tobytes(): i for i, row in enumerate(X)}
    batches = [[index.get(row.tobytes(), -1) for row in X_batch] for X_batch, _, _ in calls]
    order = [i for rows in batches for i in rows]
    n = len(X)
    record = dict(n=n, batch_size=batch_size, batches=batches, changed=changed,
                  sizes=[len(rows) for rows in batches],
                  right_sizes=[min(batch_size, n - s) for s in range(0, n, batch_size)],
                  paired=all(-1 not in rows and np.array_equal(y_batch, y[rows])
                             for rows, (_, y_batch, _) in zip(batches, calls, strict=True)),
                  covered=sorted(order) == list(range(n)),
                  identity=order == list(range(len(order))),
                  again=[[index.get(row.tobytes(), -1) for row in X_batch]
                         for X_batch, _, _ in again[0].calls] == batches,
                  at_start=all(_same(seen, start.weights + start.biases) for *_, seen in calls))
    known = [rows for rows in batches if -1 not in rows]
    for key, rate in [("steps", learning_rate), ("sign", -learning_rate), ("no_lr", 1.0)]:
        seen, end = _replay(start, X, y, known, rate)
        record[key] = len(known) == len(batches) and _same(final, end) and all(
            _same(mine, theirs) for (*_, mine), theirs in zip(calls, seen, strict=True))
    return SimpleNamespace(**record)


def _same(parameters, others):
    return all(np.allclose(a, b, rtol=1e-9, atol=1e-12) for a, b in zip(parameters, others,
                                                                          strict=True))


def _each(test):
    return lambda f: any(test(run.got) for run in f.runs)


train_epoch = Exercise(
    name="train_epoch",
    reference=epoch_answer,
    cases=_epoch_cases,
    call=_record,
    read=lambda out, f: out,
    returns="changes network.weights and network.biases in place",
    may_change=("network", "rng"),
    accept=lambda f: all(r.covered and r.sizes == r.right_sizes and r.paired and not r.identity
                         and r.again and r.steps for r in (run.got for run in f.runs)),
    correct="every sample is used once per epoch in batches of batch_size (the last one "
    "smaller), X and y shuffled together by rng, and one gradient step after each batch: the "
    "same parameters as nnlib's steps on your batches.",
    mistakes=(
        Mistake("never_applied", "Your epoch computes gradients but the network's parameters "
                "never change.", "after each network.gradients(...) subtract learning_rate * "
                "gradient from every weight and bias: W -= learning_rate * dW.",
                when=_each(lambda r: not r.changed)),
        Mistake("apart", "X and y were shuffled apart: some rows of a batch's y belong to other "
                "rows of X than the batch's X.", "draw ONE permutation, order = rng.permutation("
                "len(X)), and index both with it: X[order], y[order].",
                when=_each(lambda r: not r.paired)),
        Mistake("one_step", "One step per epoch: the parameters are the same at every "
                "network.gradients call, so the batches' gradients were not applied one batch "
                "at a time.", "step inside the loop over batches: gradients of this batch, then "
                "update, then the next batch.", when=_each(lambda r: r.changed and (
                    r.at_start and len(r.sizes) > 1 or r.sizes == [r.n] != r.right_sizes))),
        Mistake("dropped_last", "The last, smaller batch is missing: the rows left over after "
                "the full batches are never used.", "loop over range(0, len(X), batch_size); "
                "slicing order[start:start + batch_size] gives the shorter last batch by itself.",
                when=_each(lambda r: len(r.right_sizes) > len(r.sizes)
                           and r.sizes == r.right_sizes[:len(r.sizes)]
                           and r.right_sizes[-1] < r.batch_size)),
        Mistake("no_shuffle", "The batches take the rows in their stored order: no shuffle.",
                "order = rng.permutation(len(X)) at the start of the epoch, then slice order.",
                when=_each(lambda r: r.identity)),
        Mistake("not_from_rng", "The same generator state gave other batches: your shuffle does "
                "not draw from the rng it is given.", "use rng.permutation(len(X)) (not "
                "np.random.permutation, which uses a hidden global generator).",
                when=_each(lambda r: not r.again)),
        Mistake("sign", "The steps go uphill: the parameters move by +learning_rate * gradient.",
                "subtract: W -= learning_rate * dW.", when=_each(lambda r: r.sign)),
        Mistake("no_lr", "The steps ignore the learning rate: the parameters move by the whole "
                "gradient.", "multiply each gradient by learning_rate before subtracting it.",
                when=_each(lambda r: r.no_lr)),
    ),
    fallback=Mistake("fallback", lambda f: "On " + "; ".join(
        f"{r.n} samples in batches of {r.batch_size}: your batch sizes {r.sizes} (right: "
        f"{r.right_sizes}), every row once: {r.covered}, steps as nnlib's: {r.steps}"
        for r in (run.got for run in f.runs)) + ".", "shuffle once with rng.permutation, slice "
        "order[start:start + batch_size] for start in range(0, len(X), batch_size), and step "
        "after each batch.", when=lambda f: not train_epoch.accept(f)),
)


def epoch_to_use(function):
    """The learner's train_epoch once it passes its check, else nnlib's; says which."""
    return feedback.use_yours(train_epoch, function, epoch_answer, "train_epoch")
