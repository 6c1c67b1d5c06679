"""Shared fixtures: the articles' small data sets, as (X, y) pairs; pyplot as the notebooks
leave it."""

import matplotlib.pyplot as plt
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


@pytest.fixture
def pyplot_on_agg():
    """pyplot switched to Agg (a non-widget backend, as under %matplotlib inline) for the test,
    and its figures closed after it; live figures are made on ipympl canvases all the same
    (count what they send with live_frames.count_frames)."""
    previous = plt.get_backend()
    plt.switch_backend("Agg")
    yield
    plt.close("all")
    plt.switch_backend(previous)
