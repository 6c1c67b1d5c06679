"""The step-through of one training step: its order is a reverse topological order, each step
fills in exactly one gradient from the node's parents by the local rule, the gradients are
those of backward() and of nnlib.Network, and the update is one iteration of Network.train.
The layout under it: edges run left to right and boxes never overlap."""

import numpy as np
import pytest

import nnlib
from nnlib.autograd import Value, topological_order
from nnlib.course.n08_autograd import steps
from nnlib.course.n08_autograd.drawing import display_label, graph_layout, number, op_symbol


@pytest.fixture(scope="module")
def trace():
    return steps.TrainingStep()


def test_the_order_visits_each_node_after_every_node_computed_from_it(trace):
    position = {id(node): k for k, node in enumerate(trace.order)}
    assert len(position) == len(topological_order(trace.network.loss)) == 29
    assert trace.order[0] is trace.network.loss
    for node in trace.order:
        for child in node.children:
            assert position[id(child)] > position[id(node)]


def test_the_gradients_are_those_of_backward_and_of_network_gradients(trace):
    network = steps.TrainingStep().network  # a fresh graph, so backward() runs on its own
    network.loss.backward()
    for mine, theirs in zip(topological_order(trace.network.loss),
                            topological_order(network.loss), strict=True):
        assert trace.grads[id(mine)] == pytest.approx(theirs.grad, rel=1e-14, abs=1e-17)
    nnlib_network = nnlib.Network([2, 2, 1])
    nnlib_network.weights = [w.copy() for w in steps.STEP_WEIGHTS]
    nnlib_network.biases = [b.copy() for b in steps.STEP_BIASES]
    dweights, dbiases = nnlib_network.gradients(steps.STEP_X.reshape(1, 2),
                                                steps.STEP_Y.reshape(1, 1))
    for layer, values in enumerate(trace.network.weights):
        grads = np.array([trace.grads[id(v)] for v in values.ravel()]).reshape(values.shape)
        np.testing.assert_allclose(grads, dweights[layer], rtol=0, atol=1e-15)
    for layer, values in enumerate(trace.network.biases):
        grads = np.array([trace.grads[id(v)] for v in values.ravel()])
        np.testing.assert_allclose(grads, dbiases[layer], rtol=0, atol=1e-15)


def test_the_network_is_notebook_03s_two_output_network_with_its_first_output():
    # 03 section 5 printed h = [0.7311, 0.6225], y_hat1 = 0.7393 and delta_o1 = -0.1005
    trace = steps.TrainingStep()
    h = [value.data for value in trace.network.activations[0][0]]
    y_hat = trace.network.activations[1][0, 0]
    assert np.round(h, 4).tolist() == [0.7311, 0.6225] and round(y_hat.data, 4) == 0.7393
    z_o = y_hat.children[0]
    assert round(trace.grads[id(z_o)], 4) == -0.1005


def test_step_zero_is_the_forward_pass_with_no_gradient(trace):
    state = trace.state(0)
    assert state.phase == "forward" and state.current is None
    assert all(grad is None for grad in state.grads.values())
    assert "Loss L = 0.06797" in state.text


def test_each_step_fills_in_exactly_one_more_gradient_from_its_parents(trace):
    for step in range(1, len(trace.order) + 1):
        before, after = trace.state(step - 1), trace.state(step)
        filled = [key for key in after.grads if after.grads[key] is not None
                  and before.grads[key] is None]
        assert filled == [id(after.current)]
        assert all(before.grads[id(term.parent)] is not None for term in after.terms)
        if after.terms:  # the local rule: sum over the parents of local * parent's gradient
            expected = sum(term.local * before.grads[id(term.parent)] for term in after.terms)
            assert after.grads[id(after.current)] == pytest.approx(expected, rel=1e-15)
        else:
            assert after.current is trace.network.loss and after.grads[id(after.current)] == 1.0


def test_a_node_used_twice_adds_two_terms_and_says_so(trace):
    x1 = next(node for node in trace.order if node.label == "x1")
    state = trace.state(trace.order.index(x1) + 1)
    assert len(state.terms) == 2
    assert "used twice" in state.text and "ADDED UP (+=)" in state.text
    assert "grad(x1) = 0.5 x (-0.01976) + (-0.5) x (-0.01181) = -0.003975" in state.text


def test_a_product_takes_the_other_inputs_value_as_local_derivative(trace):
    v1 = next(node for node in trace.order if node.label == "v1")
    state = trace.state(trace.order.index(v1) + 1)
    assert "local derivative d(h1*v1)/dv1 = h1 = 0.7311" in state.text


def test_the_update_is_one_iteration_of_network_train(trace):
    network = nnlib.Network([2, 2, 1])
    network.weights = [w.copy() for w in steps.STEP_WEIGHTS]
    network.biases = [b.copy() for b in steps.STEP_BIASES]
    network.train(steps.STEP_X.reshape(1, 2), steps.STEP_Y.reshape(1, 1), iterations=1,
                  learning_rate=steps.STEP_LEARNING_RATE)
    for ours, theirs in zip(trace.new_weights + trace.new_biases,
                            network.weights + network.biases, strict=True):
        np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-15)
    state = trace.state(trace.steps)
    assert state.phase == "update" and len(state.moved) == 9  # 6 weights, 3 biases
    for value in trace.parameters:
        assert state.values[id(value)] == pytest.approx(
            value.data - steps.STEP_LEARNING_RATE * trace.grads[id(value)])
    assert trace.loss_after < trace.loss_before
    assert f"after {trace.loss_after:.4g}" in state.text


@pytest.mark.parametrize("step", [-1, 31, 2.5])
def test_a_step_outside_the_pass_is_refused(trace, step):
    with pytest.raises(ValueError, match="step must be between 0 and 30"):
        trace.state(step)


def test_another_network_and_activation_can_be_stepped_through():
    trace = steps.TrainingStep(weights=[np.array([[0.5], [-1.0]])], biases=[np.array([0.1])],
                               x=[1.0, 2.0], y=[0.0], hidden="tanh", output="tanh")
    assert trace.steps == len(trace.order) + 1
    assert "tanh" in {node.op for node in trace.order}


def test_the_learning_rate_is_checked():
    with pytest.raises(ValueError, match="learning_rate"):
        steps.TrainingStep(learning_rate=0)


# --- the layout ---------------------------------------------------------------------------------


def test_every_edge_runs_left_to_right_and_boxes_in_a_column_do_not_overlap(trace):
    layout = trace.layout
    for child, parent in layout.edges:
        assert layout.position[id(child)][0] < layout.position[id(parent)][0]
    columns = {}
    for node in layout.nodes:
        x, y = layout.position[id(node)]
        columns.setdefault(x, []).append(y)
    for heights in columns.values():
        heights.sort()
        assert all(b - a >= 0.72 - 1e-9 for a, b in zip(heights, heights[1:], strict=False))


def test_inputs_used_by_several_nodes_sit_at_the_ends_of_their_column(trace):
    layout = trace.layout
    x1 = next(node for node in layout.nodes if node.label == "x1")
    x2 = next(node for node in layout.nodes if node.label == "x2")
    column = [layout.position[id(node)][1] for node in layout.nodes
              if layout.position[id(node)][0] == layout.position[id(x1)][0]]
    assert layout.position[id(x1)][1] == max(column)  # top
    assert layout.position[id(x2)][1] == min(column)  # bottom


def test_a_value_multiplied_by_itself_has_two_edges_to_its_product():
    x = Value(2.0, "x")
    layout = graph_layout(x * x)
    assert len(layout.edges) == 2 and layout.parents(x) == [layout.nodes[-1]] * 2


def test_a_column_of_inputs_used_several_times_only_is_laid_out_too():
    x = Value(1.5, "x")
    layout = graph_layout(x * x + x)  # x feeds the product and the sum: alone in its column
    assert len(layout.nodes) == 3
    for child, parent in layout.edges:
        assert layout.position[id(child)][0] < layout.position[id(parent)][0]


def test_labels_and_numbers_are_written_short():
    assert display_label("w12") == "$w_{12}$" and display_label("zh1") == "$z_{h_{1}}$"
    assert display_label("y_hat") == r"$\hat y$" and display_label("L") == "$L$"
    assert op_symbol("*") == "×" and op_symbol("**2") == "$x^{2}$"
    assert op_symbol("sigmoid") == "σ"
    assert [number(v) for v in (0.0, 0.5, -0.0039752, 0.000910221, 1.2e-5)] == [
        "0", "0.5", "-0.003975", "0.00091", "1.2e-05"]
