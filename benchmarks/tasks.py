"""The three article tasks, each trained four ways: nnlib, a per-sample Python loop, a fused
numpy loop and PyTorch (when installed). The four must agree before any of them is timed."""

from dataclasses import dataclass

import numpy as np

import nnlib
from benchmarks import numpy_fused, python_loops, torch_versions
from benchmarks.timing import Timing, seconds
from nnlib.course.n03_two_layer_network import people as course_people

# agreement tolerance between implementations: they differ only in rounding order
RTOL, ATOL = 1e-7, 1e-9


@dataclass(frozen=True)
class Task:
    """One article task: data, initial parameters and training settings."""

    key: str
    title: str
    X: np.ndarray
    y: np.ndarray
    layer_sizes: tuple  # () for the perceptron
    iterations: int
    learning_rate: float
    seed: int

    @property
    def is_perceptron(self):
        return not self.layer_sizes


def article_tasks():
    """(a) perceptron on the truth table, (b) 2-2-1 on the people, (c) 3-4-1 on XOR."""
    people = course_people.task()
    return [
        Task("perceptron", "(a) perceptron, truth table, 10000 it.", *nnlib.data.truth_table(),
             (), 10_000, 1.0, 1),
        Task("people", "(b) 2-2-1 network, weight/height, 1000 it.", people.X, people.y,
             (2, 2, 1), 1000, 0.5, 0),
        Task("xor", "(c) 3-4-1 network, XOR, 1500 it.", *nnlib.data.xor(), (3, 4, 1), 1500, 4.0, 0),
    ]


def initial_parameters(task):
    """The parameters nnlib starts from (its seeded initialisation), as a list of arrays."""
    if task.is_perceptron:
        return [nnlib.Perceptron(n_inputs=task.X.shape[1], seed=task.seed).weights.copy()]
    network = nnlib.Network(list(task.layer_sizes), seed=task.seed)
    return [w.copy() for w in network.weights] + [b.copy() for b in network.biases]


def _split(task, parameters):
    half = len(parameters) // 2
    return parameters[:half], parameters[half:]


def run_nnlib(task, parameters):
    """Train with nnlib from `parameters`; returns (losses, final parameters)."""
    if task.is_perceptron:
        model = nnlib.Perceptron(weights=parameters[0])
        history = model.train(task.X, task.y, task.iterations, task.learning_rate)
        return history.losses, [model.weights]
    model = nnlib.Network(list(task.layer_sizes))
    model.weights, model.biases = (list(p) for p in _split(task, [p.copy() for p in parameters]))
    history = model.train(task.X, task.y, task.iterations, task.learning_rate)
    return history.losses, model.weights + model.biases


def _runner(module, **options):
    def run(task, parameters):
        if task.is_perceptron:
            losses, weights = module.perceptron(
                task.X, task.y, parameters[0], task.iterations, task.learning_rate, **options
            )
            return np.asarray(losses), [np.reshape(weights, (-1, 1))]
        weights, biases = _split(task, parameters)
        losses, weights, biases = module.network(
            task.X, task.y, weights, biases, task.iterations, task.learning_rate, **options
        )
        return np.asarray(losses), [np.asarray(p) for p in (*weights, *biases)]

    return run


def implementations():
    """name -> run(task, parameters); PyTorch only when it is installed."""
    runs = {
        "nnlib": run_nnlib,
        "numpy fused": _runner(numpy_fused),
        "python loop": _runner(python_loops),
    }
    if torch_versions.available():
        runs["pytorch"] = _runner(torch_versions)
    return runs


def disagreement(reference, other):
    """Largest |difference| between two (losses, parameters) results, or raise on a mismatch."""
    (losses_a, params_a), (losses_b, params_b) = reference, other
    np.testing.assert_allclose(losses_b, losses_a, rtol=RTOL, atol=ATOL)
    worst = float(np.max(np.abs(losses_b - losses_a)))
    for a, b in zip(params_a, params_b, strict=True):
        np.testing.assert_allclose(b, a, rtol=RTOL, atol=ATOL)
        worst = max(worst, float(np.max(np.abs(b - a))))
    return worst


@dataclass(frozen=True)
class TaskResult:
    """Timings (seconds per training run) and agreement with nnlib, by implementation."""

    task: Task
    timings: dict
    max_difference: dict
    final_loss: float


def benchmark(task, repeat=5):
    """Check every implementation against nnlib, then time each (median of `repeat`)."""
    parameters = initial_parameters(task)
    runs = implementations()
    reference = run_nnlib(task, parameters)
    differences = {
        name: disagreement(reference, run(task, parameters))
        for name, run in runs.items()
        if name != "nnlib"
    }
    # repeats interleaved, so a slow spell on the machine hurts every implementation alike;
    # the agreement runs above were the warm-up
    samples = {name: [] for name in runs}
    for _ in range(repeat):
        for name, run in runs.items():
            samples[name].append(seconds(run, task, parameters))
    timings = {name: Timing(tuple(values)) for name, values in samples.items()}
    return TaskResult(task, timings, differences, float(reference[0][-1]))
