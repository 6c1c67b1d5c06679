"""The reliability contract, rule by rule, as property tests.

Bad input gets a ValueError / TypeError that names the argument (or attribute) and the shapes,
before any arithmetic; nothing broadcasts silently; finite input never gives NaN or a warning.
Each rule is tried on every public way into nnlib, including weights a learner assigns or edits
after construction. Hypothesis runs derandomized (the same examples on every run) and small,
because CI shares a 2-core machine.
"""

import re
import tracemalloc
import warnings

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import nnlib
from nnlib import toy_data
from nnlib.validation import MAX_ACTIVATIONS, MAX_ITERATIONS, MAX_PARAMETERS

contract = settings(max_examples=60, deadline=None, derandomize=True)

X3 = np.array([[0.0, 0.0, 1.0], [1.0, 1.0, 1.0], [1.0, 0.0, 1.0], [0.0, 1.0, 1.0]])
Y1 = np.array([[0.0], [1.0], [1.0], [0.0]])

layer_sizes = st.lists(st.integers(1, 4), min_size=2, max_size=4)
n_samples = st.integers(1, 5)
any_float = st.floats(allow_nan=False, allow_infinity=False)  # includes +-1e308
moderate = st.floats(-10, 10)


def network():
    return nnlib.Network([3, 2, 1], seed=0)


def softmax_network(hidden="relu"):
    return nnlib.Network([3, 2, 2], seed=0, activation=hidden, output="softmax",
                         loss="cross_entropy")


Y2 = np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 1.0], [1.0, 0.0]])  # one-hot, 2 classes


def named(name):
    """A regex that finds `name` literally, e.g. Network.weights[1]."""
    return re.escape(name)


def shape_text(shape):
    return re.escape(str(tuple(shape)))


# --- rule 1: a shape that does not fit is a ValueError naming the argument and both shapes ----


@contract
@given(sizes=layer_sizes, n=n_samples, n_features=st.integers(1, 6))
def test_X_with_the_wrong_number_of_features_is_named_with_its_shape(sizes, n, n_features):
    if n_features == sizes[0]:
        n_features += 1
    net = nnlib.Network(sizes, seed=0)
    X, y = np.zeros((n, n_features)), np.zeros((n, sizes[-1]))
    expected = rf"X must have {sizes[0]} features.*{shape_text(X.shape)}"
    for call in (net.feedforward, lambda X: net.loss(X, y), lambda X: net.train(X, y, 1)):
        with pytest.raises(ValueError, match=expected):
            call(X)


@contract
@given(sizes=layer_sizes, n=n_samples, n_outputs=st.integers(1, 6))
def test_y_with_the_wrong_number_of_outputs_is_named_with_its_shape(sizes, n, n_outputs):
    if n_outputs == sizes[-1]:
        n_outputs += 1
    net = nnlib.Network(sizes, seed=0)
    X, y = np.zeros((n, sizes[0])), np.zeros((n, n_outputs))
    expected = rf"y must have {sizes[-1]} outputs.*{shape_text(y.shape)}"
    for call in (net.loss, net.gradients, lambda X, y: net.train(X, y, 1)):
        with pytest.raises(ValueError, match=expected):
            call(X, y)


@contract
@given(sizes=layer_sizes, n_X=n_samples, n_y=n_samples)
def test_X_and_y_with_different_numbers_of_rows_are_named_with_both_shapes(sizes, n_X, n_y):
    if n_X == n_y:
        n_y += 1
    net = nnlib.Network(sizes, seed=0)
    X, y = np.zeros((n_X, sizes[0])), np.zeros((n_y, sizes[-1]))
    expected = rf"same number of rows.*X {shape_text(X.shape)} and y {shape_text(y.shape)}"
    with pytest.raises(ValueError, match=expected):
        net.train(X, y, 1)
    with pytest.raises(ValueError, match=expected.replace("X", "X_val").replace("y", "y_val")):
        net.train(X[:1], y[:1].reshape(1, -1), 1, validation_data=(X, y))


@contract
@given(shapes=st.tuples(hnp.array_shapes(max_dims=3), hnp.array_shapes(max_dims=3)))
def test_losses_refuse_y_and_y_hat_of_different_shapes_instead_of_broadcasting(shapes):
    y_shape, y_hat_shape = shapes
    if y_shape == y_hat_shape:
        y_hat_shape += (1,)
    y, y_hat = np.zeros(y_shape), np.zeros(y_hat_shape)
    expected = rf"same shape, got {shape_text(y_shape)} and {shape_text(y_hat_shape)}"
    for loss in (nnlib.mse, nnlib.sse, nnlib.mse_gradient, nnlib.sse_gradient):
        with pytest.raises(ValueError, match=expected):
            loss(y, y_hat)


@contract
@given(n_inputs=st.integers(1, 5), n_given=st.integers(1, 6))
def test_neuron_and_perceptron_name_an_input_of_the_wrong_length(n_inputs, n_given):
    if n_given == n_inputs:
        n_given += 1
    x = np.zeros(n_given)
    with pytest.raises(ValueError, match=rf"x has shape {shape_text(x.shape)}.*{n_inputs} feat"):
        nnlib.Neuron(np.ones(n_inputs), 0.0).feedforward(x)
    with pytest.raises(ValueError, match=rf"X has shape {shape_text(x.shape)}.*{n_inputs} feat"):
        nnlib.Perceptron(n_inputs=n_inputs, seed=0).predict(x)


@contract
@given(sizes=st.lists(st.integers(1, 4), min_size=3, max_size=4), data=st.data())
def test_assigned_weights_that_do_not_fit_the_layer_before_are_named(sizes, data):
    net = nnlib.Network(sizes, seed=0)
    layer = data.draw(st.integers(1, len(sizes) - 2), label="layer")
    n_rows = data.draw(st.integers(1, 5).filter(lambda n: n != sizes[layer]), label="rows")
    net.weights[layer] = np.ones((n_rows, sizes[layer + 1]))
    expected = rf"Network\.weights\[{layer}\] has shape \({n_rows}, .*{sizes[layer]} units"
    with pytest.raises(ValueError, match=expected):
        net.feedforward(np.zeros((1, sizes[0])))


@contract
@given(sizes=layer_sizes, data=st.data())
def test_assigned_biases_of_the_wrong_length_are_named(sizes, data):
    net = nnlib.Network(sizes, seed=0)
    layer = data.draw(st.integers(0, len(sizes) - 2), label="layer")
    shape = data.draw(hnp.array_shapes(max_dims=2).filter(lambda s: s != (sizes[layer + 1],)))
    net.biases[layer] = np.zeros(shape)
    expected = rf"Network\.biases\[{layer}\] must (be 1-D|have shape \({sizes[layer + 1]},\))"
    with pytest.raises(ValueError, match=rf"{expected}.*{shape_text(shape)}"):
        net.loss(np.zeros((1, sizes[0])), np.zeros((1, sizes[-1])))


@contract
@given(shape=hnp.array_shapes(min_dims=0, max_dims=3).filter(lambda s: len(s) != 1))
def test_assigned_neuron_weights_must_be_one_dimensional(shape):
    neuron = nnlib.Neuron([0.0, 1.0], 4.0)
    neuron.weights = np.ones(shape)
    with pytest.raises(ValueError, match=rf"Neuron\.weights must be 1-D.*{shape_text(shape)}"):
        neuron.feedforward([2.0, 3.0])


@contract
@given(shape=hnp.array_shapes(min_dims=1, max_dims=3))
def test_assigned_neuron_bias_must_be_one_number(shape):
    neuron = nnlib.Neuron([0.0, 1.0], 4.0)
    neuron.bias = np.ones(shape)
    with pytest.raises(
        ValueError, match=rf"Neuron\.bias must be a single number.*{shape_text(shape)}"
    ):
        neuron.feedforward([2.0, 3.0])


@contract
@given(shape=hnp.array_shapes(min_dims=2, max_dims=3).filter(lambda s: s[1:] != (1,)))
def test_assigned_perceptron_weights_must_be_a_column(shape):
    perceptron = nnlib.Perceptron(n_inputs=3, seed=0)
    perceptron.weights = np.ones(shape)
    expected = rf"Perceptron\.weights must have shape \(n_inputs, 1\).*{shape_text(shape)}"
    for call in (lambda: perceptron.predict(X3), lambda: perceptron.train(X3, Y1, 1)):
        with pytest.raises(ValueError, match=expected):
            call()


# --- rule 2: non-numeric data is a TypeError naming the argument -------------------------------

non_numeric_dtypes = st.one_of(
    hnp.datetime64_dtypes(),
    hnp.timedelta64_dtypes(),  # a subclass of np.signedinteger, yet not a number of anything
    hnp.complex_number_dtypes(),
    hnp.unicode_string_dtypes(),
    hnp.byte_string_dtypes(),
    st.just(np.dtype(object)),
)
non_numeric_arrays = st.tuples(non_numeric_dtypes, hnp.array_shapes(max_dims=2)).map(
    lambda pair: np.zeros(pair[1], dtype=pair[0])
)


def _neuron_with(attribute, value):
    neuron = nnlib.Neuron([0.0, 1.0], 4.0)
    setattr(neuron, attribute, value)
    return neuron.feedforward([2.0, 3.0])


def _perceptron_with_weights(value):
    perceptron = nnlib.Perceptron(n_inputs=3, seed=0)
    perceptron.weights = value
    return perceptron.train(X3, Y1, 1)


def _new_perceptron(weights):
    return nnlib.Perceptron(weights=weights)


def _history_with_validation(validation_losses):
    return nnlib.History([0.5], validation_losses)


def _history_with_steps(step_losses):
    return nnlib.History([0.5], None, step_losses)


def _network_with(attribute, layer, value):
    net = network()
    getattr(net, attribute)[layer] = value
    return net.gradients(X3, Y1)


# (name the message must contain, a call that puts the value there and uses it)
ENTRY_POINTS = [
    ("X", lambda v: network().feedforward(v)),
    ("X", lambda v: network().loss(v, Y1)),
    ("y", lambda v: network().train(X3, v, 1)),
    ("X_val", lambda v: network().train(X3, Y1, 1, validation_data=(v, Y1))),
    ("y_val", lambda v: network().train(X3, Y1, 1, validation_data=(X3, v))),
    ("X", lambda v: nnlib.Perceptron(n_inputs=3, seed=0).predict(v)),
    ("y", lambda v: nnlib.Perceptron(n_inputs=3, seed=0).train(X3, v, 1)),
    ("x", lambda v: nnlib.Neuron([0.0, 1.0], 4.0).feedforward(v)),
    ("z", nnlib.sigmoid),
    ("z", nnlib.sigmoid_derivative),
    ("a", nnlib.sigmoid_derivative_from_output),
    ("y", lambda v: nnlib.mse(v, Y1)),
    ("y_hat", lambda v: nnlib.sse_gradient(Y1, v)),
    ("Neuron.weights", lambda v: _neuron_with("weights", v)),
    ("Neuron.bias", lambda v: _neuron_with("bias", v)),
    ("Perceptron.weights", _perceptron_with_weights),
    ("Perceptron.weights", _new_perceptron),
    ("Network.weights[1]", lambda v: _network_with("weights", 1, v)),
    ("Network.biases[0]", lambda v: _network_with("biases", 0, v)),
    ("History.losses", nnlib.History),
    ("History.validation_losses", _history_with_validation),
    ("History.step_losses", _history_with_steps),
    ("z", nnlib.tanh),
    ("z", nnlib.tanh_derivative),
    ("z", nnlib.relu),
    ("z", nnlib.relu_derivative),
    ("z", nnlib.leaky_relu),
    ("z", nnlib.leaky_relu_derivative),
    ("z", nnlib.softmax),
    ("y", lambda v: nnlib.cross_entropy(v, Y2)),
    ("y_hat", lambda v: nnlib.cross_entropy_gradient(Y2, v)),
    ("y_hat", lambda v: nnlib.softmax_cross_entropy_gradient(Y2, v)),
    ("labels", lambda v: nnlib.one_hot(v, 3)),
    ("y", nnlib.to_labels),
    ("y_hat", lambda v: nnlib.accuracy([0, 1, 1, 0], v)),
    ("labels_true", lambda v: nnlib.confusion_matrix(v, [0, 1, 1, 0], 2)),
    ("X", lambda v: softmax_network().train_minibatch(v, Y2, 1)),
    ("y", lambda v: softmax_network().train_minibatch(X3, v, 1)),
    ("X_val", lambda v: network().train_minibatch(X3, Y1, 1, validation_data=(v, Y1))),
    ("X", lambda v: softmax_network("tanh").loss(v, Y2)),
]
entry_points = st.sampled_from(ENTRY_POINTS)


@contract
@given(entry=entry_points, value=non_numeric_arrays)
def test_non_numeric_arrays_are_a_type_error_naming_the_argument(entry, value):
    name, call = entry
    with pytest.raises(TypeError, match=rf"{named(name)} must hold (real )?numbers"):
        call(value)


@contract
@given(entry=entry_points, value=st.sampled_from(["0.5", b"0.5", None, {"a": 1}, object()]))
def test_text_none_and_other_objects_are_a_type_error_naming_the_argument(entry, value):
    name, call = entry
    optional = (_new_perceptron, _history_with_validation, _history_with_steps)
    assume(value is not None or call not in optional)
    with pytest.raises(TypeError, match=named(name)):
        call(value)


COUNTS = [
    ("iterations", lambda v: network().train(X3, Y1, v)),
    ("iterations", lambda v: nnlib.Perceptron(n_inputs=3).train(X3, Y1, v)),
    ("callback_every", lambda v: network().train(X3, Y1, 1, callback_every=v)),
    ("n_inputs", lambda v: nnlib.Perceptron(n_inputs=v)),
    ("n_inputs", lambda v: nnlib.Perceptron(np.zeros(3), n_inputs=v)),
    ("layer_sizes", lambda v: nnlib.Network([3, v, 1])),
    ("seed", lambda v: nnlib.Network([3, 1], seed=v)),
    ("epochs", lambda v: network().train_minibatch(X3, Y1, v)),
    ("batch_size", lambda v: network().train_minibatch(X3, Y1, 1, batch_size=v)),
    ("seed", lambda v: network().train_minibatch(X3, Y1, 1, seed=v)),
    ("n_classes", lambda v: nnlib.one_hot([0, 1], v)),
    ("n_classes", lambda v: nnlib.confusion_matrix([0], [0], v)),
    ("n_samples", toy_data.moons),
]
RATE = ("learning_rate", lambda v: network().train(X3, Y1, 1, learning_rate=v))
RATES = [RATE, ("learning_rate", lambda v: network().train_minibatch(X3, Y1, 1, learning_rate=v))]


@pytest.mark.parametrize(("name", "call"), [*COUNTS, *RATES], ids=lambda v: v)
@pytest.mark.parametrize(
    "value", [np.timedelta64(3, "s"), np.datetime64("2024-01-01"), True, 2 + 0j, "3"]
)
def test_counts_and_rates_refuse_times_bools_complex_and_text(name, call, value):
    with pytest.raises(TypeError, match=name):
        call(value)


@pytest.mark.parametrize(("name", "call"), COUNTS, ids=lambda v: v)
@pytest.mark.parametrize("value", [2.5, np.float64(3.0)])
def test_counts_refuse_fractions_and_floats(name, call, value):
    with pytest.raises(TypeError, match=name):
        call(value)


def test_bool_tables_stay_accepted_as_zeros_and_ones():
    as_bool, as_float = network(), network()
    history_bool = as_bool.train(X3.astype(bool), Y1.astype(bool), 5)
    history_float = as_float.train(X3, Y1, 5)
    np.testing.assert_array_equal(history_bool.losses, history_float.losses)


# --- rule 3: NaN or inf is refused by name, also when a learner edits weights in place ---------


@contract
@given(entry=entry_points, bad=st.sampled_from([np.nan, np.inf, -np.inf]), data=st.data())
def test_nan_or_inf_anywhere_is_a_value_error_naming_the_argument(entry, bad, data):
    name, call = entry
    value = _valid_value_for(name)
    index = data.draw(st.sampled_from(list(np.ndindex(value.shape))), label="index")
    value[index] = bad
    with pytest.raises(ValueError, match=rf"{named(name)} contains 1 NaN or infinite"):
        call(value)


def _valid_value_for(name):
    """A value that `name` accepts (same shape as the data the entry points use)."""
    shapes = {"x": (2,), "Neuron.weights": (2,), "Neuron.bias": (), "Perceptron.weights": (3,)}
    shapes |= {"Network.weights[1]": (2, 1), "Network.biases[0]": (2,)}
    shapes |= {"z": (2, 2), "a": (3,), "History.losses": (3,), "History.validation_losses": (1,)}
    shapes |= {"History.step_losses": (5,), "labels": (4,), "labels_true": (4,)}
    return np.full(shapes.get(name, X3.shape if "X" in name else Y1.shape), 0.5)


def _edit_in_place(model, bad, data):
    """Set one entry of one of the model's weight arrays to `bad`; return its name."""
    if isinstance(model, nnlib.Network):
        attribute = data.draw(st.sampled_from(["weights", "biases"]), label="attribute")
        layer = data.draw(st.integers(0, len(model.weights) - 1), label="layer")
        array, name = getattr(model, attribute)[layer], f"Network.{attribute}[{layer}]"
    else:
        array, name = model.weights, f"{type(model).__name__}.weights"
    array[data.draw(st.sampled_from(list(np.ndindex(array.shape))), label="index")] = bad
    return name


MODEL_USES = [
    (lambda: nnlib.Neuron([0.5, -0.5, 1.0], 0.1), lambda m: m.feedforward(X3)),
    (lambda: nnlib.Neuron([0.5, -0.5, 1.0], 0.1), repr),
    (lambda: nnlib.Perceptron(n_inputs=3, seed=0), lambda m: m.predict(X3)),
    (lambda: nnlib.Perceptron(n_inputs=3, seed=0), lambda m: m.train(X3, Y1, 1)),
    (network, lambda m: m.feedforward(X3)),
    (network, lambda m: m.loss(X3, Y1)),
    (network, lambda m: m.gradients(X3, Y1)),
    (network, lambda m: m.train(X3, Y1, 1)),
]


@contract
@given(use=st.sampled_from(MODEL_USES), bad=st.sampled_from([np.nan, np.inf]), data=st.data())
def test_weights_edited_in_place_to_nan_or_inf_are_named_where_they_are_used(use, bad, data):
    make, use_model = use
    model = make()
    name = _edit_in_place(model, bad, data)
    with pytest.raises(ValueError, match=rf"{named(name)} contains 1 NaN or infinite"):
        use_model(model)


@pytest.mark.parametrize("make", [lambda: nnlib.Neuron([0.5, -0.5, 1.0], 0.1), network])
def test_weights_assigned_as_a_nested_list_are_named_not_an_attribute_error(make):
    model = make()
    model.weights = [[[0.5, 1.0]]]
    with pytest.raises((ValueError, TypeError), match=rf"{type(model).__name__}\.weights"):
        model.feedforward(X3)


# --- rule 4: finite input never gives NaN or a warning: a finite answer or a clear error -------


def finite_or_overflow_error(call):
    """call()'s result, or None when it raised a ValueError that says what overflowed."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a RuntimeWarning fails the test
        try:
            return call()
        except ValueError as error:
            assert "overflowed" in str(error), error
            return None


def assert_probabilities(y_hat):
    if y_hat is not None:
        assert np.all(np.isfinite(y_hat)) and np.all((y_hat >= 0) & (y_hat <= 1))


@contract
@given(X=hnp.arrays(float, (4, 3), elements=any_float))
def test_network_outputs_for_huge_inputs_are_probabilities_or_an_overflow_error(X):
    net = network()
    assert_probabilities(finite_or_overflow_error(lambda: net.feedforward(X)))
    loss = finite_or_overflow_error(lambda: net.loss(X, Y1))
    assert loss is None or 0 <= loss <= 1


@contract
@given(scale=any_float, layer=st.integers(0, 1), data=st.data())
def test_network_with_huge_weights_or_targets_never_gives_nan(scale, layer, data):
    net = network()
    shape = net.weights[layer].shape
    net.weights[layer] = data.draw(hnp.arrays(float, shape, elements=any_float), label="weights")
    y = data.draw(hnp.arrays(float, (4, 1), elements=any_float), label="y")
    assert_probabilities(finite_or_overflow_error(lambda: net.feedforward(X3 * scale)))
    loss = finite_or_overflow_error(lambda: net.loss(X3, y))
    assert loss is None or np.isfinite(loss)
    gradients = finite_or_overflow_error(lambda: net.gradients(X3, y))
    if gradients is not None:
        assert all(np.all(np.isfinite(g)) for g in gradients[0] + gradients[1])


TRAINABLE = {
    "Network": (network, lambda model: model.feedforward(X3)),
    "Perceptron": (lambda: nnlib.Perceptron(n_inputs=3, seed=0), lambda model: model.predict(X3)),
}


@pytest.mark.parametrize("kind", TRAINABLE)
@contract
@given(
    learning_rate=st.floats(1e-3, 1e308),
    X_scale=st.sampled_from([1.0, 1e150, 1e300]),
    y_scale=st.sampled_from([1.0, 1e10, 1e160, 1e300]),
)
def test_training_with_huge_rates_inputs_or_targets_ends_finite_or_says_it_overflowed(
    kind, learning_rate, X_scale, y_scale
):
    make, predict = TRAINABLE[kind]
    model = make()
    history = finite_or_overflow_error(
        lambda: model.train(X3 * X_scale, Y1 * y_scale, 20, learning_rate=learning_rate)
    )
    if history is not None:
        assert np.all(np.isfinite(history.losses))
        assert_probabilities(finite_or_overflow_error(lambda: predict(model)))


@contract
@given(
    x=hnp.arrays(float, 3, elements=any_float),
    weights=hnp.arrays(float, 3, elements=any_float),
    bias=any_float,
)
def test_neuron_and_perceptron_with_huge_values_give_probabilities_or_an_overflow_error(
    x, weights, bias
):
    neuron = nnlib.Neuron(weights, bias)
    assert_probabilities(finite_or_overflow_error(lambda: neuron.feedforward(x)))
    perceptron = nnlib.Perceptron(weights=weights)
    assert_probabilities(finite_or_overflow_error(lambda: perceptron.predict(x)))


@pytest.mark.parametrize("loss", [nnlib.mse, nnlib.sse, nnlib.mse_gradient, nnlib.sse_gradient])
@contract
@given(pair=st.tuples(*[hnp.arrays(float, (3, 2), elements=any_float)] * 2))
def test_losses_of_huge_values_are_finite_or_an_overflow_error(loss, pair):
    value = finite_or_overflow_error(lambda: loss(*pair))
    assert value is None or np.all(np.isfinite(value))


def test_cancelling_overflows_are_an_error_not_a_confident_wrong_answer():
    # 1e300 * 1e10 - 1e300 * 1e10 + 1 is 1, so the true output is sigmoid(1) = 0.73; float64
    # overflows to inf on the way, and sigmoid(inf) would answer 1.0 without a hint
    neuron = nnlib.Neuron([1e10, -1e10], 1.0)
    with pytest.raises(ValueError, match=r"z = x \. weights \+ bias overflowed.*scale"):
        neuron.feedforward([1e300, 1e300])


def test_training_that_diverges_names_the_iteration_and_the_learning_rate():
    net = nnlib.Network([3, 1], seed=0)
    with pytest.raises(ValueError, match=r"loss became (inf|nan) at iteration 1.*learning_rate"):
        net.train(X3, Y1 * 1e200, 10)


# --- rule 5: absurd sizes are refused with the limit, before anything is allocated ------------


def peak_allocation_while_refusing(call):
    """Bytes numpy and Python allocated at most while `call` raised its ValueError."""
    tracemalloc.start()
    try:
        with pytest.raises(ValueError) as error:
            call()
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak, str(error.value)


@pytest.mark.parametrize("kind", TRAINABLE)
@contract
@given(iterations=st.integers(MAX_ITERATIONS + 1, 10**18))
def test_huge_iterations_are_refused_before_allocating(kind, iterations):
    model = TRAINABLE[kind][0]()
    peak, message = peak_allocation_while_refusing(lambda: model.train(X3, Y1, iterations))
    assert peak < 1_000_000
    assert "iterations" in message and f"{MAX_ITERATIONS:,}" in message


@contract
@given(sizes=st.lists(st.integers(1, 10**10), min_size=2, max_size=4))
def test_networks_with_too_many_parameters_are_refused_before_allocating(sizes):
    n_parameters = sum(
        (n_in + 1) * n_out for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True)
    )
    assume(n_parameters > MAX_PARAMETERS)  # smaller networks: the valid-input tests
    peak, message = peak_allocation_while_refusing(lambda: nnlib.Network(sizes))
    assert peak < 1_000_000
    assert f"{n_parameters:,} weights and biases" in message and f"{MAX_PARAMETERS:,}" in message


def test_a_perceptron_with_too_many_inputs_is_refused_before_allocating():
    peak, message = peak_allocation_while_refusing(lambda: nnlib.Perceptron(n_inputs=10**12))
    assert peak < 1_000_000
    assert "n_inputs" in message and f"{MAX_PARAMETERS:,}" in message


@pytest.mark.parametrize("method", ["feedforward", "loss", "gradients", "train"])
def test_data_whose_activations_would_be_absurdly_many_is_refused_before_allocating(method):
    net = nnlib.Network([1, 5000, 1], seed=0)
    n = MAX_ACTIVATIONS // 5000 + 1
    X, y = np.zeros((n, 1)), np.zeros((n, 1))
    calls = {"feedforward": lambda: net.feedforward(X), "train": lambda: net.train(X, y, 1)}
    call = calls.get(method, lambda: getattr(net, method)(X, y))
    peak, message = peak_allocation_while_refusing(call)
    assert peak < 1_000_000
    assert f"{n:,} samples" in message and f"{MAX_ACTIVATIONS:,}" in message


# --- rule 6: loss_name is an attribute that takes effect when assigned -------------------------


def test_assigning_loss_name_switches_the_loss_to_the_sum():
    net = network()
    y_hat = net.feedforward(X3)
    net.loss_name = "sse"
    assert net.loss(X3, Y1) == pytest.approx(np.sum((y_hat - Y1) ** 2), rel=1e-12)


def test_assigning_loss_name_switches_the_gradients_used_in_training():
    summed, assigned = nnlib.Network([3, 2, 1], seed=0, loss="sse"), network()
    assigned.loss_name = "sse"
    np.testing.assert_array_equal(assigned.train(X3, Y1, 3).losses, summed.train(X3, Y1, 3).losses)


@pytest.mark.parametrize(
    ("name", "error"), [("cross_entropy", ValueError), ("MSE", ValueError), (None, TypeError)]
)
def test_unknown_loss_names_are_refused_and_the_loss_stays(name, error):
    net = network()
    with pytest.raises(error, match=r"Network\.loss_name must be .*'mse', 'sse'"):
        net.loss_name = name
    assert net.loss_name == "mse"
    assert net.loss(X3, Y1) == pytest.approx(np.mean((net.feedforward(X3) - Y1) ** 2))


# --- rule 7: valid input gives finite results in range ----------------------------------------


@contract
@given(sizes=layer_sizes, n=n_samples, data=st.data())
def test_valid_networks_give_probabilities_a_finite_loss_and_finite_gradients(sizes, n, data):
    net = nnlib.Network(sizes, seed=data.draw(st.integers(0, 2**32), label="seed"))
    X = data.draw(hnp.arrays(float, (n, sizes[0]), elements=moderate), label="X")
    y = data.draw(hnp.arrays(float, (n, sizes[-1]), elements=st.floats(0, 1)), label="y")
    y_hat = net.feedforward(X)
    assert y_hat.shape == (n, sizes[-1])
    assert_probabilities(y_hat)
    assert 0 <= net.loss(X, y) <= 1
    dweights, dbiases = net.gradients(X, y)
    assert all(np.all(np.isfinite(g)) for g in dweights + dbiases)
    history = net.train(X, y, 5, learning_rate=data.draw(st.floats(1e-3, 10), label="rate"))
    assert history.losses.shape == (5,) and np.all(history.losses >= 0)


@contract
@given(
    weights=hnp.arrays(float, 3, elements=moderate),
    bias=moderate,
    x=hnp.arrays(float, 3, elements=moderate),
)
def test_neuron_output_is_the_textbook_formula(weights, bias, x):
    expected = 1 / (1 + np.exp(-(x @ weights + bias)))
    assert nnlib.Neuron(weights, bias).feedforward(x) == pytest.approx(expected, rel=1e-12)


@contract
@given(weights=st.lists(st.integers(-3, 3), min_size=3, max_size=3), bias=st.integers(-3, 3))
def test_weights_assigned_as_int_lists_work_like_float_arrays(weights, bias):
    neuron, reference = (
        nnlib.Neuron([0.0, 0.0, 0.0], 0.0),
        nnlib.Neuron(np.array(weights, dtype=float), float(bias)),
    )
    neuron.weights, neuron.bias = weights, bias
    assert neuron.feedforward(X3[1]) == reference.feedforward(X3[1])
    perceptron = nnlib.Perceptron(n_inputs=3)
    perceptron.weights = weights
    np.testing.assert_array_equal(
        perceptron.predict(X3), nnlib.Perceptron(weights=np.array(weights, float)).predict(X3)
    )


# --- rules 4 and 5 for the activations, losses and training of notebooks 05-07 ----------------

HIDDEN = ["sigmoid", "tanh", "relu", "leaky_relu"]


def assert_probability_rows(y_hat):
    if y_hat is not None:
        assert_probabilities(y_hat)
        np.testing.assert_allclose(y_hat.sum(axis=1), 1.0)


@pytest.mark.parametrize("hidden", HIDDEN)
@contract
@given(scale=any_float, layer=st.integers(0, 1), data=st.data())
def test_softmax_networks_with_huge_inputs_or_weights_never_give_nan(hidden, scale, layer, data):
    net = softmax_network(hidden)
    shape = net.weights[layer].shape
    net.weights[layer] = data.draw(hnp.arrays(float, shape, elements=any_float), label="weights")
    assert_probability_rows(finite_or_overflow_error(lambda: net.feedforward(X3 * scale)))
    loss = finite_or_overflow_error(lambda: net.loss(X3 * scale, Y2))
    assert loss is None or 0 <= loss < np.inf
    gradients = finite_or_overflow_error(lambda: net.gradients(X3 * scale, Y2))
    if gradients is not None:
        assert all(np.all(np.isfinite(g)) for g in gradients[0] + gradients[1])


@pytest.mark.parametrize("hidden", HIDDEN)
@contract
@given(
    learning_rate=st.floats(1e-3, 1e308),
    X_scale=st.sampled_from([1.0, 1e150, 1e300]),
    batch_size=st.sampled_from([1, 3, 4]),
)
def test_minibatch_training_with_huge_rates_or_inputs_ends_finite_or_says_it_overflowed(
    hidden, learning_rate, X_scale, batch_size
):
    net = softmax_network(hidden)
    history = finite_or_overflow_error(lambda: net.train_minibatch(
        X3 * X_scale, Y2, 5, batch_size=batch_size, learning_rate=learning_rate, seed=0
    ))
    if history is not None:
        assert np.all(np.isfinite(history.losses)) and np.all(np.isfinite(history.step_losses))
        assert_probability_rows(finite_or_overflow_error(lambda: net.feedforward(X3)))


@contract
@given(y_hat=hnp.arrays(float, (4, 2), elements=st.floats(0, 1)))
def test_cross_entropy_of_any_probabilities_even_0_is_finite_without_warnings(y_hat):
    loss = finite_or_overflow_error(lambda: nnlib.cross_entropy(Y2, y_hat))
    gradient = finite_or_overflow_error(lambda: nnlib.cross_entropy_gradient(Y2, y_hat))
    assert 0 <= loss < np.inf and np.all(np.isfinite(gradient))


@pytest.mark.parametrize(
    "function",
    [nnlib.tanh, nnlib.tanh_derivative, nnlib.relu, nnlib.relu_derivative, nnlib.leaky_relu,
     nnlib.leaky_relu_derivative, nnlib.softmax],
)
@contract
@given(z=hnp.arrays(float, (3, 2), elements=any_float))
def test_activations_of_any_finite_z_are_finite_without_warnings(function, z):
    assert np.all(np.isfinite(finite_or_overflow_error(lambda: function(z))))


@contract
@given(epochs=st.integers(MAX_ITERATIONS + 1, 10**18))
def test_huge_epochs_are_refused_before_allocating(epochs):
    peak, message = peak_allocation_while_refusing(
        lambda: network().train_minibatch(X3, Y1, epochs, batch_size=2)
    )
    assert peak < 1_000_000
    assert "epochs" in message and "MAX_ITERATIONS" in message


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda: nnlib.one_hot(np.zeros(20_000, dtype=int), 5_000), "MAX_ACTIVATIONS"),
        (lambda: nnlib.one_hot([0], 10**9), "MAX_CLASSES"),
        (lambda: nnlib.confusion_matrix([0], [0], 10**6), "MAX_CLASSES"),
        (lambda: toy_data.circles(10**12), "MAX_ACTIVATIONS"),
        (lambda: toy_data.spiral(10**12), "MAX_ACTIVATIONS"),
    ],
)
def test_absurd_class_counts_and_sample_counts_are_refused_before_allocating(call, words):
    peak, message = peak_allocation_while_refusing(call)
    assert peak < 1_000_000
    assert words in message


# --- rule 8: layer sizes are an ordered sequence of whole numbers; counts are whole numbers ----

unordered_containers = st.sampled_from([
    set,
    frozenset,
    dict.fromkeys,
    lambda sizes: dict.fromkeys(sizes).keys(),
    lambda sizes: {f"layer {k}": size for k, size in enumerate(sizes)}.values(),
    iter,
    lambda sizes: (size for size in sizes),
])


@contract
@given(sizes=st.lists(st.integers(1, 4), min_size=2, max_size=4, unique=True),
       container=unordered_containers)
def test_layer_sizes_without_an_order_are_a_type_error_naming_layer_sizes(sizes, container):
    # a set would reorder {3, 1} into [1, 3]: a network other than the one written
    with pytest.raises(TypeError, match=r"layer_sizes must be a sequence.*list, tuple or 1-D"):
        nnlib.Network(container(sizes))


@contract
@given(sizes=layer_sizes, form=st.sampled_from([list, tuple, np.array, lambda s: np.array(s,
       dtype=np.int32), lambda s: range(s[0], s[0] + 1) if len(s) == 1 else s]))
def test_layer_sizes_in_any_sequence_form_build_the_same_network_as_the_list(sizes, form):
    built, reference = nnlib.Network(form(sizes), seed=0), nnlib.Network(list(sizes), seed=0)
    assert built.layer_sizes == list(sizes)
    for mine, theirs in zip(built.weights, reference.weights, strict=True):
        np.testing.assert_array_equal(mine, theirs)


def test_layer_sizes_as_a_range_keep_their_order():
    assert nnlib.Network(range(3, 0, -1), seed=0).layer_sizes == [3, 2, 1]


@pytest.mark.parametrize("sizes", [np.array([[3, 1]]), np.array([[3], [1]]), np.array(3)])
def test_layer_sizes_as_an_array_must_be_one_dimensional(sizes):
    expected = rf"layer_sizes must be 1-D.*shape {shape_text(sizes.shape)}"
    with pytest.raises(ValueError, match=expected):
        nnlib.Network(sizes)


@pytest.mark.parametrize("sizes", [np.array([3.0, 1.0]), [3, 1.0], [np.float32(3), 1]])
def test_layer_sizes_as_floats_are_refused_with_plain_numbers_in_the_message(sizes):
    with pytest.raises(TypeError, match=r"layer_sizes must hold whole numbers, got \[3(\.0)?, 1"):
        nnlib.Network(sizes)


@pytest.mark.parametrize("value", [3.0, np.float64(3.0), True, "3", [3]], ids=repr)
def test_perceptron_n_inputs_beside_weights_is_a_count_named_n_inputs(value):
    # checked as a count, not only compared with the weights' shape (3.0 == 3 would pass that)
    expected = rf"n_inputs must be a whole number, got {re.escape(repr(value))}"
    with pytest.raises(TypeError, match=expected):
        nnlib.Perceptron(np.zeros(3), n_inputs=value)


@pytest.mark.parametrize("value", [0, -3])
def test_perceptron_n_inputs_beside_weights_must_be_positive(value):
    with pytest.raises(ValueError, match=rf"n_inputs must be at least 1, got {value}"):
        nnlib.Perceptron(np.zeros(3), n_inputs=value)


@pytest.mark.parametrize("value", [3, np.int64(3)])
def test_perceptron_n_inputs_that_agrees_with_the_weights_is_accepted(value):
    assert nnlib.Perceptron(np.zeros(3), n_inputs=value).n_inputs == 3


def test_perceptron_n_inputs_that_disagrees_with_the_weights_names_both():
    with pytest.raises(ValueError, match=r"n_inputs=4 disagrees with weights of shape \(3, 1\)"):
        nnlib.Perceptron(np.zeros(3), n_inputs=4)


@pytest.mark.parametrize("function", [toy_data.circles, toy_data.moons, toy_data.spiral])
@pytest.mark.parametrize("noise", ["0.1", None, True, 1j, np.timedelta64(1, "s")])
def test_toy_data_noise_that_is_not_a_number_is_a_type_error_naming_noise(function, noise):
    with pytest.raises(TypeError, match=r"noise must be a number"):
        function(20, noise=noise, seed=0)


@pytest.mark.parametrize("noise", [-0.1, np.inf, np.nan])
def test_toy_data_noise_out_of_range_is_a_value_error_naming_noise(noise):
    with pytest.raises(ValueError, match=r"noise must be a finite number >= 0"):
        toy_data.moons(20, noise=noise, seed=0)


# --- rule 9: numerical_gradient names f and epsilon, and lets no numpy warning out -------------


def square_sum(v):
    return float(np.sum(v**2))


@pytest.mark.parametrize(
    "returned",
    ["0.5", b"0.5", "abc", None, [1.0, 2.0], np.ones(2), True, np.bool_(False), 1 + 2j,
     np.array(["1.0"]), {"loss": 0.5}],
    ids=repr,
)
def test_numerical_gradient_names_f_when_f_returns_something_other_than_one_number(returned):
    with pytest.raises((TypeError, ValueError), match=r"f must return one (finite )?number"):
        nnlib.numerical_gradient(lambda v: returned, np.ones(2))


@pytest.mark.parametrize("returned", [np.nan, np.inf, -np.inf])
def test_numerical_gradient_names_f_epsilon_and_the_entry_when_f_is_not_finite(returned):
    with pytest.raises(ValueError, match=r"f returned (nan|inf|-inf) with x\[1\] [+-] epsilon"):
        nnlib.numerical_gradient(lambda v: returned if v[1] != 1.0 else 0.0, np.ones(2))


@pytest.mark.parametrize("returned", [0.5, np.float32(0.5), np.float64(0.5), np.array(0.5),
                                      np.array([[0.5]]), 1, np.int64(1)], ids=repr)
def test_numerical_gradient_takes_any_single_real_number_from_f(returned):
    np.testing.assert_array_equal(nnlib.numerical_gradient(lambda v: returned, np.ones(2)), 0.0)


@pytest.mark.parametrize("epsilon", ["1e-6", None, True, 1j, np.array([1e-6, 1e-6]), [1e-6]],
                         ids=repr)
def test_numerical_gradient_epsilon_that_is_not_a_number_is_a_type_error_naming_epsilon(epsilon):
    with pytest.raises(TypeError, match=r"epsilon must be a (small positive )?number"):
        nnlib.numerical_gradient(square_sum, np.ones(2), epsilon=epsilon)


@pytest.mark.parametrize("epsilon", [0.0, -1e-6, np.nan, np.inf])
def test_numerical_gradient_epsilon_that_is_not_positive_and_finite_is_named(epsilon):
    with pytest.raises(ValueError, match=r"epsilon must be a small positive number"):
        nnlib.numerical_gradient(square_sum, np.ones(2), epsilon=epsilon)


@contract
@given(
    x=hnp.arrays(float, st.integers(1, 3), elements=any_float),
    epsilon=st.floats(1e-300, 1e308, allow_infinity=False),
    f=st.sampled_from([square_sum, lambda v: np.sum(np.exp(v)), lambda v: np.prod(v) * 1e300,
                       lambda v: float(np.sum(1.0 / v)), lambda v: np.sum(np.log(np.abs(v))),
                       lambda v: np.sum(v) * 1e308]),
)
def test_numerical_gradient_of_any_finite_input_is_finite_or_a_clear_error_never_a_warning(
    x, epsilon, f
):
    original = x.copy()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any warning fails the test
        try:
            gradient = nnlib.numerical_gradient(f, x, epsilon=epsilon)
        except ValueError as error:
            assert re.search(r"\bepsilon\b|\bf\b", str(error)), error
        else:
            assert gradient.shape == x.shape and np.all(np.isfinite(gradient))
    np.testing.assert_array_equal(x, original)  # restored, whatever happened


def test_numerical_gradient_with_a_huge_epsilon_says_it_is_too_large():
    with pytest.raises(ValueError, match=r"epsilon=1e\+308 is too large.*x\[0\]"):
        nnlib.numerical_gradient(square_sum, np.array([1e308]), epsilon=1e308)


def test_numerical_gradient_whose_f_overflows_names_f_and_epsilon_not_a_numpy_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match=r"f failed \(overflow.*x\[0\].*epsilon=1e\+200"):
            nnlib.numerical_gradient(lambda v: np.sum(v**2), np.array([1.0]), epsilon=1e200)


def test_numerical_gradient_of_a_linear_f_with_a_huge_epsilon_is_still_exact():
    # (f(x + e) - f(x - e)) / 2e is exact for a linear f: a large epsilon is not wrong in itself
    gradient = nnlib.numerical_gradient(lambda v: float(3.0 * v[0] - 2.0 * v[1]), np.zeros(2),
                                        epsilon=1e300)
    np.testing.assert_array_equal(gradient, [3.0, -2.0])
