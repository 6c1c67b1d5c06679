"""Shared fixtures: the articles' small data sets, as (X, y) pairs."""

import numpy as np
import pytest

import nnlib


@pytest.fixture
def truth_table():
    table = nnlib.data.load("truth_table")
    return table.matrix("x1", "x2", "x3"), table.matrix("y")


@pytest.fixture
def xor():
    table = nnlib.data.load("xor")
    return table.matrix("x1", "x2", "x3"), table.matrix("y")


@pytest.fixture
def people():
    table = nnlib.data.load("people")
    X = table.matrix("weight_lb", "height_in") - np.array([135.0, 66.0])
    return X, table.matrix("female")
