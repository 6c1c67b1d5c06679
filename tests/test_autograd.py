"""nnlib.autograd.Value: every local rule against central differences, the backward pass against
nnlib.Network's backpropagation, the += rule for a Value used twice, and clear errors for what
a Value cannot combine with."""

import math
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nnlib
from nnlib.autograd import Value, topological_order
from nnlib.course.n08_autograd.networks import value_network

EPSILON = 1e-6


def central_difference(f, x):
    """(f(x + e) - f(x - e)) / 2e on plain floats: the slope with no graph involved."""
    return (f(x + EPSILON) - f(x - EPSILON)) / (2 * EPSILON)


# one-input operations: (the Value operation, the same function on floats, points to try)
UNARY = {
    "exp": (lambda v: v.exp(), math.exp, [-2.0, 0.0, 1.5]),
    "log": (lambda v: v.log(), math.log, [0.3, 1.0, 4.0]),
    "tanh": (lambda v: v.tanh(), math.tanh, [-1.5, 0.0, 0.7]),
    "sigmoid": (lambda v: v.sigmoid(), lambda x: 1 / (1 + math.exp(-x)), [-3.0, 0.0, 7.0]),
    "relu": (lambda v: v.relu(), lambda x: max(x, 0.0), [-1.0, 2.5]),
    "square": (lambda v: v**2, lambda x: x**2, [-1.5, 0.5, 3.0]),
    "cube": (lambda v: v**3, lambda x: x**3, [-1.5, 0.5, 2.0]),
    "square root": (lambda v: v**0.5, math.sqrt, [0.25, 2.0]),
    "reciprocal": (lambda v: v**-1, lambda x: 1 / x, [-2.0, 0.5]),
    "negation": (lambda v: -v, lambda x: -x, [-2.0, 3.0]),
}


@pytest.mark.parametrize("operation", UNARY, ids=list(UNARY))
def test_each_one_input_rule_matches_central_differences(operation):
    on_value, on_float, points = UNARY[operation]
    for x in points:
        value = Value(x)
        out = on_value(value)
        out.backward()
        assert out.data == pytest.approx(on_float(x), rel=1e-15, abs=1e-300)
        assert value.grad == pytest.approx(central_difference(on_float, x), rel=1e-6, abs=1e-8)


# two-input operations: (the Value operation, the same on floats)
BINARY = {
    "+": (lambda a, b: a + b, lambda a, b: a + b),
    "-": (lambda a, b: a - b, lambda a, b: a - b),
    "*": (lambda a, b: a * b, lambda a, b: a * b),
    "/": (lambda a, b: a / b, lambda a, b: a / b),
}


@pytest.mark.parametrize("operation", BINARY, ids=list(BINARY))
@pytest.mark.parametrize(("a", "b"), [(2.0, -3.0), (-0.5, 0.25), (1.5, 4.0)])
def test_each_two_input_rule_matches_central_differences(operation, a, b):
    on_value, on_float = BINARY[operation]
    va, vb = Value(a), Value(b)
    out = on_value(va, vb)
    out.backward()
    assert out.data == on_float(a, b)
    assert va.grad == pytest.approx(central_difference(lambda x: on_float(x, b), a), rel=1e-6)
    assert vb.grad == pytest.approx(central_difference(lambda x: on_float(a, x), b), rel=1e-6)


@pytest.mark.parametrize("operation", BINARY, ids=list(BINARY))
def test_numbers_on_either_side_become_constants(operation):
    on_value, on_float = BINARY[operation]
    for left, right in [(Value(3.0), 2), (3.0, Value(2.0)), (np.float64(3.0), Value(2.0))]:
        out = on_value(left, right)
        assert isinstance(out, Value) and out.data == on_float(3.0, 2.0)


def test_a_value_used_twice_gets_both_contributions_added():
    x = Value(3.0)
    y = x * x  # dy/dx = 2x: x reaches y along two edges
    y.backward()
    assert x.grad == 6.0
    z = Value(1.5)
    out = z * 2 + z.exp() * z  # three uses of z
    out.backward()
    assert z.grad == pytest.approx(2 + math.exp(1.5) * (1 + 1.5), rel=1e-14)


def test_gradients_add_up_across_backward_calls_until_zeroed():
    w = Value(2.0)
    loss = (w * 3.0) ** 2  # d loss / dw = 2 * 3w * 3 = 36
    loss.backward()
    assert w.grad == 36.0
    loss.backward()
    assert w.grad == 72.0  # the second pass added to the first
    assert loss.children[0].grad == 2 * 6.0  # a node inside the graph: this pass's d loss/d node
    w.grad = 0.0
    loss.backward()
    assert w.grad == 36.0


def test_backward_sets_the_roots_gradient_to_one():
    x = Value(2.0)
    x.backward()
    assert x.grad == 1.0


def test_topological_order_puts_each_node_after_its_children():
    a, b = Value(1.0), Value(2.0)
    c = a * b
    d = c + a
    e = d.tanh() * c
    order = topological_order(e)
    assert order[-1] is e and len(order) == 6  # a, b, c, d, tanh(d), e: each node once
    position = {id(node): k for k, node in enumerate(order)}
    for node in order:
        for child in node.children:
            assert position[id(child)] < position[id(node)]


def test_a_long_chain_does_not_hit_the_recursion_limit():
    x = Value(0.5)
    total = x
    for _ in range(3 * sys.getrecursionlimit()):
        total = total + x
    total.backward()
    assert x.grad == 3 * sys.getrecursionlimit() + 1


@st.composite
def expressions(draw):
    """A random expression of three inputs, as a function that works on Values and floats."""
    steps = draw(st.lists(st.tuples(st.sampled_from(["+", "-", "*", "tanh", "sigmoid", "sq"]),
                                    st.integers(0, 10), st.integers(0, 10)), min_size=1,
                          max_size=8))

    def evaluate(inputs, tanh, sigmoid):
        operations = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
                      "tanh": lambda a, _: tanh(a), "sigmoid": lambda a, _: sigmoid(a),
                      "sq": lambda a, _: a**2}
        nodes = list(inputs)
        for op, i, j in steps:
            nodes.append(operations[op](nodes[i % len(nodes)], nodes[j % len(nodes)]))
        return nodes[-1]

    return evaluate


@settings(max_examples=60, deadline=None)
@given(expressions(), st.lists(st.floats(-1.5, 1.5), min_size=3, max_size=3))
def test_backward_on_random_expressions_matches_central_differences(evaluate, inputs):
    values = [Value(x) for x in inputs]
    out = evaluate(values, Value.tanh, Value.sigmoid)
    out.backward()

    def on_floats(x, k):
        point = list(inputs)
        point[k] = x
        return evaluate(point, math.tanh, lambda z: 1 / (1 + math.exp(-z)))

    for k, value in enumerate(values):
        expected = central_difference(lambda x, k=k: on_floats(x, k), inputs[k])
        assert value.grad == pytest.approx(expected, rel=1e-5, abs=1e-7)


@pytest.mark.parametrize("hidden", ["sigmoid", "tanh", "relu"])
@pytest.mark.parametrize("layer_sizes", [[2, 2, 1], [3, 4, 2], [2, 3, 3, 1]])
def test_a_network_of_values_has_nnlibs_gradients_to_1e_12(hidden, layer_sizes):
    rng = np.random.default_rng(5)
    network = nnlib.Network(layer_sizes, seed=1, activation=hidden)
    network.biases = [rng.normal(size=b.shape) for b in network.biases]
    X = rng.normal(size=(5, layer_sizes[0]))
    y = rng.random((5, layer_sizes[-1]))
    values = value_network(network.weights, network.biases, X, y, hidden=hidden)
    values.loss.backward()
    assert values.loss.data == pytest.approx(network.loss(X, y), rel=1e-14)
    dweights, dbiases = values.gradients()
    expected_weights, expected_biases = network.gradients(X, y)
    for ours, theirs in zip(dweights + dbiases, expected_weights + expected_biases, strict=True):
        np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-12)


def test_the_articles_neuron_gives_sigmoid_of_7():
    x1, x2, w1, w2, b = Value(2.0), Value(3.0), Value(0.0), Value(1.0), Value(4.0)
    a = (w1 * x1 + w2 * x2 + b).sigmoid()
    assert a.data == 0.9990889488055994
    a.backward()
    slope = a.data * (1 - a.data)
    assert (w1.grad, w2.grad, b.grad) == pytest.approx((2 * slope, 3 * slope, slope), rel=1e-15)


def test_sigmoid_never_overflows_and_matches_nnlib():
    for z in [-1000.0, -30.0, 0.0, 30.0, 1000.0]:
        assert Value(z).sigmoid().data == pytest.approx(nnlib.sigmoid(z), rel=1e-15, abs=0)


def test_relu_has_slope_zero_at_zero_as_nnlib():
    x = Value(0.0)
    x.relu().backward()
    assert x.grad == nnlib.relu_derivative(0.0) == 0.0


def test_numpy_arrays_of_values_multiply_as_matrices():
    A = np.array([[Value(1.0), Value(2.0)], [Value(3.0), Value(4.0)]], dtype=object)
    B = np.array([[5.0], [6.0]])
    C = A @ B  # (2, 1) Values
    total = C.sum()
    total.backward()
    assert [c.data for c in C.ravel()] == [17.0, 39.0]
    grads = np.array([[value.grad for value in row] for row in A])
    np.testing.assert_array_equal(grads, np.ones((2, 1)) @ B.T)  # dL/dA = dL/dC @ B.T
    times = Value(2.0) * np.array([1.0, 3.0])
    assert [value.data for value in times] == [2.0, 6.0]


def test_repr_shows_data_grad_and_label():
    assert repr(Value(0.5, "w1")) == "Value(data=0.5, grad=0, label='w1')"


# --- the input contract: errors that name what is wrong, before any arithmetic -----------------


@pytest.mark.parametrize("data", ["2", None, True, [1.0], np.array([1.0]), 1 + 2j])
def test_a_value_holds_one_real_number(data):
    with pytest.raises(TypeError, match=r"Value\(data\) must be a real number"):
        Value(data)


@pytest.mark.parametrize("data", [math.nan, math.inf, -math.inf])
def test_a_value_is_finite(data):
    with pytest.raises(ValueError, match="must be finite"):
        Value(data)


def test_a_label_is_text():
    with pytest.raises(TypeError, match="label must be a string"):
        Value(1.0, label=3)


@pytest.mark.parametrize("operation", ["+", "-", "*", "/"])
@pytest.mark.parametrize("other", ["2", None, True, [1.0], (1.0,), 1 + 2j],
                         ids=["str", "None", "bool", "list", "tuple", "complex"])
def test_an_unsupported_operand_is_a_type_error_naming_it(operation, other):
    expected = rf"unsupported operand for Value \{operation} {type(other).__name__}"
    with pytest.raises(TypeError, match=expected):
        BINARY[operation][0](Value(1.0), other)
    with pytest.raises(TypeError):  # on the left too: Python asks Value's reflected method
        BINARY[operation][0](other, Value(1.0))


def test_a_nan_operand_is_a_value_error():
    with pytest.raises(ValueError, match=r"the number in Value \* number must be finite"):
        Value(1.0) * math.nan


def test_powers_take_a_plain_number_as_exponent():
    with pytest.raises(TypeError, match=r"Value \*\* Value is not supported"):
        Value(2.0) ** Value(2.0)
    with pytest.raises(TypeError, match=r"Value \*\* str"):
        Value(2.0) ** "2"
    with pytest.raises(TypeError, match=r"int \*\* Value"):
        2 ** Value(2.0)


@pytest.mark.parametrize(
    ("compute", "message"),
    [
        (lambda: Value(1.0) / 0, "division by zero"),
        (lambda: Value(1.0) / Value(0.0), "division by zero"),
        (lambda: 1 / Value(0.0), "division by zero"),
        (lambda: Value(0.0).log(), "log needs a positive input"),
        (lambda: Value(-2.0).log(), "log needs a positive input"),
        (lambda: Value(-2.0) ** 0.5, "negative number to a fractional power"),
        (lambda: Value(0.0) ** -1, "no finite derivative at 0"),
        (lambda: Value(0.0) ** 0.5, "no finite derivative at 0"),
        (lambda: Value(1000.0).exp(), "exp overflowed"),
        (lambda: Value(1e200) * 1e200, r"\* overflowed"),
        (lambda: Value(1e308) + 1e308, r"\+ overflowed"),
        (lambda: Value(1e200) ** 2, "overflowed"),
    ],
)
def test_impossible_arithmetic_is_a_value_error_not_inf_or_nan(compute, message):
    with pytest.raises(ValueError, match=message):
        compute()


def test_topological_order_needs_a_value():
    with pytest.raises(TypeError, match="root must be a Value"):
        topological_order(3.0)


def test_import_nnlib_does_not_load_autograd():
    code = (
        "import sys, nnlib\n"
        "print('nnlib.autograd' in sys.modules)\n"
        "from nnlib.autograd import Value\n"
        "print(Value(2.0) * 3)"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert output == ["False", "Value(data=6, grad=0)"]
