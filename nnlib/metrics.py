"""Classes as numbers: one-hot targets, labels back from outputs, accuracy, confusion matrix."""

import numpy as np

from nnlib.validation import MAX_ACTIVATIONS, MAX_CLASSES, as_array, as_matrix, check_count


def as_labels(labels, name, n_classes=None):
    """Return `labels` as a 1-D int array of whole numbers (below `n_classes`), or raise."""
    array = as_array(labels, name)
    if array.ndim != 1:
        raise ValueError(
            f"{name} must be 1-D class labels, shape (n_samples,), got shape {array.shape}; "
            "for one-hot rows or probabilities use to_labels(...) first"
        )
    if np.any(array != np.round(array)) or np.any(array < 0):
        raise ValueError(f"{name} must be whole numbers >= 0 (class indices), got {array[:5]}")
    if n_classes is not None and np.any(array >= n_classes):
        index = int(np.argmax(array >= n_classes))
        raise ValueError(
            f"{name}[{index}] is {array[index]:g}, but with n_classes={n_classes} labels run "
            f"from 0 to {n_classes - 1}"
        )
    return array.astype(np.intp)


def one_hot(labels, n_classes):
    """One row per label with a 1 in the label's column: shape (n_samples, n_classes).

    labels : whole numbers 0 .. n_classes - 1, shape (n_samples,).
    """
    n_classes = check_count(n_classes, "n_classes", MAX_CLASSES, "(MAX_CLASSES)")
    labels = as_labels(labels, "labels", n_classes)
    if labels.size * n_classes > MAX_ACTIVATIONS:
        raise ValueError(
            f"one_hot of {labels.size:,} labels and {n_classes:,} classes would hold more than "
            f"{MAX_ACTIVATIONS:,} values (MAX_ACTIVATIONS)"
        )
    encoded = np.zeros((labels.size, n_classes))
    encoded[np.arange(labels.size), labels] = 1.0
    return encoded


def _to_labels(y):
    if y.shape[1] == 1:  # one sigmoid output: class 1 where it says at least 0.5
        return (y[:, 0] >= 0.5).astype(np.intp)
    return y.argmax(axis=1)


def to_labels(y):
    """Class labels from one row per sample: the column of each row's largest value (a single
    column: 1 where y >= 0.5, else 0). y : (n_samples, n_classes) -> (n_samples,) ints."""
    return _to_labels(as_matrix(y, "y", columns="classes"))


def _labels_of(value, name):
    """Labels from either form accuracy accepts, and the number of columns (None for labels)."""
    array = as_array(value, name)
    if array.ndim == 2:
        return _to_labels(array), array.shape[1]
    return as_labels(array, name), None


def accuracy(y, y_hat):
    """Fraction of samples whose predicted class is the true class, a float in [0, 1].

    y, y_hat : labels of shape (n_samples,), or rows (n_samples, n_classes) of one-hot targets,
    probabilities or scores (read with `to_labels`); the two forms may be mixed.
    """
    (true, true_columns), (predicted, columns) = _labels_of(y, "y"), _labels_of(y_hat, "y_hat")
    both_rows = true_columns is not None and columns is not None
    if true.shape != predicted.shape or (both_rows and true_columns != columns):
        raise ValueError(
            f"y and y_hat must describe the same samples (and classes), got shapes "
            f"{np.shape(y)} and {np.shape(y_hat)}"
        )
    for labels, name, other_columns in ((true, "y", columns), (predicted, "y_hat", true_columns)):
        if other_columns is not None:  # labels 1..3 against 3 columns (0..2) are an error
            as_labels(labels, name, max(other_columns, 2))
    return float(np.mean(true == predicted))


def confusion_matrix(labels_true, labels_pred, n_classes):
    """Counts of shape (n_classes, n_classes): row i, column j counts the samples of class i
    predicted as class j; the diagonal holds the correct predictions.

    labels_true, labels_pred : whole numbers 0 .. n_classes - 1, shape (n_samples,) each.
    """
    n_classes = check_count(n_classes, "n_classes", MAX_CLASSES, "(MAX_CLASSES)")
    true = as_labels(labels_true, "labels_true", n_classes)
    predicted = as_labels(labels_pred, "labels_pred", n_classes)
    if true.shape != predicted.shape:
        raise ValueError(
            f"labels_true and labels_pred must have one label per sample each, got shapes "
            f"{true.shape} and {predicted.shape}"
        )
    counts = np.bincount(true * n_classes + predicted, minlength=n_classes * n_classes)
    return counts.reshape(n_classes, n_classes)
