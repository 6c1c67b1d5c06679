"""The ipympl workarounds: each does its job, and the upstream behaviour it works around is
still there. When one of the `test_upstream_*` tests fails, ipympl, matplotlib or ipywidgets
changed: read the workaround's docstring in nnlib/course/ipympl_glue.py, check whether it is
still needed, and remove it (with its test) if not."""

import base64
import io
import subprocess
import sys

import ipywidgets
import matplotlib.pyplot as plt
import numpy as np
import pytest
from live_frames import count_frames
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from nnlib.course import ipympl_glue

# ipympl's Toolbar passes the canvas on to traitlets, which deprecates that; not ours to fix.
pytestmark = pytest.mark.filterwarnings(r"ignore:Passing unrecognized arguments to super")


@pytest.fixture
def canvas():
    """A live ipympl canvas with a line on it, never displayed (as inside an Explorer box)."""
    plt.switch_backend("module://ipympl.backend_nbagg")
    with plt.ioff():
        fig, ax = plt.subplots(figsize=(4.0, 3.0), dpi=100)
    ax.plot([0, 1], [0, 1])
    yield fig.canvas
    plt.close("all")
    plt.switch_backend("Agg")


def png_size(text):
    return Image.open(io.BytesIO(base64.b64decode(text))).size


def pixels(png):
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))



def python(code):
    """Run `code` in a fresh interpreter (nothing imported yet); return what it prints."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


# --- live_canvas ---------------------------------------------------------------------------------


def test_upstream_importing_ipympl_switches_pyplot_to_it():
    assert python(
        "import matplotlib.pyplot as plt; plt.switch_backend('agg'); import ipympl; "
        "print(plt.get_backend())"
    ) == ["module://ipympl.backend_nbagg"]


def test_live_canvas_leaves_pyplot_on_its_backend():
    assert python(
        "import matplotlib.pyplot as plt; plt.switch_backend('agg')\n"
        "from matplotlib.figure import Figure\n"
        "from nnlib.course.ipympl_glue import live_canvas\n"
        "canvas = live_canvas(Figure())\n"
        "print(plt.get_backend(), type(plt.figure().canvas).__name__, canvas.__module__)"
    ) == ["agg", "FigureCanvasAgg", "nnlib.course.ipympl_glue"]


def test_upstream_new_manager_would_give_an_ipympl_canvas_no_web_socket():
    from ipympl.backend_nbagg import Canvas, FigureManager

    assert Canvas.manager_class is not FigureManager
    assert not Canvas.new_manager(Figure(), 1).web_sockets


def test_live_canvas_is_a_widget_that_sends_a_frame_when_drawn():
    fig = Figure(figsize=(2.0, 1.0), dpi=100)
    canvas = ipympl_glue.live_canvas(fig)
    assert ipympl_glue.is_ipympl(canvas) and canvas.manager.web_sockets == [canvas]
    frames = count_frames(canvas)
    canvas.draw()
    assert len(frames) == 1 and pixels(frames[0]).shape == (100, 200, 4)


# --- draw_without_sending ----------------------------------------------------------------------


def test_upstream_webagg_draw_renders_and_sends(canvas):
    frames = count_frames(canvas)
    canvas.draw()
    assert len(frames) == 1


def test_draw_without_sending_renders_but_sends_nothing(canvas):
    frames = count_frames(canvas)
    canvas.figure.axes[0].set_facecolor("black")
    ipympl_glue.draw_without_sending(canvas)
    assert frames == []
    assert np.asarray(canvas.buffer_rgba())[150, 200, 0] == 0  # the black face, rendered


# --- live frames: whole, and encoded faster ----------------------------------------------------


def test_live_frames_are_whole_and_carry_the_pixels_upstream_frames_carry():
    """The same drawing on ipympl's canvas and on live_canvas's, twice: upstream sends a whole
    frame, then only the differences; ours sends whole frames both times (encoded at a faster
    zlib level), each decoding to the whole picture upstream's frames add up to."""
    from ipympl.backend_nbagg import Canvas, FigureManager

    canvases = []
    for make in (lambda fig: FigureManager(Canvas(fig), 1).canvas, ipympl_glue.live_canvas):
        fig = Figure(figsize=(3.0, 2.0), dpi=100)
        canvas = make(fig)
        fig.add_subplot().plot([0, 1], [0, 1])
        canvases.append((canvas, count_frames(canvas)))
    modes = []
    for step in range(2):
        for canvas, _ in canvases:
            canvas.figure.axes[0].plot([0, 1], [step, 0.5])
            canvas.draw()
        modes.append([canvas._current_image_mode for canvas, _ in canvases])
        (upstream, _), (ours, _) = canvases
        np.testing.assert_array_equal(np.asarray(ours.buffer_rgba()),
                                      np.asarray(upstream.buffer_rgba()))
    (_, upstream_frames), (_, our_frames) = canvases
    assert modes == [["full", "full"], ["diff", "full"]]
    np.testing.assert_array_equal(pixels(our_frames[0]), pixels(upstream_frames[0]))
    second = pixels(our_frames[1])
    changed = pixels(upstream_frames[1]).view(np.uint32) != 0  # upstream: 0 where unchanged
    np.testing.assert_array_equal(second.view(np.uint32)[changed],
                                  pixels(upstream_frames[1]).view(np.uint32)[changed])
    np.testing.assert_array_equal(second, np.asarray(canvases[1][0].buffer_rgba()))


# --- hide_chrome --------------------------------------------------------------------------------


def test_upstream_ipympl_shows_a_header_footer_and_toolbar_by_default(canvas):
    assert canvas.header_visible and canvas.footer_visible
    assert canvas.toolbar_visible not in (False, "hidden")


def test_upstream_ipympl_canvases_can_be_resized_from_their_corner(canvas):
    assert canvas.resizable


def test_hide_chrome_hides_header_footer_toolbar_and_resize_handle(canvas):
    ipympl_glue.hide_chrome(canvas)
    assert (canvas.header_visible, canvas.footer_visible, canvas.toolbar_visible,
            canvas.resizable) == (False, False, False, False)


# --- show_at_full_size --------------------------------------------------------------------------


def test_upstream_ipympl_leaves_an_undisplayed_canvas_at_size_zero(canvas):
    canvas.draw()
    assert tuple(canvas._size) == (0, 0)


def test_show_at_full_size_gives_the_canvas_its_figure_size_in_css_pixels(canvas):
    ipympl_glue.show_at_full_size(canvas.figure)
    assert tuple(canvas._size) == (400.0, 300.0)


# --- keep_picture ---------------------------------------------------------------------------------


def test_upstream_ipympl_stores_bare_base64_frames_without_a_browser(canvas):
    canvas.draw()
    assert canvas._data_url and not canvas._data_url.startswith("data:")


def test_upstream_webagg_sends_later_frames_as_differences(canvas):
    """(why live_canvas's frames are whole: see _quick_png_canvas_class)"""
    canvas.draw()
    canvas.figure.axes[0].plot([0, 1], [1, 0])
    canvas.draw()
    assert canvas._current_image_mode == "diff"


def test_keep_picture_stores_the_whole_figure_as_a_data_url(canvas):
    canvas.draw()
    canvas.figure.axes[0].plot([0, 1], [1, 0])
    canvas.draw()  # now a difference frame sits in _data_url
    ipympl_glue.keep_picture(canvas.figure)
    prefix = "data:image/png;base64,"
    assert canvas._data_url.startswith(prefix)
    assert png_size(canvas._data_url[len(prefix) :]) == (400, 300)


# --- with_png_fallback ---------------------------------------------------------------------------


def test_upstream_ipywidgets_display_data_has_no_picture():
    assert "image/png" not in ipywidgets.VBox()._repr_mimebundle_()


def test_with_png_fallback_adds_the_figure_as_png():
    fig = Figure(figsize=(2.0, 1.0), dpi=100)
    FigureCanvasAgg(fig)
    bundle = ipympl_glue.with_png_fallback({"text/plain": "VBox()"}, fig)
    assert bundle["text/plain"] == "VBox()"
    assert png_size(bundle["image/png"]) == (200, 100)


# --- on other canvases ---------------------------------------------------------------------------


def test_every_workaround_leaves_an_agg_canvas_alone():
    fig = Figure()
    canvas = FigureCanvasAgg(fig)
    before = dict(vars(canvas))
    ipympl_glue.hide_chrome(canvas)
    ipympl_glue.show_at_full_size(fig)
    ipympl_glue.keep_picture(fig)
    assert not ipympl_glue.is_ipympl(canvas)
    assert dict(vars(canvas)) == before
