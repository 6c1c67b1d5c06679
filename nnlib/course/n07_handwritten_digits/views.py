"""Live views for notebook 07 (handwritten digits).

* `TrainingExplorerView`: sliders for learning rate, batch size and hidden units; each setting
  shows the training and validation loss per epoch and the validation accuracy of a network
  trained with it. `curves` is the plain rule; the view keeps every run it trained, and
  trains the runs one slider move away from the start values when it is built, so that a
  move trains nothing (a run takes a few hundred ms, more than a move may).
* `DigitPadView` and `draw_digit`: a 32x32 pad to draw a digit on with the mouse, beside the
  8x8 picture the network reads (made from the drawing as the data set's images were made,
  `pad.reduce`) and its ten class probabilities, redrawn as the stroke goes.

Importing this module loads matplotlib and ipywidgets.
"""

import time
from typing import NamedTuple

import ipywidgets
import numpy as np
from matplotlib.backend_bases import MouseButton

from nnlib.course.explore import Explorer, RunCache, SliderSpec, View, explore
from nnlib.course.n07_handwritten_digits import digits, pad
from nnlib.losses import cross_entropy
from nnlib.metrics import accuracy

EXPLORER_EPOCHS = digits.EPOCHS  # every run of the explorer trains this many epochs


class Curves(NamedTuple):
    """One training run, measured after 0, 1, ..., epochs epochs (arrays of epochs + 1):
    training and validation loss, validation accuracy; and the trained network."""

    train_losses: np.ndarray
    val_losses: np.ndarray
    val_accuracy: np.ndarray
    network: object


def curves(parts, learning_rate, batch_size, hidden_units, epochs=EXPLORER_EPOCHS,
           seed=digits.SEED):
    """Train `digits.new_network(hidden_units, seed)` on `parts` (a DigitSplit) for `epochs`
    epochs of mini-batches, as `digits.train` does, and return its `Curves`."""
    network = digits.new_network(hidden_units, seed)
    val_losses, val_accuracy = [], []

    def measure(*_):
        # one pass over the validation images gives both the loss and the accuracy
        y_hat = network.feedforward(parts.X_val)  # (n_val, 10)
        val_losses.append(cross_entropy(parts.y_val, y_hat))
        val_accuracy.append(accuracy(parts.labels_val, y_hat))

    measure()
    history = network.train_minibatch(parts.X_train, parts.y_train, epochs,
                                      batch_size=batch_size, learning_rate=learning_rate,
                                      seed=seed, callback=measure)
    # History holds the losses BEFORE each epoch; the loss after the last one comes last
    train_losses = np.append(history.losses, network.loss(parts.X_train, parts.y_train))
    return Curves(train_losses, np.array(val_losses), np.array(val_accuracy), network)


class TrainingExplorerView(View):
    """Training and validation loss per epoch (left, log scale) and validation accuracy per
    epoch (right) of the digit network trained with the sliders' learning rate, batch size
    and hidden units; every run starts from the same seed.

    parts : a DigitSplit, by default `digits.split()`.
    precompute : train every setting one slider move away from the start values now (about
        a dozen runs), so that moving one slider from the start trains nothing.
    """

    sliders = {
        "learning_rate": SliderSpec.choice("learning rate", 0.3, (0.01, 0.03, 0.1, 0.3, 1.0)),
        "batch_size": SliderSpec.choice("batch size", 32, (8, 16, 32, 64, 128)),
        "hidden_units": SliderSpec.choice("hidden units", 32, (4, 8, 16, 32)),
    }
    budget_ms = 100
    figsize = (7.2, 3.3)  # a third of a move's time is compressing the frame: keep it small
    grid = (1, 2)

    def __init__(self, fig, axes, parts=None, epochs=EXPLORER_EPOCHS, precompute=True):
        super().__init__(fig, axes)
        self.loss_axes, self.accuracy_axes = axes
        self.parts = digits.split() if parts is None else parts
        self.epochs = epochs
        self.runs = RunCache(self._start_run)  # (learning_rate, batch_size, hidden_units) -> Curves
        self.current = None
        if precompute:
            for values in self.one_move_away():
                self.run(**values)
        ax, acc = axes
        epochs_done = np.arange(epochs + 1)
        (self.train_line,) = ax.plot(epochs_done, np.ones(epochs + 1), color="tab:blue", lw=2,
                                     marker="o", ms=3, label="training")
        (self.val_line,) = ax.plot(epochs_done, np.ones(epochs + 1), color="tab:orange", lw=2,
                                   marker="o", ms=3, label="validation")
        ax.set_yscale("log")
        ax.set_ylim(0.01, 4.0)
        ax.set_yticks([0.01, 0.1, 1.0], labels=["0.01", "0.1", "1"])
        ax.minorticks_off()
        ax.set_xlim(-0.3, epochs + 0.3)
        ax.set_xlabel("epochs trained")
        ax.set_ylabel("loss (cross-entropy)")
        ax.set_title("loss per epoch, log scale", fontsize=9)
        ax.grid(alpha=0.3)
        (self.accuracy_line,) = acc.plot(epochs_done, np.zeros(epochs + 1), color="tab:orange",
                                         lw=2, marker="o", ms=3)
        acc.set_ylim(0, 100)
        acc.set_xlim(-0.3, epochs + 0.3)
        acc.set_xlabel("epochs trained")
        acc.set_ylabel("validation accuracy (%)")
        acc.set_title("validation accuracy per epoch", fontsize=9)
        acc.grid(alpha=0.3)
        fig.legend(loc="outside lower center", ncols=2, fontsize=8)
        fig.suptitle(" ", fontsize=10)  # keeps room for `self.title`
        self.title = acc.text(0.5, 0.99, "", transform=fig.transFigure, ha="center", va="top",
                              fontsize=10)
        self.title.set_in_layout(False)

    def _start_run(self, learning_rate, batch_size, hidden_units):
        return curves(self.parts, learning_rate, batch_size, hidden_units, epochs=self.epochs)

    def run(self, learning_rate, batch_size, hidden_units):
        """The `Curves` of that setting: trained once, then kept."""
        return self.runs(float(learning_rate), int(batch_size), int(hidden_units))

    def changing_artists(self):
        return [self.train_line, self.val_line, self.accuracy_line, self.title]

    def update(self, learning_rate, batch_size, hidden_units):
        run = self.run(learning_rate, batch_size, hidden_units)
        self.train_line.set_ydata(run.train_losses)
        self.val_line.set_ydata(run.val_losses)
        self.accuracy_line.set_ydata(100 * run.val_accuracy)
        n_batches = -(-len(self.parts.X_train) // batch_size)  # per epoch, rounded up
        # one short line: every glyph of a changing text is drawn again at every move
        self.title.set_text(
            f"{self.epochs} epochs, {n_batches * self.epochs} steps: validation accuracy "
            f"{run.val_accuracy[-1]:.1%}, loss {run.val_losses[-1]:.4f}"
        )
        self.current = run


# --- draw your own digit ------------------------------------------------------------------------

IMAGE_PIXELS = digits.IMAGE_SHAPE[0] * digits.IMAGE_SHAPE[1]
EXAMPLE_DIGIT = 3  # the pad starts with the first validation image of this digit
BRUSH = 1.6  # the brush's radius, in cells of the 32 x 32 drawing


def example_pixels(parts=None, digit=EXAMPLE_DIGIT):
    """The first validation image of `digit`: (64,) pixels 0-1, row by row."""
    parts = digits.split() if parts is None else parts
    first = np.flatnonzero(parts.labels_val == digit)[0]
    return parts.X_val[first].copy()


class DigitPadView(View):
    """A 32x32 drawing (left; drag with the left mouse button to draw, the right one to
    erase), the 8x8 picture the network reads (middle: `pad.reduce` of the drawing, grey
    levels 0-16 of 16) and its ten class probabilities (right), the most likely digit in
    colour.

    network : a trained digit network (64 inputs, 10 softmax outputs); by default the
        notebook's, `digits.train(digits.split())`.
    pixels : the 8x8 picture to start from (64 values 0-1), by default `example_pixels()`.
    brush : the brush's radius in cells of the drawing.
    """

    figsize = (7.8, 3.2)

    def __init__(self, fig, axes, network=None, pixels=None, brush=BRUSH):
        super().__init__(fig, axes)
        if network is None:
            network, _ = digits.train(digits.split())
        self.network = network
        self.brush = brush
        self.start = example_pixels() if pixels is None else np.asarray(pixels, dtype=float)
        axes.remove()
        layout = fig.add_gridspec(1, 3, width_ratios=[1.0, 0.62, 1.05])
        drawing, picture, bars = (fig.add_subplot(place) for place in layout)
        self.drawing_axes, self.picture_axes, self.bar_axes = drawing, picture, bars
        self.axes = [drawing, picture, bars]

        self.drawing_image = drawing.imshow(np.zeros((pad.SIZE, pad.SIZE)), cmap="gray_r",
                                            vmin=0, vmax=1, interpolation="nearest",
                                            extent=(0, pad.SIZE, pad.SIZE, 0))
        for edge in range(pad.BLOCK, pad.SIZE, pad.BLOCK):  # the 4x4 blocks that make a pixel
            drawing.axhline(edge, color="tab:blue", lw=0.5, alpha=0.35)
            drawing.axvline(edge, color="tab:blue", lw=0.5, alpha=0.35)
        drawing.set_xticks([])
        drawing.set_yticks([])
        drawing.set_title("draw here (32 x 32)", fontsize=9)
        self.image = picture.imshow(np.zeros(digits.IMAGE_SHAPE), cmap="gray_r", vmin=0,
                                    vmax=1, interpolation="nearest")
        picture.set_xticks([])
        picture.set_yticks([])
        picture.set_title("what the network\nsees (8 x 8)", fontsize=9)
        self.bars = bars.bar(range(digits.N_CLASSES), np.zeros(digits.N_CLASSES),
                             color="0.7").patches
        bars.set_xticks(range(digits.N_CLASSES))
        bars.set_ylim(0, 1)
        bars.set_xlim(-0.6, digits.N_CLASSES - 0.4)
        bars.set_xlabel("digit")
        bars.set_ylabel("probability")
        bars.grid(axis="y", alpha=0.3)
        bars.set_axisbelow(True)  # grid lines under the bars, as the Painter draws them
        self.title = bars.text(0.5, 1.03, "", transform=bars.transAxes, ha="center",
                               va="bottom", fontsize=9)

        self.ink = np.zeros((pad.SIZE, pad.SIZE), dtype=bool)  # the drawing
        self.given = None  # pixels set from code, shown as given until the next stroke
        self.pixels = np.zeros(digits.N_CLASSES)
        self.probabilities = np.zeros(digits.N_CLASSES)
        self._pen = None  # (x, y, ink or erase) while a mouse button is held on the drawing
        self.set_pixels(self.start)

    def changing_artists(self):
        return [self.drawing_image, self.image, *self.bars, self.title]

    def set_pixels(self, pixels):
        """Show `pixels`: 64 values 0-1 (an 8x8 picture: the network reads exactly these,
        the drawing shows each as that many inked cells of its block) or 1024 (a 32x32
        drawing, ink where >= 0.5, read as a drawing is)."""
        pixels = np.asarray(pixels, dtype=float).ravel()
        if pixels.size == pad.SIZE * pad.SIZE:
            self.ink, self.given = pixels.reshape(pad.SIZE, pad.SIZE) >= 0.5, None
        elif pixels.size == IMAGE_PIXELS:
            self.ink, self.given = pad.dither(pixels), pixels.copy()
        else:
            raise ValueError(f"pixels must hold 64 (8x8) or 1024 (32x32) values, got "
                             f"{pixels.size}")

    def clear(self):
        """Take all the ink away."""
        self.set_pixels(np.zeros(IMAGE_PIXELS))

    def stroke(self, points, erase=False):
        """Draw (erase=True: erase) along `points`, a sequence of (x, y) in cells of the
        drawing (x across, y down, 0-32), with the brush."""
        points = [tuple(map(float, point)) for point in points]
        for start, end in zip(points, points[1:] or points, strict=False):
            pad.stroke(self.ink, start, end, self.brush, value=not erase)
        self.given = None  # from now on the picture is the drawing's

    def on_mouse(self, event):
        # where the pointer is in the drawing's cells, also outside it (a stroke may leave)
        x, y = self.drawing_axes.transData.inverted().transform((event.x, event.y))
        if event.name == "button_press_event" and event.inaxes is self.drawing_axes:
            self._pen = (x, y, event.button == MouseButton.RIGHT)
            self.stroke([(x, y)], erase=self._pen[2])
            return True
        if self._pen is None:
            return False
        x0, y0, erase = self._pen
        if event.name == "motion_notify_event":
            self._pen = (x, y, erase)
            self.stroke([(x0, y0), (x, y)], erase=erase)
            return True
        if event.name == "button_release_event":
            self._pen = None
            return True  # the last state, painted and kept for the saved notebook
        return False

    def update(self):
        self.pixels = pad.reduce(self.ink) if self.given is None else self.given.copy()
        self.probabilities = self.network.feedforward(self.pixels)  # (10,)
        self.drawing_image.set_data(self.ink)
        self.image.set_data(self.pixels.reshape(digits.IMAGE_SHAPE))
        best = int(np.argmax(self.probabilities))
        for digit, (bar, probability) in enumerate(zip(self.bars, self.probabilities,
                                                       strict=True)):
            bar.set_height(probability)
            bar.set_color("tab:blue" if digit == best else "0.7")
        self.title.set_text(f"the network says {best} (probability {self.probabilities[best]:.2f})")


class DigitPad(Explorer):
    """The pad: "clear" and "example" buttons above a `DigitPadView` drawn on with the mouse.
    `.view` is the view; `set_pixels` and `stroke` change the drawing from code with one
    frame each; `clear` and `example` change the picture the network reads one row of pixels
    at a time from the top, a frame per row (`ROW_SECONDS` apart), so that the learner sees
    the probabilities change as the digit goes or comes."""

    ROW_SECONDS = 0.06

    def set_pixels(self, pixels):
        """Show `pixels` (64 values of an 8x8 picture, or 1024 of a 32x32 drawing; see
        `DigitPadView.set_pixels`)."""
        self.view.set_pixels(pixels)
        self.show()

    def stroke(self, points, erase=False):
        """Draw along `points`, (x, y) in cells of the 32x32 drawing, as a drag would."""
        self.view.stroke(points, erase)
        self.show()

    def clear(self):
        self.rows_to(np.zeros(IMAGE_PIXELS))

    def example(self):
        self.rows_to(self.view.start)

    def rows_to(self, pixels):
        """Change the picture the network reads to `pixels` (64 values 0-1) one row of 8 at a
        time, a frame per row that changes."""
        target = np.asarray(pixels, dtype=float).reshape(digits.IMAGE_SHAPE)
        now = self.view.pixels.reshape(digits.IMAGE_SHAPE).copy()
        for row in range(len(target)):
            if np.array_equal(now[row], target[row]):
                continue
            now[row] = target[row]
            self.view.set_pixels(now.ravel())
            self.redraw()
            time.sleep(self.ROW_SECONDS)  # long enough to see each row's answer
        self.view.set_pixels(target.ravel())
        self.show()  # the finished picture, kept for the saved notebook


def draw_digit(network=None, pixels=None, brush=BRUSH):
    """A `DigitPad` for `network` (by default the notebook's), starting from `pixels` (by
    default `example_pixels()`). Returns the pad to display."""
    clear = ipywidgets.Button(description="clear", layout=ipywidgets.Layout(width="90px"),
                              tooltip="take all the ink away")
    example = ipywidgets.Button(description="example", layout=ipywidgets.Layout(width="90px"),
                                tooltip="show the example 3 from the data set again")
    buttons = ipywidgets.HBox([clear, example])
    explorer = explore(DigitPadView, extra=(buttons,), explorer_class=DigitPad, network=network,
                       pixels=pixels, brush=brush)
    clear.on_click(lambda _: explorer.clear())
    example.on_click(lambda _: explorer.example())
    explorer.clear_button, explorer.example_button = clear, example
    return explorer
