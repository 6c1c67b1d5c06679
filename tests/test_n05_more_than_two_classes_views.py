"""Notebook 05's RegionsView: each move shows the regions, accuracies and network that an
independent training run gives, and its fast region function agrees with the network."""

import numpy as np
import pytest
from matplotlib.colors import to_rgb

import nnlib
from nnlib.course.explore import Painter
from nnlib.course.n05_more_than_two_classes import species
from nnlib.course.n05_more_than_two_classes.views import (
    NETWORKS,
    SATURATED_BIASES,
    RegionsView,
    predicted_species,
    region_colours,
)


@pytest.fixture(scope="module")
def two():
    return species.split(species.TWO_FEATURES)


def independent_network(two, iterations, learning_rate, network):
    output, start = network.split(", ")
    loss = "cross_entropy" if output == "softmax" else "mse"
    model = nnlib.Network([2, 8, 3], seed=0, output=output, loss=loss)
    if start == "saturated":
        model.biases[-1] = np.array([6.0, -6.0, -6.0])
    model.train(two.X_train, two.y_train, iterations, learning_rate=learning_rate)
    return model


def test_the_choices_are_both_outputs_from_both_starts():
    assert list(NETWORKS) == ["softmax, ordinary", "sigmoid, ordinary", "softmax, saturated",
                              "sigmoid, saturated"]
    assert SATURATED_BIASES == (6.0, -6.0, -6.0)
    # short enough for the slider's readout, which clips at about 20 characters
    assert max(len(name) for name in NETWORKS) <= 18


@pytest.mark.parametrize("network", list(NETWORKS))
def test_predicted_species_is_the_largest_output(two, network):
    network = independent_network(two, 100, 1.0, network)
    rng = np.random.default_rng(0)
    points = rng.uniform(-40, 40, size=(2000, 2))  # far out too: no overflow, no warning
    with np.errstate(all="raise"):
        predicted = predicted_species(network)(points.copy())
    np.testing.assert_array_equal(predicted, network.feedforward(points).argmax(axis=1))


def test_the_view_starts_with_the_sliders_start_values(two):
    view = RegionsView.on_agg(split=two)
    start = view.initial_values()
    assert start == {"iterations": 200, "learning_rate": 1.0, "network": "softmax, ordinary"}
    network = independent_network(two, 200, 1.0, "softmax, ordinary")
    for mine, theirs in zip(view.network.weights, network.weights, strict=True):
        np.testing.assert_allclose(mine, theirs)


@pytest.mark.parametrize(
    "values",
    [
        {"iterations": 20, "learning_rate": 1.0, "network": "sigmoid, ordinary"},
        {"iterations": 300, "learning_rate": 0.1, "network": "softmax, ordinary"},
        {"iterations": 1000, "learning_rate": 10.0, "network": "sigmoid, ordinary"},
        {"iterations": 200, "learning_rate": 1.0, "network": "sigmoid, saturated"},
        {"iterations": 30, "learning_rate": 1.0, "network": "softmax, saturated"},
        {"iterations": 55, "learning_rate": 2.0, "network": "softmax, ordinary"},  # off grid
    ],
)
def test_update_shows_what_an_independent_run_gives(two, values):
    view = RegionsView.on_agg(split=two)
    view.update(**values)
    network = independent_network(two, **values)
    image = view.image.get_array()
    expected = network.feedforward(view.image.points).argmax(axis=1).reshape(view.image.shape)
    np.testing.assert_array_equal(image, expected)
    train = np.mean(network.feedforward(two.X_train).argmax(axis=1) == two.labels_train)
    val = np.mean(network.feedforward(two.X_val).argmax(axis=1) == two.labels_val)
    assert view.train_accuracy == pytest.approx(train)
    assert view.val_accuracy == pytest.approx(val)
    assert view.title.get_text() == f"training {train:.1%}, validation {val:.1%} right"
    assert len(view.history.losses) == values["iterations"]


def test_moving_back_reuses_the_training_run(two):
    view = RegionsView.on_agg(split=two)
    view.update(iterations=500, learning_rate=1.0, network="softmax, ordinary")
    run = view.runs["softmax, ordinary", 1.0]
    assert run.done == 500
    view.update(iterations=100, learning_rate=1.0, network="softmax, ordinary")
    assert view.runs["softmax, ordinary", 1.0] is run and run.done == 500


def test_the_saturated_sigmoid_network_calls_every_penguin_adelie_for_long(two):
    view = RegionsView.on_agg(split=two)
    view.update(iterations=200, learning_rate=1.0, network="sigmoid, saturated")
    assert np.all(view.image.get_array() == 0)
    assert view.train_accuracy == pytest.approx(np.mean(two.labels_train == 0))


def test_the_regions_use_the_species_colours(two):
    colours = region_colours(lighten=0.0)
    for label, colour in enumerate(species.COLOURS):
        np.testing.assert_allclose(colours(label / 2)[:3], to_rgb(colour))
    view = RegionsView.on_agg(split=two)
    assert view.image.get_clim() == (-0.5, 2.5)


def test_a_frame_shows_all_three_region_colours(two):
    view = RegionsView.on_agg(split=two)
    Painter(view).paint()
    pixels = np.asarray(view.fig.canvas.buffer_rgba())[:, :, :3]
    for colour in region_colours().colors:
        wanted = np.round(np.array(colour) * 255)
        assert np.any(np.all(np.abs(pixels - wanted) <= 1, axis=2)), colour
