"""Timing helpers: medians of repeated runs after a warm-up."""

import statistics
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Timing:
    """Seconds taken by each repeat of one measurement."""

    samples: tuple

    @property
    def median(self):
        return statistics.median(self.samples)

    @property
    def p95(self):
        ordered = sorted(self.samples)
        # nearest-rank percentile: the smallest sample with at least 95% of samples at or below it
        rank = max(1, -(-95 * len(ordered) // 100))
        return ordered[rank - 1]

    @property
    def max(self):
        return max(self.samples)


def measure(function, repeat=5, warmup=1):
    """Call `function()` `warmup` times untimed, then `repeat` times timed; return a Timing."""
    for _ in range(warmup):
        function()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return Timing(tuple(samples))


def measure_each(function, arguments, warmup=1):
    """Time `function(argument)` once per argument (after `warmup` untimed calls on the first)."""
    for _ in range(warmup):
        function(arguments[0])
    samples = []
    for argument in arguments:
        start = time.perf_counter()
        function(argument)
        samples.append(time.perf_counter() - start)
    return Timing(tuple(samples))


def seconds(function, *args):
    """Wall-clock seconds of one call `function(*args)`."""
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start
