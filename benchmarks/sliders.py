"""Slider latency in the kernel: for every View in nnlib.course.nNN_name.views, how long one
slider move takes there (view.update, then the frame the Painter renders and encodes for the
browser, as in a notebook), swept over each slider's range. browser.py measures what the
learner sees."""

import importlib
import inspect
import pkgutil
import time
from dataclasses import dataclass

from benchmarks.timing import Timing


def discover_views():
    """Every View subclass with sliders defined in a notebook's ``views`` module
    (``nnlib.course.nNN_name.views``), by module.

    Returns (views, problems): views as (module name, class) pairs; problems as
    (module name, message) for modules that fail to import (they may be half-written).
    """
    import nnlib.course
    from nnlib.course.explore import View

    names = sorted(
        info.name
        for info in pkgutil.walk_packages(nnlib.course.__path__, "nnlib.course.")
        if info.name.endswith(".views")
    )
    views, problems = [], []
    for name in names:
        try:
            module = importlib.import_module(name)
        except Exception as error:  # a half-written module must not stop the benchmark
            problems.append((name, f"import failed: {type(error).__name__}: {error}"))
            continue
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(cls, View)
                and cls is not View
                and cls.__module__ == name
                and cls.sliders
            ):
                views.append((name, cls))
    return views, problems


@dataclass(frozen=True)
class SliderResult:
    """One slider of one view: seconds per move over the sweep (update + frame), and the
    update alone (the compute; the rest renders the frame and encodes it as PNG)."""

    view: str
    slider: str
    budget_ms: float
    timing: Timing
    update: Timing


def live_view(cls):
    """`cls` on its notebook's data, on a live ipympl canvas whose frames go nowhere, and the
    Painter a notebook's sliders use."""
    from nnlib.course.explore import Painter, freeze_layout, new_figure

    fig, axes = new_figure(cls.figsize, cls.grid)
    fig.canvas.syncing_data_url = False  # as once a browser view is attached: frames only
    fig.canvas.send = lambda content, buffers=None: None
    view = cls(fig, axes)
    view.update(**view.initial_values())
    freeze_layout(fig)
    painter = Painter(view)
    painter.paint()
    return view, painter


def sweep(view, painter, name, count):
    """Time update + paint at each of slider `name`'s samples, the others at start values.

    Returns (Timing of update + paint, Timing of update alone).
    """
    spec = view.sliders[name]
    values = view.initial_values()
    totals, updates = [], []
    for value in [spec.value, *spec.samples(count)]:  # the first move is a warm-up
        start = time.perf_counter()
        view.update(**{**values, name: value})
        updated = time.perf_counter()
        painter.paint()
        totals.append(time.perf_counter() - start)
        updates.append(updated - start)
    return Timing(tuple(totals[1:])), Timing(tuple(updates[1:]))


def benchmark(count=15):
    """SliderResults for every slider of every discovered view, plus problems met on the way."""
    import matplotlib

    matplotlib.use("Agg")
    views, problems = discover_views()
    results = []
    for module, cls in views:
        label = f"{module.split('.')[2]}.{cls.__name__}"
        try:
            view, painter = live_view(cls)  # on its notebook's own data
            for name in cls.sliders:
                timings = sweep(view, painter, name, count)
                results.append(SliderResult(label, name, cls.budget_ms, *timings))
        except Exception as error:  # report a broken view, keep measuring the others
            problems.append((label, f"{type(error).__name__}: {error}"))
    return results, problems
