"""Notebook 07's live views: the training explorer draws the run its sliders describe (checked
against training replayed epoch by epoch), trains nothing when one slider moves from the start,
and the draw-your-own-digit pad shows the probabilities a hand-written forward pass gives."""

import numpy as np
import pytest
from live_frames import count_frames

import nnlib
from nnlib.course.explore import Painter
from nnlib.course.n07_handwritten_digits import digits, views
from nnlib.course.n07_handwritten_digits.views import (
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


def test_example_is_the_first_validation_three_in_black_and_white(parts):
    pixels = example_pixels(parts)
    first = np.flatnonzero(parts.labels_val == 3)[0]
    np.testing.assert_array_equal(pixels, (parts.X_val[first] >= 0.5) * 1.0)
    assert set(np.unique(pixels)) == {0.0, 1.0}


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_pad_view_shows_the_probabilities_of_its_pixels(network, seed):
    view = DigitPadView.on_agg(network=network)
    pixels = (np.random.default_rng(seed).random(64) < 0.3) * 1.0
    view.update(pixels)
    expected = forward_by_hand(network, pixels)
    np.testing.assert_allclose(view.probabilities, expected, rtol=1e-12)
    np.testing.assert_allclose([bar.get_height() for bar in view.bars], expected, rtol=1e-12)
    np.testing.assert_array_equal(view.image.get_array(), pixels.reshape(8, 8))
    best = int(np.argmax(expected))
    assert view.title.get_text() == f"the network says {best} (probability {expected[best]:.2f})"
    colours = [bar.get_facecolor() for bar in view.bars]
    assert len({colours[digit] for digit in range(10) if digit != best}) == 1
    assert colours[best] != colours[(best + 1) % 10]


def test_pad_view_blits_like_a_full_redraw(network):
    view = DigitPadView.on_agg(network=network)
    painter = Painter(view)
    canvas = view.fig.canvas
    for seed in range(3):
        view.update((np.random.default_rng(seed).random(64) < 0.4) * 1.0)
        painter.paint()
        blitted = np.asarray(canvas.buffer_rgba()).astype(int)
        canvas.draw()
        full = np.asarray(canvas.buffer_rgba()).astype(int)
        assert np.mean(np.any(blitted != full, axis=2)) <= 0.005
        assert np.abs(blitted - full).max() <= 8




def test_the_pad_starts_from_the_example_with_one_box_per_pixel(network, pyplot_on_agg):
    pad = draw_digit(network=network)
    start = example_pixels()
    assert len(pad.boxes) == 64
    np.testing.assert_array_equal(pad.pixels(), start)
    np.testing.assert_allclose(pad.view.probabilities, forward_by_hand(network, start))
    # a canvas shown inside a box needs its size up front, or JupyterLab shows it 0 x 0
    assert pad.view.fig.canvas._size == (500.0, 260.0)
    assert "image/png" in pad._repr_mimebundle_()
    # one layout and one style shared by the 64 boxes
    assert len({id(box.layout) for box in pad.boxes}) == 1
    assert len({id(box.style) for box in pad.boxes}) == 1


@pytest.mark.parametrize("index", [0, 19, 36, 63])
def test_ticking_a_box_redraws_the_probabilities_of_the_new_drawing(network, index,
                                                                     pyplot_on_agg):
    pad = draw_digit(network=network)
    frames = count_frames(pad.view.fig.canvas)
    before = pad.pixels()
    pad.boxes[index].value = not pad.boxes[index].value  # a click
    after = before.copy()
    after[index] = 1 - after[index]
    np.testing.assert_array_equal(pad.view.pixels, after)
    np.testing.assert_allclose(pad.view.probabilities, forward_by_hand(network, after),
                               rtol=1e-12)
    assert not np.allclose(pad.view.probabilities, forward_by_hand(network, before))
    assert len(frames) == 1 and frames[0].startswith(b"\x89PNG")  # one frame, at once


def test_clear_and_example_change_the_drawing_row_by_row(network, pyplot_on_agg, monkeypatch):
    monkeypatch.setattr(views.DigitPad, "ROW_SECONDS", 0)
    pad = draw_digit(network=network)
    frames = count_frames(pad.view.fig.canvas)
    seen = []
    update = pad.view.update
    pad.view.update = lambda pixels: (seen.append(np.array(pixels)), update(pixels))
    start = example_pixels()
    inked_rows = int(np.sum(start.reshape(8, 8).any(axis=1)))
    pad.clear_button.click()
    np.testing.assert_array_equal(pad.pixels(), np.zeros(64))
    np.testing.assert_allclose(pad.view.probabilities, forward_by_hand(network, np.zeros(64)))
    assert len(seen) == len(frames) == inked_rows  # a frame per row that had ink
    # each frame has one more row cleared, from the top
    for count, pixels in enumerate(seen, start=1):
        assert np.sum(np.any(pixels.reshape(8, 8) != start.reshape(8, 8), axis=1)) == count
    pad.example_button.click()
    np.testing.assert_array_equal(pad.view.pixels, start)
    assert len(frames) == 2 * inked_rows


def test_set_pixels_takes_any_values_with_ink_from_one_half(network, pyplot_on_agg):
    pad = draw_digit(network=network)
    frames = count_frames(pad.view.fig.canvas)
    values = np.linspace(0, 1, 64)
    pad.set_pixels(values)
    np.testing.assert_array_equal(pad.pixels(), (values >= 0.5) * 1.0)
    np.testing.assert_allclose(pad.view.probabilities,
                               forward_by_hand(network, (values >= 0.5) * 1.0))
    assert len(frames) == 1  # one frame for all 64 boxes


def test_what_the_notebook_says_about_learning_rate_1():
    # section 7: with learning rate 1, batch size 32 still learns; batch size 8 never recovers
    parts = digits.split()
    assert curves(parts, 1.0, 32, 32).val_accuracy[-1] > 0.9
    assert curves(parts, 1.0, 8, 32).val_accuracy.max() < 0.5
