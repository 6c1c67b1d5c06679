"""explore(): sliders wired to a view's update, on a live ipympl figure, as notebooks use it;
the Painter that renders each move (blitting, checked against a full redraw for every view of
the course); TrainingRun, which views use to train each iteration once."""

import base64
import importlib
import inspect
import pkgutil

import ipywidgets
import matplotlib.pyplot as plt
import numpy as np
import pytest
from live_frames import count_frames
from matplotlib.figure import Figure

import nnlib
import nnlib.course
from nnlib.course.explore import (
    LIVE_DPI,
    MAX_WIDTH_PX,
    Painter,
    RunCache,
    SliderSpec,
    TrainingRun,
    View,
    explore,
)

# ipympl's Toolbar passes the canvas on to traitlets, which deprecates that; not ours to fix.
pytestmark = pytest.mark.filterwarnings(r"ignore:Passing unrecognized arguments to super")


class Line(View):
    """y = slope * x, with a slope slider and a whole-number slider."""

    sliders = {
        "slope": SliderSpec("slope of the line", 1.0, -2.0, 2.0, 0.5),
        "points": SliderSpec("points", 5, 2, 9, 1),
    }

    def __init__(self, fig, ax):
        super().__init__(fig, ax)
        (self.line,) = ax.plot([], [])
        ax.set_xlim(0, 1)
        ax.set_ylim(-2, 2)
        self.calls = 0

    def update(self, slope, points):
        x = np.linspace(0, 1, points)
        self.line.set_data(x, slope * x)
        self.calls += 1


class NoSliders(View):
    def __init__(self, fig, ax):
        super().__init__(fig, ax)
        ax.plot([0, 1], [0, 1])

    def update(self):
        pass




def course_views():
    """Every View with sliders in nnlib.course.nNN_name.views, plus those without (live ones)."""
    found = []
    for info in pkgutil.walk_packages(nnlib.course.__path__, "nnlib.course."):
        if info.name.endswith(".views"):
            module = importlib.import_module(info.name)
            found += [
                cls
                for _, cls in inspect.getmembers(module, inspect.isclass)
                if issubclass(cls, View) and cls is not View and cls.__module__ == info.name
            ]
    return found


def quick_view(view_class):
    """The view on Agg, without training ahead the settings one slider move away (07's, 04's and
    09's views do that for the learner's first moves): the drawing is the same, and these tests
    train only the settings they move to."""
    ahead = "precompute" in inspect.signature(view_class.__init__).parameters
    return view_class.on_agg(**({"precompute": False} if ahead else {}))


VIEWS = course_views()


def test_sliders_start_at_their_specs_and_draw_the_view(pyplot_on_agg):
    explorer = explore(Line)
    assert {name: c.value for name, c in explorer.controls.items()} == {"slope": 1.0, "points": 5}
    np.testing.assert_allclose(explorer.view.line.get_ydata(), np.linspace(0, 1, 5))


def test_moving_a_slider_updates_the_view_in_place(pyplot_on_agg):
    explorer = explore(Line)
    line, calls = explorer.view.line, explorer.view.calls
    explorer.controls["slope"].value = -2.0
    assert explorer.view.line is line  # same artist, new data: no new figure, no flicker
    assert explorer.view.calls == calls + 1
    np.testing.assert_allclose(line.get_ydata(), -2.0 * np.linspace(0, 1, 5))


def test_set_moves_sliders_from_code(pyplot_on_agg):
    explorer = explore(Line)
    explorer.set(points=9, slope=0.5)
    np.testing.assert_allclose(explorer.view.line.get_ydata(), 0.5 * np.linspace(0, 1, 9))


def test_integer_and_float_sliders_and_aligned_labels(pyplot_on_agg):
    explorer = explore(Line)
    assert type(explorer.controls["points"]).__name__ == "IntSlider"
    assert type(explorer.controls["slope"]).__name__ == "FloatSlider"
    widths = {control.style.description_width for control in explorer.controls.values()}
    assert len(widths) == 1


def test_canvas_knows_its_size_and_the_output_carries_a_png(pyplot_on_agg):
    explorer = explore(Line)
    width, height = explorer.view.fig.canvas._size
    assert width > 100 and height > 100  # a 0 x 0 canvas shows nothing in JupyterLab
    bundle = explorer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert base64.b64decode(bundle["image/png"]).startswith(b"\x89PNG")


def test_a_view_without_sliders_still_shows(pyplot_on_agg):
    explorer = explore(NoSliders)
    assert explorer.controls == {}
    assert explorer.children[-1] is explorer.view.fig.canvas


def test_samples_cover_the_range_of_each_kind_of_slider():
    assert SliderSpec("n", 5, 2, 9, 1).samples(3) == [2, 6, 9]
    assert SliderSpec("s", 1.0, -2.0, 2.0, 0.5).samples(3) == [-2.0, 0.0, 2.0]
    np.testing.assert_allclose(
        SliderSpec("lr", 1.0, -2, 2, 0.1, log=True).samples(3), [0.01, 1, 100]
    )


def test_saved_widget_state_holds_the_whole_current_picture_as_a_data_url(pyplot_on_agg):
    explorer = explore(Line)
    explorer.set(slope=-2.0)
    stored = explorer.view.fig.canvas._data_url
    assert stored.startswith("data:image/png;base64,")
    png = base64.b64decode(stored.split(",", 1)[1])
    assert png.startswith(b"\x89PNG")
    assert stored.split(",", 1)[1] == explorer._repr_mimebundle_()["image/png"]


# --- live figures: on their own ipympl canvas, within the notebook column ----------------------


def test_live_figures_are_ipympl_canvases_unknown_to_pyplot(pyplot_on_agg):
    explorer = explore(Line)
    assert type(explorer.view.fig.canvas).__module__.startswith("nnlib.course.ipympl_glue")
    assert plt.get_fignums() == []  # %matplotlib inline will not show it a second time
    assert plt.get_backend().lower() == "agg"


@pytest.mark.parametrize("view_class", VIEWS, ids=lambda cls: cls.__name__)
def test_every_course_view_fits_the_notebook_column(view_class):
    width, height = np.array(view_class.figsize) * LIVE_DPI
    assert width <= MAX_WIDTH_PX, f"{view_class.__name__} is {width:.0f} px wide"
    assert height <= 600


# --- painting a move: once, at once, and the same picture as a full redraw ---------------------


def test_a_slider_move_sends_one_frame_at_once(pyplot_on_agg):
    explorer = explore(Line)
    frames = count_frames(explorer.view.fig.canvas)
    explorer.controls["slope"].value = -1.0
    assert len(frames) == 1 and frames[0].startswith(b"\x89PNG")


def test_set_moves_several_sliders_with_one_update_and_one_frame(pyplot_on_agg):
    explorer = explore(Line)
    frames = count_frames(explorer.view.fig.canvas)
    calls = explorer.view.calls
    explorer.set(slope=0.5, points=3)
    assert explorer.view.calls == calls + 1
    assert len(frames) == 1


@pytest.mark.parametrize(
    "view_class", [cls for cls in VIEWS if cls.sliders], ids=lambda cls: cls.__name__
)
def test_blitted_frames_are_a_full_redraw(view_class):
    """For every course view and several positions of each slider, the Painter's frame (the
    kept background, the changing artists and the overlays) shows what a full draw shows. An
    overlay is blended in as one picture, so an antialiased edge pixel may differ by a few
    levels (the edges of notebook 03's 40 markers: about 0.3% of the pixels); a missing, extra
    or misplaced artist differs by far more than 8 levels."""
    view = quick_view(view_class)
    assert view.changing_artists() is not None, "every course view should blit"
    painter = Painter(view)
    canvas = view.fig.canvas
    for name, spec in view_class.sliders.items():
        for value in spec.samples(4):
            view.update(**{**view.initial_values(), name: value})
            painter.paint()
            blitted = np.asarray(canvas.buffer_rgba()).astype(int)
            canvas.draw()
            full = np.asarray(canvas.buffer_rgba()).astype(int)
            share = np.mean(np.any(blitted != full, axis=2))
            worst = np.abs(blitted - full).max()
            assert share <= 0.005 and worst <= 8, (
                f"{name}={value}: {share:.3%} of the pixels differ, by up to {worst} levels"
            )


def test_painter_redraws_everything_for_a_view_that_names_no_changing_artists(pyplot_on_agg):
    explorer = explore(Line)  # Line keeps the default changing_artists() -> None
    frames = count_frames(explorer.view.fig.canvas)
    explorer.painter.paint()
    assert len(frames) == 1 and explorer.painter._background is None


def test_painter_refuses_a_changing_artist_that_is_not_on_the_views_axes():
    class Stray(Line):
        def changing_artists(self):
            return [self.line, Figure().add_subplot().plot([0, 1])[0]]

    view = Stray.on_agg()
    with pytest.raises(ValueError, match="is not an artist of the view's axes"):
        Painter(view).paint()


# --- TrainingRun -------------------------------------------------------------------------------


def network_run(every=10):
    X, y = nnlib.data.xor()

    def train(network, more, callback, callback_every):
        return network.train(
            X, y, more, learning_rate=2.0, validation_data=(X, y), callback=callback,
            callback_every=callback_every,
        )

    return TrainingRun(nnlib.Network([3, 4, 1], seed=3), train, every=every), X, y


@pytest.mark.parametrize("iterations", [10, 40, 120])
def test_a_training_run_read_at_k_iterations_is_training_for_k(iterations):
    run, X, y = network_run()
    run.after(200)  # trained further than asked: the start of it is read off
    network, history = run.after(iterations)
    fresh = nnlib.Network([3, 4, 1], seed=3)
    expected = fresh.train(X, y, iterations, learning_rate=2.0, validation_data=(X, y))
    np.testing.assert_array_equal(history.losses, expected.losses)
    np.testing.assert_array_equal(history.validation_losses, expected.validation_losses)
    for got, want in zip(network.weights + network.biases, fresh.weights + fresh.biases,
                         strict=True):
        np.testing.assert_array_equal(got, want)


def test_a_training_run_trains_each_iteration_once():
    run, _, _ = network_run()
    run.after(50)
    run.after(30)
    assert run.done == 50
    run.after(80)
    assert run.done == 80 and len(run.losses) == 80


def test_a_training_run_only_answers_on_its_steps_and_hands_out_copies():
    run, _, _ = network_run(every=10)
    assert run.after(15) is None
    network, _ = run.after(20)
    network.weights[0][:] = 0.0
    again, _ = run.after(20)
    assert np.any(again.weights[0] != 0.0)


@pytest.mark.parametrize(
    ("spec", "browser_value", "snapped"),
    [
        (SliderSpec("rate", 10.0, -0.5, 1.5, 0.1, log=True), 10 ** (1.0 + 4e-16), 10.0),
        (SliderSpec("rate", 10.0, -0.5, 1.5, 0.1, log=True), 10 ** (-0.5 + 20 * 0.1), 10.0**1.5),
        (SliderSpec("w1", 0.0, -3.0, 3.0, 0.1), -3.0 + 31 * 0.1, 0.1),
        (SliderSpec("w1", 0.0, -3.0, 3.0, 0.1), 1.0, 1.0),
    ],
)
def test_a_slider_position_always_gives_the_same_number(spec, browser_value, snapped):
    assert spec.snap(browser_value) == snapped


def test_a_value_set_from_code_off_the_grid_is_kept():
    spec = SliderSpec("rate", 10.0, -0.5, 1.5, 0.1, log=True)
    assert spec.snap(30.0) == 30.0
    assert SliderSpec("units", 8, 1, 16, 1).snap(5) == 5


def test_a_choice_slider_steps_through_its_options_in_order(pyplot_on_agg):
    spec = SliderSpec.choice("batch size", 32, (8, 16, 32, 64, 128))
    control = spec.widget()
    assert isinstance(control, ipywidgets.SelectionSlider)
    assert control.options == (8, 16, 32, 64, 128) and control.value == 32
    assert control.description == "batch size" and control.continuous_update
    assert spec.samples(3) == [8, 32, 128]
    assert spec.snap(64) == 64 and not spec.is_integer


@pytest.mark.parametrize(
    ("value", "options"), [("gelu", ("sigmoid", "relu")), ("relu", ("relu",)), (3, ())]
)
def test_a_choice_must_start_at_one_of_at_least_two_options(value, options):
    with pytest.raises(ValueError, match="must be one of at least two options"):
        SliderSpec.choice("activation", value, options)


class Curve(View):
    """y = f(x) for a function chosen by name."""

    sliders = {"function": SliderSpec.choice("function", "square", ("line", "square", "cube"))}

    def __init__(self, fig, ax):
        super().__init__(fig, ax)
        (self.line,) = ax.plot([], [])
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)

    def update(self, function):
        x = np.linspace(0, 1, 11)
        self.line.set_data(x, x ** {"line": 1, "square": 2, "cube": 3}[function])


def test_a_choice_slider_moves_its_view_by_name(pyplot_on_agg):
    explorer = explore(Curve)
    np.testing.assert_allclose(explorer.view.line.get_ydata(), np.linspace(0, 1, 11) ** 2)
    explorer.set(function="cube")
    assert explorer.values() == {"function": "cube"}
    np.testing.assert_allclose(explorer.view.line.get_ydata(), np.linspace(0, 1, 11) ** 3)


# --- RunCache: one cache of training runs for every view ----------------------------------------


def test_a_run_cache_makes_each_setting_once_and_forgets_the_least_recently_used():
    made = []
    cache = RunCache(lambda rate, units: made.append((rate, units)) or f"run {rate} {units}",
                     capacity=2)
    assert cache(0.1, 4) == "run 0.1 4" and cache(0.1, 4) == "run 0.1 4"
    cache(0.3, 4)
    cache(0.1, 4)  # now the most recently used
    cache(1.0, 8)  # a third setting: (0.3, 4) is forgotten
    assert made == [(0.1, 4), (0.3, 4), (1.0, 8)]
    assert list(cache) == [(0.1, 4), (1.0, 8)] and len(cache) == 2
    assert (0.3, 4) not in cache and cache[0.1, 4] == "run 0.1 4"
    cache.warm([(0.3, 4)])
    assert made[-1] == (0.3, 4) and (0.1, 4) not in cache


def test_settings_one_move_away_start_with_the_start_and_change_one_slider_each():
    class Three(View):
        sliders = {
            "units": SliderSpec("units", 2, 1, 3, 1),
            "rate": SliderSpec.choice("rate", 0.3, (0.1, 0.3, 1.0)),
            "slope": SliderSpec("slope", 0.0, -0.2, 0.2, 0.1),
        }

    start, *others = Three(None, None).one_move_away()
    assert start == {"units": 2, "rate": 0.3, "slope": 0.0}
    assert others == [
        {**start, "units": 1}, {**start, "units": 3},
        {**start, "rate": 0.1}, {**start, "rate": 1.0},
        {**start, "slope": -0.2}, {**start, "slope": -0.1}, {**start, "slope": 0.1},
        {**start, "slope": 0.2},
    ]
