"""Notebook 08's exercise checks: every correct implementation passes, every recognised mistake
is named when code that makes it is handed in, an exception becomes feedback with the learner's
line, junk gets a hint, and each fallback's message is true of the answer it describes."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from learners import learner

from nnlib.autograd import Value
from nnlib.course.feedback import Exercise, close
from nnlib.course.n08_autograd import checks


def mul(body):
    return learner(f"def mul_backward(a, b, out):\n    {body}\n", "mul_backward")


def tanh(body):
    return learner(f"import math\n\n\ndef tanh_backward(a, out):\n    {body}\n",
                   "tanh_backward")


def matmul(body):
    return learner(f"def matmul_backward(A, B, grad_Z):\n    {body}\n", "matmul_backward")


# --- exercise 1: the backward rule of * ---------------------------------------------------------


@pytest.mark.parametrize("body", [
    "a.grad += b.data * out.grad\n    b.grad += a.data * out.grad",
    "b.grad += out.grad * a.data\n    a.grad += out.grad * b.data",  # other order
    "a.grad = a.grad + b.data * out.grad\n    b.grad = b.grad + a.data * out.grad",
    "for mine, other in ((a, b), (b, a)):\n        mine.grad += other.data * out.grad",
    "da, db = b.data, a.data\n    a.grad += da * out.grad\n    b.grad += db * out.grad",
])
def test_every_correct_product_rule_passes(body):
    feedback = checks.mul_backward(mul(body))
    assert feedback.passed, feedback.message
    assert "0.001820, 0.002731, 0.000910, the same as nnlib.autograd" in feedback.message


@pytest.mark.parametrize(("body", "key"), [
    ("a.grad = b.data * out.grad\n    b.grad = a.data * out.grad", "assign"),
    ("a.grad += b.data\n    b.grad += a.data", "no_out_grad"),
    ("a.grad += b.data * out.data\n    b.grad += a.data * out.data", "out_data"),
    ("a.grad += a.data * out.grad\n    b.grad += b.data * out.grad", "wrong_input"),
    ("a.grad += b.data * out.grad", "only_a"),
    ("b.grad += a.data * out.grad", "only_b"),
    ("a.grad -= b.data * out.grad\n    b.grad -= a.data * out.grad", "sign"),
    ('"""Not written yet."""', "not_written"),
    ("pass", "not_written"),
    ("a.grad += b * out.grad\n    b.grad += a * out.grad", "value_not_number"),
    ("a.grad += b.data * out.grad\n    b.grad += a.data * out.grad\n    out.grad = 0.0",
     "changed_data"),
    ("a.grad += 2 * b.data * out.grad\n    b.grad += a.data * out.grad", "fallback"),
])
def test_each_recognised_product_mistake_is_named(body, key):
    feedback = checks.mul_backward(mul(body))
    assert not feedback.passed and feedback.mistake == key, feedback.message
    assert "Hint:" in feedback.message


def test_assigning_is_caught_even_when_only_the_second_line_assigns():
    # only x * x (the same Value twice) or grads already there can tell this from +=
    feedback = checks.mul_backward(mul("a.grad += b.data * out.grad\n    b.grad = a.data * "
                                       "out.grad"))
    assert not feedback.passed and feedback.mistake == "fallback"
    assert "the chain rule gives" in feedback.message


def test_the_product_cases_include_a_value_multiplied_by_itself_and_grads_already_there():
    cases = checks.mul_backward.cases()
    assert any(a is b for a, b, _ in cases)
    assert any(a.grad != 0 for a, b, _ in cases)
    assert all(out.grad != 1 for _, _, out in cases)


def test_an_exception_in_the_rule_is_feedback_with_the_line():
    feedback = checks.mul_backward(mul("a.grad += b.data * out.grad\n    b.grad += "
                                       "a.data[0] * out.grad"))
    assert not feedback.passed and feedback.mistake == "raises_rule"
    assert "mul_backward raised TypeError" in feedback.message
    assert "at line 3 of mul_backward: b.grad += a.data[0] * out.grad" in feedback.message
    assert "A backward rule works with numbers" in feedback.message


def test_the_checks_own_cases_are_not_changed_by_the_learners_rule():
    def spoil(a, b, out):
        a.data, out.grad = 100.0, 100.0

    checks.mul_backward(spoil)
    assert [case[0].data for case in checks.mul_backward.cases()][:2] == [2.0, 2.0]


# --- exercise 2: the backward rule of tanh ------------------------------------------------------


@pytest.mark.parametrize("body", [
    "a.grad += (1 - out.data**2) * out.grad",
    "a.grad += (1 - math.tanh(a.data) ** 2) * out.grad",
    "a.grad += out.grad / math.cosh(a.data) ** 2",
    "a.grad = a.grad + out.grad * (1 - np.tanh(a.data) ** 2)",
    "slope = 1 - out.data * out.data\n    a.grad += slope * out.grad",
])
def test_every_correct_tanh_rule_passes(body):
    feedback = checks.tanh_backward(tanh(body))
    assert feedback.passed, feedback.message
    assert "the same as nnlib.autograd" in feedback.message


@pytest.mark.parametrize(("body", "key"), [
    ("a.grad = (1 - out.data**2) * out.grad", "assign"),
    ("a.grad += 1 - out.data**2", "no_out_grad"),
    ("a.grad += (1 - a.data**2) * out.grad", "wrong_input"),
    ("a.grad += out.data * (1 - out.data) * out.grad", "sigmoid_slope"),
    ("a.grad += (1 - out.data) * out.grad", "no_square"),
    ("a.grad -= (1 - out.data**2) * out.grad", "sign"),
    ('"""..."""', "not_written"),
    ("a.grad += (1 - out**2) * out.grad", "value_not_number"),
    ("a.grad += (1 - tanh(a.data) ** 2) * out.grad", "raises_rule"),
    ("a.grad += (1 - out.data**2) * out.grad\n    out.data = 0.0", "changed_data"),
    ("a.grad += out.grad", "fallback"),
])
def test_each_recognised_tanh_mistake_is_named(body, key):
    feedback = checks.tanh_backward(tanh(body))
    assert not feedback.passed and feedback.mistake == key, feedback.message


def test_the_tanh_cases_have_grads_already_there_and_out_grad_not_one():
    cases = checks.tanh_backward.cases()
    assert any(a.grad != 0 for a, _ in cases) and all(out.grad != 1 for _, out in cases)


# --- exercise 3: the backward rule of a matrix product ------------------------------------------


@pytest.mark.parametrize("body", [
    "return grad_Z @ B.T, A.T @ grad_Z",
    "return np.dot(grad_Z, B.T), np.dot(A.T, grad_Z)",
    "return np.einsum('nm,km->nk', grad_Z, B), np.einsum('nk,nm->km', A, grad_Z)",
    "return (B @ grad_Z.T).T, (grad_Z.T @ A).T",
    "grad_A = np.zeros(A.shape)\n    for c in range(B.shape[1]):\n"
    "        grad_A += np.outer(grad_Z[:, c], B[:, c])\n    return grad_A, A.T @ grad_Z",
    "return [grad_Z @ B.T, A.T @ grad_Z]",  # a list is a pair too
])
def test_every_correct_matrix_product_rule_passes(body):
    feedback = checks.matmul_backward(matmul(body))
    assert feedback.passed, feedback.message


@pytest.mark.parametrize(("body", "key"), [
    ("return A.T @ grad_Z, grad_Z @ B.T", "swapped"),
    ("return (grad_Z @ B.T).T, (A.T @ grad_Z).T", "transposed"),
    ("return grad_Z @ B.T / len(A), A.T @ grad_Z / len(A)", "divided"),
    ("return grad_Z @ B, A.T @ grad_Z", "raises_shapes"),
    ("return grad_Z * B, A.T @ grad_Z", "raises"),
    ("return grad_Z @ B.T, (A.T @ grad_Z)[:1]", "shapes"),
    ("return grad_Z @ B.T", "not_a_pair"),
    ("return grad_Z @ B.T, 'B'", "not_numbers"),
    ('"""..."""', "not_written"),
    ("return 2 * grad_Z @ B.T, A.T @ grad_Z", "fallback"),
    ("return grad_Z @ B.T, 2 * A.T @ grad_Z", "fallback"),
])
def test_each_recognised_matrix_product_mistake_is_named(body, key):
    feedback = checks.matmul_backward(matmul(body))
    assert not feedback.passed and feedback.mistake == key, feedback.message


def test_a_missing_transpose_shows_the_line_and_the_shapes():
    message = checks.matmul_backward(matmul("grad_A = grad_Z @ B\n    return grad_A, "
                                            "A.T @ grad_Z")).message
    assert "at line 2 of matmul_backward: grad_A = grad_Z @ B" in message
    assert "there: grad_Z (2, 4), B (3, 4)" in message
    assert "called with A (2, 3), B (3, 4), grad_Z (2, 4)" in message
    assert "((2, 3), (3, 4))" in message


def test_the_first_matrix_case_is_not_square_and_a_later_one_is():
    shapes = [tuple(array.shape for array in case) for case in checks.matmul_backward.cases()]
    assert len(set(shapes[0][0])) == 2 and shapes[1] == ((3, 3), (3, 3), (3, 3))


def test_the_fallback_names_the_first_wrong_array():
    message = checks.matmul_backward(matmul("return 2 * grad_Z @ B.T, A.T @ grad_Z")).message
    assert "Right shapes, other numbers" in message and "you return grad_A =" in message
    other = checks.matmul_backward(matmul("return grad_Z @ B.T, 2 * A.T @ grad_Z")).message
    assert "your grad_A or grad_B differs" in other


# --- exercise 4: a Value used twice -------------------------------------------------------------


def by_autograd():
    x, y = Value(checks.TWICE_X), Value(checks.TWICE_Y)
    ((x + y) * x).backward()
    return x.grad


@pytest.mark.parametrize("answer", [by_autograd(), 6.5, np.float64(6.5), [6.5],
                                    np.array([[6.5]]), 13 / 2])
def test_the_gradient_of_a_value_used_twice_is_accepted_in_any_numeric_form(answer):
    assert checks.used_twice(answer).passed


@pytest.mark.parametrize(("answer", "key"), [
    (3.5, "product_only"), (3, "sum_only"), (6, "wrong_input"), (10.5, "value"),
    (5, "fallback"), (-2, "fallback"), ("6.5", "not_a_number"), (None, "unanswered"),
])
def test_each_recognised_slip_on_the_value_used_twice_is_named(answer, key):
    feedback = checks.used_twice(answer)
    assert not feedback.passed and feedback.mistake == key


# --- every exercise: junk is feedback, fallbacks are true ---------------------------------------

RULES = [checks.mul_backward, checks.tanh_backward, checks.matmul_backward]
JUNK = [None, "text", 3, np.zeros(2), lambda: None, lambda *args: 1 / 0]


@pytest.mark.parametrize("exercise", RULES, ids=lambda e: e.name)
def test_junk_handed_to_a_code_exercise_gets_a_hint(exercise):
    for answer in JUNK:
        feedback = exercise(answer)
        assert not feedback.passed and "Hint:" in feedback.message, (answer, feedback)


def test_every_exercise_of_the_notebook_is_on_the_engine():
    exercises = [value for value in vars(checks).values() if isinstance(value, Exercise)]
    assert {exercise.name for exercise in exercises} == {
        "mul_backward", "tanh_backward", "matmul_backward", "answer_4"}


@settings(max_examples=60, deadline=None)
@given(st.floats(-3, 3), st.floats(-3, 3), st.sampled_from(["a", "b"]))
def test_the_product_fallback_is_true_of_the_rule_it_describes(scale_a, shift_b, which):
    # a family of wrong rules: a's term scaled, b's term shifted
    def rule(a, b, out):
        a.grad += scale_a * b.data * out.grad
        b.grad += a.data * out.grad + (shift_b if which == "b" else 0.0)

    feedback = checks.mul_backward(rule)
    if feedback.mistake == "fallback":
        assert checks.mul_backward.fallback.when(feedback.facts)
        run = next(r for r in feedback.facts.runs if not close(checks.TOLERANCE)(r.got, r.want))
        # the message shows the first case that differs, with digits enough to see it
        said = feedback.message.split("your rule leaves ")[1].split(";")[0]
        grads = [float(part.split(" = ")[1]) for part in said.split(", ")]
        expected = feedback.message.split("the chain rule gives ")[1].split(".\n")[0]
        wanted = [float(part) for part in expected.split(", ")]
        assert grads != wanted
        assert grads == pytest.approx(list(run.got[:2]), rel=1e-3)


@settings(max_examples=60, deadline=None)
@given(st.floats(-3, 3), st.floats(-1, 1))
def test_the_tanh_fallback_is_true_of_the_rule_it_describes(power, shift):
    def rule(a, out):
        a.grad += (1 - abs(out.data) ** power + shift) * out.grad

    feedback = checks.tanh_backward(rule)
    if feedback.mistake == "fallback":
        assert checks.tanh_backward.fallback.when(feedback.facts)


@settings(max_examples=40, deadline=None)
@given(st.floats(-2, 2), st.floats(-2, 2))
def test_the_matrix_fallback_is_true_of_the_rule_it_describes(scale_a, scale_b):
    def rule(A, B, grad_Z):
        return scale_a * grad_Z @ B.T, scale_b * A.T @ grad_Z

    feedback = checks.matmul_backward(rule)
    if feedback.mistake == "fallback":
        assert checks.matmul_backward.fallback.when(feedback.facts)
        assert "Right shapes, other numbers" in feedback.message


@settings(max_examples=80, deadline=None)
@given(st.floats(-10, 10))
def test_the_value_fallback_is_true_of_the_answer_it_describes(answer):
    feedback = checks.used_twice(answer)
    if feedback.mistake == "fallback":
        assert not math.isclose(answer, 6.5, abs_tol=1e-9)
        assert checks.used_twice.fallback.when(feedback.facts)
