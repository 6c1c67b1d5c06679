"""The benchmark's reference implementations compute what nnlib computes.

benchmarks/ times nnlib against a per-sample Python loop, a fused numpy loop and PyTorch; the
comparison only means something if all of them do the same arithmetic. These tests run each
article task for a few iterations and compare losses and final weights with nnlib's.
"""

import dataclasses

import numpy as np
import pytest

from benchmarks import compute, minibatch, numpy_fused, python_loops, tasks, torch_versions

ITERATIONS = 50  # enough for rounding differences to show if the math differed
TASKS = {task.key: dataclasses.replace(task, iterations=ITERATIONS)
         for task in tasks.article_tasks()}
REFERENCES = {
    "python loop": tasks._runner(python_loops),
    "numpy fused": tasks._runner(numpy_fused),
    "pytorch": tasks._runner(torch_versions),
}


@pytest.mark.parametrize("task_key", TASKS)
@pytest.mark.parametrize("reference", REFERENCES)
def test_reference_matches_nnlib_losses_and_weights(task_key, reference):
    if reference == "pytorch" and not torch_versions.available():
        pytest.skip("PyTorch is not installed (optional)")
    task = TASKS[task_key]
    start = tasks.initial_parameters(task)
    expected_losses, expected_parameters = tasks.run_nnlib(task, start)
    losses, parameters = REFERENCES[reference](task, start)
    np.testing.assert_allclose(losses, expected_losses, rtol=1e-9, atol=1e-12)
    for got, expected in zip(parameters, expected_parameters, strict=True):
        np.testing.assert_allclose(got, expected, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("task_key", TASKS)
def test_references_do_not_change_the_starting_weights(task_key):
    task = TASKS[task_key]
    start = tasks.initial_parameters(task)
    before = [p.copy() for p in start]
    for run in (tasks.run_nnlib, *REFERENCES.values()):
        if run is REFERENCES["pytorch"] and not torch_versions.available():
            continue
        run(task, start)
    for after, original in zip(start, before, strict=True):
        np.testing.assert_array_equal(after, original)


def test_the_loss_decreases_in_every_article_task():
    for task in tasks.article_tasks():
        losses, _ = tasks._runner(numpy_fused)(task, tasks.initial_parameters(task))
        assert losses[-1] < losses[0] / 10, task.key


def test_step_flops_count_the_five_matmuls_of_a_784_128_10_step():
    # forward 256x784x128 and 256x128x10; backward the same two products for the weight
    # gradients plus 256x10x128 for the hidden delta: 2 flops per multiply-add
    expected = 2 * (2 * 256 * 784 * 128 + 3 * 256 * 128 * 10)
    assert compute.flops(compute.step_matmuls()) == expected


# --- mini-batch training (notebook 07's task): the fused numpy loop and PyTorch must do nnlib's
# arithmetic, batch for batch, before `make bench` compares their speed


@pytest.mark.parametrize("case", minibatch.CASES, ids=lambda case: case.name)
@pytest.mark.parametrize("reference", ["numpy fused", "pytorch"])
def test_minibatch_references_match_nnlib_losses_and_weights(case, reference):
    if reference == "pytorch" and not torch_versions.available():
        pytest.skip("PyTorch is not installed (optional)")
    X, y = minibatch.digits()
    runs = minibatch.implementations(case, X, y)
    expected = runs["nnlib"](2)()
    got = runs[reference](2)()
    assert len(got[1]) == 2 * 38  # 1,200 samples in batches of 32: 37 full and one of 16
    assert minibatch.disagreement(expected, got) < 1e-9


@pytest.mark.parametrize("case", minibatch.CASES, ids=lambda case: case.name)
def test_minibatch_benchmark_trains_the_digits(case):
    X, y = minibatch.digits()
    losses, step_losses, _ = minibatch.implementations(case, X, y)["nnlib"](3)()
    assert losses[0] == pytest.approx(np.log(10), rel=0.15)  # a near-uniform first guess
    assert losses[-1] < losses[0] and step_losses[-1] < step_losses[0]


def test_minibatch_runs_start_from_the_same_weights_every_time():
    # a run that trained the shared start weights in place would make the next run differ
    X, y = minibatch.digits()
    for name, prepare in minibatch.implementations("relu", X, y).items():
        first, second = prepare(1)(), prepare(1)()
        assert minibatch.disagreement(first, second) == 0.0, name


def test_the_adam_and_dropout_case_times_notebook_09s_options():
    # the case must really switch them on, or it would time notebook 07's plain loop again
    case = minibatch.CASES[-1]
    assert case.options == {"optimiser": "adam", "dropout": 0.2}
    X, y = minibatch.digits()
    plain = minibatch.implementations(minibatch.Case("relu", learning_rate=case.learning_rate),
                                      X, y)["nnlib"](1)()
    with_options = minibatch.implementations(case, X, y)["nnlib"](1)()
    assert not np.allclose(plain[1], with_options[1])
