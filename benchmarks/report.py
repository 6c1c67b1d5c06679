"""Turn benchmark results into the targets table, detail tables (Markdown) and a PNG chart."""

from dataclasses import dataclass

from benchmarks import minibatch

IMPLEMENTATIONS = ("nnlib", "numpy fused", "python loop", "pytorch")
NOT_INSTALLED = "not installed"


@dataclass(frozen=True)
class Target:
    """One goal: what was measured, against what, and whether it was met (None: not run)."""

    name: str
    measured: str
    goal: str
    passed: bool | None

    @property
    def verdict(self):
        return {True: "PASS", False: "MISS", None: "n/a"}[self.passed]


def ms(seconds):
    return f"{seconds * 1e3:.1f} ms" if seconds < 10 else f"{seconds:.1f} s"


def table(header, rows):
    """A Markdown table from a header tuple and row tuples."""
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


# ----- targets ---------------------------------------------------------------------------------


def article_targets(results):
    targets = []
    for result in results:
        times = {name: timing.median for name, timing in result.timings.items()}
        ratio = times["nnlib"] / times["numpy fused"]
        targets.append(Target(
            f"{result.task.key}: nnlib vs fused numpy", f"{ratio:.2f}x the fused time",
            "<= 1.5x", ratio <= 1.5,
        ))
        if "pytorch" in times:
            speedup = times["pytorch"] / times["nnlib"]
            targets.append(Target(
                f"{result.task.key}: nnlib vs PyTorch CPU", f"{speedup:.1f}x faster",
                ">= 5x faster", speedup >= 5,
            ))
        else:
            targets.append(Target(
                f"{result.task.key}: nnlib vs PyTorch CPU", NOT_INSTALLED, ">= 5x faster", None
            ))
    return targets


def compute_targets(result):
    nnlib_step = result.timings["nnlib"].median
    if "pytorch float64" in result.timings:
        torch_step = result.timings["pytorch float64"].median
        versus_torch = Target(
            "784-128-10 step: nnlib vs PyTorch float64",
            f"{ms(nnlib_step)} vs {ms(torch_step)} ({torch_step / nnlib_step:.2f}x)",
            "no slower (>= 1.00x)", nnlib_step <= torch_step,
        )
    else:
        versus_torch = Target(
            "784-128-10 step: nnlib vs PyTorch float64", NOT_INSTALLED, "no slower", None
        )
    share = result.gflops("nnlib") / result.same_shape_gflops
    return [versus_torch, Target(
        "784-128-10 step: share of matmul rate (same shapes)",
        f"{share:.0%} ({result.gflops('nnlib'):.1f} of {result.same_shape_gflops:.1f} GFLOP/s)",
        ">= 60%", share >= 0.6,
    )]


def minibatch_targets(results):
    targets = []
    for result in results:
        name = f"mini-batch epoch, {result.case.name}"
        ratio = result.ratio("nnlib", "numpy fused")
        targets.append(Target(f"{name}: nnlib vs fused numpy", f"{ratio:.2f}x the fused time",
                              "<= 1.3x", ratio <= 1.3))
        if "pytorch" in result.timings:
            speedup = result.ratio("pytorch", "nnlib")
            targets.append(Target(f"{name}: nnlib vs PyTorch CPU float64",
                                  f"{speedup:.1f}x faster", ">= 3x faster", speedup >= 3))
        else:
            targets.append(Target(f"{name}: nnlib vs PyTorch CPU float64", NOT_INSTALLED,
                                  ">= 3x faster", None))
    return targets


def slider_targets(results, problems):
    targets = []
    views = {}
    for result in results:
        views.setdefault(result.view, []).append(result)
    for view, rows in views.items():
        worst = max(rows, key=lambda row: row.timing.median)
        budget = worst.budget_ms
        targets.append(Target(
            f"slider median, {view}", f"{worst.timing.median * 1e3:.1f} ms (worst: {worst.slider})",
            f"< {budget:g} ms", worst.timing.median * 1e3 < budget,
        ))
    for name, message in problems:
        targets.append(Target(f"slider view {name}", f"not measured: {message}", "-", None))
    return targets


def browser_targets(result, reason):
    """The Widgets contract's targets, from the browser test's latency.json."""
    goals = [
        ("median first repaint over all sliders", "median_first_repaint_ms", 120),
        ("slowest slider (its median first repaint)", "slowest_slider_ms", 200),
        ("burst of 10 key steps settled (median)", "median_burst_settle_ms", 250),
    ]
    if result is None:
        return [Target(f"browser: {name}", f"not measured: {reason}", f"<= {goal} ms", None)
                for name, _, goal in goals]
    return [
        Target(f"browser: {name}", f"{result.overall[key]:.0f} ms", f"<= {goal} ms",
               result.overall[key] <= goal)
        for name, key, goal in goals
    ]


def course_targets(course, import_seconds):
    if course is None:
        whole = Target("whole course under nbval", "not run (skipped or no notebooks)", "< 60 s",
                       None)
    else:
        note = f", {course.failed} cell(s) FAILED" if course.failed else ""
        whole = Target(
            "whole course under nbval", f"{course.seconds:.1f} s{note}", "< 60 s",
            course.seconds < 60,
        )
    return [whole, Target(
        "import nnlib", f"{import_seconds * 1e3:.0f} ms", "< 200 ms", import_seconds < 0.2
    )]


# ----- detail sections -------------------------------------------------------------------------


def article_section(results, repeat):
    header = ("task", *IMPLEMENTATIONS, "nnlib / fused", "PyTorch / nnlib", "max |diff| vs nnlib")
    rows = []
    for result in results:
        times = {name: timing.median for name, timing in result.timings.items()}
        cells = [ms(times[name]) if name in times else NOT_INSTALLED for name in IMPLEMENTATIONS]
        torch_ratio = f"{times['pytorch'] / times['nnlib']:.1f}x" if "pytorch" in times else "-"
        worst = max(result.max_difference.values())
        rows.append((
            result.task.title, *cells, f"{times['nnlib'] / times['numpy fused']:.2f}x",
            torch_ratio, f"{worst:.1e}",
        ))
    return (
        "## 1. The three article tasks\n\n"
        f"Time of one whole training run (median of {repeat}, repeats interleaved; the runs that "
        "checked agreement were the warm-up). Every implementation starts from nnlib's seeded "
        "weights and must reproduce nnlib's loss per iteration and final weights (rtol 1e-7, "
        "atol 1e-9) before it is timed; the last column is the largest difference found.\n\n"
        + table(header, rows)
    )


def compute_section(result, repeat, steps):
    rows = []
    for name, timing in result.timings.items():
        rows.append((
            name, f"{timing.median * 1e3:.2f}", f"{result.gflops(name):.1f}",
            f"{result.gflops(name) / result.same_shape_gflops:.0%}",
            f"{result.gflops(name) / result.square_gflops:.0%}",
        ))
    rows.append((
        "the step's 5 matmuls alone (np.matmul)", f"{result.matmul_only.median * 1e3:.2f}",
        f"{result.same_shape_gflops:.1f}", "100%",
        f"{result.same_shape_gflops / result.square_gflops:.0%}",
    ))
    rows.append(("np.matmul 2048 x 2048", "-", f"{result.square_gflops:.1f}", "-", "100%"))
    float32 = ""
    if result.float32_difference is not None:
        float32 = (
            f" PyTorch float32 differs from nnlib's float64 by at most "
            f"{result.float32_difference:.1e} after {steps} steps (rounding only)."
        )
    return (
        "## 2. Compute-bound: 784-128-10, batch 256\n\n"
        f"One full-batch training step (forward, MSE loss, backward, update), float64 unless "
        f"marked; median over {repeat} runs of {steps} steps. A step's matmuls do "
        f"{result.step_flops / 1e6:.1f} MFLOP; GFLOP/s = those FLOPs / step time, compared with "
        f"np.matmul on the same five shapes and on a large square product.{float32}\n\n"
        + table(("implementation", "ms per step", "GFLOP/s", "of same-shape rate",
                 "of square rate"), rows)
    )


def minibatch_section(results, repeat):
    header = ("hidden layer, options", "nnlib", "numpy fused", "pytorch", "nnlib / fused",
              "PyTorch / nnlib", "max |diff| vs nnlib")
    rows = []
    for result in results:
        times = {name: timing.median for name, timing in result.timings.items()}
        torch_ratio = f"{result.ratio('pytorch', 'nnlib'):.1f}x" if "pytorch" in times else "-"
        rows.append((
            result.case.name, *(ms(times[name]) if name in times else NOT_INSTALLED
                             for name in ("nnlib", "numpy fused", "pytorch")),
            f"{result.ratio('nnlib', 'numpy fused'):.2f}x", torch_ratio,
            f"{max(result.max_difference.values()):.1e}",
        ))
    sizes = "-".join(map(str, minibatch.LAYER_SIZES))
    return (
        f"## 3. Mini-batch training: {sizes}, softmax + cross-entropy, {minibatch.N_TRAIN} "
        "digits\n\n"
        f"One epoch of `Network.train_minibatch` (batch size {minibatch.BATCH_SIZE}, seeded "
        "shuffling, the whole-set loss before the epoch and every batch's loss recorded) against "
        "a hand-fused numpy loop doing the same arithmetic in place and PyTorch on the CPU "
        "(float64, autograd, the same batches). Each implementation first reproduces nnlib's "
        f"losses and weights over 3 epochs (rtol {minibatch.RTOL:g}); then one-epoch runs are "
        f"timed, interleaved: {repeat} rounds, each implementation once per round after a "
        f"{minibatch.PAUSE * 1e3:.0f} ms pause, starting with the next one each round. Times are "
        "medians; ratios are medians over rounds of the ratio of two runs of the same round. "
        "Setup (copying the start weights) is untimed. The last row is notebook 09's "
        "options: `optimiser=\"adam\"` with `dropout` on the hidden units, against the same "
        "loop fused by hand (Adam's update in place in one scratch buffer per parameter, the "
        "masks drawn from the same generator) and PyTorch's `torch.optim.Adam` with those masks."
        "\n\n" + table(header, rows)
    )


def slider_section(results, problems, count):
    rows = [
        (
            r.view, r.slider, f"{r.budget_ms:g}", f"{r.timing.median * 1e3:.1f}",
            f"{r.timing.p95 * 1e3:.1f}", f"{r.timing.max * 1e3:.1f}",
            f"{r.update.median * 1e3:.1f}",
            "PASS" if r.timing.median * 1e3 < r.budget_ms else "MISS",
        )
        for r in results
    ]
    text = (
        "## 4. Slider moves in the kernel (update + frame)\n\n"
        f"Each slider swept over `spec.samples({count})` with the other sliders at their start "
        "values, timing `view.update(**values)` and the frame the notebook's Painter renders "
        "(blitting) and encodes as PNG for the browser, on the view's live ipympl canvas (one "
        "warm-up move first). The update column is the compute alone. Section 6 has what the "
        "learner sees in the browser.\n\n"
        + table(("view", "slider", "budget ms", "median ms", "p95 ms", "max ms",
                 "of which update ms (median)", "median"), rows)
    )
    if problems:
        text += "\n\nNot measured:\n" + "\n".join(f"- `{name}`: {msg}" for name, msg in problems)
    return text


def frames_section(encoders, overlays, pad_results):
    """The frame path's parts against what they replace (benchmarks/frames.py), and the digit
    pad's recognition (benchmarks/digit_pad.py)."""
    encoder_rows = [
        (c.view, f"{c.ours * 1e3:.1f}",
         *(f"{s * 1e3:.1f} ({s / c.ours:.1f}x)" for s in c.alternatives.values()),
         *(f"{size / 1024:.0f}" for size in c.sizes.values()))
        for c in encoders
    ]
    names = list(encoders[0].alternatives) if encoders else []
    overlay_rows = [
        (c.view, f"{c.ours * 1e3:.1f}",
         *(f"{s * 1e3:.1f} ({s / c.ours:.2f}x)" for s in c.alternatives.values()))
        for c in overlays
    ]
    pad_rows = [(name, f"{right} of {total} ({right / total:.0%})",
                 ", ".join(f"{d}: {n}/{of}" for d, (n, of) in by_digit.items()))
                for name, (right, total, by_digit) in pad_results.items()]
    return (
        "## 4b. The frame path's parts, against what they replace\n\n"
        "PNG encoding of each view's first frame (medians, interleaved; in brackets the time "
        "relative to ours; sizes in KiB: ours, then the alternatives):\n\n"
        + table(("view", "ours ms", *(f"{n} ms" for n in names), "KiB ours",
                 *(f"KiB {n}" for n in names)), encoder_rows)
        + "\n\nOne slider move's paint with the Painter's overlays (unchanging artists drawn "
        "over the changing ones, kept as one transparent picture) against drawing those "
        "artists again in every frame (median over repeats of a sweep of the first slider):"
        "\n\n" + table(("view", "ours ms", "artists drawn each frame ms"), overlay_rows)
        + "\n\nThe digit pad (notebook 07): generated drawings of every digit (thin, medium "
        "and thick strokes; small, medium and large; in the middle and in two corners) read "
        "by the notebook's chosen network, drawn on the 32x32 pad against ticked on the "
        "former 8x8 check boxes:\n\n"
        + table(("pad", "read right", "per digit (right / drawings)"), pad_rows)
    )


def course_section(course, import_seconds, import_wall, repeat):
    lines = ["## 5. The course"]
    if course is None:
        lines.append("nbval not run (`--no-course`, or no notebooks in `notebooks/`).")
    else:
        rows = [(name, f"{seconds:.1f}") for name, seconds in sorted(course.per_notebook.items())]
        rows.append(("**whole run (wall clock)**", f"**{course.seconds:.1f}**"))
        lines.append(
            "`pytest --nbval --nbval-current-env` over `notebooks/*.ipynb` in a subprocess, as "
            f"`make test` runs it: {course.passed} cells passed, {course.failed} failed. "
            "Per notebook: the sum of its cells' times (kernel start-up included).\n\n"
            + table(("notebook", "seconds"), rows)
        )
    lines.append(
        f"`import nnlib` in a fresh interpreter: **{import_seconds * 1e3:.0f} ms** (median of "
        f"{repeat} runs of `python -X importtime -c 'import nnlib'`, nnlib's cumulative line; "
        f"numpy included). Wall clock of `python -c 'import nnlib'` minus `python -c pass`, run "
        f"back to back: {import_wall * 1e3:.0f} ms (median; process start-up and exit add noise)."
    )
    return "\n\n".join(lines)


def browser_section(result, reason, kernel_results):
    """Per slider: the browser's first repaint and burst settle beside the kernel's share."""
    head = "## 6. Slider latency in the browser (key press to the figure's paint)"
    if result is None:
        return f"{head}\n\nNot measured: {reason}."
    kernel = {(r.view.split(".")[0], r.slider): r for r in kernel_results}
    rows = []
    for slider in result.sliders:
        notebook = slider["notebook"]
        match = [r for (module, _), r in kernel.items() if module.startswith("n" + notebook[:2])]
        in_kernel = next(
            (r for r in match if r.slider.replace("_", " ") == slider["slider"].split(" (")[0]),
            None,
        )
        rows.append((
            notebook, slider["slider"], f"{slider['median_ms']:.0f}",
            ", ".join(f"{ms:.0f}" for ms in slider["presses_ms"]),
            ", ".join(f"{ms:.0f}" for ms in slider["bursts_ms"]),
            "-" if in_kernel is None else f"{in_kernel.timing.median * 1e3:.0f}",
            " / ".join(f"{v:.2f}" for v in slider["load_average"]),
        ))
    overall = result.overall
    verdict = "passed" if result.passed else "FAILED (see its output: `make test-browser`)"
    return (
        f"{head}\n\n"
        "Measured by the browser test (`tests/browser/latency.py`; how and why: "
        "[live_figures.md](live_figures.md)) in JupyterLab in headless Chromium at 1280 x 800: "
        "each slider's handle is focused and pressed (arrow keys) several times, alternating "
        "direction; each press is timed from its keydown event to the figure canvas's next "
        "paint (first repaint). Then two bursts of 10 key steps 60 ms apart, there and back: "
        "the time from the last step to the figure's last paint (settle), and the figure must "
        "end on the very picture it showed at that value before. Over the whole course: median "
        f"first repaint **{overall['median_first_repaint_ms']:.0f} ms** (target <= 120), slowest "
        f"slider {overall['slowest_slider_ms']:.0f} ms (<= 200), bursts settled "
        f"{overall['median_burst_settle_ms']:.0f} ms median, "
        f"{overall['slowest_burst_settle_ms']:.0f} ms at worst (<= 250). The browser test "
        f"{verdict}; it took {result.seconds:.0f} s with Run All and the mouse drags.\n\n"
        + table(("notebook", "slider", "first repaint median ms", "each press ms",
                 "bursts settled ms", "in the kernel ms (section 3)", "load average 1/5/15 min"),
                rows)
    )


def document(machine, load, targets, sections):
    """The whole Markdown report."""
    machine_rows = list(machine.items()) + [("1-min load average (start / end)", load)]
    passed = sum(t.passed is True for t in targets)
    missed = sum(t.passed is False for t in targets)
    return "\n\n".join([
        "# Benchmarks",
        "Written by `make bench` (`benchmarks/run.py`); numbers are from the last run. Timings "
        "are medians of repeated runs after a warm-up; a ratio compares runs made in the same "
        "process, interleaved. Other work on the machine (see the load average) slows "
        "everything, so compare ratios rather than absolute times between runs.",
        table(("machine", ""), machine_rows),
        f"## Targets: {passed} pass, {missed} missed",
        table(("target", "measured", "goal", "result"),
              [(t.name, t.measured, t.goal, t.verdict) for t in targets]),
        "![benchmark chart](benchmarks.png)",
        *sections,
    ]) + "\n"
