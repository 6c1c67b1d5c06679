"""The vocabulary of exercise checks: how feedback reads, and how answers are read as numbers."""

import numpy as np
import pytest

from nnlib.course.feedback import as_number, as_numbers, correct, not_yet, unanswered


def test_feedback_starts_with_its_verdict_and_puts_the_hint_on_its_own_line():
    assert repr(correct("z = 0.5.")) == "✅ Correct. z = 0.5."
    wrong = not_yet("z is the output.", "subtract the bias.")
    assert not wrong.passed
    assert repr(wrong) == "❌ Not yet. z is the output.\n   Hint: subtract the bias."
    assert "answer_2 is still None" in repr(unanswered("answer_2"))


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (3, 3.0),
        (0.5, 0.5),
        (np.float32(0.25), 0.25),
        (np.array(2.0), 2.0),
        (np.int64(7), 7.0),
        ([1.5], 1.5),  # one number in a list or array is that number
        ((2,), 2.0),
        (np.array([[0.5]]), 0.5),
    ],
)
def test_as_number_reads_one_real_number(answer, expected):
    assert as_number(answer) == expected


@pytest.mark.parametrize(
    "answer",
    [True, np.bool_(True), [True], "1", [1.0, 2.0], np.array([]), [[1], [2, 3]], 1 + 2j, None],
)
def test_as_number_refuses_anything_else(answer):
    assert as_number(answer) is None


@pytest.mark.parametrize(
    ("answer", "shape"),
    [(2, ()), ([1, 2, 3], (3,)), ([[0.5], [1.5]], (2, 1)), (np.arange(4.0), (4,))],
)
def test_as_numbers_reads_numbers_of_any_shape_as_floats(answer, shape):
    array, problem = as_numbers(answer)
    assert problem is None and array.dtype == float and array.shape == shape
    np.testing.assert_array_equal(array, np.asarray(answer, dtype=float))


@pytest.mark.parametrize(
    ("answer", "says"),
    [
        ("0.5", "should be numbers, but it is a str"),
        (True, "should be numbers, but it is a bool"),
        (None, "should be numbers"),
        ([[1, 2], [3]], "every row needs the same length"),
        ([1 + 1j, 2], "complex"),
        ([1.0, np.nan], "NaN or infinite"),
        (np.array([np.inf]), "NaN or infinite"),
    ],
)
def test_as_numbers_says_why_an_answer_is_not_numbers(answer, says):
    array, problem = as_numbers(answer, "answer_1")
    assert array is None and not problem.passed
    assert says in problem.message and problem.message.startswith("answer_1")


def test_as_numbers_can_let_infinity_through_for_checks_that_explain_it_themselves():
    array, problem = as_numbers([1.0, np.inf], finite=False)
    assert problem is None and np.isinf(array[1])
