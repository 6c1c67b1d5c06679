"""A value set from code (``explorer.set``, a view's start values) is one its slider can show.

A browser shows a slider only at its grid positions: handed a value between two, it moves the
slider to one and sends that value back to the kernel after the cell has run, so the view ends
somewhere the notebook never set (issue 15: notebook 04's table set a learning rate of 30 on a
log slider whose positions nearby are 25.1 and 31.6; after Run All the browser showed 31.6).
The kit refuses such a value with a message naming the slider, the value and the nearest grid
values; the notebooks' own calls are checked by running them (nbval).
"""

import math
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnlib.course.explore import SliderSpec, View, explore

# ipympl's Toolbar passes the canvas on to traitlets, which deprecates that; not ours to fix.
pytestmark = pytest.mark.filterwarnings(r"ignore:Passing unrecognized arguments to super")
grid = settings(max_examples=200, deadline=None, derandomize=True)

RATE = SliderSpec("learning rate", 10.0, -0.5, 1.5, 0.1, log=True)  # notebook 04's


class Rates(View):
    """A view with a log slider, a float slider and a whole-number slider."""

    sliders = {
        "learning_rate": RATE,
        "weight": SliderSpec("weight", 0.0, -3.0, 3.0, 0.1),
        "iterations": SliderSpec("iterations", 800, 100, 800, 50),
    }

    def __init__(self, fig, ax):
        super().__init__(fig, ax)
        (self.line,) = ax.plot([0, 1], [0, 1])
        self.seen = []

    def update(self, learning_rate, weight, iterations):
        self.seen.append((learning_rate, weight, iterations))


@pytest.fixture
def explorer(pyplot_on_agg):
    return explore(Rates)


def test_set_refuses_30_on_a_log_slider_naming_the_slider_and_its_nearest_positions(explorer):
    expected = (r"'learning rate' slider cannot be set to 30 \(learning_rate=30\).*"
                r"nearest: 25\.1189 \(10\*\*1\.4\) and 31\.6228 \(10\*\*1\.5\)")
    with pytest.raises(ValueError, match=expected):
        explorer.set(learning_rate=30)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"weight": 0.05}, r"'weight' slider cannot be set to 0\.05.*nearest: 0 and 0\.1"),
        ({"weight": 3.5}, r"'weight' slider cannot be set to 3\.5.*from -3 to 3.*nearest: 3\b"),
        ({"iterations": 825}, r"'iterations' slider cannot be set to 825.*nearest: 800\b"),
        ({"iterations": 120}, r"'iterations'.*120.*in steps of 50; the nearest: 100 and 150"),
        ({"learning_rate": 0.0}, r"'learning rate' slider cannot be set to 0\.0.*run from 0\.316"),
        ({"learning_rate": "10"}, r"'learning rate' slider cannot be set to '10'"),
        ({"weight": float("nan")}, r"'weight' slider cannot be set to nan"),
        ({"iterations": True}, r"'iterations' slider cannot be set to True"),
    ],
)
def test_set_refuses_every_value_off_the_grid_or_out_of_range(explorer, values, message):
    with pytest.raises(ValueError, match=message):
        explorer.set(**values)


def test_a_refused_set_moves_no_slider_and_draws_nothing(explorer):
    before = {name: control.value for name, control in explorer.controls.items()}
    updates = len(explorer.view.seen)
    with pytest.raises(ValueError, match="learning rate"):
        explorer.set(weight=1.0, learning_rate=30)  # the first one is fine, the second is not
    assert {name: control.value for name, control in explorer.controls.items()} == before
    assert len(explorer.view.seen) == updates


def test_set_names_a_slider_that_does_not_exist(explorer):
    with pytest.raises(ValueError, match=r"no slider named rate; the sliders are learning_rate"):
        explorer.set(rate=10.0)


def test_set_takes_grid_values_as_code_writes_them_and_moves_to_the_exact_position(explorer):
    explorer.set(learning_rate=10**1.5, weight=0.1 * 3, iterations=150.0)
    assert explorer.controls["weight"].value == 0.3  # 0.30000000000000004 is position 33
    assert explorer.controls["iterations"].value == 150
    assert explorer.view.seen[-1] == (10**1.5, 0.3, 150)


def test_a_view_cannot_start_off_its_sliders_grid():
    with pytest.raises(ValueError, match=r"'rate' slider cannot be set to 30 \(its start value\)"):
        SliderSpec("rate", 30, -0.5, 1.5, 0.1, log=True)


@pytest.mark.parametrize(("value", "expected"), [(64, 64), (64.0, 64), (np.int64(8), 8)])
def test_a_choice_slider_takes_a_value_equal_to_one_of_its_options(value, expected):
    spec = SliderSpec.choice("batch size", 32, (8, 16, 32, 64, 128))
    assert spec.grid_value(value) == expected and type(spec.grid_value(value)) is int


@pytest.mark.parametrize("value", [33, "32", True, None])
def test_a_choice_slider_refuses_anything_else_listing_its_options(value):
    spec = SliderSpec.choice("batch size", 32, (8, 16, 32, 64, 128))
    with pytest.raises(ValueError, match=r"'batch size'.*its values are \[8, 16, 32, 64, 128\]"):
        spec.grid_value(value)


# --- the grid as a browser computes it: min + k * step, or 10 ** (min + k * step) --------------

slider_shapes = st.tuples(
    st.integers(-30, 30),  # min, in steps
    st.integers(1, 40),  # positions after the first
    st.sampled_from([0.05, 0.1, 0.125, 0.25, 0.5, 1.0]),  # step
    st.booleans(),  # log
)


def spec_of(shape):
    first, count, step, log = shape
    minimum = first * step
    maximum = minimum + count * step
    start = 10.0**minimum if log else minimum
    return SliderSpec("s", start, minimum, maximum, step, log=log), count


def at(spec, position):
    return 10.0**position if spec.log else position


@grid
@given(shape=slider_shapes, data=st.data())
def test_every_position_a_browser_computes_is_accepted_as_itself(shape, data):
    spec, count = spec_of(shape)
    k = data.draw(st.integers(0, count), label="k")
    browser = at(spec, spec.min + k * spec.step)  # float rounding and all
    assert spec.grid_value(browser) == pytest.approx(browser, rel=1e-9)


@grid
@given(shape=slider_shapes, data=st.data())
def test_a_value_between_two_positions_is_refused_naming_both(shape, data):
    spec, count = spec_of(shape)
    k = data.draw(st.integers(0, count - 1), label="k")
    share = data.draw(st.floats(0.01, 0.99), label="share")  # of the way to the next position
    between = at(spec, spec.min + (k + share) * spec.step)
    below, above = (spec._shown(spec.min + j * spec.step) for j in (k, k + 1))
    with pytest.raises(ValueError, match=rf"nearest: {re.escape(below)} and {re.escape(above)}"):
        spec.grid_value(between)


@grid
@given(shape=slider_shapes, data=st.data())
def test_a_value_beyond_either_end_is_refused_naming_that_end(shape, data):
    spec, count = spec_of(shape)
    end = data.draw(st.sampled_from([spec.min, spec.max]), label="end")
    beyond = end + data.draw(st.floats(0.01, 5.0), label="by") * math.copysign(
        spec.step, end - spec.min - 1e-12 if end == spec.max else -1.0
    )
    with pytest.raises(ValueError, match=rf"nearest: {re.escape(spec._shown(end))}\. "):
        spec.grid_value(at(spec, beyond))
