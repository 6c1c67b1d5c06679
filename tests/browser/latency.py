"""How long a learner waits for a slider's figure: key presses on a slider handle, timed in the
page from the keydown event to the figure canvas's next paint (see PAINT_STAMPS_JS).

`measure_slider` does, on one slider:
1. `PRESSES` single presses, alternating away from and back to the start value: for each, the
   time from keydown to the first paint of the figure (first repaint);
2. a burst of `BURST` key steps `BURST_GAP_MS` apart, and the same burst back: for each, the time
   from the last keydown to the figure's last paint (settle). After the burst back, the slider
   is where it started and the figure must be the very picture it showed there before the
   bursts: a frame for an older value drawn after the newest one would differ.

The targets (docs/live_figures.md): median first repaint over all sliders <= 120 ms, every
slider's median <= 200 ms, every burst settled <= 250 ms after its last step. The machine
running this may be busy: each slider's verdict is a median, and a slider over a target is
measured once more and judged on all its samples together.
"""

import os
import statistics
import time
from dataclasses import dataclass, field

MEDIAN_TARGET_MS = 120  # median over all sliders of each slider's median first repaint
SLOWEST_TARGET_MS = 200  # each slider's median first repaint
BURST_TARGET_MS = 250  # each burst: last paint after the last key step
PRESSES = 6
BURST = 10
BURST_GAP_MS = 60
QUIET_MS = 400  # the figure is settled: no paint for this long, and the kernel idle
WAIT_MS = 15_000  # for a paint, or for a figure to settle

OPPOSITE = {"ArrowRight": "ArrowLeft", "ArrowLeft": "ArrowRight"}
RESULTS = []  # every SliderLatency measured in this run, for the summary and latency.json

# Resolves to [keydown time, first paint after it] once `canvas` painted after keydown `n`.
FIRST_PAINT_JS = """([canvas, n]) => {
  const key = window.__keydowns[n];
  if (key === undefined) return false;
  const paint = (canvas.__paints || []).find(t => t >= key);
  return paint === undefined ? false : [key, paint];
}"""

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


@dataclass
class SliderLatency:
    """One slider's measurements, in ms."""

    notebook: str
    slider: str
    presses: list = field(default_factory=list)  # first repaint after each single key press
    bursts: list = field(default_factory=list)  # settle after each burst's last step
    burst_gaps: list = field(default_factory=list)  # the bursts' mean gap between key steps
    load: tuple = ()  # 1-, 5- and 15-minute load averages when the slider was measured

    @property
    def median(self):
        return statistics.median(self.presses)

    @property
    def worst_burst(self):
        return max(self.bursts)

    def problems(self):
        found = []
        if self.median > SLOWEST_TARGET_MS:
            found.append(
                f"median first repaint {self.median:.0f} ms > {SLOWEST_TARGET_MS} ms "
                f"(presses: {rounded(self.presses)})"
            )
        if statistics.median(self.bursts) > BURST_TARGET_MS or self.worst_burst > 2 * (
            BURST_TARGET_MS
        ):
            found.append(
                f"bursts settled {rounded(self.bursts)} ms after their last step "
                f"(target {BURST_TARGET_MS} ms)"
            )
        return found

    def line(self):
        load = " ".join(f"{value:.2f}" for value in self.load)
        return (
            f"{self.notebook:<28} {self.slider:<22} first repaint median "
            f"{self.median:5.0f} ms (presses {rounded(self.presses)}); bursts settled "
            f"{rounded(self.bursts)} ms after the last step (gaps {rounded(self.burst_gaps)} "
            f"ms); load {load}"
        )


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
        # The page stamps the paint itself, so polling every 25 ms costs no accuracy; polling
        # on every animation frame would keep headless Chromium compositing frames, taking CPU
        # from the kernel being timed.
        key_time, paint_time = self.page.wait_for_function(
            FIRST_PAINT_JS, arg=[self.canvas_handle, count], polling=25, timeout=WAIT_MS
        ).json_value()
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


def measure_slider(driver, notebook, label, samples=PRESSES):
    """First repaints and bursts for one slider (see the module docstring)."""
    result = SliderLatency(notebook, label, load=os.getloadavg())
    driver.wait_until_shown()
    driver.settle()
    start, low, high = driver.position()
    away = "ArrowLeft" if start >= high else "ArrowRight"
    for index in range(samples):
        key = away if index % 2 == 0 else OPPOSITE[away]
        result.presses.append(driver.press(key))
        if index == 0:
            moved = driver.position()[0]
            assert moved != start, f"{label}: {key} did not move the slider from {start}"
            step = abs(moved - start)
    assert driver.position()[0] == start, f"{label}: the presses did not come back to {start}"
    _burst_there_and_back(driver, result, label, start, low, high, step)
    return result


def measure_again(driver, result, samples=PRESSES):
    """More presses and one more pair of bursts for a slider over a target."""
    start, low, high = driver.position()
    away = "ArrowLeft" if start >= high else "ArrowRight"
    for index in range(samples):
        result.presses.append(driver.press(away if index % 2 == 0 else OPPOSITE[away]))
        if index == 0:
            step = abs(driver.position()[0] - start)
    _burst_there_and_back(driver, result, result.slider, start, low, high, step)


def _burst_there_and_back(driver, result, label, start, low, high, step):
    before = driver.picture()
    start_text = driver.readout.inner_text().strip()
    room_right = (high - start) / step
    keys = burst_keys(
        start, low, high, step, "ArrowRight" if room_right >= BURST / 2 else "ArrowLeft"
    )
    for sequence in (keys, [OPPOSITE[key] for key in reversed(keys)]):
        settle_ms, gap = driver.burst(sequence)
        result.bursts.append(settle_ms)
        result.burst_gaps.append(gap)
    assert driver.readout.inner_text().strip() == start_text, (
        f"{label}: after a burst there and back the readout shows "
        f"{driver.readout.inner_text().strip()}, not {start_text}"
    )
    assert driver.picture() == before, (
        f"{label}: after a burst of {BURST} steps there and back, the slider is at its start "
        f"value again but the figure differs from its picture there: a frame for an older "
        "value was drawn last, or a frame was lost"
    )


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
    lines = [result.line() for result in results] + [
        f"over {len(results)} sliders: median first repaint "
        f"{overall['median_first_repaint_ms']:.0f}"
        f" ms (target <= {MEDIAN_TARGET_MS}), slowest slider {overall['slowest_slider_ms']:.0f}"
        f" ms (<= {SLOWEST_TARGET_MS}), bursts settled {overall['median_burst_settle_ms']:.0f} ms"
        f" median, {overall['slowest_burst_settle_ms']:.0f} ms at worst (<= {BURST_TARGET_MS})"
    ]
    numbers = {
        "overall": overall,
        "sliders": [
            {
                "notebook": result.notebook,
                "slider": result.slider,
                "presses_ms": result.presses,
                "median_ms": result.median,
                "bursts_ms": result.bursts,
                "burst_gaps_ms": result.burst_gaps,
                "load_average": result.load,
            }
            for result in results
        ],
    }
    return lines, numbers
