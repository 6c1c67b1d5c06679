"""Classes as numbers: one_hot, to_labels, accuracy and confusion_matrix, each compared with a
hand-worked example or a plain Python count."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import nnlib

metric = settings(max_examples=60, deadline=None, derandomize=True)
labels_and_classes = st.integers(2, 6).flatmap(
    lambda k: st.tuples(hnp.arrays(int, st.integers(1, 12), elements=st.integers(0, k - 1)),
                        st.just(k))
)


def test_hand_worked_one_hot():
    np.testing.assert_array_equal(
        nnlib.one_hot([2, 0, 1, 2], 3),
        [[0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]],
    )
    assert nnlib.one_hot([0], 1).dtype == float


@metric
@given(labels_and_classes)
def test_one_hot_has_a_single_1_per_row_in_the_label_column_and_to_labels_reads_it_back(pair):
    labels, n_classes = pair
    encoded = nnlib.one_hot(labels, n_classes)
    assert encoded.shape == (len(labels), n_classes)
    np.testing.assert_array_equal(encoded.sum(axis=1), 1.0)
    np.testing.assert_array_equal(nnlib.to_labels(encoded), labels)


def test_one_hot_accepts_whole_floats_as_read_from_a_csv():
    np.testing.assert_array_equal(nnlib.one_hot(np.array([1.0, 0.0]), 2), [[0, 1], [1, 0]])


@pytest.mark.parametrize(
    ("labels", "message"),
    [
        ([0, 3, 1], r"labels\[1\] is 3, but labels are whole numbers from 0 to 2"),
        ([0, -1], r"labels\[1\] is -1, but labels are whole numbers from 0 to 2"),
        ([0.5, 1.0], r"labels\[0\] is 0.5, but labels are whole numbers from 0 to 2"),
        ([[0, 1], [1, 0]], r"labels must be 1-D class labels.*\(2, 2\).*to_labels"),
    ],
)
def test_one_hot_refuses_labels_that_are_not_class_indices(labels, message):
    with pytest.raises(ValueError, match=message):
        nnlib.one_hot(labels, 3)


@pytest.mark.parametrize(("n_classes", "error"), [(0, ValueError), (2.0, TypeError),
                                                  (True, TypeError), ("3", TypeError)])
def test_one_hot_refuses_a_bad_number_of_classes(n_classes, error):
    with pytest.raises(error, match="n_classes"):
        nnlib.one_hot([0, 1], n_classes)


def test_to_labels_takes_each_rows_largest_column_or_thresholds_one_column_at_a_half():
    np.testing.assert_array_equal(nnlib.to_labels([[0.1, 0.7, 0.2], [3.0, -1.0, 2.0]]), [1, 0])
    np.testing.assert_array_equal(nnlib.to_labels([[0.2], [0.5], [0.9]]), [0, 1, 1])
    with pytest.raises(ValueError, match=r"y must be 2-D.*\(3,\)"):
        nnlib.to_labels([0.2, 0.5, 0.9])


def test_hand_worked_accuracy_in_every_form():
    labels = np.array([0, 1, 2, 1])
    probabilities = np.array([[0.8, 0.1, 0.1], [0.2, 0.5, 0.3], [0.6, 0.3, 0.1], [0.1, 0.8, 0.1]])
    assert nnlib.accuracy(labels, [0, 1, 0, 1]) == 0.75
    assert nnlib.accuracy(nnlib.one_hot(labels, 3), probabilities) == 0.75
    assert nnlib.accuracy(labels, probabilities) == 0.75
    assert nnlib.accuracy(probabilities, labels) == 0.75
    assert nnlib.accuracy([[1.0], [0.0]], [[0.7], [0.6]]) == 0.5  # one sigmoid output


@metric
@given(labels_and_classes, st.data())
def test_accuracy_is_the_fraction_of_matching_labels(pair, data):
    true, n_classes = pair
    predicted = data.draw(hnp.arrays(int, len(true), elements=st.integers(0, n_classes - 1)))
    matches = sum(int(t == p) for t, p in zip(true, predicted, strict=True))
    assert nnlib.accuracy(true, predicted) == matches / len(true)


def test_accuracy_refuses_different_samples_or_classes():
    with pytest.raises(ValueError, match=r"same samples.*\(3,\) and \(2,\)"):
        nnlib.accuracy([0, 1, 1], [0, 1])
    with pytest.raises(ValueError, match=r"same classes \(columns\).*\(2, 3\) and \(2, 2\)"):
        nnlib.accuracy(np.eye(3)[:2], np.eye(2))
    with pytest.raises(ValueError, match=r"y\[1\] is 3, but labels are whole numbers from 0 to 2"):
        nnlib.accuracy([1, 3], np.eye(3)[:2])  # labels counted from 1: a silent 0% otherwise
    with pytest.raises(ValueError, match=r"y_hat\[0\] is 2, but labels are whole .* 0 to 1"):
        nnlib.accuracy([[1.0], [0.0]], [2, 0])  # one sigmoid column: labels 0 or 1


def test_hand_worked_confusion_matrix():
    counts = nnlib.confusion_matrix([0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 0, 2], 3)
    np.testing.assert_array_equal(counts, [[1, 1, 0], [0, 1, 0], [1, 0, 2]])
    assert counts.dtype.kind == "i"


@metric
@given(labels_and_classes, st.data())
def test_confusion_matrix_counts_each_pair_and_its_diagonal_is_the_accuracy(pair, data):
    true, n_classes = pair
    predicted = data.draw(hnp.arrays(int, len(true), elements=st.integers(0, n_classes - 1)))
    counts = nnlib.confusion_matrix(true, predicted, n_classes)
    expected = np.zeros((n_classes, n_classes), dtype=int)
    for t, p in zip(true, predicted, strict=True):
        expected[t, p] += 1
    np.testing.assert_array_equal(counts, expected)
    assert np.trace(counts) / len(true) == nnlib.accuracy(true, predicted)


def test_confusion_matrix_refuses_labels_out_of_range_or_of_different_lengths():
    with pytest.raises(ValueError, match=r"labels_pred\[2\] is 5, but labels are whole .* 0 to 2"):
        nnlib.confusion_matrix([0, 1, 2], [0, 1, 5], 3)
    with pytest.raises(ValueError, match=r"one label per sample.*\(3,\) and \(2,\)"):
        nnlib.confusion_matrix([0, 1, 2], [0, 1], 3)
    with pytest.raises(ValueError, match=r"labels_true must be 1-D.*to_labels"):
        nnlib.confusion_matrix(np.eye(3), [0, 1, 2], 3)
