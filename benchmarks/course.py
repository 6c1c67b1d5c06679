"""Whole-course timings in fresh subprocesses: nbval over every notebook, and `import nnlib`."""

import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ElementTree
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def notebooks():
    """The course's notebooks, in order."""
    return sorted((ROOT / "notebooks").glob("*.ipynb"))


@dataclass(frozen=True)
class CourseResult:
    """Wall time of one nbval run over the whole course, and each notebook's share."""

    seconds: float
    per_notebook: dict  # notebook name -> seconds (its cells, kernel start and stop included)
    passed: int
    failed: int


def run_nbval(paths):
    """Run nbval (as `make test` does) in a subprocess; returns a CourseResult."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "nbval.xml"
        command = [
            sys.executable, "-m", "pytest", "--nbval", "--nbval-current-env",
            "-p", "no:cacheprovider", "-q", f"--junitxml={report}",
            *(str(path) for path in paths),
        ]
        environment = {**os.environ, "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, check=False)
        elapsed = time.perf_counter() - start
        return _parse_junit(report, elapsed)


def _parse_junit(report, elapsed):
    per_notebook = defaultdict(float)
    passed = failed = 0
    for case in ElementTree.parse(report).iter("testcase"):
        # nbval's classname is the notebook's path with dots: "notebooks.01_neuron.ipynb"
        notebook = case.get("classname", "").removesuffix(".ipynb").rsplit(".", 1)[-1]
        per_notebook[notebook] += float(case.get("time", 0.0))
        if case.find("failure") is not None or case.find("error") is not None:
            failed += 1
        elif case.find("skipped") is None:
            passed += 1
    return CourseResult(elapsed, dict(per_notebook), passed, failed)


def import_nnlib(repeat):
    """`import nnlib` in fresh interpreters: (median of -X importtime's cumulative seconds for
    nnlib, median wall-clock difference between `python -c 'import nnlib'` and `python -c pass`
    run back to back). The first is the target: it excludes process start-up and exit."""
    reported, differences = [], []
    for _ in range(repeat + 1):  # the first round is a warm-up (file caches, .pyc files)
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", "import nnlib"],
            capture_output=True, text=True, check=True,
        )
        # lines: "import time: self [us] | cumulative | package"; nnlib's own line is last
        match = re.search(r"\|\s*(\d+)\s*\|\s*nnlib\s*$", done.stderr, flags=re.MULTILINE)
        reported.append(int(match.group(1)) / 1e6)
        differences.append(_run([sys.executable, "-c", "import nnlib"])
                           - _run([sys.executable, "-c", "pass"]))
    return statistics.median(reported[1:]), statistics.median(differences[1:])


def _run(command):
    start = time.perf_counter()
    subprocess.run(command, check=True)
    return time.perf_counter() - start
