"""Notebook 10's live view: each slider setting shows that run's curves, the histogram of its
hidden weighted sums, its dead units and update ratios at that epoch, computed here again
from the run; nothing is trained on a move; and the static figures draw what they are given."""

import numpy as np
import pytest

from nnlib.course.n10_when_training_fails import figures, runs, views


@pytest.fixture(scope="module")
def trained():
    parts = runs.digits.split(n_train=200, n_val=100)
    return {name: runs.train(runs.SETUPS[name], parts, epochs=runs.EPOCHS)
            for name in ("healthy", *runs.GALLERY)}


@pytest.fixture(scope="module")
def view(trained):
    return views.RunInsideView.on_agg(trained=trained)


@pytest.mark.parametrize(("run", "epoch"), [("healthy", 0), ("A", 5), ("C", 2), ("F", 4)])
def test_a_setting_shows_that_run_at_that_epoch(view, trained, run, epoch):
    view.update(run=run, epoch=epoch)
    shown = trained[run]
    np.testing.assert_allclose(view.train_line.get_ydata(), shown.train_losses)
    np.testing.assert_allclose(view.val_line.get_ydata(), shown.val_losses)
    assert list(view.marker.get_xdata()) == [epoch, epoch]
    z = shown.snapshots[epoch].hidden_z
    counts = [np.sum((np.clip(z, -12, 12) >= low) & (np.clip(z, -12, 12) < high))
              for low, high in zip(views.Z_BINS[:-1], views.Z_BINS[1:], strict=True)]
    counts[-1] += np.sum(np.clip(z, -12, 12) == 12)  # the last bin includes its right edge
    np.testing.assert_allclose(view.z_steps.get_data().values, np.array(counts) / z.size)
    statistics = shown.snapshots[epoch].statistics
    assert view.dead_text.get_text() == f"{statistics[0].dead} of 32\ndead"
    for bar, text, layer in zip(view.ratio_bars, view.ratio_texts, statistics, strict=True):
        top = bar.get_y() + bar.get_height()  # the bar rises from the axis' bottom, 1e-5
        assert top == pytest.approx(np.clip(layer.update_ratio, 1e-5, 10))
        assert text.get_text() == ("0" if layer.update_ratio == 0 else "")
    assert view.title.get_text().startswith(f"run {run}, epoch {epoch}: validation accuracy")
    assert f"{shown.val_accuracy[epoch]:.1%}" in view.title.get_text()


def test_a_dead_run_shows_ratios_of_zero(view):
    view.update(run="A", epoch=5)
    assert [text.get_text() for text in view.ratio_texts] == ["0", "0"]


def test_moving_a_slider_trains_nothing(view, trained, monkeypatch):
    def no_training(*args, **kwargs):
        raise AssertionError("a slider move trained a run")

    monkeypatch.setattr(runs, "train", no_training)
    for run in view.sliders["run"].options:
        for epoch in range(runs.EPOCHS + 1):
            view.update(run=run, epoch=epoch)


def test_the_view_offers_the_healthy_run_and_every_gallery_run():
    assert views.RunInsideView.sliders["run"].options == ("healthy", "A", "B", "C", "D", "E", "F")
    assert views.RunInsideView.sliders["epoch"].max == runs.EPOCHS


def test_layer_histograms_draw_one_step_line_per_layer():
    from matplotlib.figure import Figure

    ax = Figure().subplots()
    outputs = [np.linspace(-1, 1, 40).reshape(10, 4), np.full((10, 4), 0.99)]
    steps = figures.plot_layer_histograms(outputs, ax, title="t")
    assert len(steps) == 2
    values = steps[1].get_data().values
    assert values[-1] == 1.0 and values.sum() == pytest.approx(1.0)  # all in the last bin
    assert steps[0].get_data().values.sum() == pytest.approx(1.0)


def test_plot_runs_draws_both_losses_of_each_run(trained):
    from matplotlib.figure import Figure

    axes = Figure().subplots(1, 2)
    figures.plot_runs([trained["healthy"], trained["A"]], axes)
    np.testing.assert_allclose(axes[0].lines[1].get_ydata(), trained["healthy"].train_losses)
    np.testing.assert_allclose(axes[1].lines[2].get_ydata(), trained["A"].val_losses)
    assert axes[1].get_title().startswith("A\nvalidation accuracy")
