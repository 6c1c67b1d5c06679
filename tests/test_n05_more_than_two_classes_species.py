"""Notebook 05's penguin data: 342 complete penguins, labels in the order of SPECIES, a seeded
split into training, validation and test, standardised with the training part only."""

import numpy as np
import pytest

from nnlib import data
from nnlib.course.n05_more_than_two_classes import species


@pytest.fixture(scope="module")
def split():
    return species.split()


def test_measurements_are_the_complete_penguins_with_their_labels():
    X, labels = species.measurements()
    table = data.load("penguins")
    complete = ~np.isnan(table.matrix(*species.FEATURES)).any(axis=1)
    assert X.shape == (342, 4) and labels.shape == (342,)
    np.testing.assert_array_equal(X, table.matrix(*species.FEATURES)[complete])
    names = table["species"][complete]
    for label, name in enumerate(species.SPECIES):
        np.testing.assert_array_equal(labels == label, names == name)
    assert np.bincount(labels).tolist() == [151, 68, 123]


def test_two_features_are_columns_of_the_four():
    two, _ = species.measurements(species.TWO_FEATURES)
    four, _ = species.measurements()
    columns = [species.FEATURES.index(name) for name in species.TWO_FEATURES]
    np.testing.assert_array_equal(two, four[:, columns])


def test_split_sizes_and_every_penguin_once(split):
    assert len(split.X_train) == 342 - species.N_VAL - species.N_TEST == 202
    assert len(split.X_val) == species.N_VAL and len(split.X_test) == species.N_TEST
    X, labels = species.measurements()
    together = np.concatenate([split.X_train, split.X_val, split.X_test]) * split.std + split.mean
    # the same rows, in some order: compare sorted rows
    np.testing.assert_allclose(np.sort(together, axis=0), np.sort(X, axis=0))
    assert np.bincount(np.concatenate([split.labels_train, split.labels_val,
                                       split.labels_test])).tolist() == [151, 68, 123]


def test_split_is_the_seeded_shuffle():
    X, labels = species.measurements()
    order = np.random.default_rng(3).permutation(342)
    again = species.split(seed=3, n_val=50, n_test=40)
    train, val, test = order[:252], order[252:302], order[302:]
    mean, std = X[train].mean(axis=0), X[train].std(axis=0)
    np.testing.assert_allclose(again.X_train, (X[train] - mean) / std)
    np.testing.assert_allclose(again.X_val, (X[val] - mean) / std)
    np.testing.assert_allclose(again.X_test, (X[test] - mean) / std)
    np.testing.assert_array_equal(again.labels_test, labels[test])


def test_standardised_with_the_training_statistics_only(split):
    np.testing.assert_allclose(split.X_train.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(split.X_train.std(axis=0), 1)
    # the other parts are NOT exactly standardised: their own statistics were not used
    assert not np.allclose(split.X_val.mean(axis=0), 0, atol=1e-3)


def test_targets_are_the_one_hot_rows_of_the_labels(split):
    for labels, y in [(split.labels_train, split.y_train), (split.labels_val, split.y_val),
                      (split.labels_test, split.y_test)]:
        assert y.shape == (len(labels), 3)
        np.testing.assert_array_equal(y.argmax(axis=1), labels)
        np.testing.assert_array_equal(y.sum(axis=1), 1)


def test_same_seed_same_penguins_whatever_the_features():
    two, four = species.split(species.TWO_FEATURES), species.split()
    np.testing.assert_array_equal(two.labels_val, four.labels_val)
    np.testing.assert_allclose(two.X_test, four.X_test[:, [0, 2]])


@pytest.mark.parametrize("n_val, n_test", [(0, 70), (70, 0), (200, 142)])
def test_split_refuses_an_empty_part(n_val, n_test):
    with pytest.raises(ValueError, match="must be at least 1"):
        species.split(n_val=n_val, n_test=n_test)
