"""One training step of a small network, node by node: the plain rule behind notebook 08's
step-through view.

`TrainingStep` builds the network's loss as a graph of Values (`networks.value_network`) and
lays out its backward pass as a list of steps: step 0 shows the forward pass (every value, no
gradient yet); then one step per node, the loss first, in reverse topological order (column by
column, from the loss back to the inputs), each node's gradient filled in from the nodes
computed from it (its parents) by the local rule:

    dL/d node = sum over its parents p of  dL/dp * (d p / d node),

one term per use, which is why gradients add up (``+=``); the last step is the update, every
weight and bias moved by ``- learning_rate * gradient``. `TrainingStep.state(step)` says what
the view shows at each step.
"""

from dataclasses import dataclass

import numpy as np

from nnlib.course.n08_autograd.drawing import graph_layout
from nnlib.course.n08_autograd.networks import value_network
from nnlib.validation import check_learning_rate, is_whole_number

# 03's 2-2-2 network of section 5 with its first output only: 2 inputs, 2 sigmoid hidden units,
# 1 sigmoid output, all biases 0, the sample x = [1, 2] with target 1, L = (y - y_hat) ** 2.
STEP_WEIGHTS = (np.array([[0.5, -0.5], [0.25, 0.5]]), np.array([[1.0], [0.5]]))
STEP_BIASES = (np.zeros(2), np.zeros(1))
STEP_X = np.array([1.0, 2.0])
STEP_Y = np.array([1.0])
STEP_LEARNING_RATE = 1.0


def local_rule(parent, index):
    """The local derivative of `parent` with respect to its child number `index`, written out
    with names and numbers, e.g. "d(h1*v1)/dh1 = v1 = 1"."""
    child, local = parent.children[index], parent.local_derivatives[index]
    top, bottom = _wrap(name(parent)), _wrap(name(child))
    derivative = f"d{top}/d{bottom}"
    op = parent.op
    if op == "*":
        other = parent.children[1 - index]
        return f"{derivative} = {name(other)} = {local:.4g}"
    if op.startswith("**"):
        n = float(op[2:])
        power = f"{bottom}" if n == 2 else f"{bottom}^{n - 1:g}"
        return f"{derivative} = {n:g} {power} = {local:.4g}"
    formulas = {"sigmoid": f"{top} (1 - {top})", "tanh": f"1 - {top}^2", "exp": top,
                "log": f"1/{bottom}", "relu": f"1 if {bottom} > 0 else 0"}
    if op in formulas:
        return f"{derivative} = {formulas[op]} = {local:.4g}"
    return f"{derivative} = {local:.4g}"  # +, -, neg, /: a number


def _wrap(text):
    """A name in parentheses if it is an expression: (h1*v1), (y - y_hat)."""
    return f"({text})" if " " in text or "*" in text else text


def _number(value):
    """A number for the explanation, negative ones in parentheses."""
    return f"({value:.4g})" if value < 0 else f"{value:.4g}"


def name(node, depth=2):
    """How the text calls a node: its label, else its operation on its children's names
    (x1*w11 + x2*w21), at most `depth` operations deep."""
    if node.label:
        return node.label
    if depth == 0:
        return "..."
    children = [name(child, depth - 1) for child in node.children]
    symbol = {"*": "*", "+": " + ", "-": " - ", "/": "/"}.get(node.op)
    if symbol and len(children) == 2:
        return symbol.join(children)
    if node.op.startswith("**"):
        return f"({children[0]})^{node.op[2:]}"
    return f"{node.op}({', '.join(children)})"


@dataclass(frozen=True)
class Term:
    """One use of a node: the parent computed from it, d parent / d node, and dL/d parent."""

    parent: object
    local: float
    parent_grad: float

    @property
    def product(self):
        return self.local * self.parent_grad


@dataclass(frozen=True)
class StepState:
    """What the view shows after `step` steps.

    phase : "forward", "backward" or "update". current : the node whose gradient this step
    fills in (None outside the backward pass). terms : its parents' contributions.
    grads : id(node) -> gradient shown (None while not filled in yet).
    values : id(node) -> value shown (the new weights and biases after the update).
    moved : ids of the parameters the update moved (empty before). text : the explanation.
    """

    step: int
    phase: str
    current: object
    terms: tuple
    grads: dict
    values: dict
    moved: frozenset
    text: str


class TrainingStep:
    """One step of gradient descent on a network's loss, laid out node by node.

    weights, biases : lists of arrays as in `nnlib.Network`; x : one sample (n_inputs,);
    y : its target (n_outputs,); learning_rate > 0; hidden, output : activations.
    Attributes: network (the ValueNetwork), layout (where each node is drawn), order (the
    nodes in the order the backward pass visits them), grads (id -> dL/d node),
    new_weights, new_biases, loss_before, loss_after.
    """

    def __init__(self, weights=STEP_WEIGHTS, biases=STEP_BIASES, x=STEP_X, y=STEP_Y,
                 learning_rate=STEP_LEARNING_RATE, hidden="sigmoid", output="sigmoid"):
        self.learning_rate = check_learning_rate(learning_rate)
        x, y = np.reshape(x, (1, -1)), np.reshape(y, (1, -1))
        self.network = value_network(weights, biases, x, y, hidden, output)
        self.layout = graph_layout(self.network.loss)
        depth = self.layout.depth
        nodes = self.layout.nodes
        # column by column from the loss; top to bottom within a column. A node's parents are
        # all in columns nearer the loss, so each node comes after all of them.
        self.order = sorted(nodes, key=lambda node: (depth[id(node)],
                                                     -self.layout.position[id(node)][1]))
        self.parents = {id(node): [] for node in nodes}  # id -> [(parent, index of the use)]
        for parent in nodes:
            for index, child in enumerate(parent.children):
                self.parents[id(child)].append((parent, index))
        self.grads = {}
        self.terms = {}
        for node in self.order:
            terms = tuple(Term(parent, parent.local_derivatives[index], self.grads[id(parent)])
                          for parent, index in self.parents[id(node)])
            self.terms[id(node)] = terms
            self.grads[id(node)] = sum(term.product for term in terms) if terms else 1.0
        self.parameters = self.network.parameters()
        self.new_weights = [w - self.learning_rate * self._grad_array(layer)
                            for w, layer in zip(weights, self.network.weights, strict=True)]
        self.new_biases = [b - self.learning_rate * self._grad_array(layer)
                           for b, layer in zip(biases, self.network.biases, strict=True)]
        self.loss_before = self.network.loss.data
        self.loss_after = value_network(self.new_weights, self.new_biases, x, y, hidden,
                                        output).loss.data

    @property
    def steps(self):
        """The number of the last step: one per node, then the update."""
        return len(self.order) + 1

    def _grad_array(self, layer):
        return np.array([self.grads[id(value)] for value in layer.ravel()]).reshape(layer.shape)

    def state(self, step):
        """What the view shows after `step` steps (0 = the forward pass only)."""
        if not (is_whole_number(step) and 0 <= step <= self.steps):
            raise ValueError(f"step must be between 0 and {self.steps}, got {step!r}")
        done = self.order[: min(step, len(self.order))]
        grads = {id(node): None for node in self.order}
        grads.update({id(node): self.grads[id(node)] for node in done})
        values = {id(node): node.data for node in self.order}
        if step == 0:
            return StepState(0, "forward", None, (), grads, values, frozenset(), self._forward())
        if step == self.steps:
            moved = frozenset(id(value) for value in self.parameters)
            for value in self.parameters:
                values[id(value)] = value.data - self.learning_rate * self.grads[id(value)]
            return StepState(step, "update", None, (), grads, values, moved, self._update())
        node = self.order[step - 1]
        terms = self.terms[id(node)]
        return StepState(step, "backward", node, terms, grads, values, frozenset(),
                         self._explain(step, node, terms))

    def _forward(self):
        return (f"Forward pass done: each box shows its value. Loss L = {self.loss_before:.4g}.\n"
                f"Move the slider: the backward pass fills in one gradient dL/d(node) per step "
                f"({len(self.order)} nodes), then the update.")

    def _explain(self, step, node, terms):
        head = f"Step {step} of {self.steps}: {name(node)}"
        if not terms:
            return f"{head}, the loss itself: grad(L) = dL/dL = 1.\nEvery other gradient grows " \
                   "from this 1, one node at a time."
        grad = self.grads[id(node)]
        products = " + ".join(f"{_number(term.local)} x {_number(term.parent_grad)}"
                              for term in terms)
        if len(terms) == 1:
            parent = terms[0].parent
            index = self.parents[id(node)][0][1]
            return (f"{head}, used by {name(parent)}: local derivative "
                    f"{local_rule(parent, index)}.\n"
                    f"grad({name(node)}) = local derivative x grad({name(parent)}) = {products}"
                    f" = {grad:.4g}")
        users = " and ".join(name(term.parent) for term in terms)
        times = "twice" if len(terms) == 2 else f"{len(terms)} times"
        return (f"{head}, used {times}: by {users}. One term per use, ADDED UP (+=):\n"
                f"grad({name(node)}) = {products} = {grad:.4g}")

    def _update(self):
        return (f"Update: every weight and bias moves against its gradient, "
                f"w <- w - {self.learning_rate:g} x dL/dw (new values in green).\n"
                f"Loss before the step {self.loss_before:.4g}, after {self.loss_after:.4g}.")
