"""Automatic differentiation on scalars: a `Value` remembers how it was computed, and
``backward()`` applies the chain rule through that graph, from the result back to every input.

Each operation makes a new Value whose `children` are its operands and records the
operation's local derivatives, one per child (for a * b: b with respect to a, a with respect
to b). ``backward()`` visits the nodes in reverse topological order (every node after all the
nodes computed from it) and each adds ``local derivative * its own grad`` to each child's
`grad`. Gradients ADD UP (``+=``): a Value used twice receives one contribution per use. The
leaves' gradients (the Values you created: weights, inputs) also add up across calls, so zero
them (``value.grad = 0.0``) before the next backward pass.
Notebook 08 builds the same class step by step. ``import nnlib`` does not load this module:
``from nnlib.autograd import Value``.
"""

import math

import numpy as np

from nnlib.validation import is_real_number


class Value:
    """A number in a computation graph, with the gradient of the graph's result with respect
    to it (`grad`, filled in by ``backward()`` on the result).

    data : a finite real number (int, float or numpy scalar; not bool).
    label : an optional name, e.g. "w1", written on the node when the graph is drawn.
    A Value combines with Values and real numbers: + - * / and ** (a number as exponent), and
    has exp, log, tanh, sigmoid and relu. Anything else raises a TypeError naming the operand.
    A numpy array of Values (dtype=object) works with @, sum and elementwise operators.

    children : the Values it was computed from (empty for a Value you create);
    local_derivatives : d self / d child for each child, in the same order; op : the
    operation's symbol ("" for a Value you create).
    """

    __slots__ = ("data", "grad", "children", "local_derivatives", "op", "label")

    def __init__(self, data, label=""):
        self.data = _number(data, "Value(data)")
        if not isinstance(label, str):
            raise TypeError(f"label must be a string, got {type(label).__name__} {label!r}")
        self.grad = 0.0
        self.children = ()
        self.local_derivatives = ()
        self.op = ""
        self.label = label

    # --- operations: the result, its children and d result / d child for each --------------

    def __add__(self, other):
        other = _operand(other, "+", self)
        if other is NotImplemented:
            return other
        return _result(self.data + other.data, "+", (self, other), (1.0, 1.0))

    def __sub__(self, other):
        other = _operand(other, "-", self)
        if other is NotImplemented:
            return other
        return _result(self.data - other.data, "-", (self, other), (1.0, -1.0))

    def __mul__(self, other):
        other = _operand(other, "*", self)
        if other is NotImplemented:
            return other
        return _result(self.data * other.data, "*", (self, other), (other.data, self.data))

    def __truediv__(self, other):
        other = _operand(other, "/", self)
        if other is NotImplemented:
            return other
        if other.data == 0:
            raise ValueError(f"division by zero: {self!r} / {other!r}")
        quotient = self.data / other.data
        return _result(quotient, "/", (self, other), (1.0 / other.data, -quotient / other.data))

    def __pow__(self, exponent):
        if isinstance(exponent, Value):
            raise TypeError("Value ** Value is not supported: the exponent must be a plain number "
                            "(no gradient is computed for it); for a ** b with both Values write "
                            "(b * a.log()).exp()")
        if not is_real_number(exponent):
            raise TypeError(f"unsupported operand for Value ** {type(exponent).__name__}: the "
                            f"exponent must be a real number, got {exponent!r}")
        n = _number(exponent, "the exponent")
        if self.data == 0 and 0 < n < 1 or self.data == 0 and n < 0:
            raise ValueError(f"{self!r} ** {n:g} has no finite derivative at 0 (a division by "
                             "zero)")
        if self.data < 0 and n != int(n):
            raise ValueError(f"a negative number to a fractional power is not a real number: "
                             f"{self!r} ** {n:g}")
        local = 0.0 if n == 0 else n * _power(self.data, n - 1)  # 0 * a ** -1 at a = 0 is 0
        return _result(_power(self.data, n), f"**{n:g}", (self,), (local,))

    def __neg__(self):
        return _result(-self.data, "neg", (self,), (-1.0,))

    def __radd__(self, other):  # number + Value
        return self + other

    def __rmul__(self, other):
        return self * other

    def __rsub__(self, other):
        other = _operand(other, "-", self)
        return other if other is NotImplemented else other - self

    def __rtruediv__(self, other):
        other = _operand(other, "/", self)
        return other if other is NotImplemented else other / self

    def __rpow__(self, base):
        raise TypeError(f"unsupported operand for {type(base).__name__} ** Value: only a Value "
                        "raised to a plain number is supported; for c ** v write "
                        "(v * math.log(c)).exp()")

    def exp(self):
        """e ** self; its local derivative is the output itself."""
        try:
            out = math.exp(self.data)
        except OverflowError:  # beyond 1.8e308: _result reports it
            out = math.inf
        return _result(out, "exp", (self,), (out,))

    def log(self):
        """Natural logarithm (self > 0); local derivative 1 / self."""
        if self.data <= 0:
            raise ValueError(f"log needs a positive input, got {self!r}")
        return _result(math.log(self.data), "log", (self,), (1.0 / self.data,))

    def tanh(self):
        """Hyperbolic tangent; local derivative 1 - tanh ** 2, from the output."""
        out = math.tanh(self.data)
        return _result(out, "tanh", (self,), (1.0 - out * out,))

    def sigmoid(self):
        """1 / (1 + e ** -self), never overflowing; local derivative out * (1 - out)."""
        if self.data >= 0:
            out = 1.0 / (1.0 + math.exp(-self.data))
        else:  # e ** -self would overflow for self < -709; this is the same number
            out = math.exp(self.data) / (1.0 + math.exp(self.data))
        return _result(out, "sigmoid", (self,), (out * (1.0 - out),))

    def relu(self):
        """max(self, 0); local derivative 1 where self > 0, else 0 (also at 0, as in nnlib)."""
        return _result(max(self.data, 0.0), "relu", (self,), (float(self.data > 0),))

    # --- the backward pass ----------------------------------------------------------------

    def backward(self):
        """Add d self / d leaf to the `grad` of every Value you created that self depends on
        (the leaves), and set every node computed on the way to its d self / d node.

        Sets self.grad = 1 (d self / d self), then, in reverse topological order, every node
        adds local derivative * its grad to each child's grad. The leaves' gradients are ADDED
        to what is there: zero them between passes (``value.grad = 0.0``).
        """
        order = topological_order(self)
        for node in order:
            if node.children:  # computed inside this graph: its gradient starts afresh
                node.grad = 0.0
        self.grad = 1.0
        for node in reversed(order):
            for child, local in zip(node.children, node.local_derivatives, strict=True):
                child.grad += local * node.grad

    def __repr__(self):
        name = f", label={self.label!r}" if self.label else ""
        return f"Value(data={self.data:.6g}, grad={self.grad:.6g}{name})"


def topological_order(root):
    """Every Value `root` was computed from, and root itself last, each after its children.

    Any object with `children` (a tuple of such objects) will do: notebook 08's own Value class
    too. A loop with an explicit stack rather than the shorter recursion, so that a long chain
    (a sum of thousands of terms) cannot exceed Python's recursion limit.
    """
    if not isinstance(getattr(root, "children", None), tuple):
        raise TypeError(f"root must be a Value (with a tuple of children), got "
                        f"{type(root).__name__}")
    order, seen, stack = [], set(), [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if children_done:
            order.append(node)
        elif id(node) not in seen:
            seen.add(id(node))
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(node.children))
    return order


def _result(data, op, children, local_derivatives):
    """The Value `data` made by `op` from `children`; raises if the operation overflowed."""
    if not all(map(math.isfinite, (data, *local_derivatives))):
        operands = ", ".join(map(repr, children))
        raise ValueError(f"{op} overflowed: the result is beyond float64's range (about 1.8e308) "
                         f"for {operands}; scale the inputs to smaller values")
    out = Value(data)
    out.children, out.local_derivatives, out.op = children, local_derivatives, op
    return out


def _number(value, name):
    """`value` as a finite float, or raise naming `name`."""
    if not is_real_number(value):
        hint = ""
        if isinstance(value, np.ndarray | list | tuple):
            hint = ("; for many numbers make one Value each, e.g. "
                    "np.array([Value(x) for x in numbers], dtype=object)")
        raise TypeError(f"{name} must be a real number (int or float), got "
                        f"{type(value).__name__} {value!r}{hint}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    return value


def _operand(other, op, value):
    """The other operand of `value op other` as a Value (a number becomes a constant Value);
    NotImplemented for a numpy array, whose elements numpy then combines one by one; otherwise
    a TypeError naming both operands."""
    if isinstance(other, Value):
        return other
    if isinstance(other, np.ndarray):
        return NotImplemented
    if not is_real_number(other):
        raise TypeError(f"unsupported operand for Value {op} {type(other).__name__}: {value!r} "
                        f"combines with a Value or a real number, got {other!r}")
    return Value(_number(other, f"the number in Value {op} number"))


def _power(base, exponent):
    """base ** exponent as a float, inf if it overflows (a whole exponent keeps a negative base
    real)."""
    try:
        return float(base ** (int(exponent) if exponent == int(exponent) else exponent))
    except OverflowError:
        return math.inf
