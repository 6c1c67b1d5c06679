"""Notebook 10's runs and checklist: the training function against nnlib's, each setup's data
and network as it says, a run replayed epoch by epoch, every check's bounds, and the claim the
notebook rests on: the checklist tells every planted bug apart from a healthy run and from
every other bug."""

import math

import numpy as np
import pytest

from nnlib import diagnostics
from nnlib.course.n10_when_training_fails import checklist, runs


@pytest.fixture(scope="module")
def parts():
    return runs.digits.split()


@pytest.fixture(scope="module")
def small(parts):
    """A small slice of the digits: quick runs for tests of the machinery."""
    return runs.digits.split(n_train=120, n_val=60)


def same(ours, theirs, atol=1e-12):
    return all(np.allclose(a, b, rtol=0, atol=atol) for a, b in zip(ours, theirs, strict=True))


# --- the training function and the planted backward bug -----------------------------------------


def test_train_epoch_takes_the_steps_of_train_minibatch(small):
    ours, theirs = runs.digits.new_network(8), runs.digits.new_network(8)
    for epoch in range(2):
        runs.train_epoch(ours, small.X_train, small.y_train, 32, 0.3,
                         np.random.default_rng(epoch))
        theirs.train_minibatch(small.X_train, small.y_train, 1, batch_size=32,
                               learning_rate=0.3, seed=epoch)
    assert same(ours.weights + ours.biases, theirs.weights + theirs.biases)


def test_gradients_without_slope_differ_only_where_the_slope_matters(small):
    network = runs.digits.new_network(8)
    X, y = small.X_train[:20], small.y_train[:20]
    right_w, right_b = network.gradients(X, y)
    wrong_w, wrong_b = runs.gradients_without_slope(network, X, y)
    np.testing.assert_allclose(wrong_w[-1], right_w[-1], rtol=1e-12)  # the output layer
    np.testing.assert_allclose(wrong_b[-1], right_b[-1], rtol=1e-12)
    assert not np.allclose(wrong_w[0], right_w[0])  # the hidden layer: the slope is missing
    # where every hidden unit is active (slope 1 everywhere), the bug changes nothing
    network.biases[0] = np.full(8, 100.0)
    right_w, _ = network.gradients(X, y)
    wrong_w, _ = runs.gradients_without_slope(network, X, y)
    np.testing.assert_allclose(wrong_w[0], right_w[0], rtol=1e-10)


# --- setups ---------------------------------------------------------------------------------------


def test_a_setup_changes_only_what_it_names(parts):
    healthy = runs.HEALTHY.data(parts)
    np.testing.assert_array_equal(healthy[0], parts.X_train)
    np.testing.assert_array_equal(healthy[1], parts.y_train)
    X, y, X_val, y_val, labels_val = runs.Setup("s", input_scale=16).data(parts)
    np.testing.assert_array_equal(X, parts.X_train * 16)
    np.testing.assert_array_equal(X_val, parts.X_val * 16)
    np.testing.assert_array_equal(labels_val, parts.labels_val)
    X, _, X_val, _, _ = runs.Setup("s", val_input_scale=16).data(parts)
    np.testing.assert_array_equal(X, parts.X_train)
    np.testing.assert_array_equal(X_val, parts.X_val * 16)
    _, y, _, y_val, _ = runs.Setup("s", label_shift=1).data(parts)
    np.testing.assert_array_equal(y.argmax(axis=1), (parts.labels_train + 1) % 10)
    np.testing.assert_array_equal(y_val, parts.y_val)  # the validation labels stay true
    _, y, _, _, _ = runs.Setup("s", shuffle_labels=True).data(parts)
    labels = y.argmax(axis=1)
    assert np.mean(labels == parts.labels_train) < 0.2  # most images get another's label
    np.testing.assert_array_equal(np.bincount(labels), np.bincount(parts.labels_train))
    start = runs.digits.new_network()
    scaled = runs.Setup("s", weight_scale=10).network()
    assert same(scaled.weights, [10 * w for w in start.weights], atol=0)
    assert same(scaled.biases, start.biases, atol=0)


def test_a_setup_describes_what_it_changes():
    assert runs.HEALTHY.describe() == "07's run"
    assert runs.Setup("s", learning_rate=3.0, batch_size=8).describe() == (
        "learning rate 3, batches of 8")
    assert runs.GALLERY["C"].describe() == "validation pixels x 16"
    assert runs.GALLERY["F"].describe() == "gradients by gradients_without_slope"
    assert runs.Setup("s", input_scale=16, weight_scale=0, shuffle_labels=True,
                      label_shift=2).describe() == (
        "pixels x 16, starting weights x 0, labels shuffled, labels shifted by 2")


def test_a_run_is_its_training_replayed_epoch_by_epoch(small):
    setup = runs.Setup("s", learning_rate=0.5, batch_size=16)
    run = runs.train(setup, small, epochs=3)
    network, rng = setup.network(), np.random.default_rng(0)
    for epoch in range(4):
        assert run.train_losses[epoch] == pytest.approx(network.loss(small.X_train,
                                                                     small.y_train), rel=1e-9)
        y_hat = network.feedforward(small.X_val)
        assert run.val_losses[epoch] == pytest.approx(
            -np.mean(np.log(np.sum(small.y_val * y_hat, axis=1))), rel=1e-9)
        assert run.val_accuracy[epoch] == np.mean(y_hat.argmax(axis=1) == small.labels_val)
        hidden = run.snapshots[epoch].statistics[0]
        z = small.X_train[: runs.N_STATISTICS] @ network.weights[0] + network.biases[0]
        assert hidden.dead == int(np.sum(np.all(z <= 0, axis=0)))
        np.testing.assert_allclose(run.snapshots[epoch].hidden_z,
                                   small.X_val @ network.weights[0] + network.biases[0],
                                   rtol=1e-9, atol=1e-12)
        runs.train_epoch(network, small.X_train, small.y_train, 16, 0.5, rng)
    assert len(run.snapshots) == 4 and run.train_losses.shape == (4,)


def test_a_run_with_its_own_gradients_trains_by_train_epoch(small):
    """The two paths of runs.train (nnlib's loop, or train_epoch with the setup's gradients)
    give the same run when the gradients are nnlib's."""
    plain = runs.train(runs.Setup("s"), small, epochs=2)
    own = runs.train(runs.Setup("s", gradients=lambda net, X, y: net.gradients(X, y)), small,
                     epochs=2)
    np.testing.assert_allclose(own.train_losses, plain.train_losses, rtol=1e-9)
    np.testing.assert_allclose(own.val_losses, plain.val_losses, rtol=1e-9)


# --- the checks, one bound at a time ----------------------------------------------------------


def test_check_inputs_looks_at_both_parts():
    assert checklist.check_inputs(np.ones((2, 3)), -np.ones((2, 3))).healthy
    assert not checklist.check_inputs(np.ones((2, 3)), np.full((2, 3), 16.0)).healthy
    assert not checklist.check_inputs(np.full((2, 3), -6.0), np.ones((2, 3))).healthy
    assert "validation 16 to 16" in checklist.check_inputs(np.ones((1, 1)),
                                                                np.full((1, 1), 16.0)).measured


def test_check_start_loss_allows_ten_percent_around_log_k(parts):
    network = runs.digits.new_network()
    finding = checklist.check_start_loss(network, parts.X_train, parts.y_train)
    assert finding.healthy and finding.measured == "2.3742 against log 10 = 2.3026"
    network.weights[-1] *= 3  # a more confident untrained network
    loss = network.loss(parts.X_train, parts.y_train)
    finding = checklist.check_start_loss(network, parts.X_train, parts.y_train)
    assert finding.healthy == (abs(loss - math.log(10)) <= 0.1 * math.log(10))


def test_check_one_batch_tells_a_working_step_from_none_and_from_a_crawl(parts):
    X, y = parts.X_train[:16], parts.y_train[:16]
    assert checklist.check_one_batch(runs.digits.new_network(), X, y, runs.train_epoch,
                                     0.3).healthy
    crawl = checklist.check_one_batch(runs.digits.new_network(), X, y, runs.train_epoch, 0.001)
    assert not crawl.healthy and "loss" in crawl.measured

    def no_step(network, X, y, batch_size, learning_rate, rng):
        network.gradients(X, y)

    idle = checklist.check_one_batch(runs.digits.new_network(), X, y, no_step, 0.3)
    assert not idle.healthy and "never changed" in idle.measured


def test_check_gradients_catches_the_missing_slope(parts):
    assert checklist.check_gradients(runs.HEALTHY, parts.X_train, parts.y_train).healthy
    assert not checklist.check_gradients(runs.GALLERY["F"], parts.X_train,
                                         parts.y_train).healthy


def test_check_update_ratio_and_dead_units_read_layer_statistics(parts):
    statistics = nnlib_statistics(parts, weight_scale=1.0, learning_rate=0.3)
    assert checklist.check_update_ratio(statistics).healthy
    assert not checklist.check_update_ratio(nnlib_statistics(parts, 1.0, 3.0)).healthy
    assert not checklist.check_update_ratio(nnlib_statistics(parts, 1.0, 0.003)).healthy
    assert checklist.check_dead_units(statistics, "now").healthy
    zero = nnlib_statistics(parts, weight_scale=0.0, learning_rate=0.3)
    assert not checklist.check_dead_units(zero, "now").healthy  # every ReLU outputs 0
    assert "0e+00" in checklist.check_update_ratio(zero).measured


def nnlib_statistics(parts, weight_scale, learning_rate):
    network = runs.Setup("s", weight_scale=weight_scale).network()
    return diagnostics.layer_statistics(network, parts.X_train[:300], parts.y_train[:300],
                                        learning_rate)


# --- every planted bug is diagnosed ---------------------------------------------------------------

STEPS = ("inputs", "loss at the start", "one batch", "gradient check", "update ratio",
         "dead units", "curves")
FAILS = {  # the steps each setup fails, as the notebook's section 5 table and exercise 2 say
    "healthy": set(),
    "learning rate too high": {"one batch", "update ratio", "dead units", "curves"},
    "learning rate too low": {"one batch", "update ratio", "curves"},
    "inputs not scaled": {"inputs", "loss at the start", "one batch", "update ratio",
                          "dead units", "curves"},
    "labels shuffled": {"curves"},
    "bad initialisation": {"one batch", "update ratio", "dead units", "curves"},
    "A": {"one batch", "update ratio", "dead units", "curves"},
    "B": {"one batch", "update ratio", "curves"},
    "C": {"inputs"},
    "D": {"curves"},
    "E": {"loss at the start"},
    "F": {"gradient check"},
}


@pytest.fixture(scope="module")
def findings(parts):
    return {name: checklist.run_checklist(setup, parts) for name, setup in runs.SETUPS.items()}


@pytest.mark.parametrize("name", list(FAILS))
def test_the_checklist_flags_what_each_setup_breaks(findings, name):
    assert [finding.step for finding in findings[name]] == list(STEPS)
    failed = {finding.step for finding in findings[name] if not finding.healthy}
    assert failed == FAILS[name], "\n".join(map(str, findings[name]))


def test_every_gallery_run_fails_its_own_set_of_steps(findings):
    seen = {}
    for name in runs.GALLERY:
        failed = frozenset(f.step for f in findings[name] if not f.healthy)
        assert failed, f"run {name} passes every step"
        assert failed not in seen, f"runs {seen.get(failed)} and {name} look alike"
        seen[failed] = name


def test_the_same_failed_steps_are_told_apart_by_what_they_measured(findings):
    """A and the all-zero start fail the same steps; what the update ratio measured differs:
    the update ratio is too LARGE for A, too small for B, exactly 0 for the zero start."""
    ratio = {name: next(f for f in findings[name] if f.step == "update ratio").measured
             for name in ("A", "B", "bad initialisation")}
    assert ratio["A"].startswith("2e-01, 3e-01 (layer 1")
    assert ratio["B"].startswith("2e-04, 3e-04 (layer 1")
    assert ratio["bad initialisation"].startswith("0e+00, 0e+00 (layer 1")


def test_the_bounds_name_every_step_in_order(findings):
    assert [step for step, _ in checklist.bounds()] == list(STEPS)
    assert [finding.step for finding in findings["healthy"]] == list(STEPS)


def test_a_finding_prints_as_one_line():
    text = str(checklist.Finding("inputs", False, "from 0 to 16"))
    assert text == "✗ inputs            from 0 to 16"
