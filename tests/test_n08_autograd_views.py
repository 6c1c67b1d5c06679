"""Notebook 08's step-through view: after each update its artists show TrainingStep's state,
one more gradient uncovered per step, the current node outlined, the edges its gradient comes
through drawn, and the new weights only at the update."""

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from nnlib.course.n08_autograd import steps
from nnlib.course.n08_autograd.drawing import number
from nnlib.course.n08_autograd.views import BOX, BackwardStepView


@pytest.fixture(scope="module")
def view():
    return BackwardStepView.on_agg()


def covered(view):
    """The ids of the nodes whose gradient a grey bar hides."""
    alphas = view.bars.get_facecolor()[:, 3]
    return {key for key, alpha in zip(view.keys, alphas, strict=True) if alpha > 0}


def test_the_slider_runs_from_the_forward_pass_to_the_update(view):
    spec = view.sliders["step"]
    assert (spec.min, spec.max, spec.step, spec.value) == (0, view.training_step.steps, 1, 0)
    assert spec.is_integer


def test_step_zero_hides_every_gradient_and_outlines_nothing(view):
    view.update(step=0)
    assert covered(view) == set(view.keys)
    assert not view.outline.get_visible() and len(view.flow.get_segments()) == 0
    assert view.text.get_text().startswith("Forward pass done")


def test_each_step_uncovers_one_gradient_the_one_of_the_outlined_node(view):
    trace = view.training_step
    view.update(step=0)
    hidden = covered(view)
    for step in range(1, trace.steps):
        view.update(step=step)
        now = covered(view)
        current = trace.order[step - 1]
        assert hidden - now == {id(current)} and now < hidden
        hidden = now
        x, y = view.position[id(current)]
        assert view.outline.get_visible()
        centre = (view.outline.get_x() + view.outline.get_width() / 2,
                  view.outline.get_y() + view.outline.get_height() / 2)
        assert centre == pytest.approx((x, y))
        # one orange edge per use, from the node to each parent it gets a term from
        segments = view.flow.get_segments()
        assert len(segments) == len(view.state.terms)
        for segment, term in zip(segments, view.state.terms, strict=True):
            px, py = view.position[id(term.parent)]
            np.testing.assert_allclose(segment, [(x + BOX[0] / 2, y), (px - BOX[0] / 2, py)])
        assert view.text.get_text() == trace.state(step).text


def test_every_gradient_written_on_the_graph_is_the_traces(view):
    trace = view.training_step
    for key, text in view.drawing.grad_texts.items():
        assert text.get_text() == number(trace.grads[key])


def test_the_update_writes_every_new_weight_over_the_old_one(view):
    trace = view.training_step
    for step in (0, trace.steps - 1):
        view.update(step=step)
        assert not any(text.get_visible() for text in view.new_values.values())
    view.update(step=trace.steps)
    assert covered(view) == set() and not view.outline.get_visible()
    for value in trace.parameters:
        text = view.new_values[id(value)]
        assert text.get_visible()
        assert text.get_text() == number(value.data - trace.learning_rate * trace.grads[id(value)])
        assert text.get_position() == view.drawing.value_texts[id(value)].get_position()
    assert "Loss before the step 0.06797, after 0.04815" in view.text.get_text()


def test_the_pictures_of_two_neighbouring_steps_differ(view):
    def picture(step):
        view.update(step=step)
        canvas = view.fig.canvas
        assert isinstance(canvas, FigureCanvasAgg)
        canvas.draw()
        return np.asarray(canvas.buffer_rgba()).copy()

    first = picture(10)
    assert not np.array_equal(first, picture(11))
    assert np.array_equal(first, picture(10))


def test_a_network_of_another_size_is_refused():
    other = steps.TrainingStep(weights=[np.array([[0.5], [-1.0]])], biases=[np.array([0.1])])
    with pytest.raises(ValueError, match="the slider has 30 steps"):
        BackwardStepView.on_agg(training_step=other)
