"""Notebook 07's live views: the training explorer draws the run its sliders describe (checked
against training replayed epoch by epoch), trains nothing when one slider moves from the start,
and the draw-your-own-digit pad shows the probabilities a hand-written forward pass gives."""

import numpy as np
import pytest
from live_frames import count_frames

import nnlib
from nnlib.course.explore import Painter
from nnlib.course.n07_handwritten_digits import digits, pad, views
from nnlib.course.n07_handwritten_digits.views import (
    BRUSH,
    DigitPadView,
    TrainingExplorerView,
    curves,
    draw_digit,
    example_pixels,
)

# ipympl's toolbar passes traitlets an argument it deprecates; not ours to fix
pytestmark = pytest.mark.filterwarnings("ignore:Passing unrecognized arguments")


@pytest.fixture(scope="module")
def parts():
    """The digits with a small training part, so that runs are quick."""
    return digits.split(seed=0, n_train=200, n_val=100)


def ydata(line):
    return np.asarray(line.get_ydata(), dtype=float)


def replayed(parts, learning_rate, batch_size, hidden_units, epochs, seed=0):
    """Training and validation loss and validation accuracy after 0 ... epochs epochs, from a
    twin network trained one epoch at a time (a shared Generator continues the shuffling)."""
    network = nnlib.Network([64, hidden_units, 10], seed=seed, activation="relu",
                            output="softmax", loss="cross_entropy")
    shuffle = np.random.default_rng(seed)
    train, val, right = [], [], []
    for epoch in range(epochs + 1):
        train.append(network.loss(parts.X_train, parts.y_train))
        y_hat = network.feedforward(parts.X_val)
        val.append(-np.mean(np.sum(parts.y_val * np.log(y_hat), axis=1)))
        right.append(np.mean(np.argmax(y_hat, axis=1) == parts.labels_val))
        if epoch < epochs:
            network.train_minibatch(parts.X_train, parts.y_train, 1, batch_size=batch_size,
                                    learning_rate=learning_rate, seed=shuffle)
    return np.array(train), np.array(val), np.array(right), network


# --- curves and TrainingExplorerView -------------------------------------------------------------


@pytest.mark.parametrize(("learning_rate", "batch_size", "hidden_units"),
                         [(0.3, 32, 16), (0.1, 8, 4), (1.0, 128, 8)])
def test_curves_are_the_run_replayed_epoch_by_epoch(parts, learning_rate, batch_size,
                                                    hidden_units):
    run = curves(parts, learning_rate, batch_size, hidden_units, epochs=3)
    train, val, right, network = replayed(parts, learning_rate, batch_size, hidden_units, 3)
    np.testing.assert_allclose(run.train_losses, train, rtol=1e-12)
    np.testing.assert_allclose(run.val_losses, val, rtol=1e-12)
    np.testing.assert_array_equal(run.val_accuracy, right)
    for got, want in zip(run.network.weights, network.weights, strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-15)


def test_curves_train_as_digits_train_does(parts):
    run = curves(parts, 0.3, 50, 8, epochs=2)
    network, history = digits.train(parts, 8, 0.3, 50, 2)
    np.testing.assert_array_equal(run.train_losses[:-1], history.losses)
    np.testing.assert_allclose(run.val_losses[:-1], history.validation_losses, rtol=1e-12)
    np.testing.assert_array_equal(run.network.weights[0], network.weights[0])


@pytest.fixture(scope="module")
def explorer_view(parts):
    return TrainingExplorerView.on_agg(parts=parts, epochs=3)


def test_explorer_starts_at_the_notebooks_settings(explorer_view):
    assert explorer_view.initial_values() == {
        "learning_rate": digits.LEARNING_RATE, "batch_size": digits.BATCH_SIZE,
        "hidden_units": digits.HIDDEN_UNITS,
    }


def test_explorer_trains_every_setting_one_slider_from_the_start_up_front(explorer_view):
    settings = explorer_view.one_move_away()
    assert settings[0] == explorer_view.initial_values()
    assert len(settings) == 1 + 4 + 4 + 3  # the start, then each other option of each slider
    keys = {(s["learning_rate"], s["batch_size"], s["hidden_units"]) for s in settings}
    assert len(keys) == len(settings) and keys == set(explorer_view.runs)


def test_moving_one_slider_from_the_start_trains_nothing(explorer_view, monkeypatch):
    monkeypatch.setattr(views, "curves", lambda *args, **kwargs: pytest.fail("trained"))
    for name, spec in explorer_view.sliders.items():
        for option in spec.options:
            explorer_view.update(**{**explorer_view.initial_values(), name: option})


@pytest.mark.parametrize("values", [
    {"learning_rate": 0.3, "batch_size": 32, "hidden_units": 32},
    {"learning_rate": 0.01, "batch_size": 32, "hidden_units": 32},
    {"learning_rate": 1.0, "batch_size": 8, "hidden_units": 4},  # two sliders away: trained now
])
def test_explorer_draws_the_run_its_sliders_describe(explorer_view, parts, values):
    explorer_view.update(**values)
    train, val, right, _ = replayed(parts, *values.values(), epochs=3)
    np.testing.assert_allclose(ydata(explorer_view.train_line), train, rtol=1e-12)
    np.testing.assert_allclose(ydata(explorer_view.val_line), val, rtol=1e-12)
    np.testing.assert_allclose(ydata(explorer_view.accuracy_line), 100 * right)
    n_batches = -(-200 // values["batch_size"])
    assert explorer_view.title.get_text() == (
        f"3 epochs, {3 * n_batches} steps: validation accuracy {right[-1]:.1%}, "
        f"loss {val[-1]:.4f}"
    )


def test_a_setting_is_trained_once_and_kept(explorer_view):
    first = explorer_view.run(learning_rate=0.03, batch_size=16, hidden_units=8)
    assert explorer_view.run(learning_rate=0.03, batch_size=16, hidden_units=8) is first


def test_explorer_keeps_its_axes_fixed(explorer_view):
    limits = [ax.get_ylim() for ax in explorer_view.axes]
    explorer_view.update(learning_rate=0.01, batch_size=128, hidden_units=4)
    assert [ax.get_ylim() for ax in explorer_view.axes] == limits
    assert explorer_view.axes[0].get_yscale() == "log"


# --- the digit pad ---------------------------------------------------------------------------


def forward_by_hand(network, pixels):
    """ReLU hidden layer, softmax output, written out with numpy: (10,) probabilities."""
    hidden = np.maximum(pixels @ network.weights[0] + network.biases[0], 0)
    z = hidden @ network.weights[1] + network.biases[1]
    exp = np.exp(z - z.max())
    return exp / exp.sum()


@pytest.fixture(scope="module")
def network(parts):
    trained, _ = digits.train(parts, epochs=3)
    return trained


def test_example_is_the_first_validation_three(parts):
    first = np.flatnonzero(parts.labels_val == 3)[0]
    np.testing.assert_array_equal(example_pixels(parts), parts.X_val[first])


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_pad_view_shows_the_probabilities_of_what_the_network_reads(network, seed):
    view = DigitPadView.on_agg(network=network)
    view.clear()
    rng = np.random.default_rng(seed)
    view.stroke(rng.uniform(2, 30, size=(6, 2)))
    view.update()
    expected = forward_by_hand(network, view.pixels)
    np.testing.assert_allclose(view.probabilities, expected, rtol=1e-12)
    np.testing.assert_allclose([bar.get_height() for bar in view.bars], expected, rtol=1e-12)
    np.testing.assert_array_equal(view.image.get_array(), view.pixels.reshape(8, 8))
    np.testing.assert_array_equal(view.drawing_image.get_array(), view.ink)
    best = int(np.argmax(expected))
    assert view.title.get_text() == f"the network says {best} (probability {expected[best]:.2f})"
    colours = [bar.get_facecolor() for bar in view.bars]
    assert len({colours[digit] for digit in range(10) if digit != best}) == 1
    assert colours[best] != colours[(best + 1) % 10]


def test_a_drawing_is_read_as_its_ink_counted_per_block_after_scaling_to_the_box(network):
    view = DigitPadView.on_agg(network=network)
    view.clear()
    view.stroke([(10, 8), (10, 24)])  # a short vertical stroke, off-centre
    view.update()
    expected = pad.block_counts(pad.normalise(view.ink)).ravel() / 16
    np.testing.assert_array_equal(view.pixels, expected)
    picture = view.pixels.reshape(8, 8)
    assert picture[0].any() and picture[-1].any()  # scaled to the full height
    assert picture[:, 3:5].sum() == picture.sum()  # and centred


def test_the_example_and_pixels_set_from_code_are_read_exactly(network):
    view = DigitPadView.on_agg(network=network)
    np.testing.assert_array_equal(view.pixels, example_pixels())
    np.testing.assert_array_equal(pad.block_counts(view.ink).ravel(), example_pixels() * 16)
    values = np.linspace(0, 1, 64)
    view.set_pixels(values)
    view.update()
    np.testing.assert_array_equal(view.pixels, values)
    np.testing.assert_allclose(view.probabilities, forward_by_hand(network, values), rtol=1e-12)
    view.stroke([(1, 1)])  # a stroke makes the picture the drawing's again
    view.update()
    np.testing.assert_array_equal(view.pixels, pad.reduce(view.ink))


def test_a_32_by_32_drawing_set_from_code_is_read_as_drawn(network):
    view = DigitPadView.on_agg(network=network)
    drawing = np.zeros((32, 32))
    drawing[4:28, 14:18] = 1.0
    view.set_pixels(drawing)
    view.update()
    np.testing.assert_array_equal(view.ink, drawing == 1)
    np.testing.assert_array_equal(view.pixels, pad.reduce(drawing == 1))


def test_set_pixels_refuses_other_sizes(network):
    view = DigitPadView.on_agg(network=network)
    with pytest.raises(ValueError, match="64 .8x8. or 1024 .32x32. values, got 63"):
        view.set_pixels(np.zeros(63))


def test_pad_view_blits_like_a_full_redraw(network):
    view = DigitPadView.on_agg(network=network)
    painter = Painter(view)
    canvas = view.fig.canvas
    for seed in range(3):
        view.stroke(np.random.default_rng(seed).uniform(0, 32, size=(4, 2)), erase=seed == 2)
        view.update()
        painter.paint()
        blitted = np.asarray(canvas.buffer_rgba()).astype(int)
        canvas.draw()
        full = np.asarray(canvas.buffer_rgba()).astype(int)
        assert np.mean(np.any(blitted != full, axis=2)) <= 0.005
        assert np.abs(blitted - full).max() <= 8


def browser_mouse(canvas, kind, x, y, button=0, buttons=1):
    """A mouse event as ipympl's browser side sends it (x, y: CSS pixels from the top left)."""
    canvas.handle_event({"type": kind, "x": x, "y": y, "button": button, "buttons": buttons,
                         "modifiers": [], "guiEvent": {}})


def to_browser(view, x_cell, y_cell):
    """Where the cell coordinates (x across, y down) of the drawing are on the page."""
    x, y = view.drawing_axes.transData.transform((x_cell, y_cell))
    return x, view.fig.bbox.height - y


def test_the_pad_starts_from_the_example(network, pyplot_on_agg):
    pad_widget = draw_digit(network=network)
    np.testing.assert_array_equal(pad_widget.view.pixels, example_pixels())
    np.testing.assert_allclose(pad_widget.view.probabilities,
                               forward_by_hand(network, example_pixels()))
    # a canvas shown inside a box needs its size up front, or JupyterLab shows it 0 x 0
    assert pad_widget.view.fig.canvas._size == (780.0, 320.0)
    assert "image/png" in pad_widget._repr_mimebundle_()
    assert pad_widget.controls == {}  # no sliders: a drawing, on the same Explorer


def test_dragging_on_the_canvas_draws_a_stroke_and_paints_it(network, pyplot_on_agg):
    pad_widget = draw_digit(network=network)
    view, canvas = pad_widget.view, pad_widget.view.fig.canvas
    pad_widget.clear()
    frames = count_frames(canvas)
    browser_mouse(canvas, "button_press", *to_browser(view, 16, 4))
    for y in (8, 12, 16, 20, 24, 28):
        view_painted = len(frames)
        browser_mouse(canvas, "motion_notify", *to_browser(view, 16, y))
        assert len(frames) in (view_painted, view_painted + 1)
    browser_mouse(canvas, "button_release", *to_browser(view, 16, 28), buttons=0)
    # the ink runs down column 16, from row 4 to row 28, as wide as the brush
    column = view.ink[:, 16]
    assert column[5:27].all() and not column[:2].any() and not column[31:].any()
    across = view.ink[16]  # one row: a run of cells around column 16, the brush's width
    assert across[15:17].all() and 2 * BRUSH - 1 <= across.sum() <= 2 * BRUSH + 1
    assert np.all(np.diff(np.flatnonzero(across)) == 1)
    np.testing.assert_array_equal(view.pixels, pad.reduce(view.ink))
    np.testing.assert_allclose(view.probabilities, forward_by_hand(network, view.pixels))
    assert 1 <= len(frames) <= 8 and frames[-1].startswith(b"\x89PNG")
    # the release stored the finished drawing for the saved notebook
    assert canvas._data_url.startswith("data:image/png;base64,")


def test_the_right_button_erases_and_moving_without_a_button_draws_nothing(network, pyplot_on_agg):
    pad_widget = draw_digit(network=network)
    view, canvas = pad_widget.view, pad_widget.view.fig.canvas
    pad_widget.set_pixels(np.ones(64))
    browser_mouse(canvas, "motion_notify", *to_browser(view, 5, 5), buttons=0)
    assert view.ink.all()
    browser_mouse(canvas, "button_press", *to_browser(view, 5, 16), button=2, buttons=2)
    browser_mouse(canvas, "motion_notify", *to_browser(view, 27, 16), buttons=2)
    browser_mouse(canvas, "button_release", *to_browser(view, 27, 16), button=2, buttons=0)
    assert not view.ink[16, 6:27].any() and view.ink[2].all()


def test_a_press_outside_the_drawing_draws_nothing(network, pyplot_on_agg):
    pad_widget = draw_digit(network=network)
    view, canvas = pad_widget.view, pad_widget.view.fig.canvas
    pad_widget.clear()
    frames = count_frames(canvas)
    x, y = view.bar_axes.transAxes.transform((0.5, 0.5))
    browser_mouse(canvas, "button_press", x, view.fig.bbox.height - y)
    browser_mouse(canvas, "motion_notify", *to_browser(view, 16, 16))
    assert not view.ink.any() and frames == []


def test_clear_and_example_buttons_change_the_picture_row_by_row(network, pyplot_on_agg,
                                                                 monkeypatch):
    monkeypatch.setattr(views.DigitPad, "ROW_SECONDS", 0)
    pad_widget = draw_digit(network=network)
    frames = count_frames(pad_widget.view.fig.canvas)
    seen = []
    update = pad_widget.view.update
    pad_widget.view.update = lambda: (update(), seen.append(pad_widget.view.pixels.copy()))
    start = example_pixels()
    inked_rows = int(np.sum(start.reshape(8, 8).any(axis=1)))
    pad_widget.clear_button.click()
    assert not pad_widget.view.ink.any()
    np.testing.assert_allclose(pad_widget.view.probabilities,
                               forward_by_hand(network, np.zeros(64)))
    # a frame per row that had ink, each with one more row cleared from the top; then the
    # finished picture once more (kept for the saved notebook)
    assert len(seen) == len(frames) == inked_rows + 1
    for count, pixels in enumerate(seen[:-1], start=1):
        assert np.sum(np.any(pixels.reshape(8, 8) != start.reshape(8, 8), axis=1)) == count
    pad_widget.example_button.click()
    np.testing.assert_array_equal(pad_widget.view.pixels, start)
    assert len(frames) == 2 * (inked_rows + 1)


def test_set_pixels_and_stroke_from_code_paint_one_frame_each(network, pyplot_on_agg):
    pad_widget = draw_digit(network=network)
    frames = count_frames(pad_widget.view.fig.canvas)
    pad_widget.set_pixels(np.linspace(0, 1, 64))
    pad_widget.stroke([(3, 3), (29, 29)])
    assert len(frames) == 2
    np.testing.assert_array_equal(pad_widget.view.pixels, pad.reduce(pad_widget.view.ink))


def test_what_the_notebook_says_about_learning_rate_1():
    # section 7: with learning rate 1, batch size 32 still learns; batch size 8 never recovers
    parts = digits.split()
    assert curves(parts, 1.0, 32, 32).val_accuracy[-1] > 0.9
    assert curves(parts, 1.0, 8, 32).val_accuracy.max() < 0.5
