"""How much slower one computation is than another, measured so that a notebook can print the
answer and still show the same text on every machine.

`slowdown` times the two functions in turns (slow, fast, slow, fast, ...) and divides their
fastest times. It counts the CPU time of this process (`time.process_time`), not the time on
the wall: while other programs run, a long call is more often paused than a short one, which on
a busy machine made the wall-clock ratio of notebook 08's case swing from about 300 to 1,900;
its CPU-time ratio stayed between 290 and 330. `in_words` turns the ratio into an order of
magnitude ("hundreds of times"): only that is printed, and the notebook times a case whose
ratio lies near the middle of its decade (a factor of 3 from either end).

In the browser (Pyodide) `time.process_time` does not advance at all (it reads times(), which
WebAssembly's runtime leaves at zero), so there the clock is the wall clock: the kernel runs
alone in its own worker. A clock that advances in coarse ticks is read over repeated batches
of calls until it has moved.
"""

import math
import sys
import time

WORDS = {0: "a few times", 1: "tens of times", 2: "hundreds of times", 3: "thousands of times"}


def cpu_clock(platform=sys.platform):
    """The clock `slowdown` reads: this process's CPU time, except under Pyodide
    (`platform` "emscripten"), where that never advances and the wall clock is used."""
    return time.perf_counter if platform == "emscripten" else time.process_time


def slowdown(slow, fast, rounds=5, slow_calls=1, fast_calls=50, clock=None):
    """Time per call of `slow` divided by time per call of `fast` (functions of no argument),
    from the fastest of `rounds` interleaved rounds of `slow_calls` and `fast_calls` calls.
    clock : a function returning seconds; by default `cpu_clock()`."""
    clock = cpu_clock() if clock is None else clock
    slow_best = fast_best = math.inf
    for _ in range(rounds):
        slow_best = min(slow_best, _per_call(slow, slow_calls, clock))
        fast_best = min(fast_best, _per_call(fast, fast_calls, clock))
    return slow_best / fast_best


def _per_call(function, calls, clock, batches=1000):
    """Seconds per call of `function` over batches of `calls` calls, as many as it takes for
    `clock` to move (a clock with coarse ticks reads no time over one short batch)."""
    start = clock()
    for batch in range(1, batches + 1):
        for _ in range(calls):
            function()
        elapsed = clock() - start
        if elapsed > 0:
            return elapsed / (batch * calls)
    raise RuntimeError(f"the clock did not move over {batches * calls} calls")


def in_words(ratio):
    """The order of magnitude of a ratio above 1: 'tens of times' for 10 to 99.9, ..."""
    if not ratio >= 1:
        raise ValueError(f"ratio must be at least 1 (the slow one is slower), got {ratio!r}")
    return WORDS.get(int(math.floor(math.log10(ratio))), "more than ten thousand times")
