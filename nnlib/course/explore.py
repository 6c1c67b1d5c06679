"""The slider protocol every live view of the course follows: `View` + `explore`.

A `View` owns one matplotlib figure and has a plain ``update(**slider_values)`` that changes the
figure's artists in place (``set_data`` and friends). `explore` builds the sliders from the
view's `sliders` specs and wires them to ``update``; after each move a `Painter` renders the
figure and sends the picture to the browser at once, redrawing only the artists the view says
change (blitting). In a notebook the figure sits on an ipympl canvas made for it, whatever
pyplot's backend is (the notebooks use ``%matplotlib inline``, so static figures stay plain
pictures); in tests and benchmarks it is a plain Agg figure (`View.on_agg`), so every update
rule is tested without a browser. docs/live_figures.md explains the machinery.

Importing this module loads matplotlib and ipywidgets.
"""

import copy
import math
import numbers
import time
from dataclasses import dataclass

import ipywidgets
import numpy as np
from matplotlib.axis import Axis
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from matplotlib.transforms import Bbox

from nnlib.course.ipympl_glue import (
    draw_without_sending,
    hide_chrome,
    keep_picture,
    live_canvas,
    show_at_full_size,
    with_png_fallback,
)
from nnlib.training import History

# A live figure is `figsize` inches at this many pixels per inch: its width in CSS pixels is
# figsize[0] * LIVE_DPI. An ipympl canvas keeps its pixel width, so a live view is at most
# MAX_WIDTH_PX wide, which fits JupyterLab's notebook column at 1280 x 800 with the sidebar open.
LIVE_DPI = 100
MAX_WIDTH_PX = 800


@dataclass(frozen=True)
class SliderSpec:
    """What a slider looks like: label, start value, range and step.

    With ``log=True`` it is a log-scale slider: value is the number itself, min / max / step
    are base-10 exponents (as in ipywidgets.FloatLogSlider). A whole-number `step` and `value`
    make an integer slider. With `options` (made by `SliderSpec.choice`) it is a slider over
    those values in order (ipywidgets.SelectionSlider): a data set or an activation name, or
    numbers that are not evenly spaced, such as batch sizes 8, 16, 32, 64.
    """

    description: str
    value: float
    min: float
    max: float
    step: float
    log: bool = False
    options: tuple = ()

    def __post_init__(self):
        self.grid_value(self.value, "its start value")  # a view starts where its sliders can be

    @classmethod
    def choice(cls, description, value, options):
        """A slider that steps through `options` (a sequence of names or numbers), at `value`."""
        options = tuple(options)
        if len(options) < 2 or value not in options:
            raise ValueError(
                f"choice {description!r}: value {value!r} must be one of at least two options, "
                f"got {options!r}"
            )
        return cls(description, value, 0, len(options) - 1, 1, options=options)

    @property
    def is_integer(self):
        return (
            not self.log
            and not self.options
            and all(isinstance(v, int) for v in (self.value, self.step))
        )

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
        if self.options:
            for name in ("min", "max", "step"):
                del common[name]
            return ipywidgets.SelectionSlider(options=self.options, **common)
        if self.log:
            return ipywidgets.FloatLogSlider(base=10, readout_format=".3g", **common)
        if self.is_integer:
            return ipywidgets.IntSlider(**common)
        return ipywidgets.FloatSlider(readout_format=".2f", **common)

    def snap(self, value):
        """`value` as the slider's own grid value when it is one up to float rounding, else
        unchanged. A browser computes a position's number its own way (10 ** exponent, or
        min + k * step); snapped, equal positions always give equal numbers, and a view's
        result (a training run at that learning rate) never depends on the rounding."""
        if self.options or self.is_integer or (self.log and value <= 0):
            return value
        position = math.log10(value) if self.log else value
        grid = self.min + round((position - self.min) / self.step) * self.step
        if abs(position - grid) > 1e-9 * max(1.0, abs(grid)):
            return value  # set from code off the grid (e.g. 30): keep it
        grid = round(grid, 12)
        return 10.0**grid if self.log else grid

    def grid_value(self, value, what="value"):
        """`value` as the slider's own grid value (a position it can take), or a ValueError
        naming the slider, `value` and the nearest grid values.

        A browser shows a slider only at its grid positions: a value off the grid (30 on a log
        slider whose positions nearby are 25.1 and 31.6) is moved to one and sent back to the
        kernel after the cell has run, so the view would end somewhere the notebook never set.
        """
        if self.options:
            for option in self.options:
                if value == option and not isinstance(value, bool):
                    return option
            raise ValueError(f"the {self.description!r} slider cannot be set to {value!r} "
                             f"({what}): its values are {list(self.options)}")
        real = isinstance(value, numbers.Real) and not isinstance(value, bool)
        pace = f"each 10**{self.step:g} times the one before" if self.log else (
            f"in steps of {self.step:g}")
        span = f"its positions run from {self._shown(self.min)} to {self._shown(self.max)}, {pace}"
        if not (real and math.isfinite(value) and (value > 0 or not self.log)):
            raise ValueError(f"the {self.description!r} slider cannot be set to {value!r} "
                             f"({what}): {span}")
        position = math.log10(value) if self.log else float(value)
        steps = (position - self.min) / self.step
        last = math.floor((self.max - self.min) / self.step + 1e-9)  # the top position's number
        nearest = min(max(round(steps), 0), last)
        grid = self.min + nearest * self.step
        if abs(position - grid) <= 1e-9 * max(1.0, abs(grid)):
            grid = round(grid, 12)
            return 10.0**grid if self.log else (int(grid) if self.is_integer else grid)
        around = sorted({min(max(k, 0), last) for k in (math.floor(steps), math.ceil(steps))})
        near = " and ".join(self._shown(self.min + k * self.step) for k in around)
        raise ValueError(f"the {self.description!r} slider cannot be set to {value!r} ({what}): "
                         f"{span}; the nearest: {near}. A browser would move the slider there and "
                         "send that value back after the cell has run.")

    def _shown(self, position):
        """A grid position as a number (a log slider's: 10 ** position, and the exponent)."""
        position = round(position, 12)
        return f"{10.0**position:.6g} (10**{position:g})" if self.log else f"{position:g}"

    def samples(self, count):
        """`count` values spread over the slider's range, as a learner dragging it would set."""
        if self.options:
            positions = np.linspace(0, len(self.options) - 1, count)
            return [self.options[int(round(p))] for p in positions]
        if self.log:
            return list(10.0 ** np.linspace(self.min, self.max, count))
        values = np.linspace(self.min, self.max, count)
        return [int(round(v)) for v in values] if self.is_integer else list(values)


class View:
    """A figure plus ``update(**values)`` that redraws it in place.

    Subclasses set `sliders` (name -> SliderSpec; names are update's keyword arguments),
    `budget_ms` (the compute + redraw target for one slider move: 50 for views that only
    evaluate, 100 for views that retrain), `figsize` (inches at LIVE_DPI, at most
    MAX_WIDTH_PX / LIVE_DPI = 8 wide) and `grid` (rows, columns of axes), build their artists
    in ``__init__(self, fig, axes, **options)``, and name in `changing_artists` the artists
    update changes, so that a slider move redraws only those.
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

    def changing_artists(self):
        """The artists ``update`` changes (a list), or None: then every move redraws it all.

        Everything else must stay as it is between moves (axes limits, ticks, labels, legend):
        the `Painter` draws it once and reuses the picture. An axis (``ax.yaxis``) may be
        listed: its ticks, labels and grid lines are then redrawn, for limits that follow the
        data.
        """
        return None

    def initial_values(self):
        """The sliders' start values, by name."""
        return {name: spec.value for name, spec in self.sliders.items()}

    def one_move_away(self):
        """The slider settings at most one slider away from the start values, start first
        (what a learner's first moves reach: views that train warm their `RunCache` with
        them)."""
        start = self.initial_values()
        settings = [start]
        for name, spec in self.sliders.items():
            positions = spec.samples(round((spec.max - spec.min) / spec.step) + 1)
            values = spec.options or [spec.snap(value) for value in positions]
            settings += [{**start, name: value} for value in values if value != start[name]]
        return settings

    def on_mouse(self, event):
        """A mouse event on the figure (a matplotlib MouseEvent: press, motion or release);
        return True when the figure must be painted again. Views that are not drawn on ignore
        them."""
        return False

    @classmethod
    def on_agg(cls, **options):
        """The view on a plain Agg figure (it really renders), for tests and benchmarks."""
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        fig = Figure(figsize=cls.figsize, dpi=LIVE_DPI, layout="constrained")
        FigureCanvasAgg(fig)
        axes = fig.subplots(*cls.grid)
        view = cls(fig, axes, **options)
        view.update(**view.initial_values())
        freeze_layout(fig)
        return view


class Painter:
    """Renders a view's figure after an update and sends the picture to the browser at once.

    ``canvas.draw_idle()`` would only ask the browser to ask back for a picture (a round trip
    per frame, see docs/live_figures.md); `paint` renders and sends it now, blitting: the first
    paint draws the whole figure once without the view's changing artists and without the
    unchanging artists drawn over them, and keeps that picture (the background); it also
    renders each run of those unchanging artists, once, into a transparent picture of its own
    (an overlay). Every paint then restores the background and draws the changing artists and
    the overlays on top, in the order a full draw would: ticks, labels, legends, colour bars
    and names over a picture are not drawn again. The frame is what a full redraw gives, up
    to the rounding of a few edge pixels (tests/test_course_explore.py checks every view).
    """

    def __init__(self, view):
        self.view = view
        self.canvas = view.fig.canvas
        self._background = None  # (the pixels, the canvas size they were taken at)
        self._over = []  # unchanging artists drawn over the changing ones, as (axes, artist)
        self._overlays = {}  # a run of those artists (ids) -> its Overlay

    def paint(self):
        """Render the figure as the view's artists are now and send the frame."""
        changing = self.view.changing_artists()
        canvas = self.canvas
        if changing is None or not hasattr(canvas, "copy_from_bbox"):
            canvas.draw()
            return
        size = canvas.get_width_height(physical=True)
        if self._background is None or self._background[1] != size:
            self._keep_background(changing)
        canvas.restore_region(self._background[0])
        renderer = canvas.get_renderer()
        unchanging = {id(artist) for _, artist in self._over}
        run = []
        for axes, artist in [*self._layers(changing), (None, None)]:  # (None, None) ends a run
            if artist is not None and id(artist) in unchanging:
                run.append(artist)
                continue
            if run:
                self._overlay(run).draw(renderer)
                run = []
            if artist is not None and artist.get_visible():
                axes.draw_artist(artist)
        # the live canvas sends every frame whole (ipympl_glue.live_canvas says why)
        canvas.blit(self.view.fig.bbox)

    def forget_background(self):
        """Draw the background anew at the next paint (after changing an unchanging artist)."""
        self._background = None
        self._overlays = {}

    def _overlay(self, run):
        key = tuple(id(artist) for artist in run)
        if key not in self._overlays:
            self._overlays[key] = Overlay(run, self.canvas)
        return self._overlays[key]

    def _layers(self, changing):
        """(axes, artist) pairs to draw over the background, in a full draw's order."""
        places = {}  # id(artist) -> (its axes' index in the figure, its axes, its child rank)
        for index, axes in enumerate(self.view.fig.axes):
            for rank, child in enumerate(axes.get_children()):
                places.setdefault(id(child), (index, axes, rank))
        pairs = []
        for artist in changing:
            if id(artist) not in places:
                raise ValueError(f"{artist!r} is not an artist of the view's axes")
            pairs.append((places[id(artist)][1], artist))
        pairs += self._over

        def drawing_order(pair):
            _, artist = pair
            index, _, rank = places[id(artist)]
            return index, artist.get_zorder(), rank

        return sorted(pairs, key=drawing_order)

    def _keep_background(self, changing):
        """Draw the figure without the changing artists and what lies over them; keep it."""
        fig, canvas = self.view.fig, self.canvas
        draw_without_sending(canvas)  # a full draw: positions titles, ticks and the rest
        renderer = canvas.get_renderer()
        self._over = []
        for axes in fig.axes:
            mine = [artist for artist in changing if artist in axes.get_children()]
            if not mine:
                continue
            lowest = min(artist.get_zorder() for artist in mine)
            region = Bbox.union([_drawn_area(artist, renderer) for artist in mine])
            for child in axes.get_children():
                if (
                    child not in mine
                    and child is not axes.patch
                    and not isinstance(child, Axis)  # ticks and grid stay beneath
                    and child.get_visible()
                    and child.get_zorder() >= lowest
                    and child.get_window_extent(renderer).overlaps(region)
                ):
                    self._over.append((axes, child))
        left_out = [artist for _, artist in self._layers(changing)]
        # Axes.draw skips animated artists, except images (it composites those), and leaves a
        # title where it was only while the title is visible: so hide images, animate the rest.
        saved = [(artist, artist.get_visible(), artist.get_animated()) for artist in left_out]
        try:
            for artist in left_out:
                if isinstance(artist, AxesImage):
                    artist.set_visible(False)
                else:
                    artist.set_animated(True)
            draw_without_sending(canvas)
        finally:
            for artist, visible, animated in saved:
                artist.set_visible(visible)
                artist.set_animated(animated)
        self._background = (
            canvas.copy_from_bbox(fig.bbox),
            canvas.get_width_height(physical=True),
        )
        self._overlays = {}


class TrainingRun:
    """One model's training from its start, extended on demand and readable after any multiple
    of `every` iterations, so that a view retraining on every slider move trains each
    iteration once.

    Training for k iterations is exactly the first k iterations of a longer run from the same
    start (gradient descent does the same arithmetic in the same order), so one run serves
    every position of an iterations slider: the model is copied every `every` iterations.

    model : a fresh model to train in place, e.g. ``Network(sizes, seed=0)``.
    train : ``train(model, iterations, callback, callback_every)``, which trains `model` for
        `iterations` more iterations and returns its `History` (e.g. a lambda around
        ``model.train``).
    """

    def __init__(self, model, train, every):
        self.model = model
        self.every = every
        self._train = train
        self.done = 0
        self.losses = np.empty(0)
        self.validation_losses = None
        self._kept = {0: copy.deepcopy(model)}

    def after(self, iterations):
        """(a copy of the model after `iterations`, the History of those iterations), training
        further first if needed; None when `iterations` is not a multiple of `every`."""
        if iterations < 0 or iterations % self.every:
            return None
        if iterations > self.done:
            start = self.done

            def keep(done, losses):
                self._kept[start + done] = copy.deepcopy(self.model)

            history = self._train(self.model, iterations - start, keep, self.every)
            self.losses = np.concatenate([self.losses, history.losses])
            if history.validation_losses is not None:
                before = np.empty(0) if self.validation_losses is None else self.validation_losses
                self.validation_losses = np.concatenate([before, history.validation_losses])
            self.done = iterations
        validation = self.validation_losses
        history = History(
            self.losses[:iterations].copy(),
            None if validation is None else validation[:iterations].copy(),
        )
        return copy.deepcopy(self._kept[iterations]), history


class RunCache:
    """The training runs a view has made, by setting: each setting is trained when first asked
    for and kept, so that moving back to it trains nothing; beyond `capacity` settings the
    least recently used is forgotten (a run holds at most a few hundred kB).

    start : ``start(*setting)`` makes the run of a setting (a `TrainingRun`, or whatever the
        view keeps: a finished run, its curves).
    ``cache(*setting)`` returns the run of `setting` (a tuple of slider values), made now if
    needed; ``cache[setting]`` returns a kept run only; ``setting in cache``, ``len(cache)``
    and iterating over the kept settings work as for a dict.
    """

    def __init__(self, start, capacity=64):
        self._start = start
        self.capacity = capacity
        self._runs = {}  # setting -> run, the most recently used last

    def __call__(self, *setting):
        run = self._runs.pop(setting, None)
        if run is None:
            run = self._start(*setting)
        self._runs[setting] = run
        while len(self._runs) > self.capacity:
            del self._runs[next(iter(self._runs))]  # the least recently used
        return run

    def warm(self, settings):
        """Make the runs of `settings` (tuples) now, so that moving to them trains nothing."""
        for setting in settings:
            self(*setting)

    def __getitem__(self, setting):
        return self._runs[setting]

    def __contains__(self, setting):
        return setting in self._runs

    def __iter__(self):
        return iter(list(self._runs))

    def __len__(self):
        return len(self._runs)


class Overlay:
    """Unchanging artists rendered once into a transparent picture, laid over frames after."""

    def __init__(self, artists, canvas):
        # the canvas's own renderer's size: matplotlib 3.10 keeps a figure's unrounded height
        # (4.6 in at 100 dpi: 459.99... px) and places text from it; a rounded one would move
        # every text of the overlay by a pixel
        frame = canvas.get_renderer()
        renderer = RendererAgg(frame.width, frame.height, frame.dpi)  # transparent white
        for artist in artists:
            if artist.get_visible():
                artist.draw(renderer)
        pixels = np.asarray(renderer.buffer_rgba())  # rows from the top
        rows, columns = np.nonzero(pixels[:, :, 3])
        self.picture = None
        if len(rows):
            top, bottom = rows.min(), rows.max()
            self.left, self.bottom = int(columns.min()), int(len(pixels) - 1 - bottom)
            # draw_image takes rows from the bottom up
            self.picture = pixels[top : bottom + 1, self.left : columns.max() + 1][::-1].copy()

    def draw(self, renderer):
        if self.picture is not None:
            gc = renderer.new_gc()
            renderer.draw_image(gc, self.left, self.bottom, self.picture)
            gc.restore()


def _drawn_area(artist, renderer):
    """Where `artist` can draw: its axes' box if it is clipped to it, else its own extent."""
    clip = artist.get_clip_box() if artist.get_clip_on() else None
    if clip is not None:
        return clip
    return artist.get_window_extent(renderer)


def freeze_layout(fig):
    """Draw once, then keep the axes where the layout engine put them.

    A view's axes limits do not change with its sliders, so re-running constrained layout on
    every redraw would only cost time (nearly half of a redraw for a plot with a colour bar).
    """
    draw_without_sending(fig.canvas)
    fig.set_layout_engine("none")


def new_figure(figsize=(6.0, 4.0), grid=(1, 1)):
    """A live figure on its own ipympl canvas, whatever pyplot's backend; returns (fig, axes).

    The figure is not known to pyplot (no ``plt.show()`` or ``%matplotlib inline`` shows it);
    a panel shows its canvas.
    """
    fig = Figure(figsize=figsize, dpi=LIVE_DPI, layout="constrained")
    hide_chrome(live_canvas(fig))
    return fig, fig.subplots(*grid)


class Explorer(ipywidgets.VBox):
    """Sliders above a live figure. `.view` is the View, `.controls` its sliders by name.

    Each slider move calls ``view.update`` with every slider's value and paints the figure
    before the move's message is done, so the browser sends the next value of a slider only
    once this frame is on its way: while frames are slower than the slider moves, the values
    in between are never computed (ipywidgets keeps only the newest unsent value).

    A view drawn on with the mouse (``View.on_mouse``) gets the figure's mouse events; a
    drag's motion events arrive one by one (nothing merges them), so while a drag lasts a
    frame is painted only once the kernel has been free for as long as the last frame took,
    and the release paints the last state.
    """

    MOUSE_EVENTS = ("button_press_event", "motion_notify_event", "button_release_event")

    def __init__(self, view, controls, extra=()):
        super().__init__([*controls.values(), *extra, view.fig.canvas])
        self.view = view
        self.controls = controls
        self.painter = Painter(view)
        self._setting = False
        self._unpainted = False  # a mouse event changed the view since the last frame
        self._frame_end, self._frame_seconds = 0.0, 0.0
        for control in controls.values():
            control.observe(self._moved, names="value")
        if type(view).on_mouse is not View.on_mouse:
            for name in self.MOUSE_EVENTS:
                view.fig.canvas.mpl_connect(name, self._mouse)

    def values(self):
        """The sliders' current values, by name (snapped to their grid, see SliderSpec.snap)."""
        specs = self.view.sliders
        return {name: specs[name].snap(control.value) for name, control in self.controls.items()}

    def redraw(self):
        """Update the view for the sliders' current values and paint it."""
        start = time.perf_counter()
        self.view.update(**self.values())
        self.painter.paint()
        self._unpainted = False
        self._frame_end = time.perf_counter()
        self._frame_seconds = self._frame_end - start

    def set(self, **values):
        """Move sliders from code, exactly as dragging them would, and render the result.
        Every value must be one the slider can show (SliderSpec.grid_value)."""
        unknown = sorted(set(values) - set(self.controls))
        if unknown:
            raise ValueError(f"no slider named {', '.join(unknown)}; the sliders are "
                             f"{', '.join(self.controls)}")
        values = {name: self.view.sliders[name].grid_value(value, f"{name}={value!r}")
                  for name, value in values.items()}  # all checked before any slider moves
        self._setting = True  # one update and one frame for all the sliders moved
        try:
            for name, value in values.items():
                self.controls[name].value = value
        finally:
            self._setting = False
        self.show()

    def show(self):
        """Update and paint the view, and keep the picture for the saved notebook (after a
        change made from code: `set`, a button)."""
        self.redraw()
        keep_picture(self.view.fig)  # the picture saved with the notebook matches the sliders

    def _moved(self, change):
        if not self._setting:
            self.redraw()

    def _mouse(self, event):
        self._unpainted |= bool(self.view.on_mouse(event))
        if not self._unpainted:
            return
        idle = time.perf_counter() - self._frame_end
        if event.name == "motion_notify_event" and idle < self._frame_seconds:
            return  # a newer motion event is probably queued: it will paint
        if event.name == "button_release_event":
            self.show()
        else:
            self.redraw()

    def _repr_mimebundle_(self, **kwargs):
        # a picture for places where widgets cannot render (see with_png_fallback)
        return with_png_fallback(super()._repr_mimebundle_(**kwargs), self.view.fig)


def explore(view_class, extra=(), explorer_class=Explorer, **options):
    """Build `view_class` on a live figure with one slider per spec and wire them together.

    Calls update once with the start values and renders the figure, so a saved notebook keeps a
    picture of it for readers without a kernel. `extra` widgets (buttons) go between the
    sliders and the figure. Returns an `explorer_class` (an Explorer, a VBox) to display.
    """
    fig, axes = new_figure(view_class.figsize, view_class.grid)
    view = view_class(fig, axes, **options)
    controls = {name: spec.widget() for name, spec in view.sliders.items()}
    # one label width for all sliders, so their tracks line up under each other
    label_width = max((len(spec.description) for spec in view.sliders.values()), default=0)
    for control in controls.values():
        control.style.description_width = f"{0.55 * label_width:.1f}em"
    view.update(**view.initial_values())
    freeze_layout(fig)
    explorer = explorer_class(view, controls, extra)
    explorer.painter.paint()
    show_at_full_size(fig)
    keep_picture(fig)  # for readers who open the saved notebook without a kernel
    return explorer
