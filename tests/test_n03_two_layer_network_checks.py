"""Notebook 03's exercise checks: right answers pass, typical mistakes get a specific hint."""

import numpy as np
import pytest
from learners import learner, mutant

import nnlib
from nnlib.course.n03_two_layer_network import checks

# --- exercise 1: shapes of Network([3, 5, 2]) -------------------------------------------------


def test_layer_shapes_accepts_the_shapes_nnlib_actually_uses():
    network = nnlib.Network([3, 5, 2], seed=0)
    answer = [network.weights[0].shape, network.biases[0].shape,
              network.weights[1].shape, network.biases[1].shape]
    assert checks.layer_shapes(answer).passed
    assert checks.layer_shapes([[3, 5], [5], [5, 2], [2]]).passed  # lists are fine too


@pytest.mark.parametrize(("answer", "says"), [
    ([(5, 3), (5,), (5, 2), (2,)], ["weights[0]", "transposed", "ROW per input"]),
    ([(3, 5), (1, 5), (5, 2), (2,)], ["1-D vector"]),
    ([(3, 5), (5), (5, 2), (2,)], ["needs a comma: (5,)"]),  # (5) is the int 5
    ([(3, 5), (5,), (5, 2), (5,)], ["biases[1] goes with weights[1]", "one bias per unit"]),
    ([(3, 2), (5,), (5, 2), (2,)], ["(n_in, n_out)"]),
    ((3, 5), ["list of 4 shapes"]), ([(3, 5), (5,), (5, 2)], ["list of 4 shapes"]),
    ([(3.0, 5.0), (5,), (5, 2), (2,)], ["tuple of whole numbers"]),
])
def test_layer_shapes_names_the_mistake(answer, says):
    feedback = checks.layer_shapes(answer)
    assert not feedback.passed and all(part in feedback.message for part in says)


# --- exercise 2: a hidden layer in matrix form -------------------------------------------------

X_, W_, B_ = checks.HIDDEN_X, checks.HIDDEN_WEIGHTS, checks.HIDDEN_BIAS


def by_hand():
    """sigmoid(x @ W + b) one unit at a time, without matrices: the independent computation."""
    outputs = []
    for unit in range(3):
        z = sum(X_[i] * W_[i, unit] for i in range(3)) + B_[unit]
        outputs.append(1 / (1 + np.exp(-z)))
    return outputs


def test_hidden_layer_output_accepts_the_right_values_in_any_layout():
    assert checks.hidden_layer_output(by_hand()).passed
    assert checks.hidden_layer_output(np.array(by_hand()).reshape(1, 3)).passed


@pytest.mark.parametrize(("answer", "expected"), [
    (nnlib.sigmoid(X_ @ W_), "the bias is missing"),
    (X_ @ W_ + B_, "the sigmoid is missing"),
    (X_ @ W_, "both the bias and the sigmoid are missing"),
    (nnlib.sigmoid(W_ @ X_ + B_), "W @ x multiplies the ROWS"),
    (W_ @ X_ + B_, "the order is swapped"),
    (nnlib.sigmoid(X_ @ W_ - B_), "the bias is subtracted"),
])
def test_hidden_layer_output_names_the_mistake(answer, expected):
    feedback = checks.hidden_layer_output(answer)
    assert not feedback.passed and expected in feedback.message
    assert "Hint:" in feedback.message


def test_hidden_layer_output_wrong_size_is_explained():
    assert "3 numbers" in checks.hidden_layer_output([0.1, 0.2]).message


def test_hidden_layer_output_unknown_values_get_a_general_hint():
    outside = checks.hidden_layer_output([2.0, 0.5, 0.5])
    assert not outside.passed and "between 0 and 1" in outside.message
    inside = checks.hidden_layer_output([0.5, 0.5, 0.5])
    assert not inside.passed and "check its first entry by hand" in inside.message


# --- exercise 3: the output delta --------------------------------------------------------------


def article_y_hat():
    """The article's 2-2-1 output for x = [2, 3], through nnlib.Network (independent path)."""
    network = nnlib.Network([2, 2, 1])
    network.weights = [np.array([[0.0, 0.0], [1.0, 1.0]]), np.array([[0.0], [1.0]])]
    network.biases = [np.zeros(2), np.zeros(1)]
    return float(network.feedforward([2.0, 3.0])[0])


def test_output_delta_matches_the_networks_own_gradient():
    # the output bias enters z_o with factor 1, so nnlib's dL/db_o IS the output delta
    network = nnlib.Network([2, 2, 1])
    network.weights = [np.array([[0.0, 0.0], [1.0, 1.0]]), np.array([[0.0], [1.0]])]
    network.biases = [np.zeros(2), np.zeros(1)]
    _, dbiases = network.gradients(np.array([[2.0, 3.0]]), np.array([[0.0]]))
    delta = float(dbiases[1][0])  # dL/db_o = delta
    assert checks.output_delta(delta).passed
    assert checks.output_delta(np.array([delta])).passed
    assert checks.output_delta(round(delta, 3)).passed  # typed in, rounded


Y = article_y_hat()
SLOPE = Y * (1 - Y)


@pytest.mark.parametrize(("answer", "expected"), [
    (2 * Y, "factor dy_hat/dz_o is missing"),
    (Y * SLOPE, "factor 2 from the square"),
    (-2 * Y * SLOPE, "sign is flipped"),
    (2 * Y * nnlib.sigmoid_derivative(Y), "sigmoid_derivative(y_hat)"),
    (SLOPE, "factor dL/dy_hat is missing"),
    (2 * (Y - 1) * SLOPE, "target 1"),
    (0.5, "not dL/dz_o"),
])
def test_output_delta_names_the_mistake(answer, expected):
    feedback = checks.output_delta(answer)
    assert not feedback.passed and expected in feedback.message
    assert "Hint:" in feedback.message


def test_output_delta_wrong_size_is_explained():
    assert "single number" in checks.output_delta([0.1, 0.2]).message


# --- every form of a right answer, and each exercise's own answer name -------------------------


@pytest.mark.parametrize("answer", [
    [(3, 5), (5,), (5, 2), (2,)],
    ((3, 5), (5,), (5, 2), (2,)),  # a tuple of tuples
    [[3, 5], [5], [5, 2], [2]],  # lists
    [np.zeros((3, 5)).shape, (np.int64(5),), (5, 2), (2,)],  # numpy integers
    [np.array([3, 5]), np.array([5]), (5, 2), (2,)],  # shapes as integer arrays
])
def test_layer_shapes_accepts_every_way_of_writing_the_shapes(answer):
    assert checks.layer_shapes(answer).passed


@pytest.mark.parametrize("layout", [
    lambda h: h,  # a list
    np.array,  # (3,)
    lambda h: np.array(h).reshape(1, 3),  # one sample as a row, as X @ W gives it
    lambda h: np.array(h).reshape(3, 1),
    lambda h: tuple(h),
    lambda h: nnlib.sigmoid(X_.reshape(1, 3) @ W_ + B_),  # computed as a batch of one
    lambda h: [round(float(v), 6) for v in h],  # typed in to 6 decimals
])
def test_hidden_layer_output_accepts_every_layout_and_form(layout):
    assert checks.hidden_layer_output(layout(by_hand())).passed


def test_output_delta_accepts_the_chain_written_with_nnlib_s_derivatives():
    y_hat = article_y_hat()
    z_o = np.log(y_hat / (1 - y_hat))  # the output neuron's pre-activation
    assert checks.output_delta(2 * y_hat * nnlib.sigmoid_derivative(z_o)).passed
    slope = nnlib.sigmoid_derivative_from_output(y_hat)
    assert checks.output_delta(-2 * (0 - y_hat) * slope).passed


# --- exercise 4: backprop, written by the learner ----------------------------------------------

BACKPROP = """def my_backprop(X, Y, W1, b1, W2, b2):
    H = nnlib.sigmoid(X @ W1 + b1)
    Y_hat = nnlib.sigmoid(H @ W2 + b2)
    delta2 = 2 * (Y_hat - Y) / Y.size * Y_hat * (1 - Y_hat)
    delta1 = (delta2 @ W2.T) * H * (1 - H)
    return X.T @ delta1, delta1.sum(axis=0), H.T @ delta2, delta2.sum(axis=0)
"""
LOOPS = """def my_backprop(X, Y, W1, b1, W2, b2):
    grads = [np.zeros_like(W1), np.zeros_like(b1), np.zeros_like(W2), np.zeros_like(b2)]
    for x, y in zip(X, Y):  # one sample at a time, added up
        h = 1 / (1 + np.exp(-(x @ W1 + b1)))
        y_hat = 1 / (1 + np.exp(-(h @ W2 + b2)))
        d2 = 2 * (y_hat - y) / Y.size * y_hat * (1 - y_hat)
        d1 = np.array([sum(d2[k] * W2[j, k] for k in range(len(d2))) for j in range(len(h))])
        d1 = d1 * h * (1 - h)
        for total, part in zip(grads, (np.outer(x, d1), d1, np.outer(h, d2), d2)):
            total += part
    return tuple(grads)
"""


@pytest.mark.parametrize("changes", [
    {}, {"X.T @ delta1": "np.einsum('ni,nj->ij', X, delta1)",
         "H.T @ delta2": "np.dot(H.T, delta2)"},
    {"* H * (1 - H)": "* nnlib.sigmoid_derivative(X @ W1 + b1)", ".sum(axis=0)": ".sum(0)"},
    {"2 * (Y_hat - Y) / Y.size * Y_hat * (1 - Y_hat)":
     "nnlib.mse_gradient(Y, Y_hat) * nnlib.sigmoid_derivative_from_output(Y_hat)"},
])
def test_backprop_accepts_every_correct_form(changes):
    feedback = checks.my_backprop(mutant(BACKPROP, "my_backprop", changes))
    assert feedback.passed, feedback.message
    assert checks.my_backprop(learner(LOOPS, "my_backprop")).passed


@pytest.mark.parametrize(("key", "changes"), [
    ("no_output_slope", {" * Y_hat * (1 - Y_hat)": ""}),
    ("no_hidden_slope", {" * H * (1 - H)": ""}),
    ("output_slope_of_output", {"Y_hat * (1 - Y_hat)": "nnlib.sigmoid_derivative(Y_hat)"}),
    ("hidden_slope_of_output", {"H * (1 - H)": "nnlib.sigmoid_derivative(H)"}),
    ("sign", {"(Y_hat - Y)": "(Y - Y_hat)"}),
    ("no_mean", {" / Y.size": ""}),
    ("mean_twice", {"/ Y.size": "/ Y.size / len(X)"}),
    ("rows_only", {"/ Y.size": "/ len(Y)"}),
    ("no_two", {"2 * (Y_hat - Y)": "(Y_hat - Y)"}),
    ("transposed", {"X.T @ delta1": "delta1.T @ X", "H.T @ delta2": "delta2.T @ H"}),
    ("bias_not_summed", {".sum(axis=0)": ""}),
    ("bias_mean", {".sum(axis=0)": ".mean(axis=0)"}),
    ("raises_matmul", {"(delta2 @ W2.T)": "(delta2 @ W2)"}),  # a missing transpose
    ("raises_matmul", {"X.T @ delta1": "X @ delta1"}),
    ("fallback", {"X.T @ delta1,": "X.T @ delta1 * 1.1,"}),
    ("not_written", {BACKPROP[BACKPROP.index("    H"):]: '    """Your code here."""\n'}),
    ("returns", {", delta2.sum(axis=0)": ""}),
])
def test_backprop_names_each_mistake_made_by_code_that_makes_it(key, changes):
    feedback = checks.my_backprop(mutant(BACKPROP, "my_backprop", changes))
    assert not feedback.passed and feedback.mistake == key, feedback.message
    assert "Hint:" in feedback.message


def test_backprop_feedback_says_where_the_mistake_is():
    hidden = checks.my_backprop(mutant(BACKPROP, "my_backprop", {"delta1,": "delta1 * 2,"}))
    assert "dW1 differs from nnlib's (and from central differences)" in hidden.message
    assert "look at the hidden layer" in hidden.message
    error = checks.my_backprop(mutant(BACKPROP, "my_backprop", {"@ W2.T)": "@ W2)"}))
    assert "at line 5 of my_backprop: delta1 = (delta2 @ W2) * H * (1 - H)" in error.message
    assert "there: delta2 (4, 1), W2 (3, 1), H (4, 3)" in error.message


def test_backprop_reference_agrees_with_central_differences():
    for case in checks.my_backprop.cases():
        for ours, numerical in zip(checks.backprop_answer(*case), checks._numerical(case),
                                   strict=True):
            np.testing.assert_allclose(ours, numerical, atol=1e-8)
