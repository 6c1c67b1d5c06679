"""Classes as numbers: one-hot targets, labels back from outputs, accuracy, confusion matrix."""

import numpy as np

from nnlib.validation import MAX_ACTIVATIONS, MAX_CLASSES, as_array, as_matrix, check_count


def as_labels(labels, name, n_classes=None):
    """Return `labels` as a 1-D int array of whole numbers (below `n_classes`), or raise."""
    array = as_array(labels, name)
    if array.ndim != 1:
        raise ValueError(f"{name} must be 1-D class labels, shape (n_samples,), got shape "
                         f"{array.shape}; for one-hot rows or probabilities use to_labels(...)")
    wrong = (array != np.round(array)) | (array < 0) | (array >= (n_classes or np.inf))
    if np.any(wrong):
        index = int(np.argmax(wrong))
        raise ValueError(f"{name}[{index}] is {array[index]:g}, but labels are whole numbers from "
                         f"0 to {n_classes - 1 if n_classes else 'n_classes - 1'}")
    return array.astype(np.intp)


def one_hot(labels, n_classes):
    """One row per label, 1 in the label's column: labels (n_samples,) of whole numbers
    0 .. n_classes - 1 give an array of shape (n_samples, n_classes)."""
    n_classes = check_count(n_classes, "n_classes", MAX_CLASSES, "(MAX_CLASSES)")
    labels = as_labels(labels, "labels", n_classes)
    if labels.size * n_classes > MAX_ACTIVATIONS:
        raise ValueError(f"one_hot of {labels.size:,} labels and {n_classes:,} classes is more "
                         f"than {MAX_ACTIVATIONS:,} values (MAX_ACTIVATIONS)")
    encoded = np.zeros((labels.size, n_classes))
    encoded[np.arange(labels.size), labels] = 1.0
    return encoded


def to_labels(y):
    """Class labels (n_samples,) from rows y (n_samples, n_classes): each row's largest column;
    a single column (one sigmoid output) gives 1 where y >= 0.5, else 0."""
    y = as_matrix(y, "y", columns="classes")
    return (y[:, 0] >= 0.5).astype(np.intp) if y.shape[1] == 1 else y.argmax(axis=1)


def accuracy(y, y_hat):
    """Fraction of samples whose predicted class is the true class, a float in [0, 1]. y, y_hat :
    labels (n_samples,) or rows (n_samples, n_classes) of one-hot targets, probabilities or
    scores (read by `to_labels`); the two forms may be mixed."""
    true, predicted = as_array(y, "y"), as_array(y_hat, "y_hat")
    columns = {array.shape[1] for array in (true, predicted) if array.ndim == 2}
    if len(columns) > 1:
        raise ValueError(f"y and y_hat must have the same classes (columns), got shapes "
                         f"{true.shape} and {predicted.shape}")
    # labels beside rows must be column numbers: labels 1..3 against 3 columns are an error
    n_classes = max(*columns, 2) if columns else None
    true = to_labels(true) if true.ndim == 2 else as_labels(true, "y", n_classes)
    predicted = to_labels(predicted) if predicted.ndim == 2 else as_labels(
        predicted, "y_hat", n_classes)
    if true.shape != predicted.shape:
        raise ValueError(f"y and y_hat must describe the same samples, got shapes {np.shape(y)} "
                         f"and {np.shape(y_hat)}")
    return float(np.mean(true == predicted))


def confusion_matrix(labels_true, labels_pred, n_classes):
    """Counts (n_classes, n_classes): row i, column j counts the samples of class i predicted
    as class j. labels_true, labels_pred : whole numbers 0 .. n_classes - 1, (n_samples,) each."""
    n_classes = check_count(n_classes, "n_classes", MAX_CLASSES, "(MAX_CLASSES)")
    true = as_labels(labels_true, "labels_true", n_classes)
    predicted = as_labels(labels_pred, "labels_pred", n_classes)
    if true.shape != predicted.shape:
        raise ValueError(f"labels_true and labels_pred must have one label per sample each, got "
                         f"shapes {true.shape} and {predicted.shape}")
    counts = np.bincount(true * n_classes + predicted, minlength=n_classes * n_classes)
    return counts.reshape(n_classes, n_classes)
