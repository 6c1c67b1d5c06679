"""The compute-bound case: one training step of a 784-128-10 network on a batch of 256,
against PyTorch and against this machine's matrix-multiply rate."""

from dataclasses import dataclass

import numpy as np

import nnlib
from benchmarks import numpy_fused, torch_versions
from benchmarks.timing import Timing, measure, seconds

LAYER_SIZES = (784, 128, 10)
BATCH = 256
LEARNING_RATE = 0.1
MATMULS = "matmuls alone"
SQUARE = 2048  # side of the large square matmul that shows the machine's best rate


def batch(seed=0):
    """Random inputs (BATCH, 784) and targets in [0, 1] (BATCH, 10), seeded."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((BATCH, LAYER_SIZES[0]))
    y = rng.uniform(size=(BATCH, LAYER_SIZES[-1]))
    return X, y


def step_matmuls(n=BATCH, sizes=LAYER_SIZES):
    """The (m, k, n) shapes of every matmul in one training step of a one-hidden-layer net.

    Forward X @ W1, a1 @ W2; backward a1.T @ delta2, delta2 @ W2.T, X.T @ delta1.
    (The input layer's delta is never needed, so there is no delta1 @ W1.T.)
    """
    n_in, n_hidden, n_out = sizes
    return [
        (n, n_in, n_hidden),  # X @ W1
        (n, n_hidden, n_out),  # a1 @ W2
        (n_hidden, n, n_out),  # a1.T @ delta2
        (n, n_out, n_hidden),  # delta2 @ W2.T
        (n_in, n, n_hidden),  # X.T @ delta1
    ]


def flops(shapes):
    """Floating-point operations of matmuls (m, k) @ (k, n): 2 m k n each."""
    return sum(2 * m * k * n for m, k, n in shapes)


def step_matmuls_run(shapes):
    """A function that runs the step's matmuls once, back to back, with the operand layouts
    nnlib's step uses (a1.T and X.T are transposed views, not copies)."""
    rng = np.random.default_rng(1)
    operands = []
    for m, k, n in shapes:
        left = rng.standard_normal((k, m)).T if m != BATCH else rng.standard_normal((m, k))
        operands.append((left, rng.standard_normal((k, n))))

    def run(steps):
        for _ in range(steps):
            for left, right in operands:
                np.matmul(left, right)

    return run


def square_matmul_rate(repeat):
    """GFLOP/s of np.matmul on two SQUARE x SQUARE float64 matrices."""
    rng = np.random.default_rng(2)
    a, b = rng.standard_normal((SQUARE, SQUARE)), rng.standard_normal((SQUARE, SQUARE))
    timing = measure(lambda: np.matmul(a, b), repeat=repeat, warmup=1)
    return 2 * SQUARE**3 / timing.median / 1e9


@dataclass(frozen=True)
class ComputeResult:
    """Seconds per training step by implementation, plus the matmul reference rates."""

    step_flops: int
    timings: dict  # name -> Timing of one step
    matmul_only: Timing  # the step's matmuls alone
    square_gflops: float
    float32_difference: float | None

    def gflops(self, name):
        return self.step_flops / self.timings[name].median / 1e9

    @property
    def same_shape_gflops(self):
        return self.step_flops / self.matmul_only.median / 1e9


def benchmark(repeat=7, steps=10):
    """Time one step (median over `repeat` runs of `steps` steps) for each implementation."""
    X, y = batch()
    start = nnlib.Network(list(LAYER_SIZES), seed=0)
    weights = [w.copy() for w in start.weights]
    biases = [b.copy() for b in start.biases]

    def nnlib_run(iterations):
        network = nnlib.Network(list(LAYER_SIZES))
        network.weights = [w.copy() for w in weights]
        network.biases = [b.copy() for b in biases]
        history = network.train(X, y, iterations, LEARNING_RATE)
        return history.losses, network.weights + network.biases

    runs = {
        "nnlib": nnlib_run,
        "numpy fused": lambda iterations: _flat(
            numpy_fused.network(X, y, weights, biases, iterations, LEARNING_RATE)
        ),
    }
    float32_difference = None
    if torch_versions.available():
        import torch

        dtypes = {"pytorch float64": torch.float64, "pytorch float32": torch.float32}
        for label, dtype in dtypes.items():
            runs[label] = lambda iterations, dtype=dtype: _flat(
                torch_versions.network(X, y, weights, biases, iterations, LEARNING_RATE, dtype)
            )
    _check_agreement(runs, steps)
    if "pytorch float32" in runs:
        float32_difference = _largest_difference(
            runs["nnlib"](steps), runs["pytorch float32"](steps)
        )

    shapes = step_matmuls()
    runs[MATMULS] = step_matmuls_run(shapes)
    runs[MATMULS](steps)  # warm-up
    # repeats interleaved, so that other load on the machine hits every row alike
    samples = {name: [] for name in runs}
    for _ in range(repeat):
        for name, run in runs.items():
            samples[name].append(seconds(run, steps) / steps)
    timings = {name: Timing(tuple(values)) for name, values in samples.items()}
    matmuls_only = timings.pop(MATMULS)
    return ComputeResult(
        flops(shapes), timings, matmuls_only, square_matmul_rate(3), float32_difference
    )


def _flat(result):
    losses, weights, biases = result
    return np.asarray(losses), [np.asarray(p) for p in (*weights, *biases)]


def _largest_difference(a, b):
    (losses_a, params_a), (losses_b, params_b) = a, b
    return max(
        float(np.max(np.abs(losses_a - losses_b))),
        *(float(np.max(np.abs(p - q))) for p, q in zip(params_a, params_b, strict=True)),
    )


def _check_agreement(runs, steps):
    """float64 implementations must match nnlib's losses and parameters after `steps` steps."""
    reference = runs["nnlib"](steps)
    for name, run in runs.items():
        if name not in ("nnlib", "pytorch float32"):
            difference = _largest_difference(reference, run(steps))
            if difference > 1e-9:
                raise AssertionError(f"{name} disagrees with nnlib by {difference:.3g}")
