"""Notebook 09's small task: the noisy moons, split and standardised, and the runs that the
notebook's figures and live view share; and the overfitting the notebook is built on."""

import numpy as np
import pytest

import nnlib
from nnlib import toy_data
from nnlib.course.n09_training_better import moons


@pytest.fixture(scope="module")
def parts():
    return moons.split()


@pytest.fixture(scope="module")
def runs(parts):
    return {setting: moons.train(parts, "adam", *setting) for setting in [(0.0, 0.0), (0.01, 0.0)]}


def test_the_split_is_60_and_300_points_standardised_with_the_training_points(parts):
    assert parts.X_train.shape == (60, 2) and parts.X_val.shape == (300, 2)
    np.testing.assert_allclose(parts.X_train.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(parts.X_train.std(axis=0), 1, rtol=1e-12)
    np.testing.assert_array_equal(parts.y_train, nnlib.one_hot(parts.labels_train, 2))
    X, labels = toy_data.moons(360, noise=moons.NOISE, seed=moons.DATA_SEED)
    mean, std = X[:60].mean(axis=0), X[:60].std(axis=0)
    np.testing.assert_array_equal(parts.X_val, (X[60:] - mean) / std)
    np.testing.assert_array_equal(parts.labels_val, labels[60:])
    assert 20 <= parts.labels_train.sum() <= 40  # both moons in the training points


def test_a_run_is_train_minibatch_full_batch_with_the_validation_loss_every_few_steps(parts):
    run = moons.train(parts, "momentum", weight_decay=0.01, dropout=0.2, epochs=12)
    network = moons.new_network()
    history = network.train_minibatch(parts.X_train, parts.y_train, 12, batch_size=60,
                                      learning_rate=moons.LEARNING_RATES["momentum"], seed=0,
                                      optimiser="momentum", weight_decay=0.01, dropout=0.2)
    np.testing.assert_array_equal(run.train_losses[:-1], history.losses)
    assert run.train_losses[-1] == network.loss(parts.X_train, parts.y_train)
    for got, want in zip(run.network.weights, network.weights, strict=True):
        np.testing.assert_array_equal(got, want)
    assert run.val_losses.shape == (3,)  # after 0, 5 and 10 steps
    np.testing.assert_array_equal(run.val_epochs, [0, 5, 10])
    assert run.val_losses[0] == moons.new_network().loss(parts.X_val, parts.y_val)
    assert run.val_accuracy == nnlib.accuracy(parts.labels_val,
                                              network.feedforward(parts.X_val))


def test_the_validation_loss_after_k_steps_is_that_of_a_network_trained_k_steps(parts):
    run = moons.train(parts, "adam", epochs=20)
    twin = moons.new_network()
    twin.train_minibatch(parts.X_train, parts.y_train, 10, batch_size=60,
                         learning_rate=moons.LEARNING_RATES["adam"], seed=0, optimiser="adam")
    assert run.val_losses[2] == pytest.approx(twin.loss(parts.X_val, parts.y_val), rel=1e-12)
    assert run.best_epoch == run.val_epochs[np.argmin(run.val_losses)]


def test_without_regularisation_adam_overfits_the_moons(runs):
    # the notebook's premise: the training loss goes to ~0, the validation loss climbs far
    # above its lowest point
    run = runs[0.0, 0.0]
    assert run.train_losses[-1] < 0.01
    assert run.val_losses[-1] > 2 * run.val_losses.min()
    assert run.best_epoch < moons.EPOCHS / 5


def test_weight_decay_keeps_the_weights_small_and_the_validation_loss_down(runs):
    plain, decayed = runs[0.0, 0.0], runs[0.01, 0.0]
    size = [sum(np.sum(w**2) for w in run.network.weights) for run in (plain, decayed)]
    assert size[1] < size[0] / 10
    assert decayed.val_losses[-1] < plain.val_losses.min()  # better than stopping early
    assert decayed.train_losses[-1] > plain.train_losses[-1]
