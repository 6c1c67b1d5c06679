"""The shared plot helpers draw what their arguments say."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.patches import Circle  # noqa: E402

from nnlib.course.plots import plot_network  # noqa: E402


def texts(ax):
    return [text.get_text() for text in ax.texts]


def test_plot_network_draws_one_circle_per_neuron_and_one_arrow_per_weight():
    weights = [np.array([[0.5, -0.5], [0.25, 0.5]]), np.array([[1.0, -2.0], [0.5, 1.0]])]
    biases = [np.array([0.0, 1.5]), np.array([-1.0, 0.0])]
    fig, ax = plt.subplots()
    plot_network(weights, biases, ax=ax)
    circles = [patch for patch in ax.patches if isinstance(patch, Circle)]
    assert len(circles) == 2 + 2 + 2
    arrows = [text for text in ax.texts if getattr(text, "arrow_patch", None) is not None]
    assert len(arrows) == 4 + 4
    labels = texts(ax)
    for value in ["0.5", "-0.5", "0.25", "-2", "b = 1.5", "b = -1"]:
        assert value in labels
    assert "$x_1$" in labels and "$h_2$" in labels and "$o_2$" in labels
    plt.close(fig)


def test_plot_network_writes_values_and_highlights_the_named_weights():
    weights = [np.array([[0.0, 0.0], [1.0, 1.0]]), np.array([[0.0], [1.0]])]
    fig, ax = plt.subplots()
    plot_network(
        weights, [np.zeros(2), np.zeros(1)], ax=ax,
        values=[[2, 3], [0.95257, 0.95257], [0.72163]], highlight=[(1, 1, 0)],
    )
    assert "0.7216" in texts(ax) and "0.9526" in texts(ax)
    arrows = [text for text in ax.texts if getattr(text, "arrow_patch", None) is not None]
    coloured = [a for a in arrows if a.arrow_patch.get_edgecolor()[:3] != (0.35, 0.35, 0.35)]
    assert len(coloured) == 1
    plt.close(fig)
