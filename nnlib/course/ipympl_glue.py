"""Every workaround the course needs for live figures in Jupyter, in one place.

The notebooks use ``%matplotlib inline``, so their static figures are plain PNG pictures; only
the live views sit on an ipympl canvas (a matplotlib canvas that is also an ipywidget), which
`live_canvas` makes explicitly. docs/live_figures.md tells the whole story. Each function below
works around one behaviour of ipympl 0.10 (file ``ipympl/backend_nbagg.py``), of matplotlib's
WebAgg core that ipympl builds on (``matplotlib/backends/backend_webagg_core.py``) or of
ipywidgets, and names the upstream code it works around; ``tests/test_course_ipympl_glue.py``
checks that upstream still behaves that way, so that a workaround that is no longer needed
shows up as a failing test.

Apart from `live_canvas` (which makes an ipympl canvas), each function does on a plain Agg
canvas (the tests and benchmarks) what Agg would do anyway, or nothing, so views never need to
ask which backend they run on.
"""

import base64
import functools
import io
import itertools

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg

from nnlib.course.png import encode_png

_numbers = itertools.count(1)


def is_ipympl(canvas):
    """True for an ipympl canvas (a widget with a picture state), False for Agg and others."""
    return hasattr(canvas, "_data_url") and hasattr(canvas, "_size")


def live_canvas(fig):
    """Put `fig` on a new ipympl canvas, whatever pyplot's backend is, and return the canvas.

    pyplot only makes ipympl canvases under ``%matplotlib widget``, which would turn every static
    figure into a widget with a toolbar. The backend module's ``FigureCanvas`` and
    ``FigureManager`` (matplotlib's backend interface, ``ipympl/backend_nbagg.py``) can be used
    directly instead: the figure is not registered with pyplot, so ``%matplotlib inline`` never
    shows it a second time. The manager is needed: ipympl's ``FigureManager.__init__`` makes
    the canvas its own "web socket" (``web_sockets = [canvas]``), without which ``draw()``
    renders but sends no frame. matplotlib's generic ``Canvas.new_manager`` would not do: for
    ipympl's canvas it makes a plain ``FigureManagerWebAgg`` (``Canvas.manager_class``), which
    has no web socket.
    """
    backend_nbagg = import_ipympl_backend()
    canvas = _quick_png_canvas_class()(fig)
    backend_nbagg.FigureManager(canvas, next(_numbers))
    return canvas


def import_ipympl_backend():
    """Import ``ipympl.backend_nbagg`` without switching pyplot to it; return the module.

    ``ipympl/__init__.py`` calls ``matplotlib.use("module://ipympl.backend_nbagg")`` whenever
    matplotlib is already imported, which switches pyplot's backend (closing every open pyplot
    figure): after the first live view, every static figure would become a widget again. For
    the length of the import, ``matplotlib.use`` does nothing.
    """
    import matplotlib

    use = matplotlib.use
    matplotlib.use = lambda *args, **kwargs: None
    try:
        from ipympl import backend_nbagg
    finally:
        matplotlib.use = use
    return backend_nbagg


@functools.cache
def _quick_png_canvas_class():
    """ipympl's canvas class, sending every frame whole and PNG-encoded by `encode_png`.

    WebAgg's ``FigureCanvasWebAggCore.get_diff_image`` (called when a frame is sent) keeps the
    last frame (``_last_buff``) and sends only the pixels that changed since it, unless
    ``_force_full`` is set; and it encodes with PIL at zlib level 6. This override of that
    method always sends the whole frame (``set_image_mode("full")``), encoded by `encode_png`
    (unfiltered rows at zlib level 1; benchmarks/frames.py times it against PIL):

    * whole frames: ipympl's browser side (``MPLCanvasModel.handle_binary``) decodes every
      frame into one and the same ``Image``; a frame that arrives while the previous one is
      still decoding replaces it, so the previous one is never drawn. A lost difference leaves
      its pixels stale under the next difference (the browser test caught this on notebook
      04's explorer); a lost whole frame costs nothing, the next one replaces it. A whole
      frame also needs no comparison with the last one, nor a copy of it kept.
    * the same pixels as upstream's frames (tests/test_course_ipympl_glue.py decodes both).
    """
    backend_nbagg = import_ipympl_backend()

    class QuickPngCanvas(backend_nbagg.FigureCanvas):
        def get_diff_image(self):
            if not self._png_is_old:
                return None
            self._png_is_old = False
            self.set_image_mode("full")  # tells the browser once; later calls send nothing
            pixels = np.asarray(self.get_renderer().buffer_rgba())
            # ipympl's send_binary stores this frame in _data_url while no browser is attached
            self._last_buff = pixels.view(np.uint32).squeeze(2)
            return encode_png(pixels)

    return QuickPngCanvas


def draw_without_sending(canvas):
    """Render the whole figure into the canvas's pixel buffer without sending it anywhere.

    On a WebAgg-based canvas (ipympl) ``draw()`` renders and then sends the frame to the browser
    (``FigureCanvasWebAggCore.draw`` calls ``manager.refresh_all()``). The background kept for
    blitting is drawn with the changing artists left out; sent, it would flash in the browser as
    a picture with a hole. Agg's own ``draw`` only renders.
    """
    FigureCanvasAgg.draw(canvas)


def hide_chrome(canvas):
    """Hide the figure's title bar, footer and pan/zoom toolbar, and its resize handle.

    ipympl shows all three by default (``Canvas.header_visible``, ``footer_visible`` and
    ``toolbar_visible``): a "Figure 3" label and navigation buttons that teach nothing and
    take width from the notebook column. A press in the canvas's bottom right corner starts
    resizing it (``Canvas.resizable``), which a figure sized for the column must not do, and
    which would take a stroke on a pad for a resize.
    """
    for name in ("header_visible", "footer_visible", "toolbar_visible", "resizable"):
        if hasattr(canvas, name):
            setattr(canvas, name, False)


def show_at_full_size(fig):
    """Tell an ipympl canvas its size in CSS pixels before it is displayed inside a box.

    ipympl sets ``Canvas._size`` only in ``Canvas._repr_mimebundle_``, that is when the canvas
    itself is displayed, or when the browser reports a resize. A canvas shown as the child of
    a VBox is never displayed itself, so its ``_size`` stays ``(0, 0)`` and the browser lays it
    out as an empty 0 x 0 box.
    """
    if is_ipympl(fig.canvas):
        fig.canvas._size = tuple(float(v) for v in fig.bbox.size / fig.canvas.device_pixel_ratio)


def png_base64(fig):
    """The figure as a PNG, base64-encoded text."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def keep_picture(fig):
    """Store the figure's whole current picture, as a data URL, in its canvas's widget state.

    A notebook saved with widget state shows ``_data_url`` when it is reopened without a kernel.
    With no browser attached, ipympl's ``Canvas.send_binary`` stores there every frame it
    renders, but as bare base64 (no ``data:image/png;base64,`` prefix, so the browser cannot
    show it) and, after the first frame, only the difference to the previous frame (WebAgg's
    ``get_diff_image``). Only ``Canvas._repr_mimebundle_`` stores a proper data URL, and it is
    never called for a canvas inside a box.
    """
    if is_ipympl(fig.canvas):
        fig.canvas._data_url = "data:image/png;base64," + png_base64(fig)


def with_png_fallback(bundle, fig):
    """Add the figure as ``image/png`` to a widget's display data and return it.

    ipywidgets' ``DOMWidget._repr_mimebundle_`` gives only the widget view and its text repr.
    Where widgets cannot render (an untrusted notebook, a static page, GitHub), JupyterLab then
    shows the text "VBox(children=(FloatSlider(..." instead of a picture; a PNG beside it is
    shown there instead.
    """
    bundle["image/png"] = png_base64(fig)
    return bundle
