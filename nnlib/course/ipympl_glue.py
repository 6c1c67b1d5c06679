"""Every workaround the course needs for live figures in Jupyter, in one place.

The notebooks draw live figures with ipympl (``%matplotlib widget``): a matplotlib canvas that
is also an ipywidget. Each function below works around one behaviour of ipympl 0.10 (file
``ipympl/backend_nbagg.py``), of matplotlib's WebAgg core that ipympl builds on
(``matplotlib/backends/backend_webagg_core.py``) or of ipywidgets. Each names the upstream code
it works around; ``tests/test_course_ipympl_glue.py`` checks that upstream still behaves that
way, so that a workaround that is no longer needed shows up as a failing test.

Each function does nothing on a canvas that is not an ipympl one (the Agg canvases of the tests
and benchmarks), so views never need to ask which backend they run on.
"""

import base64
import io


def is_ipympl(canvas):
    """True for an ipympl canvas (a widget with a picture state), False for Agg and others."""
    return hasattr(canvas, "_data_url") and hasattr(canvas, "_size")


def hide_chrome(canvas):
    """Hide the figure's title bar, footer and pan/zoom toolbar.

    ipympl shows all three by default (``Canvas.header_visible``, ``footer_visible`` and
    ``toolbar_visible``): a "Figure 3" label and navigation buttons that teach nothing and
    take width from the notebook column.
    """
    for name in ("header_visible", "footer_visible", "toolbar_visible"):
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


def send_whole_picture(canvas):
    """Make the canvas send its next frame whole, not as a difference to the previous one.

    WebAgg's ``get_diff_image`` sends only the pixels that changed since the last frame unless
    ``_force_full`` is set. Frames sent in quick succession (a curve redrawn while training) can
    arrive faster than the browser paints them; it then skips some, and a difference applied to
    the wrong picture leaves broken lines behind. A skipped whole frame costs nothing: the next
    one replaces it.
    """
    if hasattr(canvas, "_force_full"):  # WebAgg-based canvases only
        canvas._force_full = True


def with_png_fallback(bundle, fig):
    """Add the figure as ``image/png`` to a widget's display data and return it.

    ipywidgets' ``DOMWidget._repr_mimebundle_`` gives only the widget view and its text repr.
    Where widgets cannot render (an untrusted notebook, a static page, GitHub), JupyterLab then
    shows the text "VBox(children=(FloatSlider(..." instead of a picture; a PNG beside it is
    shown there instead.
    """
    bundle["image/png"] = png_base64(fig)
    return bundle
