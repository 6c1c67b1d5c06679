"""Slider latency: for every View in nnlib.widgets.*, how long one slider move takes
(view.update + a full Agg redraw), swept over each slider's range."""

import importlib
import inspect
import pkgutil
import time
from dataclasses import dataclass

import numpy as np

import nnlib
from benchmarks.timing import Timing


def _people():
    table = nnlib.data.load("people")
    X = table.matrix("weight_lb", "height_in") - np.array([135.0, 66.0])
    return {"X": X, "y": table.matrix("female")}


def _penguins():
    """Notebook 04's penguin task: species (one-hot, 3 outputs) from bill depth, flipper length
    and body mass; 30 training penguins (seeded shuffle), 312 for validation; standardised with
    the training split's mean and standard deviation."""
    features = ("bill_depth_mm", "flipper_length_mm", "body_mass_g")
    table = nnlib.data.load("penguins").drop_missing(*features)
    X = table.matrix(*features)
    y = (table["species"][:, None] == np.array(["Adelie", "Chinstrap", "Gentoo"])).astype(float)
    order = np.random.default_rng(0).permutation(len(X))
    train, val = order[:30], order[30:]
    mean, std = X[train].mean(axis=0), X[train].std(axis=0)
    return {
        "X_train": (X[train] - mean) / std,
        "y_train": y[train],
        "X_val": (X[val] - mean) / std,
        "y_val": y[val],
    }


# Views whose constructor needs data: the options their notebook passes (by class name).
VIEW_OPTIONS = {"BoundaryView": _people, "OverfittingView": _penguins}


def discover_views():
    """Every View subclass with sliders defined in an nnlib.widgets submodule, by module.

    Returns (views, problems): views as (module name, class) pairs; problems as
    (module name, message) for submodules that fail to import (they may be half-written).
    """
    import nnlib.widgets
    from nnlib.widgets import View

    views, problems = [], []
    for info in sorted(pkgutil.iter_modules(nnlib.widgets.__path__), key=lambda i: i.name):
        name = f"nnlib.widgets.{info.name}"
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
    """One slider of one view: seconds per move over the sweep (update + draw), and the
    update alone (the compute; the rest is matplotlib's redraw)."""

    view: str
    slider: str
    budget_ms: float
    timing: Timing
    update: Timing


def sweep(view, name, count):
    """Time `update` + draw at each of slider `name`'s samples, the others at start values.

    Returns (Timing of update + draw, Timing of update alone).
    """
    spec = view.sliders[name]
    values = view.initial_values()
    totals, updates = [], []
    for value in [spec.value, *spec.samples(count)]:  # the first move is a warm-up
        start = time.perf_counter()
        view.update(**{**values, name: value})
        updated = time.perf_counter()
        view.fig.canvas.draw()
        totals.append(time.perf_counter() - start)
        updates.append(updated - start)
    return Timing(tuple(totals[1:])), Timing(tuple(updates[1:]))


def on_agg(cls):
    """The view on an Agg canvas (``fig.canvas.draw()`` really renders), with its notebook's
    data where its constructor needs some."""
    options = VIEW_OPTIONS[cls.__name__]() if cls.__name__ in VIEW_OPTIONS else {}
    return cls.on_agg(**options)


def benchmark(count=15):
    """SliderResults for every slider of every discovered view, plus problems met on the way."""
    import matplotlib

    matplotlib.use("Agg")
    views, problems = discover_views()
    results = []
    for module, cls in views:
        label = f"{module.rsplit('.', 1)[1]}.{cls.__name__}"
        try:
            view = on_agg(cls)
            for name in cls.sliders:
                results.append(SliderResult(label, name, cls.budget_ms, *sweep(view, name, count)))
        except Exception as error:  # report a broken view, keep measuring the others
            problems.append((label, f"{type(error).__name__}: {error}"))
    return results, problems
