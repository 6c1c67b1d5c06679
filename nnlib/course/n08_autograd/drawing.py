"""Draw a graph of Values with matplotlib: one box per node (its name or operation, its value,
its gradient), one line per edge, inputs on the left and the result on the right.

Works for any Value-like object with `data`, `grad`, `children`, `op` and `label` (the
notebook's own Value class and `nnlib.autograd.Value`). No graphviz: the layout is computed
here (`graph_layout`): a node's column is its longest path to the result, so every edge runs
left to right, and each column's nodes sit near the nodes they feed.
"""

import re
from dataclasses import dataclass, field

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.patches import FancyBboxPatch

from nnlib.autograd import topological_order

OP_SYMBOLS = {"+": "+", "-": "−", "*": "×", "/": "÷", "neg": "−x", "exp": "exp", "log": "log",
              "tanh": "tanh", "sigmoid": "σ", "relu": "relu"}
VALUE_COLOUR = "black"
GRAD_COLOUR = "#c0392b"  # a red that stays readable on every box colour
FACES = {"leaf": "#dbe9f6", "op": "white", "root": "#fde2c8"}


@dataclass
class GraphLayout:
    """Where each node of the graph of `root` goes.

    nodes : every node, each after its children (a topological order), root last.
    depth : id(node) -> longest path to the root in edges (root 0); column = max depth - depth.
    position : id(node) -> (x, y) of the box's centre, in units of `column_gap`.
    edges : (child, parent) pairs, one per use (x * x gives two).
    """

    nodes: list
    depth: dict
    position: dict
    edges: list

    def parents(self, node):
        """The nodes computed from `node`, one entry per use."""
        return [parent for child, parent in self.edges if child is node]


def graph_layout(root, column_gap=1.0, row_gap=0.72):
    """Place the nodes of the graph of `root` in columns (inputs left, root right)."""
    nodes = topological_order(root)
    depth = {id(root): 0}
    for node in reversed(nodes):  # parents before children
        for child in node.children:
            depth[id(child)] = max(depth.get(id(child), 0), depth[id(node)] + 1)
    # an input that feeds several nodes (x1 into every hidden unit) goes to the top or bottom of
    # its column, so that its edges cross other edges but never pass behind a box
    users = {}
    for node in nodes:
        for child in set(map(id, node.children)):
            users[child] = users.get(child, 0) + 1
    shared = {id(node) for node in nodes if not node.children and users.get(id(node), 0) > 1}
    columns = max(depth.values()) + 1
    by_depth = [[] for _ in range(columns)]
    for node in reversed(nodes):
        by_depth[depth[id(node)]].append(node)
    # each node asks for its children to sit around its own height, first child on top
    y = {id(root): 0.0}
    wishes = {}  # id(child) -> the heights its parents ask for
    asked = {}  # id(child) -> when it was first asked for: breaks ties, top parents first
    for level in by_depth:
        if level is not by_depth[0]:
            targets = {id(node): float(np.mean(wishes[id(node)])) for node in level}
            level.sort(key=lambda node: (targets[id(node)], asked[id(node)]))
            inner = [node for node in level if id(node) not in shared]
            outer = [node for node in level if id(node) in shared]
            level[:] = outer[0::2] + inner + outer[1::2][::-1]  # first shared on top
            placed = _spread([targets[id(node)] for node in inner], row_gap) or [0.0]
            top, bottom = outer[0::2], outer[1::2]
            placed = ([placed[0] - (len(top) - k) * row_gap for k in range(len(top))]
                      + placed[: len(inner)]
                      + [placed[-1] + (k + 1) * row_gap for k in range(len(bottom))])
            y.update({id(node): at for node, at in zip(level, placed, strict=True)})
        for node in level:
            unique = list(dict.fromkeys(map(id, node.children)))
            for k, child in enumerate(unique):
                offset = (k - (len(unique) - 1) / 2) * row_gap
                wishes.setdefault(child, []).append(y[id(node)] + offset)
                asked.setdefault(child, len(asked))
    position = {key: ((columns - 1 - depth[key]) * column_gap, -value) for key, value in y.items()}
    edges = [(child, node) for node in nodes for child in node.children]
    return GraphLayout(nodes, depth, position, edges)


def _spread(targets, gap):
    """Heights as close to the sorted `targets` as possible, at least `gap` apart, same mean."""
    if not targets:
        return []
    placed = list(targets)
    for i in range(1, len(placed)):
        placed[i] = max(placed[i], placed[i - 1] + gap)
    shift = np.mean(targets) - np.mean(placed)
    return [float(at + shift) for at in placed]


def display_label(label):
    """A node label as matplotlib math: w11 -> w_{11}, zh1 -> z_{h_1}, y_hat -> hat y."""
    if label == "y_hat":
        return r"$\hat y$"
    match = re.fullmatch(r"([A-Za-z])([a-z]?)(\d*)", label)
    if not match:
        return label
    letter, sub, digits = match.groups()
    if sub:
        inner = f"{sub}_{{{digits}}}" if digits else sub
        return f"${letter}_{{{inner}}}$"
    return f"${letter}_{{{digits}}}$" if digits else f"${letter}$"


def op_symbol(op):
    """The symbol written for an operation: × for *, σ for sigmoid, x² for **2, ..."""
    if op.startswith("**"):
        return f"$x^{{{op[2:]}}}$"
    return OP_SYMBOLS.get(op, op)


def number(value):
    """A node's number, short enough for its box."""
    if value == 0:
        return "0"
    return f"{value:.4g}" if abs(value) >= 1e-3 else f"{value:.2g}" if abs(value) >= 1e-4 else (
        f"{value:.1e}")


def write_number(text, value, fontsize):
    """Set a box's number; a long one (-0.003975) a little smaller, so that it stays inside."""
    text.set_text(number(value))
    text.set_fontsize(fontsize if len(text.get_text()) <= 8 else 0.87 * fontsize)


@dataclass
class GraphDrawing:
    """The artists of a drawn graph, by node: update the texts to show other numbers."""

    layout: GraphLayout
    ax: object
    boxes: dict = field(default_factory=dict)
    value_texts: dict = field(default_factory=dict)
    grad_texts: dict = field(default_factory=dict)
    edges: object = None


def draw_graph(root, ax=None, grads=True, layout=None, box_width=0.84, box_height=0.58,
               fontsize=7.0):
    """Draw the graph of `root`: per node its name (or operation), value and, with grads=True,
    its gradient grad (in red). Returns a GraphDrawing with the artists."""
    if ax is None:
        _, ax = plt.subplots(figsize=(7.6, 3.6), layout="constrained")
    layout = graph_layout(root) if layout is None else layout
    drawing = GraphDrawing(layout, ax)
    segments = []
    for child, parent in dict.fromkeys(layout.edges):  # one line per pair, even for x * x
        (x0, y0), (x1, y1) = layout.position[id(child)], layout.position[id(parent)]
        segments.append([(x0 + box_width / 2, y0), (x1 - box_width / 2, y1)])
    drawing.edges = LineCollection(segments, colors="0.55", linewidths=1.0, zorder=1)
    ax.add_collection(drawing.edges)
    for node in layout.nodes:
        x, y = layout.position[id(node)]
        kind = "root" if node is root else "leaf" if not node.children else "op"
        box = FancyBboxPatch((x - box_width / 2, y - box_height / 2), box_width, box_height,
                             boxstyle="round,pad=0,rounding_size=0.08", facecolor=FACES[kind],
                             edgecolor="0.3", linewidth=0.9, zorder=2)
        ax.add_patch(box)
        drawing.boxes[id(node)] = box
        title = display_label(node.label) if node.label else op_symbol(node.op)
        rows = 3 if grads else 2
        step = box_height / (rows + 0.6)
        top = y + box_height / 2 - 0.8 * step
        ax.text(x, top, title, ha="center", va="center", fontsize=fontsize + 1, zorder=3)
        if node.label and node.op:  # a named result: its operation where the inputs arrive
            ax.text(x - box_width / 2, y, op_symbol(node.op), ha="center", va="center",
                    fontsize=fontsize, zorder=4, bbox=dict(boxstyle="circle,pad=0.15",
                    facecolor="white", edgecolor="0.3", linewidth=0.8))
        drawing.value_texts[id(node)] = ax.text(
            x, top - step, "", ha="center", va="center", color=VALUE_COLOUR, zorder=3)
        write_number(drawing.value_texts[id(node)], node.data, fontsize)
        if grads:
            drawing.grad_texts[id(node)] = ax.text(
                x, top - 2 * step, "", ha="center", va="center", color=GRAD_COLOUR,
                weight="bold", zorder=3)
            write_number(drawing.grad_texts[id(node)], node.grad, fontsize)
    xs = [x for x, _ in layout.position.values()]
    ys = [y for _, y in layout.position.values()]
    ax.set_xlim(min(xs) - box_width / 2 - 0.35, max(xs) + box_width / 2 + 0.1)
    ax.set_ylim(min(ys) - box_height / 2 - 0.1, max(ys) + box_height / 2 + 0.1)
    ax.set_aspect("equal")
    ax.axis("off")
    for spine in ax.spines.values():  # hidden too: a live view's Painter draws what is visible
        spine.set_visible(False)
    return drawing
