"""The 8x8 digits: the file is the one data/README.md describes, and digits() reads it whole."""

import hashlib
import re
from pathlib import Path

import numpy as np

import nnlib

DATA = Path(__file__).resolve().parent.parent / "data"


def test_digits_csv_has_the_sha256_data_readme_states():
    stated = re.search(r"`digits\.csv` SHA-256: `([0-9a-f]{64})`", (DATA / "README.md").read_text())
    assert stated, "data/README.md must state digits.csv's SHA-256"
    assert hashlib.sha256((DATA / "digits.csv").read_bytes()).hexdigest() == stated.group(1)


def test_digits_are_1797_images_of_64_pixels_0_to_16_with_labels_0_to_9():
    X, labels = nnlib.data.digits()
    assert X.shape == (1797, 64) and X.dtype == float
    assert labels.shape == (1797,) and labels.dtype.kind == "i"
    assert X.min() == 0 and X.max() == 16 and np.all(X == np.round(X))
    np.testing.assert_array_equal(np.unique(labels), np.arange(10))


def test_the_first_digit_is_the_zero_of_the_uci_file():
    # the first row of the UCI test set, as scikit-learn ships it: a 0
    X, labels = nnlib.data.digits()
    assert labels[0] == 0
    np.testing.assert_array_equal(X[0, :8], [0, 0, 5, 13, 9, 1, 0, 0])
    assert X[0].sum() == 294  # the first row's sum, counted from the file


def test_pixel_columns_are_read_row_by_row():
    table = nnlib.data.load("digits")
    X, _ = nnlib.data.digits()
    np.testing.assert_array_equal(X[:, 8 * 2 + 5], table["pixel_2_5"])
