"""The ipympl workarounds: each does its job, and the upstream behaviour it works around is
still there. When one of the `test_upstream_*` tests fails, ipympl, matplotlib or ipywidgets
changed: read the workaround's docstring in nnlib/course/ipympl_glue.py, check whether it is
still needed, and remove it (with its test) if not."""

import base64
import io

import ipywidgets
import matplotlib.pyplot as plt
import pytest
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


# --- hide_chrome --------------------------------------------------------------------------------


def test_upstream_ipympl_shows_a_header_footer_and_toolbar_by_default(canvas):
    assert canvas.header_visible and canvas.footer_visible
    assert canvas.toolbar_visible not in (False, "hidden")


def test_hide_chrome_hides_header_footer_and_toolbar(canvas):
    ipympl_glue.hide_chrome(canvas)
    assert (canvas.header_visible, canvas.footer_visible, canvas.toolbar_visible) == (
        False,
        False,
        False,
    )


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


# --- send_whole_picture ------------------------------------------------------------------------


def test_send_whole_picture_makes_the_next_frame_full(canvas):
    canvas.draw()
    ipympl_glue.send_whole_picture(canvas)
    canvas.figure.axes[0].plot([0, 1], [1, 0])
    canvas.draw()
    assert canvas._current_image_mode == "full"


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
    ipympl_glue.send_whole_picture(canvas)
    assert not ipympl_glue.is_ipympl(canvas)
    assert dict(vars(canvas)) == before
