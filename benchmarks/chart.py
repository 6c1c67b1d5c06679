"""The PNG chart for docs/benchmarks.png: one panel per benchmark section."""

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from benchmarks.report import IMPLEMENTATIONS

COLORS = {"nnlib": "tab:blue", "numpy fused": "tab:green", "python loop": "tab:gray",
          "pytorch": "tab:orange"}


def _article_panel(ax, results):
    width = 0.2
    positions = np.arange(len(results))
    for offset, name in enumerate(IMPLEMENTATIONS):
        if name not in results[0].timings:  # PyTorch not installed
            continue
        times = [r.timings[name].median * 1e3 for r in results]
        ax.bar(positions + (offset - 1.5) * width, times, width, label=name, color=COLORS[name])
    ax.set_xticks(positions, [r.task.key for r in results])
    ax.set_yscale("log")
    ax.set_ylabel("ms per training run (log)")
    ax.set_title("1. Article tasks: whole training run")
    ax.legend(fontsize=8)


def _compute_panel(ax, result):
    names = [*result.timings, "matmuls alone"]
    times = [t.median * 1e3 for t in result.timings.values()] + [result.matmul_only.median * 1e3]
    colors = [COLORS.get(n.split()[0] if n.startswith("pytorch") else n, "tab:purple")
              for n in names]
    bars = ax.barh(names, times, color=colors)
    ax.bar_label(bars, [f"{t:.1f}" for t in times], padding=3, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, max(times) * 1.2)
    ax.set_xlabel("ms per training step")
    ax.set_title("2. 784-128-10, batch 256: one step")


def _slider_panel(ax, results):
    labels = [f"{r.view.split('.')[-1]}: {r.slider}" for r in results]
    medians = [r.timing.median * 1e3 for r in results]
    colors = ["tab:blue" if m < r.budget_ms else "tab:red" for m, r in zip(medians, results,
                                                                           strict=True)]
    positions = np.arange(len(results))
    ax.barh(positions, medians, color=colors)
    ax.scatter([r.budget_ms for r in results], positions, marker="|", s=200, color="k",
               label="budget", zorder=3)
    ax.set_yticks(positions, labels, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("median ms per slider move (red: over budget)")
    ax.set_title("3. Slider move in the kernel: update + frame")
    ax.legend(fontsize=8, loc="lower right")


def _course_panel(ax, course, import_seconds):
    if course is None or not course.per_notebook:
        ax.text(0.5, 0.5, "no notebooks yet", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
    else:
        names = sorted(course.per_notebook)
        seconds = [course.per_notebook[name] for name in names]
        # notebook numbers only: seven full names do not fit under the bars side by side
        bars = ax.bar([name.split("_", 1)[0] for name in names], seconds, color="tab:blue")
        ax.bar_label(bars, [f"{s:.1f} s" for s in seconds], fontsize=8)
        ax.set_xlabel("notebook")
        ax.set_ylabel("seconds under nbval")
    total = "" if course is None else f"whole course {course.seconds:.1f} s, "
    ax.set_title(f"4. Course: {total}import nnlib {import_seconds * 1e3:.0f} ms")


def write(path, articles, compute, sliders, course, import_seconds):
    """Draw the four panels and save them as a PNG at `path`."""
    fig = Figure(figsize=(13, 9), layout="constrained")
    FigureCanvasAgg(fig)
    (a, b), (c, d) = fig.subplots(2, 2)
    _article_panel(a, articles)
    _compute_panel(b, compute)
    _slider_panel(c, sliders)
    _course_panel(d, course, import_seconds)
    fig.savefig(path, dpi=100)
