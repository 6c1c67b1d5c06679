"""Notebook 02's live view: after each update its artists hold what an independent numpy
training loop predicts."""

import numpy as np
import pytest

from nnlib.course.n02_perceptron.views import UNSEEN, TrainingView, train_run


@pytest.fixture
def view():
    return TrainingView.on_agg()


def trained_by_hand(X, y, iterations, learning_rate):
    """Losses (MSE before each update) and outputs for X and [1, 0, 0], with plain numpy."""
    weights = np.random.default_rng(1).uniform(-1, 1, (3, 1))
    losses = []
    for _ in range(iterations):
        y_hat = 1 / (1 + np.exp(-(X @ weights)))
        losses.append(np.mean((y - y_hat) ** 2))
        weights = weights + learning_rate * X.T @ ((y - y_hat) * y_hat * (1 - y_hat))
    outputs = 1 / (1 + np.exp(-(np.vstack([X, UNSEEN]) @ weights)))
    return np.array(losses), outputs[:, 0]


def test_train_run_matches_a_hand_written_loop(truth_table):
    X, y = truth_table
    losses, y_hat = train_run(iterations=50, learning_rate=2.0)
    expected_losses, expected_outputs = trained_by_hand(X, y, 50, 2.0)
    np.testing.assert_allclose(losses, expected_losses, rtol=1e-12)
    np.testing.assert_allclose(y_hat, expected_outputs, rtol=1e-12)


@pytest.mark.parametrize(
    ("iterations", "learning_rate"), [(10, 0.01), (300, 1.0), (1000, 10.0), (5000, 3.0)]
)
def test_update_shows_the_loss_curve_and_outputs_of_that_training(
    view, truth_table, iterations, learning_rate
):
    X, y = truth_table
    view.update(iterations=iterations, learning_rate=learning_rate)
    losses, outputs = trained_by_hand(X, y, iterations, learning_rate)

    x_data, y_data = view.line.get_data()
    np.testing.assert_array_equal(x_data, np.arange(1, iterations + 1))
    np.testing.assert_allclose(y_data, losses, rtol=1e-10)

    heights = [bar.get_height() for bar in view.bars]
    np.testing.assert_allclose(heights, outputs, rtol=1e-10)
    assert [text.get_text() for text in view.value_texts] == [f"{v:.2f}" for v in outputs]
    assert view.final_loss == pytest.approx(losses[-1], rel=1e-10)
    assert view.loss_text.get_text() == f"final loss {losses[-1]:.2g}"
    assert view.axes[0].get_title() == f"{iterations} iterations, learning rate {learning_rate:.3g}"


def test_a_huge_learning_rate_gets_stuck_at_half(view):
    view.update(iterations=1000, learning_rate=1000.0)
    assert view.final_loss == pytest.approx(0.5, abs=1e-6)


def test_every_update_retrains_from_the_same_start(view):
    view.update(iterations=500, learning_rate=1.0)
    first = view.line.get_ydata().copy()
    view.update(iterations=2000, learning_rate=30.0)
    view.update(iterations=500, learning_rate=1.0)
    np.testing.assert_array_equal(view.line.get_ydata(), first)


def test_axes_stay_fixed_while_sliders_move(view):
    loss_ax, bar_ax = view.axes
    limits = (loss_ax.get_xlim(), loss_ax.get_ylim(), bar_ax.get_xlim(), bar_ax.get_ylim())
    for iterations, learning_rate in [(10, 1000.0), (5000, 0.01), (2500, 100.0)]:
        view.update(iterations=iterations, learning_rate=learning_rate)
        view.fig.canvas.draw()
        assert limits == (
            loss_ax.get_xlim(),
            loss_ax.get_ylim(),
            bar_ax.get_xlim(),
            bar_ax.get_ylim(),
        )
    assert loss_ax.get_xlim()[1] == view.sliders["iterations"].max
    assert loss_ax.get_yscale() == "log"


def test_sliders_cover_the_notebooks_values():
    iterations = TrainingView.sliders["iterations"]
    learning_rate = TrainingView.sliders["learning_rate"]
    assert (iterations.value, iterations.min, iterations.max) == (1000, 10, 5000)
    assert learning_rate.log and 10**learning_rate.min <= 0.01 and 10**learning_rate.max >= 1000
    assert learning_rate.value == 1.0
    assert TrainingView.budget_ms == 100
