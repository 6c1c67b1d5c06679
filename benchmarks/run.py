"""`make bench`: time nnlib and the course, print the results, write docs/benchmarks.md and
docs/benchmarks.png.

    .venv/bin/python benchmarks/run.py            # full run (a few minutes)
    .venv/bin/python benchmarks/run.py --quick    # fewer repeats, for trying things out
"""

import argparse
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the `benchmarks` package importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import (  # noqa: E402
    browser,
    chart,
    compute,
    course,
    digit_pad,
    frames,
    machine,
    minibatch,
    report,
    sliders,
    tasks,
)

DOCS = Path(__file__).resolve().parent.parent / "docs"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    parser.add_argument("--no-course", action="store_true", help="skip the nbval run")
    parser.add_argument(
        "--no-browser", action="store_true", help="skip the slider latency in the browser"
    )
    args = parser.parse_args(argv)
    repeat = 3 if args.quick else 7
    started = time.perf_counter()
    load_start = machine.load_average()

    print("1/6 article tasks ...", flush=True)
    articles = [tasks.benchmark(task, repeat=repeat) for task in tasks.article_tasks()]
    print("2/6 784-128-10 ...", flush=True)
    steps = 10
    heavy = compute.benchmark(repeat=repeat, steps=steps)
    print("3/6 mini-batch 64-32-10 ...", flush=True)
    rounds = 6 * repeat - 1  # one-epoch runs are short: many rounds, for steady medians
    minibatches = [minibatch.benchmark(case, repeat=rounds) for case in minibatch.CASES]
    print("4/6 sliders in the kernel ...", flush=True)
    count = 8 if args.quick else 15
    slider_results, slider_problems = sliders.benchmark(count=count)
    encoders, overlays = frames.png_encoders(), frames.overlays(repeat=repeat)
    pad_results = digit_pad.benchmark()
    print("5/6 course and import ...", flush=True)
    paths = course.notebooks()
    course_result = None if args.no_course or not paths else course.run_nbval(paths)
    import_seconds, import_wall = course.import_nnlib(repeat)
    print("6/6 sliders in the browser (a few minutes) ...", flush=True)
    reason = "skipped (--no-browser)" if args.no_browser else browser.available()
    browser_result = None if reason else browser.benchmark()
    if browser_result is None and reason is None:
        reason = "the browser test wrote no latency.json (its output is printed above)"

    load = f"{load_start:.2f} / {machine.load_average():.2f}"
    targets = [
        *report.article_targets(articles),
        *report.compute_targets(heavy),
        *report.minibatch_targets(minibatches),
        *report.slider_targets(slider_results, slider_problems),
        *report.course_targets(course_result, import_seconds),
        *report.browser_targets(browser_result, reason),
    ]
    sections = [
        report.article_section(articles, repeat),
        report.compute_section(heavy, repeat, steps),
        report.minibatch_section(minibatches, rounds),
        report.slider_section(slider_results, slider_problems, count),
        report.frames_section(encoders, overlays, pad_results),
        report.course_section(course_result, import_seconds, import_wall, repeat),
        report.browser_section(browser_result, reason, slider_results),
    ]
    text = report.document(machine.describe(), load, targets, sections)
    DOCS.mkdir(exist_ok=True)
    (DOCS / "benchmarks.md").write_text(text)
    chart.write(DOCS / "benchmarks.png", articles, heavy, slider_results, course_result,
                import_seconds)
    print(text.replace("![benchmark chart](benchmarks.png)\n\n", ""))
    elapsed = time.perf_counter() - started
    print(f"wrote docs/benchmarks.md and docs/benchmarks.png in {elapsed:.0f} s")


if __name__ == "__main__":
    main()
