"""Notebook 03's exercise checks: right answers pass, typical mistakes get a specific hint."""

import numpy as np
import pytest
from learners import judged, learner, mutant, says, unwritten

import nnlib
from nnlib.course.n03_two_layer_network import checks

NETWORK = nnlib.Network([3, 5, 2], seed=0)  # exercise 1
X_, W_, B_ = checks.HIDDEN_X, checks.HIDDEN_WEIGHTS, checks.HIDDEN_BIAS  # exercise 2


def by_hand():
    """sigmoid(x @ W + b) one unit at a time, without matrices: the independent computation."""
    outputs = []
    for unit in range(3):
        z = sum(X_[i] * W_[i, unit] for i in range(3)) + B_[unit]
        outputs.append(1 / (1 + np.exp(-z)))
    return outputs


def article_network():
    """The article's 2-2-1 network: every neuron w = [0, 1], b = 0."""
    network = nnlib.Network([2, 2, 1])
    network.weights = [np.array([[0.0, 0.0], [1.0, 1.0]]), np.array([[0.0], [1.0]])]
    network.biases = [np.zeros(2), np.zeros(1)]
    return network


# exercise 3: the output delta for x = [2, 3], target 0, through nnlib.Network (independent path)
Y = float(article_network().feedforward([2.0, 3.0])[0])
SLOPE = Y * (1 - Y)
# the output bias enters z_o with factor 1, so nnlib's dL/db_o IS the output delta
DELTA = float(article_network().gradients(np.array([[2.0, 3.0]]), np.array([[0.0]]))[1][1][0])
Z_O = np.log(Y / (1 - Y))  # the output neuron's pre-activation


@pytest.mark.parametrize(("check", "answer"), [
    (checks.layer_shapes, [NETWORK.weights[0].shape, NETWORK.biases[0].shape,
                           NETWORK.weights[1].shape, NETWORK.biases[1].shape]),  # nnlib's own
    (checks.layer_shapes, [(3, 5), (5,), (5, 2), (2,)]),
    (checks.layer_shapes, ((3, 5), (5,), (5, 2), (2,))),  # a tuple of tuples
    (checks.layer_shapes, [[3, 5], [5], [5, 2], [2]]),  # lists
    (checks.layer_shapes, [np.zeros((3, 5)).shape, (np.int64(5),), (5, 2), (2,)]),  # numpy ints
    (checks.layer_shapes, [np.array([3, 5]), np.array([5]), (5, 2), (2,)]),  # integer arrays
    (checks.hidden_layer_output, by_hand()),  # a list
    (checks.hidden_layer_output, np.array(by_hand())),  # (3,)
    (checks.hidden_layer_output, np.array(by_hand()).reshape(1, 3)),  # a row, as X @ W gives it
    (checks.hidden_layer_output, np.array(by_hand()).reshape(3, 1)),
    (checks.hidden_layer_output, tuple(by_hand())),
    (checks.hidden_layer_output, nnlib.sigmoid(X_.reshape(1, 3) @ W_ + B_)),  # a batch of one
    (checks.hidden_layer_output, [round(float(v), 6) for v in by_hand()]),  # typed, 6 decimals
    (checks.output_delta, DELTA),
    (checks.output_delta, np.array([DELTA])),
    (checks.output_delta, round(DELTA, 3)),  # typed in, rounded
    (checks.output_delta, 2 * Y * nnlib.sigmoid_derivative(Z_O)),  # with nnlib's derivatives
    (checks.output_delta, -2 * (0 - Y) * nnlib.sigmoid_derivative_from_output(Y)),
])
def test_every_form_of_a_right_answer_passes(check, answer):
    says(check(answer), passed=True)


@pytest.mark.parametrize(("check", "answer", "said"), [
    (checks.layer_shapes, [(5, 3), (5,), (5, 2), (2,)],
     ["weights[0]", "transposed", "ROW per input"]),
    (checks.layer_shapes, [(3, 5), (1, 5), (5, 2), (2,)], ["1-D vector"]),
    (checks.layer_shapes, [(3, 5), (5), (5, 2), (2,)], ["needs a comma: (5,)"]),  # (5) is 5
    (checks.layer_shapes, [(3, 5), (5,), (5, 2), (5,)],
     ["biases[1] goes with weights[1]", "one bias per unit"]),
    (checks.layer_shapes, [(3, 2), (5,), (5, 2), (2,)], ["(n_in, n_out)"]),
    (checks.layer_shapes, (3, 5), ["list of 4 shapes"]),
    (checks.layer_shapes, [(3, 5), (5,), (5, 2)], ["list of 4 shapes"]),
    (checks.layer_shapes, [(3.0, 5.0), (5,), (5, 2), (2,)], ["tuple of whole numbers"]),
    (checks.hidden_layer_output, nnlib.sigmoid(X_ @ W_), ["the bias is missing"]),
    (checks.hidden_layer_output, X_ @ W_ + B_, ["the sigmoid is missing"]),
    (checks.hidden_layer_output, X_ @ W_, ["both the bias and the sigmoid are missing"]),
    (checks.hidden_layer_output, nnlib.sigmoid(W_ @ X_ + B_), ["W @ x multiplies the ROWS"]),
    (checks.hidden_layer_output, W_ @ X_ + B_, ["the order is swapped"]),
    (checks.hidden_layer_output, nnlib.sigmoid(X_ @ W_ - B_), ["the bias is subtracted"]),
    (checks.hidden_layer_output, [0.1, 0.2], ["3 numbers"]),
    (checks.hidden_layer_output, [2.0, 0.5, 0.5], ["between 0 and 1"]),
    (checks.hidden_layer_output, [0.5, 0.5, 0.5], ["check its first entry by hand"]),
    (checks.output_delta, 2 * Y, ["factor dy_hat/dz_o is missing"]),
    (checks.output_delta, Y * SLOPE, ["factor 2 from the square"]),
    (checks.output_delta, -2 * Y * SLOPE, ["sign is flipped"]),
    (checks.output_delta, 2 * Y * nnlib.sigmoid_derivative(Y), ["sigmoid_derivative(y_hat)"]),
    (checks.output_delta, SLOPE, ["factor dL/dy_hat is missing"]),
    (checks.output_delta, 2 * (Y - 1) * SLOPE, ["target 1"]),
    (checks.output_delta, 0.5, ["not dL/dz_o"]),
    (checks.output_delta, [0.1, 0.2], ["single number"]),
])
def test_each_mistake_is_named(check, answer, said):
    says(check(answer), *said)


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


def test_backprop_written_with_loops_passes():
    judged(checks.my_backprop(learner(LOOPS, "my_backprop")), "correct")


@pytest.mark.parametrize(("key", "changes"), [
    ("correct", {}),
    ("correct", {"X.T @ delta1": "np.einsum('ni,nj->ij', X, delta1)",
                 "H.T @ delta2": "np.dot(H.T, delta2)"}),
    ("correct", {"* H * (1 - H)": "* nnlib.sigmoid_derivative(X @ W1 + b1)",
                 ".sum(axis=0)": ".sum(0)"}),
    ("correct", {"2 * (Y_hat - Y) / Y.size * Y_hat * (1 - Y_hat)":
                 "nnlib.mse_gradient(Y, Y_hat) * nnlib.sigmoid_derivative_from_output(Y_hat)"}),
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
    ("not_written", unwritten(BACKPROP)),
    ("returns", {", delta2.sum(axis=0)": ""}),
])
def test_backprop_names_each_mistake_made_by_code_that_makes_it(key, changes):
    judged(checks.my_backprop(mutant(BACKPROP, "my_backprop", changes)), key)


def test_backprop_feedback_says_where_the_mistake_is():
    says(checks.my_backprop(mutant(BACKPROP, "my_backprop", {"delta1,": "delta1 * 2,"})),
         "dW1 differs from nnlib's (and from central differences)", "look at the hidden layer")
    says(checks.my_backprop(mutant(BACKPROP, "my_backprop", {"@ W2.T)": "@ W2)"})),
         "at line 5 of my_backprop: delta1 = (delta2 @ W2) * H * (1 - H)",
         "there: delta2 (4, 1), W2 (3, 1), H (4, 3)")


def test_backprop_reference_agrees_with_central_differences():
    for case in checks.my_backprop.cases():
        for ours, numerical in zip(checks.backprop_answer(*case), checks._numerical(case),
                                   strict=True):
            np.testing.assert_allclose(ours, numerical, atol=1e-8)
