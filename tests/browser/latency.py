"""How long a learner waits for a slider's figure: key presses on a slider handle, timed in the
page from the keydown event to the figure canvas's next paint (see PAINT_STAMPS_JS).

An attempt (`measure_attempt`) on one slider is:
1. `PRESSES` single presses, alternating away from and back to the start value: for each, the
   time from keydown to the first paint of the figure (first repaint);
2. a burst of `BURST` key steps `BURST_GAP_MS` apart, and the same burst back: for each, the time
   from the last keydown to the figure's last paint (settle). After the burst back, the slider
   is where it started and the figure must be the very picture it showed there before the
   bursts: a frame for an older value drawn after the newest one would differ.

The targets (the widgets contract, docs/live_figures.md): median first repaint over all
sliders <= 120 ms, every slider's median <= 200 ms, every slider's bursts settled <= 250 ms
after their last step. Every run prints, for each target, the figure measured and whether it
met it (`summary`); `make bench` puts them in docs/benchmarks.md.

The test fails only when a figure is more than `REGRESSION_FACTOR` times its target
(`Attempt.problems`): on the shared machines CI runs on, other tenants (other virtual machines
included) slow every figure here by up to about 1.6x within the hour, with the same code
(course-wide median 116 ms in one CI run, 172 ms in the next), so a verdict at the target
itself would fail or pass with the neighbours. Twice a target still catches what breaks the
design: a frame that waits for a round trip, a lost coalescing of slider values, a view that
retrains from scratch or redraws everything on every move.

The machine running this is shared: other tenants' work can double every time measured here.
So each verdict is a median over several samples; during each attempt the CPU time that
processes outside this test used is measured (`OthersCpu`, from /proc, counting time other
virtual machines took); every attempt starts after waiting (a while at most) for those others
to calm down; and a slider that misses a target, or is slower than the course-wide median
target, is measured again, up to `ATTEMPTS` times. A slider is judged on its best attempt;
every attempt is printed, with the load average and the others' CPU use.
"""

import os
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

MEDIAN_TARGET_MS = 120  # median over all sliders of each slider's median first repaint
SLOWEST_TARGET_MS = 200  # each slider's median first repaint
BURST_TARGET_MS = 250  # each slider's bursts (median): last paint after the last key step
BURST = 10
BURST_GAP_MS = 60

# Two ways to run. `make bench` MEASURES (NNLIB_LATENCY=measure): six presses and two bursts per
# slider, another attempt (after waiting for calm) while a slider misses a target, and a verdict
# at twice the targets. `make test-browser` and CI CHECK (the default): two presses and one burst
# there and back per slider, no waiting for calm (CI runs other work beside it), and a coarse
# ceiling, four times the targets, which still catches what breaks the design (a view that
# retrains from scratch or redraws everything on every move, lost coalescing) while the figures
# themselves are reported by `make bench`. A slider beyond that ceiling is measured once more:
# with two presses the median is their mean, so one stalled press (1,907 ms beside 228 ms, in a
# CI run at load 5.6 on 2 cores, for a move that takes about 50 ms of the kernel's time) would
# fail it alone, while a design fault is past the ceiling in both attempts.
MODE = os.environ.get("NNLIB_LATENCY", "check")
if MODE not in ("check", "measure"):
    raise ValueError(f"NNLIB_LATENCY must be 'check' or 'measure', got {MODE!r}")
MEASURING = MODE == "measure"
REGRESSION_FACTOR = 2 if MEASURING else 4  # the test fails beyond this many times a target
PRESSES = 6 if MEASURING else 2
ATTEMPTS = 3 if MEASURING else 2  # per slider, while worth_another_attempt()
CALM_CORES = 0.5  # before another attempt, wait until others use less than this many cores
CALM_WAIT_S = 20  # ... but no longer than this
QUIET_MS = 400  # the figure is settled: no paint for this long, and the kernel idle
WAIT_MS = 15_000  # for a paint, or for a figure to settle

OPPOSITE = {"ArrowRight": "ArrowLeft", "ArrowLeft": "ArrowRight"}

# Resolves to the last paint time once `canvas` has not painted for `quietMs` with the kernel
# idle (a busy kernel may still send a frame).
QUIET_JS = """([canvas, indicator, quietMs]) => {
  const now = performance.now();
  const paints = canvas.__paints || [];
  const last = paints.length ? paints[paints.length - 1] : -Infinity;
  if (indicator.dataset.status !== 'idle') { canvas.__busySeen = now; return false; }
  const since = Math.max(last, canvas.__busySeen || -Infinity);
  return now - since >= quietMs ? [last, paints.length] : false;
}"""


class OthersCpu:
    """CPU time used by processes outside this test (not the test process or its descendants:
    JupyterLab, its kernels, Chromium) while it runs, in cores (2.0 = both cores, all along).

    Linux only (/proc); elsewhere it reports 0.
    """

    TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100

    def __init__(self):
        self.start = self._reading()

    def cores(self):
        """Cores used by others since this object was made (or last asked)."""
        now = self._reading()
        (busy0, ours0, wall0), (busy1, ours1, wall1) = self.start, now
        self.start = now
        seconds = wall1 - wall0
        return max(0.0, (busy1 - busy0) - (ours1 - ours0)) / self.TICKS / seconds if seconds else 0

    @staticmethod
    def _reading():
        try:
            fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
        except OSError:
            return 0, 0, time.monotonic()
        user, nice, system, idle, iowait, irq, softirq, steal = map(int, fields[:8])
        busy = user + nice + system + irq + softirq + steal  # steal: other virtual machines
        return busy, OthersCpu._ours(), time.monotonic()

    @staticmethod
    def _ours():
        """CPU ticks used so far by this process and every process descending from it."""
        parents, ticks = {}, {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                text = stat.read_text()
            except OSError:
                continue
            fields = text[text.rindex(")") + 2 :].split()  # after "pid (name) "
            pid = int(stat.parent.name)
            parents[pid] = int(fields[1])
            ticks[pid] = int(fields[11]) + int(fields[12])  # utime + stime
        ours, me = 0, os.getpid()
        for pid, used in ticks.items():
            ancestor, hops = pid, 0
            while ancestor not in (me, 0, 1) and ancestor in parents and hops < 64:
                ancestor, hops = parents[ancestor], hops + 1
            if ancestor == me:
                ours += used
        return ours


def wait_until_calm():
    """Wait (CALM_WAIT_S at most) until others use fewer than CALM_CORES cores over a second."""
    deadline = time.monotonic() + CALM_WAIT_S
    watch = OthersCpu()
    while time.monotonic() < deadline:
        time.sleep(1)
        if watch.cores() < CALM_CORES:
            return


@dataclass
class Attempt:
    """One attempt's measurements, in ms."""

    presses: list = field(default_factory=list)  # first repaint after each single key press
    bursts: list = field(default_factory=list)  # settle after each burst's last step
    burst_gaps: list = field(default_factory=list)  # the bursts' mean gap between key steps
    load: tuple = ()  # 1-, 5- and 15-minute load averages at its start
    others_cores: float = 0.0  # CPU that processes outside this test used meanwhile

    @property
    def median(self):
        return statistics.median(self.presses)

    @property
    def burst_median(self):
        return statistics.median(self.bursts)

    def misses(self, factor=1):
        """What exceeds `factor` times its target, as readable lines."""
        found = []
        if self.median > factor * SLOWEST_TARGET_MS:
            found.append(
                f"median first repaint {self.median:.0f} ms > {factor * SLOWEST_TARGET_MS} ms"
            )
        if self.burst_median > factor * BURST_TARGET_MS:
            found.append(
                f"bursts settled {self.burst_median:.0f} ms (median) after their last step > "
                f"{factor * BURST_TARGET_MS} ms"
            )
        return found

    def problems(self):
        """What fails the test: beyond REGRESSION_FACTOR times a target."""
        return self.misses(REGRESSION_FACTOR)

    def line(self):
        load = " ".join(f"{value:.2f}" for value in self.load)
        return (
            f"first repaint median {self.median:4.0f} ms (presses {rounded(self.presses)}); "
            f"bursts settled {rounded(self.bursts)} ms after the last step (gaps "
            f"{rounded(self.burst_gaps)} ms); load {load}; others used "
            f"{self.others_cores:.1f} of {os.cpu_count()} cores"
        )


@dataclass
class SliderLatency:
    """One slider's attempts; it is judged on the best."""

    notebook: str
    slider: str
    attempts: list = field(default_factory=list)

    @property
    def best(self):
        return min(self.attempts, key=lambda a: (len(a.misses()), a.median + a.burst_median))

    @property
    def median(self):
        return self.best.median

    @property
    def bursts(self):
        return self.best.bursts

    def misses(self):
        return self.best.misses()

    def problems(self):
        return self.best.problems()

    def worth_another_attempt(self):
        """Measuring: missing a target, or slower than the course-wide median may allow.
        Checking: failing the test (beyond REGRESSION_FACTOR times a target)."""
        if not MEASURING:
            return bool(self.problems())
        return bool(self.misses()) or self.median > MEDIAN_TARGET_MS

    def line(self):
        lines = [f"{self.notebook:<22} {self.slider:<20} " + self.best.line()]
        lines += [
            f"{'':<22} {'(other attempt)':<20} " + attempt.line()
            for attempt in self.attempts
            if attempt is not self.best
        ]
        return "\n".join(lines)


def rounded(values):
    return "[" + ", ".join(f"{value:.0f}" for value in values) + "]"


class SliderDriver:
    """One slider and the figure beside it, driven with the keyboard."""

    def __init__(self, lab, slider, canvas):
        self.lab = lab
        self.page = lab.page
        self.slider = slider
        self.handle = slider.locator(".noUi-handle")
        self.readout = slider.locator(".widget-readout")
        self.canvas = canvas
        self.canvas_handle = canvas.element_handle()
        self.indicator_handle = lab.indicator.element_handle()

    def position(self):
        """(value, min, max) of the handle, as noUiSlider reports them (exponents for log)."""
        return tuple(
            float(self.handle.get_attribute(name))
            for name in ("aria-valuenow", "aria-valuemin", "aria-valuemax")
        )

    def wait_until_shown(self):
        """Wait until the figure has painted once: JupyterLab may render it only when scrolled
        to, and ipympl then asks the kernel for a whole picture."""
        self.page.wait_for_function(
            "c => c.width > 0 && (c.__paints || []).length > 0",
            arg=self.canvas_handle,
            polling=100,
            timeout=WAIT_MS,
        )

    def settle(self):
        """Wait until the figure is still; return (time of its last paint, paint count)."""
        return self.page.wait_for_function(
            QUIET_JS,
            arg=[self.canvas_handle, self.indicator_handle, QUIET_MS],
            polling=50,
            timeout=WAIT_MS,
        ).json_value()

    def picture(self):
        return self.canvas.evaluate("canvas => canvas.toDataURL()")

    def keydowns(self):
        return self.page.evaluate("window.__keydowns.length")

    def press(self, key):
        """Press `key` on the handle; return ms from keydown to the figure's next paint."""
        count = self.keydowns()
        self.handle.press(key)
        # The page stamps the paint and tells us (labdriver.PAINT_STAMPS_JS): nothing polls it
        # meanwhile, which would take CPU from the work being timed.
        stamps = self.page.evaluate(
            "([canvas, n, ms]) => window.__firstPaint(canvas, n, ms)",
            [self.canvas_handle, count, WAIT_MS],
        )
        assert stamps is not None, f"no paint of the figure within {WAIT_MS} ms of a key press"
        key_time, paint_time = stamps
        self.settle()
        return paint_time - key_time

    def burst(self, keys):
        """Press `keys` BURST_GAP_MS apart; return (settle ms after the last, mean gap ms)."""
        self.handle.focus()
        count = self.keydowns()
        start = time.monotonic()
        for index, key in enumerate(keys):
            delay = start + index * BURST_GAP_MS / 1000 - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            self.page.keyboard.press(key)
        last_paint, _ = self.settle()
        stamps = self.page.evaluate(f"window.__keydowns.slice({count})")
        assert len(stamps) == len(keys), f"{len(keys)} key steps sent, {len(stamps)} arrived"
        gap = (stamps[-1] - stamps[0]) / (len(stamps) - 1)
        return last_paint - stamps[-1], gap


def burst_keys(value, low, high, step, first_key):
    """BURST key steps from `value`, starting towards `first_key` and turning at the ends, so
    that every step moves the slider."""
    keys, position = [], value
    direction = 1 if first_key == "ArrowRight" else -1
    for _ in range(BURST):
        if not low - step / 2 <= position + direction * step <= high + step / 2:
            direction = -direction
        position += direction * step
        keys.append("ArrowRight" if direction > 0 else "ArrowLeft")
    return keys


def measure_slider(driver, notebook, label):
    """Attempts on one slider until it meets the targets, ATTEMPTS at most."""
    result = SliderLatency(notebook, label)
    driver.wait_until_shown()
    driver.settle()
    while not result.attempts or (
        result.worth_another_attempt() and len(result.attempts) < ATTEMPTS
    ):
        if MEASURING:
            wait_until_calm()
        measure_attempt(driver, result)
    return result


def measure_attempt(driver, result):
    """Presses and bursts on one slider (see the module docstring); appends an Attempt."""
    label = result.slider
    attempt = Attempt(load=os.getloadavg())
    others = OthersCpu()
    start, low, high = driver.position()
    away = "ArrowLeft" if start >= high else "ArrowRight"
    for index in range(PRESSES):
        key = away if index % 2 == 0 else OPPOSITE[away]
        attempt.presses.append(driver.press(key))
        if index == 0:
            moved = driver.position()[0]
            assert moved != start, f"{label}: {key} did not move the slider from {start}"
            step = abs(moved - start)
    assert driver.position()[0] == start, f"{label}: the presses did not come back to {start}"
    _burst_there_and_back(driver, attempt, label, start, low, high, step)
    attempt.others_cores = others.cores()
    result.attempts.append(attempt)


def _burst_there_and_back(driver, attempt, label, start, low, high, step):
    before = driver.picture()
    start_text = driver.readout.inner_text().strip()
    room_right = (high - start) / step
    keys = burst_keys(
        start, low, high, step, "ArrowRight" if room_right >= BURST / 2 else "ArrowLeft"
    )
    for sequence in (keys, [OPPOSITE[key] for key in reversed(keys)]):
        settle_ms, gap = driver.burst(sequence)
        attempt.bursts.append(settle_ms)
        attempt.burst_gaps.append(gap)
    assert driver.readout.inner_text().strip() == start_text, (
        f"{label}: after a burst there and back the readout shows "
        f"{driver.readout.inner_text().strip()}, not {start_text}"
    )
    assert driver.picture() == before, (
        f"{label}: after a burst of {BURST} steps there and back, the slider is at its start "
        f"value again but the figure differs from its picture there: a frame for an older "
        "value was drawn last, or a frame was lost"
    )


def verdict(name, measured_ms, target_ms):
    """One target's line: the figure measured, the target, and whether it was met."""
    met = "met" if measured_ms <= target_ms else "MISSED"
    return f"  {name}: {measured_ms:.0f} ms, target <= {target_ms} ms: {met}"


def summary(results):
    """The lines printed at the end of the run, and the numbers written to latency.json."""
    medians = [result.median for result in results]
    bursts = [burst for result in results for burst in result.bursts]
    overall = {
        "sliders": len(results),
        "median_first_repaint_ms": statistics.median(medians),
        "slowest_slider_ms": max(medians),
        "median_burst_settle_ms": statistics.median(bursts),
        "slowest_burst_settle_ms": max(bursts),
        "load_average": os.getloadavg(),
    }
    slowest = max(results, key=lambda result: result.median)
    slowest_bursts = max(results, key=lambda result: result.best.burst_median)
    lines = [result.line() for result in results] + [
        f"over {len(results)} sliders: median first repaint "
        f"{overall['median_first_repaint_ms']:.0f}"
        f" ms (target <= {MEDIAN_TARGET_MS}), slowest slider {overall['slowest_slider_ms']:.0f}"
        f" ms (<= {SLOWEST_TARGET_MS}), bursts settled {overall['median_burst_settle_ms']:.0f} ms"
        f" median, {overall['slowest_burst_settle_ms']:.0f} ms at worst (<= {BURST_TARGET_MS})",
        f"the widgets contract's targets, as measured in this run ({MODE} mode: "
        f"{PRESSES} presses per slider; the test fails beyond "
        f"{REGRESSION_FACTOR}x a target; load average now "
        + " ".join(f"{value:.2f}" for value in overall["load_average"])
        + "):",
        verdict(
            "median first repaint over all sliders",
            overall["median_first_repaint_ms"],
            MEDIAN_TARGET_MS,
        ),
        verdict(
            f"slowest slider ({slowest.notebook}, {slowest.slider})",
            slowest.median,
            SLOWEST_TARGET_MS,
        ),
        verdict(
            f"slowest bursts, a slider's median ({slowest_bursts.notebook}, "
            f"{slowest_bursts.slider})",
            slowest_bursts.best.burst_median,
            BURST_TARGET_MS,
        ),
    ]
    numbers = {
        "overall": overall,
        "sliders": [
            {
                "notebook": result.notebook,
                "slider": result.slider,
                "presses_ms": result.best.presses,
                "median_ms": result.median,
                "bursts_ms": result.bursts,
                "burst_gaps_ms": result.best.burst_gaps,
                "load_average": result.best.load,
                "others_cores": result.best.others_cores,
                "attempts": [vars(attempt) for attempt in result.attempts],
            }
            for result in results
        ],
    }
    return lines, numbers
