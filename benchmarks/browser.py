"""Slider latency in the browser, as a learner feels it: runs the browser test's slider part
(tests/browser, `test_run_all_then_drag_every_slider` and the course-wide median) in JupyterLab
in headless Chromium and reads the numbers it writes to artifacts/browser/latency.json: for
every slider, the time from a key press on its handle to the figure's next paint, and how long
after a burst of key steps the figure settles. See docs/live_figures.md."""

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
LATENCY_JSON = ROOT / "artifacts" / "browser" / "latency.json"


@dataclass(frozen=True)
class BrowserResult:
    """What latency.json holds (see tests/browser/latency.py), and how the run ended."""

    overall: dict
    sliders: list
    passed: bool
    seconds: float


def available():
    """None when the browser test can run here, else why not."""
    if not os.access(CHROMIUM, os.X_OK):
        return f"{CHROMIUM} not found (apt-get install chromium)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "playwright is not installed"
    return None


def benchmark():
    """Run the browser test's slider part; returns a BrowserResult, or None if it measured
    nothing (the reason is printed)."""
    import time

    LATENCY_JSON.unlink(missing_ok=True)
    command = [
        sys.executable, "-m", "pytest", "tests/browser", "-p", "no:cacheprovider", "-q",
        "-k", "run_all or median_slider_latency",
    ]
    start = time.perf_counter()
    environment = {**os.environ, "NNLIB_LATENCY": "measure"}  # tests/browser/latency.py
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False,
                          env=environment)
    seconds = time.perf_counter() - start
    if not LATENCY_JSON.exists():
        print(done.stdout[-3000:] + done.stderr[-2000:])
        return None
    numbers = json.loads(LATENCY_JSON.read_text())
    return BrowserResult(numbers["overall"], numbers["sliders"], done.returncode == 0, seconds)
