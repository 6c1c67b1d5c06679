"""Self-checks for notebook 08 (backpropagation as a graph): tables run by the course's one
grading engine (`nnlib.course.feedback`).

Exercises 1 and 2 are backward rules the learner writes: functions that ADD to the inputs'
``grad`` (``mul_backward(a, b, out)`` for out = a * b, ``tanh_backward(a, out)`` for
out = tanh(a)). The check calls them on fresh `nnlib.autograd.Value`s whose ``grad`` is not 0
beforehand (so that ``=`` shows), whose ``out.grad`` is not 1 (so that a forgotten ``out.grad``
shows) and, for *, once on a Value multiplied by itself (``x * x``: both lines must add to the
same ``grad``), and reads what they leave. Exercise 3 is the backward rule of a matrix product,
``matmul_backward(A, B, grad_Z)`` returning (grad_A, grad_B). Exercise 4 is one number: the
gradient of a Value used twice.
"""

import math

import numpy as np

from nnlib.autograd import Value, topological_order
from nnlib.course.feedback import (
    Exercise,
    Mistake,
    as_numbers,
    close,
    describe,
    not_yet,
    read_number,
)

TOLERANCE = 1e-9  # relative: a right rule does the same float arithmetic, maybe in another order
SEED = 8

# --- the rules, as nnlib.autograd computes them ------------------------------------------------


def mul_backward_reference(a, b, out):
    """out = a * b: d out/da = b and d out/db = a, each times out.grad, ADDED to the grads."""
    a.grad += b.data * out.grad
    b.grad += a.data * out.grad


def tanh_backward_reference(a, out):
    """out = tanh(a): d out/da = 1 - tanh(a)^2 = 1 - out^2, times out.grad, ADDED to a.grad."""
    a.grad += (1.0 - out.data**2) * out.grad


def matmul_backward_reference(A, B, grad_Z):
    """Z = A @ B, A (n, k), B (k, m), grad_Z = dL/dZ (n, m): (dL/dA (n, k), dL/dB (k, m))."""
    return grad_Z @ B.T, A.T @ grad_Z


def backward_with(root, op, rule):
    """root.backward(), except that every node made by `op` ("*", "tanh") passes its gradient
    on with `rule` (rule(*children, node)): a learner's rule at work in a whole graph."""
    order = topological_order(root)
    for node in order:
        if node.children:
            node.grad = 0.0
    root.grad = 1.0
    for node in reversed(order):
        if node.op == op:
            rule(*node.children, node)
        else:
            for child, local in zip(node.children, node.local_derivatives, strict=True):
                child.grad += local * node.grad


# --- how a backward rule is run and what is read from it ----------------------------------------


def _run_rule(function, args):
    """Call a backward rule on (inputs..., out); read what it leaves: the inputs' grads, then
    what it must not change (the inputs' data, out.data, out.grad)."""
    *inputs, out = args
    function(*args)
    return (*(value.grad for value in inputs), *(value.data for value in inputs), out.data,
            out.grad)


def _read_rule(out, f):
    """What a rule left, if every entry is still a number; else Feedback saying which is not."""
    names = ["a.grad", "b.grad"][: (len(out) - 2) // 2]
    for name, value in zip(names, out, strict=False):
        if isinstance(value, Value):
            return not_yet(f"After {f.label}, {name} is a Value, not a number: a Value was "
                           "multiplied in where its number belongs.",
                           "use the numbers .data and .grad: e.g. b.data * out.grad, not "
                           "b * out.grad.", "value_not_number")
        if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(
                value):
            return not_yet(f"After {f.label}, {name} is {describe(value)}, not a finite number.",
                           "add a number to it: the local derivative (a float) times out.grad.",
                           "not_a_number")
    return out


def _changed_data(f):
    """True if the learner's rule changed a .data or out.grad (read after the grads)."""
    inputs = len(f.runs[0].case) - 1
    return any(not close(TOLERANCE)(run.got[inputs:], run.want[inputs:]) for run in f.runs)


def _differs(f):
    return any(not close(TOLERANCE)(run.got, run.want) for run in f.runs)


def _shown(got, want):
    """got and want written with as few digits (at least 4) as tell them apart."""
    for digits in range(4, 18):
        left, right = f"{got:.{digits}g}", f"{want:.{digits}g}"
        if left != right or got == want:
            return left, right
    return repr(got), repr(want)  # pragma: no cover (they differ, so 17 digits show it)


def _first_difference(f):
    """The first case where the learner's rule leaves other gradients than the chain rule."""
    run = next(run for run in f.runs if not close(TOLERANCE)(run.got, run.want))
    *inputs, out = run.case
    names = ["a", "b"][: len(inputs)]
    if len(inputs) == 2 and inputs[0] is inputs[1]:
        x = inputs[0]
        given = f"a and b the same Value (x * x), data {x.data:.4g}, grad {x.grad:.4g}"
    else:
        given = ", ".join(f"{n}.data = {v.data:.4g}, {n}.grad = {v.grad:.4g}"
                          for n, v in zip(names, inputs, strict=True))
    shown = [_shown(g, w) for g, w in zip(run.got, run.want[: len(inputs)], strict=False)]
    got = ", ".join(f"{n}.grad = {g}" for n, (g, _) in zip(names, shown, strict=True))
    want = ", ".join(w for _, w in shown)
    return (f"called with {given} and out.grad = {out.grad:.4g}, your rule leaves {got}; the "
            f"chain rule gives {want}")


def _rule_mistakes(name, first_line):
    """Mistakes every backward-rule exercise recognises, before the rule's own."""
    return (
        Mistake("raises_rule", "A backward rule works with numbers: the inputs' .data, "
                "out.data and out.grad are floats, and its results go into the inputs' .grad.",
                "read the line above: is every name defined (math.tanh, not tanh), and is every "
                "number taken from a Value with .data or .grad?",
                when=lambda f: f.get("error") is not None),
        Mistake("not_written", f"{name} changed no grad: its body is not written yet.",
                f"write one line per input: {first_line}.", wrong=lambda *args: None),
        Mistake("changed_data", f"{name} changed a Value's .data, or out.grad: a backward rule "
                "only ADDS to its inputs' .grad.", "leave .data and out.grad as they are.",
                when=_changed_data),
    )


def _sets(value, grad):
    value.grad = grad


# --- exercise 1: the backward rule of a * b ----------------------------------------------------


def _product(a_data, b_data, a_grad, b_grad, out_grad, same=False):
    """(a, b, out) for out = a * b, with the inputs' grads and out.grad already set."""
    a = Value(a_data, "a")
    b = a if same else Value(b_data, "b")
    a.grad, b.grad = a_grad, b_grad
    out = a * b
    out.grad = out_grad
    return a, b, out


def _product_cases():
    """Grads 0; grads already there (catches =); x * x (catches = between the two lines); then
    seeded random cases."""
    rng = np.random.default_rng(SEED)
    cases = [_product(2.0, -3.0, 0.0, 0.0, 1.5), _product(2.0, -3.0, 0.25, -1.0, 1.5),
             _product(1.5, 1.5, 0.5, 0.5, 2.0, same=True)]
    cases += [_product(*rng.uniform(-2, 2, size=5)) for _ in range(3)]
    return cases


def _neuron():
    """Notebook 01's neuron, sigmoid(w1 x1 + w2 x2 + b) with w = [0, 1], b = 4, x = [2, 3]:
    (its output, its weights and bias)."""
    w1, w2, b = Value(0.0, "w1"), Value(1.0, "w2"), Value(4.0, "b")
    return (w1 * 2.0 + w2 * 3.0 + b).sigmoid(), (w1, w2, b)


def _product_correct(f):
    out, leaves = _neuron()
    backward_with(out, "*", f.function)
    yours = [leaf.grad for leaf in leaves]
    out, leaves = _neuron()
    out.backward()
    same = np.allclose(yours, [leaf.grad for leaf in leaves], rtol=TOLERANCE, atol=0)
    return ("Your rule adds b * out.grad to a.grad and a * out.grad to b.grad, also for x * x "
            f"(2x). Used for every * of notebook 01's neuron it gives da/dw1, da/dw2, da/db = "
            f"{', '.join(f'{g:.6f}' for g in yours)}"
            + (", the same as nnlib.autograd." if same else "."))


mul_backward = Exercise(
    name="mul_backward",
    reference=mul_backward_reference,
    cases=_product_cases,
    call=_run_rule,
    read=_read_rule,
    same=close(TOLERANCE),
    returns="nothing: it only adds to a.grad and b.grad, and the check reads what it leaves:",
    correct=_product_correct,
    mistakes=(
        *_rule_mistakes("mul_backward", "input.grad += (its local derivative) * out.grad"),
        Mistake("assign", "Your rule ASSIGNS the gradients (=) instead of adding to them (+=): "
                "what a.grad and b.grad held before is lost, and for x * x the second line "
                "overwrites the first (x.grad gets x * out.grad, not 2x * out.grad).",
                "a Value used several times collects one term per use: add with +=.",
                wrong=lambda a, b, out: (_sets(a, b.data * out.grad),
                                         _sets(b, a.data * out.grad))),
        Mistake("no_out_grad", "Your rule adds the local derivatives alone: the gradient of the "
                "result, out.grad, is not multiplied in (chain rule: local derivative TIMES the "
                "parent's gradient).", "multiply each local derivative by out.grad.",
                wrong=lambda a, b, out: (_sets(a, a.grad + b.data),
                                         _sets(b, b.grad + a.data))),
        Mistake("out_data", "Your rule multiplies by out.data, the product's value; the chain "
                "rule needs out.grad, the gradient of the result.",
                "the result's gradient is out.grad (grad, not data).",
                wrong=lambda a, b, out: (_sets(a, a.grad + b.data * out.data),
                                         _sets(b, b.grad + a.data * out.data))),
        Mistake("wrong_input", "Your rule uses each input's OWN value as its local derivative "
                "(a.grad += a.data * ...): the derivative of a * b with respect to a is b, the "
                "other input.", "swap the local derivatives: a's is b's value, b's is a's.",
                wrong=lambda a, b, out: (_sets(a, a.grad + a.data * out.grad),
                                         _sets(b, b.grad + b.data * out.grad))),
        Mistake("only_a", "Your rule adds to a.grad but not to b.grad: b gets no gradient.",
                "add a second line for b: its local derivative is a's value.",
                wrong=lambda a, b, out: _sets(a, a.grad + b.data * out.grad)),
        Mistake("only_b", "Your rule adds to b.grad but not to a.grad: a gets no gradient.",
                "add a line for a: its local derivative is b's value.",
                wrong=lambda a, b, out: _sets(b, b.grad + a.data * out.grad)),
        Mistake("sign", "Your rule SUBTRACTS (-=): the backward pass adds each use's term; the "
                "minus sign belongs to the update, w.data -= learning_rate * w.grad.",
                "add the terms with +=.",
                wrong=lambda a, b, out: (_sets(a, a.grad - b.data * out.grad),
                                         _sets(b, b.grad - a.data * out.grad))),
    ),
    fallback=Mistake("fallback", lambda f: f"Not the chain rule's gradients: "
                     f"{_first_difference(f)}.", "the local derivative of a * b with respect to "
                     "a is b; multiply it by out.grad and add it to a.grad (and the same for b).",
                     when=_differs),
)

# --- exercise 2: the backward rule of tanh ------------------------------------------------------


def _tanh_of(a_data, a_grad, out_grad):
    """(a, out) for out = tanh(a), with a.grad and out.grad already set."""
    a = Value(a_data, "a")
    a.grad = a_grad
    out = a.tanh()
    out.grad = out_grad
    return a, out


def _tanh_cases():
    rng = np.random.default_rng(SEED + 1)
    cases = [_tanh_of(0.5, 0.0, 2.0), _tanh_of(-1.2, 0.3, 2.0), _tanh_of(2.0, -0.5, -1.5)]
    cases += [_tanh_of(*rng.uniform(-2, 2, size=3)) for _ in range(3)]
    return cases


def _unit():
    """tanh(w x + b) with w = 0.5, b = -1, x = 2: (its output, (w, b))."""
    w, b = Value(0.5, "w"), Value(-1.0, "b")
    return (w * 2.0 + b - 0.25).tanh(), (w, b)


def _tanh_correct(f):
    out, leaves = _unit()
    backward_with(out, "tanh", f.function)
    yours = [leaf.grad for leaf in leaves]
    out, leaves = _unit()
    out.backward()
    same = np.allclose(yours, [leaf.grad for leaf in leaves], rtol=TOLERANCE, atol=0)
    return ("Your rule adds (1 - out.data**2) * out.grad to a.grad. In a tanh unit, "
            f"tanh(2w + b - 0.25) at w = 0.5, b = -1, it gives d/dw, d/db = "
            f"{', '.join(f'{g:.6f}' for g in yours)}"
            + (", the same as nnlib.autograd." if same else "."))


def _add(value, amount):
    value.grad += amount


tanh_backward = Exercise(
    name="tanh_backward",
    reference=tanh_backward_reference,
    cases=_tanh_cases,
    call=_run_rule,
    read=_read_rule,
    same=close(TOLERANCE),
    returns="nothing: it only adds to a.grad, and the check reads what it leaves:",
    correct=_tanh_correct,
    mistakes=(
        *_rule_mistakes("tanh_backward", "a.grad += (the local derivative of tanh) * out.grad"),
        Mistake("assign", "Your rule ASSIGNS a.grad (=) instead of adding to it (+=): what "
                "a.grad held before (from another use of a) is lost.",
                "add with += instead of assigning with =.",
                wrong=lambda a, out: _sets(a, (1 - out.data**2) * out.grad)),
        Mistake("no_out_grad", "Your rule adds the local derivative alone: out.grad, the "
                "gradient of the result, is not multiplied in.",
                "multiply the local derivative by out.grad.",
                wrong=lambda a, out: _add(a, 1 - out.data**2)),
        Mistake("wrong_input", "Your rule computes 1 - a.data**2, with the INPUT a: the slope of "
                "tanh is 1 - tanh(a)**2, written with the output out.data = tanh(a).",
                "use out.data, or math.tanh(a.data), in the slope.",
                wrong=lambda a, out: _add(a, (1 - a.data**2) * out.grad)),
        Mistake("sigmoid_slope", "Your rule uses out * (1 - out), the SIGMOID's slope.",
                "tanh's slope is 1 - tanh(a)**2, and out.data is tanh(a).",
                wrong=lambda a, out: _add(a, out.data * (1 - out.data) * out.grad)),
        Mistake("no_square", "Your rule uses 1 - out.data; the slope of tanh is 1 - out.data "
                "SQUARED.", "square out.data in the slope.",
                wrong=lambda a, out: _add(a, (1 - out.data) * out.grad)),
        Mistake("sign", "Your rule SUBTRACTS (-=): the backward pass adds each use's term.",
                "add the term with +=.",
                wrong=lambda a, out: _add(a, -(1 - out.data**2) * out.grad)),
    ),
    fallback=Mistake("fallback", lambda f: f"Not the chain rule's gradient: "
                     f"{_first_difference(f)}.", "tanh's local derivative is 1 - tanh(a)**2 = "
                     "1 - out.data**2; multiply it by out.grad and add it to a.grad.",
                     when=_differs),
)

# --- exercise 3: the backward rule of a matrix product --------------------------------------


def _matmul_cases():
    """First a non-square case (a missing .T raises there), then a square one (where it would
    not), then seeded random shapes."""
    A = np.array([[1.0, 2.0, 0.0], [-1.0, 0.5, 3.0]])  # (2, 3)
    B = np.array([[1.0, 0.0, -1.0, 2.0], [0.5, 1.0, 0.0, -1.0], [0.0, 2.0, 1.0, 0.5]])  # (3, 4)
    G = np.array([[0.5, -1.0, 1.0, 0.0], [1.0, 0.5, -0.5, 2.0]])  # (2, 4)
    rng = np.random.default_rng(SEED + 2)
    cases = [(A, B, G), tuple(rng.normal(size=(3, 3)) for _ in range(3))]
    for n, k, m in [(5, 2, 3), (4, 6, 1)]:
        cases.append((rng.normal(size=(n, k)), rng.normal(size=(k, m)), rng.normal(size=(n, m))))
    return cases


def _read_pair(out, f):
    """The learner's (grad_A, grad_B) as two float arrays, or Feedback on the format."""
    if not isinstance(out, tuple | list) or len(out) != 2:
        return not_yet(f"{f.label} should return a pair (grad_A, grad_B), but it returns "
                       f"{describe(out)}.", "end it with: return grad_A, grad_B.", "not_a_pair")
    arrays = []
    for part, which in zip(out, ("grad_A", "grad_B"), strict=True):
        array, problem = as_numbers(part, f"{which} (what {f.label} returns)")
        if problem is not None:
            return problem
        arrays.append(array)
    return tuple(arrays)


def _shapes_differ(f):
    return any(tuple(np.shape(g) for g in r.got) != tuple(np.shape(w) for w in r.want)
               for r in f.runs)


def _shape_facts(f):
    if not f.get("runs"):
        return {}
    A, B, G = f.runs[0].case
    return dict(shapes=f"A {A.shape}, B {B.shape}, grad_Z {G.shape}",
                got_shapes=" and ".join(str(np.shape(g)) for g in f.runs[0].got))


matmul_backward = Exercise(
    name="matmul_backward",
    reference=matmul_backward_reference,
    cases=_matmul_cases,
    read=_read_pair,
    same=close(TOLERANCE),
    returns="the pair (grad_A, grad_B)",
    facts=_shape_facts,
    correct="grad_A = grad_Z @ B.T and grad_B = A.T @ grad_Z on every case: what the graph of "
    "Values computes entry by entry, in one product each (notebook 03's X.T @ delta is grad_B).",
    mistakes=(
        Mistake("raises_shapes", "A gradient has the shape of what it is the gradient of: "
                "grad_A the shape of A, grad_B the shape of B.",
                "write each array's shape beside it: grad_Z is (n, m) and B is (k, m); which "
                "product of the two, with .T where needed, gives (n, k), the shape of A? Then the "
                "same for grad_B, of shape (k, m).",
                when=lambda f: isinstance(f.get("error"), ValueError)
                and "matmul" in str(f.error)),
        Mistake("swapped", "You return (grad_B, grad_A): the right arrays, the other way round.",
                "return grad_A first, then grad_B.",
                wrong=lambda A, B, G: (A.T @ G, G @ B.T)),
        Mistake("transposed", "Both of your arrays are the transposes of the gradients: they "
                "have the shapes of A.T and B.T.", "a gradient has the shape of what it is the "
                "gradient of: transpose both, or swap the factors of each product.",
                wrong=lambda A, B, G: ((G @ B.T).T, (A.T @ G).T)),
        Mistake("divided", "Your arrays are the gradients divided by the number of rows of A: a "
                "mean over samples belongs to the loss, and it is already inside grad_Z.",
                "do not divide: each entry of grad_A is a plain sum over its uses.",
                wrong=lambda A, B, G: (G @ B.T / len(A), A.T @ G / len(A))),
        Mistake("shapes", "With {shapes} you return arrays of shapes {got_shapes}: a gradient "
                "has the shape of what it is the gradient of.",
                "grad_A must have A's shape and grad_B B's shape: write each array's shape "
                "beside it and choose the product (and the .T) that gives those.",
                when=_shapes_differ),
    ),
    fallback=Mistake("fallback", lambda f: "Right shapes, other numbers: with "
                     f"{f.shapes} you return grad_A = "
                     f"{np.round(f.runs[0].got[0], 3).tolist()}, but it is "
                     f"{np.round(f.runs[0].want[0], 3).tolist()}"
                     if not close(TOLERANCE)(f.runs[0].got[0], f.runs[0].want[0]) else
                     "Right shapes, other numbers: on at least one case your grad_A or grad_B "
                     "differs from the chain rule's.",
                     "entry (i, j) of grad_A is the sum over the columns c of Z of grad_Z[i, c] "
                     "* B[j, c]: which matrix product is that?", when=_differs),
)

# --- exercise 4: a Value used twice -------------------------------------------------------------

TWICE_X, TWICE_Y = 3.0, 0.5  # f = (x + y) * x: x feeds the sum and the product


def _twice_expected():
    """df/dx = (x + y) [the direct use in the product] + x [through x + y] = 2x + y."""
    return 2 * TWICE_X + TWICE_Y


used_twice = Exercise(
    name="answer_4",
    reference=lambda f: _twice_expected(),
    read=read_number("{name} should be one number (df/dx), but it is {described}.",
                     "store a single number in {name}, e.g. {name} = 0.5."),
    same=lambda got, want: math.isclose(got, want, rel_tol=0, abs_tol=1e-9),
    correct="df/dx = (x + y) + x = {expected:g}: the direct use of x in the product gives the "
    "other input, x + y; the path through x + y gives x times 1; the two terms add up. "
    "nnlib.autograd gives the same: x.grad after f.backward().",
    mistakes=(
        Mistake("product_only", "You got {got:g} = x + y: only the direct use of x in the "
                "product. x also feeds x + y, which feeds the product too.",
                "a Value used twice gets one term per use: add the term of the path through "
                "x + y.", wrong=lambda f: TWICE_X + TWICE_Y),
        Mistake("sum_only", "You got {got:g} = x: only the path through x + y (that is also "
                "df/dy). x is also the product's second input.",
                "add the term of the direct use: the local derivative of (x + y) * x with "
                "respect to its second input.", wrong=lambda f: TWICE_X),
        Mistake("wrong_input", "You got {got:g} = 2x: for the direct use you took x as the "
                "local derivative of (x + y) * x; with respect to one input of a product it is "
                "the OTHER input, x + y.", "use the other input's value for the direct use.",
                wrong=lambda f: 2 * TWICE_X),
        Mistake("value", "You got {got:g}: that is f itself, (x + y) * x, not its derivative.",
                "how much does f change per unit change of x? One term per use of x.",
                wrong=lambda f: (TWICE_X + TWICE_Y) * TWICE_X),
    ),
    fallback=Mistake("fallback", "You got {got:g}, which is not df/dx at x = 3, y = 0.5.",
                     "x is used twice: directly in the product (local derivative: the other "
                     "input) and in x + y (local derivative 1, then the product's local "
                     "derivative with respect to x + y). Add the two terms.",
                     when=lambda f: not math.isclose(f.got, _twice_expected(), abs_tol=1e-9)),
)
