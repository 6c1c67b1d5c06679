"""encode_png: PNG bytes any decoder reads back as the very pixels given."""

import io
import re

import numpy as np
import pytest
from PIL import Image

from nnlib.course.png import encode_png


def decoded(data):
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG"
        return np.asarray(image.convert("RGBA"))


@pytest.mark.parametrize("shape", [(1, 1), (3, 5), (17, 2), (120, 333)])
@pytest.mark.parametrize("level", [0, 1, 9])
def test_random_pixels_decode_to_themselves(shape, level):
    pixels = np.random.default_rng(shape[0] * 7 + level).integers(
        0, 256, (*shape, 4), dtype=np.uint8
    )
    np.testing.assert_array_equal(decoded(encode_png(pixels, level)), pixels)


def test_a_figure_frame_decodes_to_itself_and_is_about_as_small_as_pils():
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(4.0, 3.0), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.subplots()
    ax.imshow(np.linspace(0, 1, 600).reshape(20, 30), cmap="viridis")
    ax.plot([0, 29], [0, 19], "r-")
    ax.set_title("a frame")
    fig.canvas.draw()
    pixels = np.asarray(fig.canvas.buffer_rgba())
    ours = encode_png(pixels)
    np.testing.assert_array_equal(decoded(ours), pixels)
    with io.BytesIO() as theirs:
        Image.fromarray(pixels).save(theirs, format="png", compress_level=1)
        assert len(ours) < 1.5 * len(theirs.getvalue())


def test_views_and_transparency_are_encoded_as_they_are():
    pixels = np.zeros((6, 8, 4), dtype=np.uint8)
    pixels[2:4, 3:7] = [255, 0, 0, 128]  # half-transparent red
    every_other_column = pixels[:, ::2]  # not contiguous
    np.testing.assert_array_equal(decoded(encode_png(every_other_column)), every_other_column)


@pytest.mark.parametrize(
    "pixels",
    [
        np.zeros((4, 4, 3), dtype=np.uint8),  # RGB
        np.zeros((4, 4, 4), dtype=np.float64),
        np.zeros((4, 4), dtype=np.uint8),
        np.zeros((0, 4, 4), dtype=np.uint8),
    ],
    ids=["rgb", "float", "2-D", "empty"],
)
def test_anything_but_rgba_bytes_is_refused_naming_dtype_and_shape(pixels):
    with pytest.raises(
        ValueError, match=rf"pixels .*{pixels.dtype}.*{re.escape(str(pixels.shape))}"
    ):
        encode_png(pixels)
