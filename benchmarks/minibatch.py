"""Mini-batch training, notebook 07's task: one epoch of a 64-32-10 network (sigmoid or ReLU
hidden layer, softmax output, cross-entropy) on 1,200 digits in batches of 32, by nnlib, a
hand-fused numpy loop and PyTorch (float64, the same batches); and notebook 09's options, Adam
with dropout on the hidden layer. All three must agree first."""

import statistics
import time
from dataclasses import dataclass
from functools import partial

import numpy as np

import nnlib
from benchmarks import numpy_fused, torch_versions
from benchmarks.timing import Timing, seconds

LAYER_SIZES = (64, 32, 10)
N_TRAIN = 1200
BATCH_SIZE = 32
LEARNING_RATE = 0.1
SEED = 0  # for the weights, the choice of digits and the shuffling
HIDDEN = ("sigmoid", "relu")


@dataclass(frozen=True)
class Case:
    """One configuration timed: the hidden activation and notebook 09's options."""

    hidden: str
    optimiser: str = "plain"
    dropout: float = 0.0
    learning_rate: float = LEARNING_RATE

    @property
    def name(self):
        if self.optimiser == "plain" and not self.dropout:
            return f"{self.hidden} hidden"
        return f"{self.hidden} hidden, {self.optimiser} + dropout {self.dropout:g}"

    @property
    def options(self):
        """train_minibatch's keyword arguments beyond notebook 07's."""
        if self.optimiser == "plain" and not self.dropout:
            return {}
        return {"optimiser": self.optimiser, "dropout": self.dropout}


# notebook 07's plain steps, then notebook 09's Adam (at a learning rate that suits it) with
# dropout on the 32 hidden units
CASES = (*(Case(hidden) for hidden in HIDDEN), Case("relu", "adam", 0.2, 0.003))
RTOL, ATOL = 1e-9, 1e-12  # the implementations differ only in rounding order
PAUSE = 0.02  # seconds before each timed run (see `benchmark`)


def digits():
    """1,200 digits picked by a seeded shuffle: X (1200, 64) scaled to [0, 1], one-hot y."""
    X, labels = nnlib.data.digits()
    chosen = np.random.default_rng(SEED).permutation(len(labels))[:N_TRAIN]
    return X[chosen] / 16.0, nnlib.one_hot(labels[chosen], 10)


def start(hidden):
    """nnlib's seeded initial (weights, biases) for the network with this hidden activation."""
    network = nnlib.Network(list(LAYER_SIZES), seed=SEED, activation=hidden, output="softmax",
                            loss="cross_entropy")
    return network.weights, network.biases


def implementations(case, X, y):
    """name -> prepare(epochs), which returns a zero-argument run that trains from the same
    start and returns (epoch losses, step losses, weights + biases); setup stays untimed.
    case : a Case, or the name of a hidden activation for notebook 07's plain steps."""
    case = Case(case) if isinstance(case, str) else case
    hidden = case.hidden
    weights, biases = start(hidden)
    options = (BATCH_SIZE, case.learning_rate, SEED)

    def nnlib_prepare(epochs):
        network = nnlib.Network(list(LAYER_SIZES), activation=hidden, output="softmax",
                                loss="cross_entropy")
        network.weights = [w.copy() for w in weights]
        network.biases = [b.copy() for b in biases]

        def run():
            history = network.train_minibatch(X, y, epochs, *options, **case.options)
            return history.losses, history.step_losses, network.weights + network.biases

        return run

    def reference(module):
        if case.options:  # Adam with dropout, the only other case
            loop = partial(module.minibatch_adam_dropout, dropout=case.dropout)
        else:
            loop = module.minibatch

        def prepare(epochs):
            def run():
                losses, steps, w, b = loop(X, y, weights, biases, epochs, *options,
                                           hidden=hidden)
                return np.asarray(losses), np.asarray(steps), [np.asarray(p) for p in (*w, *b)]

            return run

        return prepare

    runs = {"nnlib": nnlib_prepare, "numpy fused": reference(numpy_fused)}
    if torch_versions.available():
        runs["pytorch"] = reference(torch_versions)
    return runs


def disagreement(reference, other):
    """Largest |difference| between two results, or raise when they differ beyond rounding."""
    worst = 0.0
    for a, b in zip([reference[0], reference[1], *reference[2]],
                    [other[0], other[1], *other[2]], strict=True):
        np.testing.assert_allclose(b, a, rtol=RTOL, atol=ATOL)
        worst = max(worst, float(np.max(np.abs(b - a))))
    return worst


@dataclass(frozen=True)
class MinibatchResult:
    """Seconds per epoch by implementation, for one Case."""

    case: Case
    timings: dict
    max_difference: dict

    @property
    def hidden(self):
        return self.case.hidden

    def ratio(self, slower, faster):
        """Median over rounds of the time ratio of two runs made one right after the other:
        steadier than a ratio of medians when the machine's load comes and goes."""
        pairs = zip(self.timings[slower].samples, self.timings[faster].samples, strict=True)
        return statistics.median(a / b for a, b in pairs)


def benchmark(case, repeat=41, check_epochs=3):
    """Check agreement over `check_epochs` epochs, then time one epoch of each implementation
    `repeat` times, interleaved (so load on the machine hits them alike); medians.
    case : a Case, or the name of a hidden activation."""
    case = Case(case) if isinstance(case, str) else case
    X, y = digits()
    runs = implementations(case, X, y)
    reference = runs["nnlib"](check_epochs)()
    differences = {name: disagreement(reference, prepare(check_epochs)())
                   for name, prepare in runs.items() if name != "nnlib"}
    # PyTorch's worker threads keep spinning for a while after it returns and slow down what
    # runs next: a pause before every run lets them settle, and each round starts with the
    # next implementation, so each follows every other equally often
    names, samples = list(runs), {name: [] for name in runs}
    for round_ in range(repeat):
        for name in names[round_ % len(names):] + names[: round_ % len(names)]:
            run = runs[name](1)
            time.sleep(PAUSE)
            samples[name].append(seconds(run))
    timings = {name: Timing(tuple(values)) for name, values in samples.items()}
    return MinibatchResult(case, timings, differences)
