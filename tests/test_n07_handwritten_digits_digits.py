"""Notebook 07's digit task: a seeded split of the 1797 images, pixels scaled by 16, one-hot
targets; and the notebook's network and training run."""

import numpy as np
import pytest

import nnlib
from nnlib.course.n07_handwritten_digits import digits


@pytest.fixture(scope="module")
def parts():
    return digits.split(seed=0)


def test_split_keeps_every_image_exactly_once(parts):
    rows = np.concatenate([parts.train_rows, parts.val_rows, parts.test_rows])
    assert (len(parts.train_rows), len(parts.val_rows), len(parts.test_rows)) == (1200, 300, 297)
    np.testing.assert_array_equal(np.sort(rows), np.arange(1797))


def test_split_is_the_seeded_shuffle():
    order = np.random.default_rng(4).permutation(1797)
    again = digits.split(seed=4, n_train=1000, n_val=500)
    np.testing.assert_array_equal(again.train_rows, order[:1000])
    np.testing.assert_array_equal(again.val_rows, order[1000:1500])
    np.testing.assert_array_equal(again.test_rows, order[1500:])


def test_parts_are_the_file_rows_scaled_with_one_hot_targets(parts):
    pixels, labels = nnlib.data.digits()
    for X, y, part_labels, rows in [
        (parts.X_train, parts.y_train, parts.labels_train, parts.train_rows),
        (parts.X_val, parts.y_val, parts.labels_val, parts.val_rows),
        (parts.X_test, parts.y_test, parts.labels_test, parts.test_rows),
    ]:
        np.testing.assert_array_equal(X * 16, pixels[rows])  # scaled by exactly 16
        assert X.min() >= 0 and X.max() <= 1
        np.testing.assert_array_equal(part_labels, labels[rows])
        assert y.shape == (len(rows), 10) and np.all(y.sum(axis=1) == 1)
        np.testing.assert_array_equal(np.argmax(y, axis=1), part_labels)


@pytest.mark.parametrize(("n_train", "n_val"), [(0, 300), (1200, 0), (1500, 297), (1797, 1)])
def test_split_refuses_a_part_left_empty(n_train, n_val):
    with pytest.raises(ValueError, match="must leave images for each part"):
        digits.split(n_train=n_train, n_val=n_val)


def test_new_network_is_64_relu_hidden_softmax_10():
    network = digits.new_network(hidden_units=7, seed=3)
    assert network.layer_sizes == [64, 7, 10]
    assert repr(network) == ("Network(layer_sizes=[64, 7, 10], loss='cross_entropy', "
                             "activation='relu', output='softmax')")
    twin = nnlib.Network([64, 7, 10], seed=3, activation="relu", output="softmax")
    for got, want in zip(network.weights, twin.weights, strict=True):
        np.testing.assert_array_equal(got, want)


def test_train_is_train_minibatch_with_the_validation_part(parts):
    network, history = digits.train(parts, hidden_units=8, learning_rate=0.2, batch_size=50,
                                    epochs=2, seed=1)
    twin = nnlib.Network([64, 8, 10], seed=1, activation="relu", output="softmax")
    expected = twin.train_minibatch(parts.X_train, parts.y_train, 2, batch_size=50,
                                    learning_rate=0.2, seed=1,
                                    validation_data=(parts.X_val, parts.y_val))
    np.testing.assert_array_equal(history.losses, expected.losses)
    np.testing.assert_array_equal(history.validation_losses, expected.validation_losses)
    for got, want in zip(network.weights, twin.weights, strict=True):
        np.testing.assert_array_equal(got, want)


def test_train_calls_back_after_every_epoch_with_the_network(parts):
    calls = []
    network, _ = digits.train(parts, hidden_units=4, batch_size=200, epochs=3,
                              callback=lambda epoch, losses, net: calls.append((epoch, net)))
    assert [epoch for epoch, _ in calls] == [1, 2, 3]
    assert all(net is network for _, net in calls)


def test_the_notebook_settings_reach_95_percent_on_validation(parts):
    network, history = digits.train(parts, epochs=10)
    assert history.losses[0] == pytest.approx(np.log(10), rel=0.1)  # a uniform first guess
    assert nnlib.accuracy(parts.labels_val, network.feedforward(parts.X_val)) >= 0.95
