"""The slider protocol every live view of the course follows: `View` + `explore`.

A `View` owns one matplotlib figure and has a plain ``update(**slider_values)`` that changes the
figure's artists in place (``set_data`` and friends). `explore` builds the sliders from the
view's `sliders` specs, wires them to ``update`` and calls ``fig.canvas.draw_idle()`` after each
move. This is the pattern nbval can check and that redraws without flicker. In a notebook the
figure is an ipympl canvas (``%matplotlib widget``); in tests and benchmarks it is a plain Agg
figure (`View.on_agg`), so every update rule is tested without a browser.

Importing this module loads matplotlib and ipywidgets.
"""

from dataclasses import dataclass

import ipywidgets
import matplotlib.pyplot as plt
import numpy as np

from nnlib.course.ipympl_glue import hide_chrome, keep_picture, show_at_full_size, with_png_fallback


@dataclass(frozen=True)
class SliderSpec:
    """What a slider looks like: label, start value, range and step.

    With ``log=True`` it is a log-scale slider: value is the number itself, min / max / step
    are base-10 exponents (as in ipywidgets.FloatLogSlider). A whole-number `step` and `value`
    make an integer slider.
    """

    description: str
    value: float
    min: float
    max: float
    step: float
    log: bool = False

    @property
    def is_integer(self):
        return not self.log and all(isinstance(v, int) for v in (self.value, self.step))

    def widget(self):
        """The ipywidgets slider for this spec, updating continuously while dragged."""
        common = dict(
            value=self.value,
            min=self.min,
            max=self.max,
            step=self.step,
            description=self.description,
            continuous_update=True,
            style={"description_width": "initial"},
            layout=ipywidgets.Layout(width="440px"),
        )
        if self.log:
            return ipywidgets.FloatLogSlider(base=10, readout_format=".3g", **common)
        if self.is_integer:
            return ipywidgets.IntSlider(**common)
        return ipywidgets.FloatSlider(readout_format=".2f", **common)

    def samples(self, count):
        """`count` values spread over the slider's range, as a learner dragging it would set."""
        if self.log:
            return list(10.0 ** np.linspace(self.min, self.max, count))
        values = np.linspace(self.min, self.max, count)
        return [int(round(v)) for v in values] if self.is_integer else list(values)


class View:
    """A figure plus ``update(**values)`` that redraws it in place.

    Subclasses set `sliders` (name -> SliderSpec; names are update's keyword arguments),
    `budget_ms` (the compute + redraw target for one slider move: 50 for views that only
    evaluate, 100 for views that retrain), `figsize` and `grid` (rows, columns of axes), and
    build their artists in ``__init__(self, fig, axes, **options)``.
    """

    sliders: dict = {}
    budget_ms = 50
    figsize = (6.0, 4.0)
    grid = (1, 1)

    def __init__(self, fig, axes):
        self.fig = fig
        self.axes = axes

    def update(self, **values):
        raise NotImplementedError

    def initial_values(self):
        """The sliders' start values, by name."""
        return {name: spec.value for name, spec in self.sliders.items()}

    @classmethod
    def on_agg(cls, **options):
        """The view on a plain Agg figure (it really renders), for tests and benchmarks."""
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        fig = Figure(figsize=cls.figsize, layout="constrained")
        FigureCanvasAgg(fig)
        axes = fig.subplots(*cls.grid)
        view = cls(fig, axes, **options)
        view.update(**view.initial_values())
        freeze_layout(fig)
        return view


def freeze_layout(fig):
    """Draw once, then keep the axes where the layout engine put them.

    A view's axes limits do not change with its sliders, so re-running constrained layout on
    every redraw would only cost time (nearly half of a redraw for a plot with a colour bar).
    """
    fig.canvas.draw()
    fig.set_layout_engine("none")


def new_figure(figsize=(6.0, 4.0), grid=(1, 1)):
    """A pyplot figure that is NOT shown on creation (a panel shows it); returns (fig, axes)."""
    with plt.ioff():
        fig, axes = plt.subplots(*grid, figsize=figsize, layout="constrained")
    hide_chrome(fig.canvas)
    return fig, axes


class Explorer(ipywidgets.VBox):
    """Sliders above a live figure. `.view` is the View, `.controls` its sliders by name."""

    def __init__(self, view, controls, extra=()):
        super().__init__([*controls.values(), *extra, view.fig.canvas])
        self.view = view
        self.controls = controls

    def set(self, **values):
        """Move sliders from code, exactly as dragging them would, and render the result."""
        for name, value in values.items():
            self.controls[name].value = value
        # draw_idle waits for a browser to ask for the picture; draw() renders it now, and the
        # picture saved with the notebook then matches the sliders
        self.view.fig.canvas.draw()
        keep_picture(self.view.fig)

    def _repr_mimebundle_(self, **kwargs):
        # a picture for places where widgets cannot render (see with_png_fallback)
        return with_png_fallback(super()._repr_mimebundle_(**kwargs), self.view.fig)


def explore(view_class, extra=(), **options):
    """Build `view_class` on a live figure with one slider per spec and wire them together.

    Calls update once with the start values and renders the figure, so a saved notebook keeps a
    picture of it for readers without a kernel. Returns an Explorer (a VBox) to display.
    """
    fig, axes = new_figure(view_class.figsize, view_class.grid)
    view = view_class(fig, axes, **options)
    controls = {name: spec.widget() for name, spec in view.sliders.items()}
    # one label width for all sliders, so their tracks line up under each other
    label_width = max((len(spec.description) for spec in view.sliders.values()), default=0)
    for control in controls.values():
        control.style.description_width = f"{0.55 * label_width:.1f}em"

    def redraw(change=None):
        view.update(**{name: control.value for name, control in controls.items()})
        fig.canvas.draw_idle()

    for control in controls.values():
        control.observe(redraw, names="value")
    view.update(**view.initial_values())
    freeze_layout(fig)
    show_at_full_size(fig)
    keep_picture(fig)  # for readers who open the saved notebook without a kernel
    return Explorer(view, controls, extra)

