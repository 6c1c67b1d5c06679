"""What two parts of the live frame path earn, each timed against the simpler thing it replaces,
interleaved in the same process (ratios of medians):

* the PNG encoder (nnlib/course/png.py: unfiltered rows, zlib level 1) against PIL's PNG
  writer as WebAgg calls it (zlib level 6, rows filtered) and against PIL at zlib level 1 (the
  one-line alternative), on each course view's first frame;
* the Painter's overlays (unchanging artists over the changing ones, rendered once into a
  transparent picture and laid over every frame) against drawing those artists again in every
  frame, over a sweep of each view's first slider.
"""

import io
import statistics
import time
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Comparison:
    """One view: seconds (medians) of ours and of each alternative, and sizes where it applies."""

    view: str
    ours: float
    alternatives: dict  # name -> seconds
    sizes: dict  # name -> bytes (PNG only)


def _pil_png(level):
    from PIL import Image

    def encode(pixels):
        buffer = io.BytesIO()
        Image.fromarray(pixels).save(buffer, format="png", compress_level=level)
        return buffer.getvalue()

    return encode


def _interleaved(functions, repeat):
    """{name: median seconds} of each function, called in turn `repeat` times after a warm-up."""
    samples = {name: [] for name in functions}
    for function in functions.values():
        function()
    for _ in range(repeat):
        for name, function in functions.items():
            start = time.perf_counter()
            function()
            samples[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in samples.items()}


def png_encoders(repeat=15):
    """A Comparison per course view: encode_png against PIL at level 6 and at level 1."""
    from benchmarks.sliders import discover_views, live_view
    from nnlib.course.png import encode_png

    encoders = {"ours": encode_png, "PIL, level 6 (WebAgg)": _pil_png(6),
                "PIL, level 1": _pil_png(1)}
    results = []
    for _, cls in discover_views()[0]:
        view, _ = live_view(cls)
        pixels = np.asarray(view.fig.canvas.buffer_rgba()).copy()
        seconds = _interleaved({name: lambda e=e, p=pixels: e(p)
                                for name, e in encoders.items()}, repeat)
        sizes = {name: len(encoder(pixels)) for name, encoder in encoders.items()}
        results.append(Comparison(cls.__name__, seconds.pop("ours"), seconds, sizes))
    return results


class _DrawnEachFrame:
    """The alternative to an Overlay: the run of artists drawn again into every frame."""

    def __init__(self, artists):
        self.artists = artists

    def draw(self, renderer):
        for artist in self.artists:
            if artist.get_visible():
                artist.draw(renderer)


def _sweep(view, painter, values, overlay):
    """Update and paint `view` at each of `values`, its overlays made by `overlay(run)`."""
    painter._overlay = overlay
    for value in values:
        view.update(**value)
        painter.paint()


def overlays(count=8, repeat=3):
    """A Comparison per course view with overlays: a paint with the Painter's overlays against
    a paint drawing their artists again, over `count` positions of its first slider."""
    from benchmarks.sliders import discover_views, live_view

    results = []
    for _, cls in discover_views()[0]:
        view, painter = live_view(cls)
        if not painter._over:  # nothing drawn over the changing artists: nothing to compare
            continue
        name, spec = next(iter(cls.sliders.items()))
        values = [view.initial_values() | {name: value} for value in spec.samples(count)]
        for value in values:  # every run trained before timing
            view.update(**value)
        cached = type(painter)._overlay.__get__(painter)
        seconds = _interleaved(
            {"ours": lambda v=view, p=painter, s=values, c=cached: _sweep(v, p, s, c),
             "artists drawn each frame":
                 lambda v=view, p=painter, s=values: _sweep(v, p, s, _DrawnEachFrame)},
            repeat)
        painter._overlay = cached
        results.append(Comparison(cls.__name__, seconds.pop("ours") / count,
                                  {k: v / count for k, v in seconds.items()}, {}))
    return results
