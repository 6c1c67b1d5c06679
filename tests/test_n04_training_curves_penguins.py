"""Notebook 04's penguin task: a seeded split of the 342 complete penguins, standardised with
the training part's statistics only."""

import numpy as np
import pytest

from nnlib import data
from nnlib.course.n04_training_curves import penguins


@pytest.fixture(scope="module")
def split():
    return penguins.split(n_train=30, seed=0)


def test_measurements_are_the_penguins_without_missing_values():
    X, species, y = penguins.measurements()
    table = data.load("penguins")
    complete = ~np.isnan(table.matrix(*penguins.FEATURES)).any(axis=1)
    assert X.shape == (int(complete.sum()), 3) == (342, 3)
    np.testing.assert_array_equal(species, table["species"][complete])
    # one-hot in the order of SPECIES: column k is 1 exactly for species k
    for k, name in enumerate(penguins.SPECIES):
        np.testing.assert_array_equal(y[:, k], (species == name).astype(float))


def test_split_keeps_every_penguin_exactly_once(split):
    rows = np.concatenate([split.train_rows, split.val_rows, split.test_rows])
    assert len(split.train_rows) == 30 and len(split.val_rows) == 212
    assert len(split.test_rows) == penguins.N_TEST == 100
    np.testing.assert_array_equal(np.sort(rows), np.arange(342))


def test_split_is_the_seeded_shuffle():
    order = np.random.default_rng(5).permutation(342)
    again = penguins.split(n_train=100, seed=5)
    np.testing.assert_array_equal(again.train_rows, order[:100])
    np.testing.assert_array_equal(again.val_rows, order[100:242])
    np.testing.assert_array_equal(again.test_rows, order[242:])


@pytest.mark.parametrize("n_train", [10, 150, 241])
def test_the_test_penguins_do_not_depend_on_the_training_size(split, n_train):
    other = penguins.split(n_train=n_train, seed=0)
    np.testing.assert_array_equal(other.test_rows, split.test_rows)
    assert not set(other.train_rows) & set(other.test_rows)


@pytest.mark.parametrize("n_train", [0, 242, 400])
def test_split_refuses_a_training_part_that_leaves_nothing_to_validate(n_train):
    with pytest.raises(ValueError, match="n_train"):
        penguins.split(n_train=n_train)


def test_inputs_are_standardised_with_the_training_part_only(split):
    X, _, y = penguins.measurements()
    train = X[split.train_rows]
    np.testing.assert_allclose(split.X_train.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(split.X_train.std(axis=0), 1.0)
    np.testing.assert_allclose(split.X_val, (X[split.val_rows] - train.mean(0)) / train.std(0))
    np.testing.assert_array_equal(split.y_val, y[split.val_rows])
    np.testing.assert_allclose(split.X_test, (X[split.test_rows] - train.mean(0)) / train.std(0))
    np.testing.assert_array_equal(split.y_test, y[split.test_rows])
