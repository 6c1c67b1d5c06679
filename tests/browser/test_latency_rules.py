"""The rules that turn latency samples into a verdict (latency.py), on made-up samples: no
browser needed."""

import latency
import pytest
from latency import Attempt, SliderLatency


def attempt(presses, bursts=(100, 100)):
    return Attempt(presses=list(presses), bursts=list(bursts), load=(1.0, 1.0, 1.0))


def slider(*attempts):
    result = SliderLatency("04_training_curves", "hidden units")
    result.attempts.extend(attempts)
    return result


@pytest.fixture
def checking(monkeypatch):
    monkeypatch.setattr(latency, "MEASURING", False)
    monkeypatch.setattr(latency, "REGRESSION_FACTOR", 4)


def test_checking_measures_again_only_a_slider_past_the_ceiling(checking):
    # 4 x 200 ms = 800 ms: one stalled press makes the two-press median 1068 ms
    assert slider(attempt([1907, 228])).worth_another_attempt()
    # slower than the target but within the ceiling: no second attempt when checking
    assert not slider(attempt([500, 300])).worth_another_attempt()
    assert not slider(attempt([60, 70])).worth_another_attempt()
    # bursts count too: 4 x 250 ms
    assert slider(attempt([60, 70], bursts=[1200, 1100])).worth_another_attempt()


def test_a_slider_is_judged_on_its_best_attempt(checking):
    stalled = slider(attempt([1907, 228]), attempt([61, 55]))
    assert stalled.problems() == []
    assert stalled.median == 58


def test_a_slider_past_the_ceiling_in_every_attempt_fails(checking):
    retrains = slider(attempt([900, 950]), attempt([880, 1000]))
    assert retrains.problems() == ["median first repaint 925 ms > 800 ms"]


def test_measuring_measures_again_a_slider_that_misses_a_target(monkeypatch):
    monkeypatch.setattr(latency, "MEASURING", True)
    assert slider(attempt([250, 230])).worth_another_attempt()  # > 200 ms
    assert slider(attempt([130, 125])).worth_another_attempt()  # > the 120 ms median target
    assert not slider(attempt([90, 100])).worth_another_attempt()
