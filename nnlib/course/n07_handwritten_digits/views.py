"""Live views for notebook 07 (handwritten digits).

* `TrainingExplorerView`: sliders for learning rate, batch size and hidden units; each setting
  shows the training and validation loss per epoch and the validation accuracy of a network
  trained with it. `curves` is the plain rule; the view keeps every run it trained, and
  trains the runs one slider move away from the start values when it is built, so that a
  move trains nothing (a run takes a few hundred ms, more than a move may).
* `DigitPadView` and `draw_digit`: an 8x8 grid of check boxes to draw a digit on, beside
  the picture the network sees and its ten class probabilities, redrawn at every tick.

Importing this module loads matplotlib and ipywidgets.
"""

import time
from typing import NamedTuple

import ipywidgets
import numpy as np
from ipywidgets.widgets.widget_bool import CheckboxStyle  # not exported at the top

from nnlib.course.explore import Painter, SliderSpec, View, freeze_layout, new_figure
from nnlib.course.ipympl_glue import keep_picture, show_at_full_size, with_png_fallback
from nnlib.course.n07_handwritten_digits import digits
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
        self.runs = {}  # (learning_rate, batch_size, hidden_units) -> Curves
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

    def one_move_away(self):
        """The slider settings at most one slider away from the start values, start first."""
        start = self.initial_values()
        settings = [start]
        for name, spec in self.sliders.items():
            settings += [{**start, name: option} for option in spec.options
                         if option != start[name]]
        return settings

    def run(self, learning_rate, batch_size, hidden_units):
        """The `Curves` of that setting: trained once, then kept."""
        key = (float(learning_rate), int(batch_size), int(hidden_units))
        if key not in self.runs:
            self.runs[key] = curves(self.parts, *key, epochs=self.epochs)
        return self.runs[key]

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

EXAMPLE_DIGIT = 3  # the pad starts with the first validation image of this digit, in black
BOX_PX = 22


def example_pixels(parts=None, digit=EXAMPLE_DIGIT):
    """The first validation image of `digit` in black and white: (64,) of 0.0 and 1.0, a pixel
    on where the image is at least half as bright as the brightest."""
    parts = digits.split() if parts is None else parts
    first = np.flatnonzero(parts.labels_val == digit)[0]
    return (parts.X_val[first] >= 0.5).astype(float)


class DigitPadView(View):
    """The 8x8 picture the network is shown (left) and its ten class probabilities as bars
    (right), the most likely digit in colour.

    network : a trained digit network (64 inputs, 10 softmax outputs); by default the
        notebook's, `digits.train(digits.split())`.
    update(pixels) : pixels (64,) of values 0 to 1, row by row.
    """

    figsize = (5.0, 2.6)
    grid = (1, 2)

    def __init__(self, fig, axes, network=None, pixels=None):
        super().__init__(fig, axes)
        self.picture_axes, self.bar_axes = axes
        if network is None:
            network, _ = digits.train(digits.split())
        self.network = network
        self.start = example_pixels() if pixels is None else np.asarray(pixels, dtype=float)
        self.pixels = self.start.copy()
        self.probabilities = np.zeros(digits.N_CLASSES)
        picture, bars = axes
        self.image = picture.imshow(np.zeros(digits.IMAGE_SHAPE), cmap="gray_r", vmin=0,
                                    vmax=1, interpolation="nearest")
        picture.set_xticks([])
        picture.set_yticks([])
        picture.set_title("what the network sees", fontsize=9)
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

    def initial_values(self):
        return {"pixels": self.start}

    def changing_artists(self):
        return [self.image, *self.bars, self.title]

    def update(self, pixels):
        self.pixels = np.asarray(pixels, dtype=float).copy()
        self.probabilities = self.network.feedforward(self.pixels)  # (10,)
        self.image.set_data(self.pixels.reshape(digits.IMAGE_SHAPE))
        best = int(np.argmax(self.probabilities))
        for digit, (bar, probability) in enumerate(zip(self.bars, self.probabilities,
                                                       strict=True)):
            bar.set_height(probability)
            bar.set_color("tab:blue" if digit == best else "0.7")
        self.title.set_text(f"the network says {best} (probability {self.probabilities[best]:.2f})")


class DigitPad(ipywidgets.HBox):
    """64 check boxes (the pen: ticked is ink) beside a `DigitPadView` on a live figure, with
    "clear" and "example" buttons. `.view` is the view, `.boxes` the 64 check boxes in reading
    order.

    The buttons change the drawing one pixel row at a time, top to bottom, a frame per row
    (`ROW_SECONDS` apart), so that the learner sees the probabilities change as the example
    appears or the drawing goes away.
    """

    ROW_SECONDS = 0.06

    def __init__(self, view, painter):
        self.view = view
        self.painter = painter
        self._setting = False
        # one layout and one style for all 64 boxes: 2 widget models instead of 128
        layout = ipywidgets.Layout(width=f"{BOX_PX}px", height=f"{BOX_PX}px", padding="0px",
                                   margin="0px")
        style = CheckboxStyle()
        self.boxes = [ipywidgets.Checkbox(value=bool(on), indent=False, layout=layout,
                                          style=style)
                      for on in view.pixels >= 0.5]
        for box in self.boxes:
            box.observe(self._ticked, names="value")
        grid = ipywidgets.GridBox(self.boxes, layout=ipywidgets.Layout(
            grid_template_columns=f"repeat(8, {BOX_PX}px)", grid_gap="0px", width="max-content"))
        clear = ipywidgets.Button(description="clear", layout=ipywidgets.Layout(width="90px"),
                                  tooltip="take the ink away, row by row")
        example = ipywidgets.Button(description="example",
                                    layout=ipywidgets.Layout(width="90px"),
                                    tooltip="draw the example 3 again, row by row")
        clear.on_click(lambda _: self.draw_rows(np.zeros(len(self.boxes))))
        example.on_click(lambda _: self.draw_rows(view.start))
        pen = ipywidgets.VBox([grid, ipywidgets.HBox([clear, example])],
                              layout=ipywidgets.Layout(width="max-content"))
        super().__init__([pen, view.fig.canvas])
        self.clear_button, self.example_button = clear, example

    def set_pixels(self, pixels):
        """Set every box from `pixels` (64 values; ink where >= 0.5) with one update."""
        self._set(pixels)
        keep_picture(self.view.fig)  # the picture saved with the notebook matches the boxes

    def draw_rows(self, pixels):
        """Change the drawing to `pixels` one row of 8 at a time, a frame per row changed."""
        target = np.asarray(pixels, dtype=float).reshape(digits.IMAGE_SHAPE)
        for row in range(len(target)):
            now = self.pixels().reshape(digits.IMAGE_SHAPE)
            if np.array_equal(now[row] >= 0.5, target[row] >= 0.5):
                continue
            now[row] = target[row]
            self._set(now.ravel())
            time.sleep(self.ROW_SECONDS)  # long enough to see each row's answer
        keep_picture(self.view.fig)

    def pixels(self):
        """The drawing as the network gets it: (64,) of 0.0 and 1.0, row by row."""
        return np.array([float(box.value) for box in self.boxes])

    def redraw(self):
        self.view.update(self.pixels())
        self.painter.paint()

    def _set(self, pixels):
        self._setting = True  # one update and one frame for all the boxes
        try:
            for box, value in zip(self.boxes, pixels, strict=True):
                box.value = bool(value >= 0.5)
        finally:
            self._setting = False
        self.redraw()

    def _ticked(self, change):
        if not self._setting:
            self.redraw()

    def _repr_mimebundle_(self, **kwargs):
        # a picture for places where widgets cannot render (see with_png_fallback)
        return with_png_fallback(super()._repr_mimebundle_(**kwargs), self.view.fig)


def draw_digit(network=None, pixels=None):
    """A `DigitPad` for `network` (by default the notebook's), starting from `pixels` (by
    default `example_pixels()`). Returns the pad to display."""
    fig, axes = new_figure(DigitPadView.figsize, DigitPadView.grid)
    view = DigitPadView(fig, axes, network=network, pixels=pixels)
    view.update(**view.initial_values())
    freeze_layout(fig)
    pad = DigitPad(view, Painter(view))
    pad.painter.paint()
    show_at_full_size(fig)
    keep_picture(fig)  # for readers who open the saved notebook without a kernel
    return pad
