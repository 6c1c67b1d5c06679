"""Notebook 03's live view: after each update its artists hold what an independent computation
of the trained network predicts."""

import numpy as np
import pytest
from matplotlib.contour import ContourSet

import nnlib
from nnlib.course.n03_two_layer_network import people, xor_clusters
from nnlib.course.n03_two_layer_network.views import BoundaryView, train_network
from nnlib.course.plots import plane_grid

# the article's numbers: people shifted by 135 lb and 66 in
ALICE, BOB = (-2.0, -1.0), (25.0, 6.0)
NEW_POINTS = {"Emily": (-7.0, -3.0), "Frank": (20.0, 2.0)}


@pytest.fixture(scope="module")
def data():
    task = xor_clusters.task()
    return task.X, task.y, task.names


@pytest.fixture(scope="module")
def view():
    # built once (it trains 8 networks); every test sets the sliders it needs
    return BoundaryView.on_agg()


@pytest.fixture(scope="module")
def people_view():
    task = people.task()
    return BoundaryView.on_agg(
        task=task, learning_rate=0.5, extent=(-30.0, 30.0, -10.0, 10.0),
        class_labels=("female (1)", "male (0)"),
    )


def test_the_people_task_is_the_articles_data_shifted_by_135_lb_and_66_in():
    X, y, names = people.task()[:3]
    assert names == ["Alice", "Bob", "Charlie", "Diana"]
    assert X[:2].tolist() == [list(ALICE), list(BOB)]
    assert y.ravel().tolist() == [1.0, 0.0, 0.0, 1.0]
    assert people.task().new_points == NEW_POINTS


def trained(X, y, hidden_units, iterations, learning_rate=1.0):
    """The network the view should show: same seed and learning rate, trained directly."""
    network = nnlib.Network([2, hidden_units, 1], seed=0)
    losses = network.train(X, y, iterations, learning_rate).losses if iterations else []
    return network, np.asarray(losses)


def contours(ax):
    return [artist for artist in ax.get_children() if isinstance(artist, ContourSet)]


def test_train_network_is_plain_full_batch_gradient_descent(data):
    X, y, _ = data
    network, losses = train_network(X, y, hidden_units=3, iterations=5, learning_rate=0.5)
    # the same 5 steps written out with numpy, from the same initial weights
    start = nnlib.Network([2, 3, 1], seed=0)
    W1, b1, W2, b2 = start.weights[0], start.biases[0], start.weights[1], start.biases[1]
    for _ in range(5):
        h = 1 / (1 + np.exp(-(X @ W1 + b1)))
        y_hat = 1 / (1 + np.exp(-(h @ W2 + b2)))
        delta_out = 2 * (y_hat - y) / len(y) * y_hat * (1 - y_hat)
        delta_hidden = delta_out @ W2.T * h * (1 - h)
        W2, b2 = W2 - 0.5 * h.T @ delta_out, b2 - 0.5 * delta_out.sum(axis=0)
        W1, b1 = W1 - 0.5 * X.T @ delta_hidden, b1 - 0.5 * delta_hidden.sum(axis=0)
    np.testing.assert_allclose(network.weights[0], W1, rtol=0, atol=1e-12)
    np.testing.assert_allclose(network.weights[1], W2, rtol=0, atol=1e-12)
    assert losses.shape == (5,)


def test_train_network_with_zero_iterations_leaves_the_start_weights(data):
    X, y, _ = data
    network, losses = train_network(X, y, hidden_units=4, iterations=0)
    np.testing.assert_array_equal(network.weights[0], nnlib.Network([2, 4, 1], seed=0).weights[0])
    assert losses.size == 0


def test_every_hidden_unit_count_is_trained_once_up_front(view):
    units, steps = view.sliders["hidden_units"], view.sliders["iterations"]
    assert sorted(view.runs) == [(n,) for n in range(units.min, units.max + 1)]
    assert all(view.runs[n,].done == steps.max for n in range(units.min, units.max + 1))


@pytest.mark.parametrize(
    ("hidden_units", "iterations"), [(1, 50), (2, 1000), (5, 143), (8, 2000), (3, 2500)]
)
def test_update_shows_the_trained_networks_output_loss_and_right_count(
    view, data, hidden_units, iterations
):
    X, y, _ = data
    view.update(hidden_units=hidden_units, iterations=iterations)
    network, losses = trained(X, y, hidden_units, iterations)

    points, shape = plane_grid((-2.0, 2.0, -2.0, 2.0), 101)
    expected_image = network.feedforward(points)[:, 0].reshape(shape)
    np.testing.assert_allclose(view.image.get_array(), expected_image, rtol=0, atol=1e-12)
    np.testing.assert_allclose(view.losses, losses, rtol=0, atol=1e-12)
    right = int(np.sum((network.feedforward(X) > 0.5) == (y > 0.5)))
    assert view.right == right
    assert view.loss == pytest.approx(network.loss(X, y), abs=1e-12)
    text = view.text.get_text()
    assert f"loss   {network.loss(X, y):.4f}" in text and f"right  {right} of 40" in text
    assert f"{hidden_units} hidden unit" in view.title.get_text()
    assert f"{iterations} iterations" in view.title.get_text()


def test_one_hidden_unit_cannot_learn_the_xor_clusters_and_two_can(view):
    # the lesson of the slider: one unit draws one line, 3 clusters of 4 at best
    for iterations in (500, 1000, 2000):
        view.update(hidden_units=1, iterations=iterations)
        assert view.right <= 30
    for hidden_units in range(2, 9):
        view.update(hidden_units=hidden_units, iterations=2000)
        assert view.right == 40


def test_the_xor_clusters_are_seeded_and_follow_xor():
    first, again = xor_clusters.task(), xor_clusters.task()
    np.testing.assert_array_equal(first.X, again.X)
    assert first.X.shape == (40, 2) and first.y.shape == (40, 1)
    quadrant_xor = (first.X[:, 0] > 0) != (first.X[:, 1] > 0)
    np.testing.assert_array_equal(quadrant_xor, first.y[:, 0] == 1)


@pytest.mark.parametrize(("hidden_units", "iterations"), [(1, 50), (2, 1000), (8, 2000)])
def test_the_people_task_still_works_with_its_predictions(
    people_view, hidden_units, iterations
):
    task = people.task()
    people_view.update(hidden_units=hidden_units, iterations=iterations)
    network, _ = trained(task.X, task.y, hidden_units, iterations, learning_rate=0.5)
    emily, frank = network.feedforward(np.array(list(NEW_POINTS.values())))[:, 0]
    assert people_view.predictions == pytest.approx({"Emily": emily, "Frank": frank}, abs=1e-12)
    text = people_view.text.get_text()
    assert f"Emily  -> {emily:.2f}" in text and f"Frank  -> {frank:.2f}" in text


def test_the_boundary_line_runs_where_the_network_outputs_one_half(view, data):
    X, y, _ = data
    view.update(hidden_units=3, iterations=800)
    network, _ = trained(X, y, 3, 800)
    (contour,) = contours(view.axes)
    vertices = np.concatenate([path.vertices for path in contour.get_paths()])
    assert len(vertices) > 10
    # linear interpolation on a 0.6 x 0.2 grid: the true output there is close to 0.5
    np.testing.assert_allclose(network.feedforward(vertices)[:, 0], 0.5, atol=0.03)


def test_the_contour_is_replaced_not_stacked_and_the_axes_do_not_move(view):
    view.fig.canvas.draw()
    limits = (view.axes.get_xlim(), view.axes.get_ylim())
    position = view.axes.get_position().bounds
    for hidden_units, iterations in [(1, 0), (8, 2000), (3, 150), (2, 1000)]:
        view.update(hidden_units=hidden_units, iterations=iterations)
        view.fig.canvas.draw()
        assert len(contours(view.axes)) == 1
    assert (view.axes.get_xlim(), view.axes.get_ylim()) == limits
    assert view.axes.get_position().bounds == position


def test_zero_iterations_shows_the_untrained_network(view, data):
    X, y, _ = data
    view.update(hidden_units=2, iterations=0)
    network, _ = trained(X, y, 2, 0)
    assert view.losses.size == 0
    assert view.loss == pytest.approx(network.loss(X, y), abs=1e-12)


def test_a_learner_training_view_network_does_not_change_the_recorded_run(view, data):
    X, y, _ = data
    view.update(hidden_units=2, iterations=500)
    before = view.image.get_array().copy()
    view.network.train(X, y, iterations=10)
    view.update(hidden_units=2, iterations=500)
    np.testing.assert_array_equal(view.image.get_array(), before)


def test_sliders_cover_one_to_eight_hidden_units_and_start_untrained_at_zero():
    assert BoundaryView.sliders["hidden_units"].samples(8) == list(range(1, 9))
    assert BoundaryView.sliders["iterations"].min == 0
    assert BoundaryView.budget_ms == 100
