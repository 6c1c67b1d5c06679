"""Whether every artist of a figure is drawn whole: inside the figure, and not cut by the box it
is clipped to (its axes). Used by test_figures_whole.py on the live views and, through the
repository's conftest.py, on every figure a notebook shows while nbval runs it.

What counts as cut (beyond half a pixel):
* any text, patch, image, legend, spine, tick label or axis label reaching outside the figure;
* a text, patch or image (a frame drawn round a picture, a bar, a label placed in data
  coordinates) reaching outside the box it is clipped to, its outline's width included (an
  outline of the face's own colour does not count: it shows no line to cut).
Lines and collections (curves, markers) may run past their axes' limits: cutting them there is
what axis limits are for; only a part of them that stays visible must lie inside the figure.

Importing this module loads matplotlib only.
"""

from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.collections import Collection
from matplotlib.colors import to_rgba
from matplotlib.image import AxesImage
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.spines import Spine
from matplotlib.text import Text
from matplotlib.transforms import Bbox

TOLERANCE_PX = 0.5  # for what the layout places (texts, axes): rounding to whole pixels
EDGE_TOLERANCE_PX = 0.1  # for a drawn outline against its clip box: exact geometry


def cut_artists(fig, saved_tight=False):
    """A line per artist of `fig` that is not drawn whole (empty: the figure is whole).

    saved_tight : the figure is saved to its tight box (``bbox_inches="tight"``, as
        ``%matplotlib inline`` saves it), which grows to hold whatever reaches out of the
        figure: then only what is cut by its clip box counts.
    """
    fig.canvas.draw()  # positions the layout, ticks and texts as they are drawn
    renderer = fig.canvas.get_renderer()
    limit = None if saved_tight else fig.bbox
    problems = []
    for artist in _drawn(fig):
        for problem in _cut(artist, limit, fig.dpi, renderer):
            problems.append(f"{_name(artist)}: {problem}")
    return problems


def _drawn(fig):
    """The artists a draw of `fig` draws (those this module checks), axes by axes."""
    found = [child for child in fig.get_children() if child is not fig.patch]
    artists = []
    while found:
        artist = found.pop(0)
        if not artist.get_visible():
            continue
        if isinstance(artist, Axes):
            found += [child for child in artist.get_children() if child is not artist.patch
                      and (artist.axison or not isinstance(child, Spine | Axis))]
            continue
        artists.append(artist)
    return artists


def _cut(artist, figure_box, dpi, renderer):
    """What is cut of `artist`: by the figure's box (None: nothing is), or by its clip box."""
    if isinstance(artist, Axis):  # its tick labels and label, as drawn
        box = artist.get_tightbbox(renderer)
        return _outside(box, figure_box, "the figure")
    if isinstance(artist, Text) and not artist.get_text().strip():
        return []
    box = artist.get_window_extent(renderer)
    if box.width == 0 and box.height == 0:
        return []
    if isinstance(artist, Patch):
        box = box.padded(_edge_px(artist, dpi) / 2)  # the edge is drawn centred on the outline
    clip = artist.get_clip_box() if artist.get_clip_on() else None
    if isinstance(artist, Line2D | Collection):
        if clip is not None:
            box = Bbox.intersection(box, clip)  # what shows of a curve past its axes' limits
        return _outside(box, figure_box, "the figure")
    problems = _outside(box, figure_box, "the figure")
    if clip is not None and isinstance(artist, Text | Patch | AxesImage | Legend):
        tolerance = EDGE_TOLERANCE_PX if isinstance(artist, Patch) else TOLERANCE_PX
        problems += _outside(box, clip, "the box it is clipped to (its axes)", tolerance)
    return problems


def _edge_px(patch, dpi):
    """The width of the patch's drawn edge in pixels: 0 if it shows no outline (no edge, or an
    edge of the face's own colour, as bars get from ``color=``)."""
    edge = to_rgba(patch.get_edgecolor())
    if edge[3] == 0 or (patch.get_fill() and edge == to_rgba(patch.get_facecolor())):
        return 0.0
    return patch.get_linewidth() * dpi / 72


def _outside(box, limit, name, tolerance=TOLERANCE_PX):
    """How far `box` reaches beyond `limit` on each side, as text (empty if it does not, or if
    either is None)."""
    if box is None or limit is None:
        return []
    beyond = {
        "left": limit.x0 - box.x0,
        "right": box.x1 - limit.x1,
        "bottom": limit.y0 - box.y0,
        "top": box.y1 - limit.y1,
    }
    sides = [f"{px:.1f} px {side}" for side, px in beyond.items() if px > tolerance]
    return [f"reaches beyond {name} by {', '.join(sides)}"] if sides else []


def _name(artist):
    name = type(artist).__name__
    if isinstance(artist, Text):
        name += f" {artist.get_text()[:40]!r}"
    elif isinstance(artist, Axis):
        name = f"{type(artist).__name__} (ticks and label)"
    axes = getattr(artist, "axes", None)
    if axes is not None and axes.get_title():
        name += f" of the axes titled {axes.get_title()[:40]!r}"
    return name
