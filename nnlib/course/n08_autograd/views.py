"""Live view for notebook 08: one training step of a small network, node by node on its graph.

The slider runs through `steps.TrainingStep`'s states: step 0 is the forward pass (values
only), each further step fills in one node's gradient from the nodes computed from it (the
node is outlined, the edges its gradient comes through are drawn in orange, and the sum is
written out under the graph), and the last step is the update, which moves every weight and
bias. `BackwardStepView.update` only shows `TrainingStep.state(step)`.
Importing this module loads matplotlib and ipywidgets.
"""

import numpy as np
from matplotlib.collections import LineCollection, PatchCollection
from matplotlib.colors import to_rgba
from matplotlib.patches import FancyBboxPatch, Rectangle

from nnlib.course.explore import SliderSpec, View
from nnlib.course.n08_autograd.drawing import (
    FACES,
    GRAD_COLOUR,
    draw_graph,
    write_number,
)
from nnlib.course.n08_autograd.steps import TrainingStep

BOX = (0.84, 0.58)  # a node's box, in units of the column gap
FONTSIZE = 7.0
HIGHLIGHT = "tab:orange"
UPDATED = "tab:green"
NOT_YET = "0.82"  # the grey bar over a gradient not computed yet


class BackwardStepView(View):
    """The graph of a small network's loss; a slider steps through its backward pass node by
    node, then the update.

    Options: training_step, a `steps.TrainingStep` (by default notebook 08's: the 2-2-1 network
    of notebook 03's section 5 on x = [1, 2], target 1, learning rate 1). Another network must
    have the same number of nodes as the slider has steps.
    """

    sliders = {"step": SliderSpec("step", 0, 0, TrainingStep().steps, 1)}
    figsize = (8.0, 4.6)

    def __init__(self, fig, ax, training_step=None):
        super().__init__(fig, ax)
        self.training_step = TrainingStep() if training_step is None else training_step
        if self.training_step.steps != self.sliders["step"].max:
            raise ValueError(f"the slider has {self.sliders['step'].max} steps, this network's "
                             f"backward pass {self.training_step.steps}")
        trace = self.training_step
        root = trace.network.loss
        # Every gradient is drawn once, in the picture that stays; a grey bar covers each one
        # not computed yet. A slider move then redraws a few artists, not thirty numbers.
        self.drawing = draw_graph(root, ax=ax, layout=trace.layout, box_width=BOX[0],
                                  box_height=BOX[1], fontsize=FONTSIZE)
        for key, text in self.drawing.grad_texts.items():
            write_number(text, trace.grads[key], FONTSIZE)
        self.position = trace.layout.position
        self.keys = list(self.drawing.grad_texts)
        bars = []
        for key in self.keys:
            _, y = self.drawing.grad_texts[key].get_position()
            x = self.position[key][0]
            bars.append(Rectangle((x - 0.4, y - 0.085), 0.8, 0.17))
        self.bars = PatchCollection(bars, facecolors=NOT_YET, edgecolors="none", zorder=3.5)
        ax.add_collection(self.bars)
        self.bar_colours = np.tile(to_rgba(NOT_YET), (len(bars), 1))
        # the update's new values, written over the old ones (shown at the last step only)
        self.parameters = [id(value) for value in trace.parameters]
        self.new_values = {}
        for key in self.parameters:
            old = self.drawing.value_texts[key]
            self.new_values[key] = ax.text(
                *old.get_position(), "", ha="center", va="center", fontsize=7.0,
                color=UPDATED, weight="bold", zorder=3.6, visible=False,
                bbox=dict(boxstyle="square,pad=0.1", facecolor=FACES["leaf"], edgecolor="none"))
        width, height = BOX[0] + 0.12, BOX[1] + 0.12
        self.outline = FancyBboxPatch((0, 0), width, height,
                                      boxstyle="round,pad=0,rounding_size=0.1", fill=False,
                                      edgecolor=HIGHLIGHT, linewidth=2.6, zorder=2.5,
                                      visible=False)
        ax.add_patch(self.outline)
        self.flow = LineCollection([], colors=HIGHLIGHT, linewidths=2.6, zorder=2.2)
        ax.add_collection(self.flow)
        # the explanation sits under the graph, in room made for it below the lowest box
        bottom, top = ax.get_ylim()
        ax.set_ylim(bottom - 0.9, top + 0.35)
        left = ax.get_xlim()[0]
        self.text = ax.text(left + 0.05, bottom - 0.85, "", ha="left", va="bottom", fontsize=8,
                            linespacing=1.5)
        key = ax.text(left + 0.05, top + 0.3, "in each box: name, value, ", ha="left",
                      va="top", fontsize=8)
        key = ax.annotate("gradient dL/d(box)", (1, 1), xycoords=key, va="top", fontsize=8,
                          color=GRAD_COLOUR, weight="bold")
        ax.annotate(" (a grey bar: not computed yet)", (1, 1), xycoords=key, va="top",
                    fontsize=8)
        self.state = None

    def changing_artists(self):
        return [self.flow, self.outline, self.bars, *self.new_values.values(), self.text]

    def update(self, step):
        state = self.training_step.state(step)
        self.state = state
        # a bar stays over each gradient not computed yet; the others become transparent
        colours = self.bar_colours.copy()
        colours[:, 3] = [state.grads[key] is None for key in self.keys]
        self.bars.set_facecolor(colours)
        for key, text in self.new_values.items():
            text.set_visible(key in state.moved)
            write_number(text, state.values[key], FONTSIZE)
        current = state.current
        self.outline.set_visible(current is not None)
        segments = []
        if current is not None:
            x, y = self.position[id(current)]
            self.outline.set_x(x - self.outline.get_width() / 2)
            self.outline.set_y(y - self.outline.get_height() / 2)
            for term in state.terms:  # the edges the gradient comes back through
                px, py = self.position[id(term.parent)]
                segments.append([(x + BOX[0] / 2, y), (px - BOX[0] / 2, py)])
        self.flow.set_segments(segments)
        self.text.set_text(state.text)
