"""Shared fixtures: the articles' small data sets, as (X, y) pairs."""

import pytest

import nnlib
from nnlib.course.n03_two_layer_network import people as course_people


@pytest.fixture
def truth_table():
    return nnlib.data.truth_table()


@pytest.fixture
def xor():
    return nnlib.data.xor()


@pytest.fixture
def people():
    """The four people, centred as notebook 03 does."""
    task = course_people.task()
    return task.X, task.y
