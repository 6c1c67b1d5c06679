"""The grading engine: how feedback reads, how answers are read, how code exercises are run, and
that every exercise of the course turns junk into a hint and never says what is false."""

import importlib
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from learners import learner

import nnlib
import nnlib.course
from nnlib.course import feedback
from nnlib.course.feedback import (
    Exercise,
    Mistake,
    as_number,
    as_numbers,
    correct,
    grade,
    not_yet,
    read_numbers,
    unanswered,
    use_yours,
)
from nnlib.course.n02_perceptron import checks as n02
from nnlib.course.n10_when_training_fails import checks as n10


def test_feedback_starts_with_its_verdict_and_puts_the_hint_on_its_own_line():
    assert repr(correct("z = 0.5.")) == "✅ Correct. z = 0.5."
    wrong = not_yet("z is the output.", "subtract the bias.")
    assert not wrong.passed
    assert repr(wrong) == "❌ Not yet. z is the output.\n   Hint: subtract the bias."
    assert "answer_2 is still None" in repr(unanswered("answer_2"))


def test_long_feedback_is_folded_into_lines_that_fit_the_notebook_column():
    problem = "the weights moved the wrong way " * 6
    hint = "the error is y - y_hat, and the update adds learning_rate * X.T @ delta " * 3
    lines = repr(not_yet(problem.strip(), hint.strip())).split("\n")
    assert all(len(line) <= feedback.WIDTH for line in lines), lines
    hint_at = next(k for k, line in enumerate(lines) if line.startswith("   Hint: "))
    assert all(line.startswith("   ") and not line.startswith("    ")
               for line in lines[1:hint_at])  # the problem's lines, under its text
    assert all(line.startswith(" " * 9) for line in lines[hint_at + 1:])  # under the hint
    assert " ".join(" ".join(lines).split()) == " ".join(
        f"❌ Not yet. {problem} Hint: {hint}".split())  # nothing lost or reordered


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


def test_read_numbers_can_read_a_row_a_column_and_a_list_alike():
    facts = feedback.Facts(name="answer_2")
    for answer in ([0.5, 1.5], [[0.5, 1.5]], [[0.5], [1.5]]):
        np.testing.assert_array_equal(read_numbers(flat=True)(answer, facts), [0.5, 1.5])
    assert read_numbers(flat=True)("0.5", facts).mistake == "not_numbers"


def test_read_arrays_reads_one_array_per_name_or_says_what_came_back():
    read, facts = feedback.read_arrays("wb", "end with return w, b."), feedback.Facts(label="step")
    w, b = read(([[1, 2]], [np.nan]), facts)  # NaN passes: a mistake of the table may explain it
    assert w.shape == (1, 2) and w.dtype == float and np.isnan(b[0])
    wrong = read((np.zeros(2),), facts)
    assert wrong.mistake == "returns" and wrong.message == (
        "step should return two arrays (w, b), got a tuple of 1 items.\n   Hint: end with "
        "return w, b.")
    assert read((np.zeros(2), "b"), facts).message.startswith("b should be numbers")


def test_wrong_parts_names_the_parts_of_the_first_run_that_differ():
    runs = [feedback.Run((), None, (1.0, 2.0), (1.0, 2.0), ()),
            feedback.Run(("second",), None, (1.0, 3.0), (1.0, 2.0), ())]
    facts = feedback.wrong_parts(feedback.Facts(runs=runs), ("dW", "db"))
    assert facts == dict(run=runs[1], wrong=["db"])


# --- the engine: code exercises -----------------------------------------------------------------

MEAN = Exercise(  # a small code exercise: the mean of every column of X
    name="column_means",
    reference=lambda X: X.mean(axis=0),
    cases=lambda: [(np.arange(6.0).reshape(3, 2),),
                   (np.random.default_rng(0).normal(size=(5, 4)),)],
    read=read_numbers(),
    returns="the means",
    correct="right on every case.",
    mistakes=(Mistake("rows", "the means of the rows.", "axis=0.", wrong=lambda X: X.mean(1)),
              Mistake("sum", "the sums.", "divide by n.", wrong=lambda X: X.sum(axis=0))),
    fallback=Mistake("fallback", "other numbers.", "compare.", when=lambda f: True),
)


def column_means(source):
    return learner(source, "column_means")


@pytest.mark.parametrize("body", [
    "return X.mean(axis=0)",
    "return np.einsum('ij->j', X) / len(X)",
    "return np.array([sum(column) / len(column) for column in X.T])",
    "total = np.zeros(X.shape[1])\n    for row in X:\n        total = total + row\n"
    "    return total / X.shape[0]",
])
def test_a_code_exercise_accepts_every_correct_implementation(body):
    feedback = grade(MEAN, column_means(f"def column_means(X):\n    {body}\n"))
    assert feedback.passed, feedback.message


@pytest.mark.parametrize(("body", "key"), [
    ("return X.mean(axis=1)", "rows"),
    ("return X.sum(axis=0)", "sum"),
    ("return X.max(axis=0)", "fallback"),
    ("return 'means'", "not_numbers"),
    ('"""Not written yet."""', "not_written"),
    ("X /= len(X)\n    return X.sum(axis=0)", "changes_inputs"),
])
def test_a_code_exercise_names_the_mistake_a_learner_made(body, key):
    feedback = grade(MEAN, column_means(f"def column_means(X):\n    {body}\n"))
    assert not feedback.passed and feedback.mistake == key and "Hint:" in feedback.message


def test_an_exception_in_the_learners_code_is_feedback_with_their_line_and_the_shapes():
    function = column_means("def column_means(X):\n    ones = np.ones((4, 1))\n"
                       "    return (X @ ones).ravel()\n")
    feedback = grade(MEAN, function)
    assert not feedback.passed and feedback.mistake == "raises_matmul"
    text = feedback.message
    assert "column_means raised ValueError: matmul" in text
    assert "at line 3 of column_means: return (X @ ones).ravel()" in text
    assert "there: X (3, 2), ones (4, 1)" in text
    assert "called with X (3, 2), and should return the means (2,)" in text
    other = grade(MEAN, column_means("def column_means(X):\n    return X[5]\n"))
    assert other.mistake == "raises" and "IndexError" in other.message


def test_the_learners_inputs_are_copies_and_numpy_warnings_stay_inside():
    seen = []

    def spoiler(X):
        seen.append(X)
        X[:] = np.log(-1.0)  # would warn and would corrupt the check's own cases
        return np.zeros(X.shape[1])

    with np.errstate(all="raise"):
        feedback = grade(MEAN, spoiler)
    assert feedback.mistake == "fallback"
    assert np.array_equal(MEAN.cases()[0][0], np.arange(6.0).reshape(3, 2))
    assert all(np.isnan(X).all() for X in seen)


def test_not_a_function_and_use_yours(capsys):
    assert grade(MEAN, np.zeros(2)).mistake == "not_a_function"
    mine = column_means("def column_means(X):\n    return X.mean(axis=0)\n")
    assert use_yours(MEAN, mine, np.mean, "column means") is mine
    assert use_yours(MEAN, lambda X: None, np.mean, "column means") is np.mean
    assert capsys.readouterr().out.splitlines() == [
        "Using your column means: it passes its check.",
        "Using nnlib's column means: yours does not pass its check yet (the check cell above "
        "says why)."]


# --- every exercise of the course -----------------------------------------------------------------

# every notebook's checks, found by their folders (nnlib/course/nNN_*/checks.py)
CHECKS = [importlib.import_module(f"nnlib.course.{folder.name}.checks")
          for folder in sorted(Path(nnlib.course.__file__).parent.glob("n[0-9][0-9]_*"))
          if (folder / "checks.py").exists()]
EXERCISES = {f"{module.__name__.split('.')[2]}.{name}": exercise
             for module in CHECKS
             for name, exercise in vars(module).items() if isinstance(exercise, Exercise)}
VALUE_EXERCISES = {key: e for key, e in EXERCISES.items() if e.cases is None}


def test_every_notebook_has_its_exercises_on_the_engine():
    by_notebook = {key.split(".")[0] for key in EXERCISES}
    assert by_notebook == {module.__name__.split(".")[2] for module in CHECKS}
    assert len([key for key in VALUE_EXERCISES if key < "n08"]) == 24  # notebooks 01-07's


def givens(key):
    """Each check's givens as the notebook passes them (a history, a confusion matrix, ...)."""
    history = nnlib.History(losses=np.array([0.5, 0.4, 0.3, 0.2, 0.1, 0.05]),
                            validation_losses=np.array([0.6, 0.5, 0.45, 0.47, 0.5, 0.55]))
    counts = np.diag(np.full(10, 30))
    counts[9, 4], counts[4, 9] = 5, 3
    return {"best_validation_iteration": (history,), "sum_to_mean": (27.6, np.zeros((30, 3))),
            "most_confused": (np.array([[31, 1, 0], [3, 10, 0], [0, 0, 25]]),),
            "image_from_row": (np.arange(64.0) / 64,), "most_confused_pair": (counts,),
            }.get(key.split(".")[1], ())


JUNK = [None, "text", True, [[1, 2], [3]], {"a": 1}, float("nan"), [], object()]


@pytest.mark.parametrize("key", VALUE_EXERCISES)
def test_every_value_exercise_names_its_answer_and_turns_junk_into_a_hint(key):
    exercise = VALUE_EXERCISES[key]
    for answer in JUNK:
        feedback = exercise(answer, *givens(key))
        assert not feedback.passed and "Hint:" in feedback.message, (answer, feedback)
        assert exercise.name in feedback.message or answer is not None and feedback.mistake
    assert exercise(None, *givens(key)).message.startswith(f"{exercise.name} is still None.")
    assert exercise(None, *givens(key), name="answer_9").message.startswith("answer_9 is still")


# --- feedback never misleads: each fallback's claim holds for every answer that reaches it ------

def transform(anchor, data):
    """A wrong answer near a plausible one: scaled, shifted, negated, rounded, transposed, ..."""
    anchor = np.asarray(anchor, dtype=float)
    kind = data.draw(st.sampled_from(["scale", "shift", "round", "flip", "random", "int"]))
    if kind == "scale":
        return anchor * data.draw(st.sampled_from([-1, 0.5, 2, 3, 10, 1e-3, 0.999, 1.01]))
    if kind == "shift":
        return anchor + data.draw(st.floats(-2, 2))
    if kind == "round":
        return np.round(anchor, data.draw(st.integers(0, 3)))
    if kind == "flip":
        return anchor.T if anchor.ndim == 2 else -anchor if anchor.ndim == 0 else anchor[::-1]
    if kind == "int":
        return np.full(anchor.shape, data.draw(st.integers(-3, 2000)), dtype=float)
    return np.asarray(data.draw(st.lists(st.floats(-1e3, 1e3), min_size=anchor.size,
                                         max_size=anchor.size))).reshape(anchor.shape)


def random_givens(key, data):
    """Givens drawn at random where the check takes them from the notebook."""
    ints = st.integers(0, 40)
    name = key.split(".")[1]
    if name == "best_validation_iteration":
        losses = data.draw(st.lists(st.sampled_from([0.1, 0.2, 0.3, 0.4]), min_size=2,
                                    max_size=8))
        return (nnlib.History(losses=np.array(losses)[::-1].copy(),
                              validation_losses=np.array(losses)),)
    if name in ("most_confused", "most_confused_pair"):
        size = 3 if name == "most_confused" else 10
        return (np.array(data.draw(st.lists(ints, min_size=size * size, max_size=size * size)))
                .reshape(size, size),)
    if name == "sum_to_mean":
        return (data.draw(st.floats(0.1, 100)), np.zeros((data.draw(st.integers(1, 40)), 3)))
    if name == "batches_per_epoch":
        return (data.draw(st.integers(1, 3000)), data.draw(st.integers(1, 300)))
    return givens(key)


def structured(key, data, found):
    """Answers of the exercises whose answer is not a plain number or array."""
    name = key.split(".")[1]
    if name in ("most_confused", "most_confused_pair"):
        top = 3 if name == "most_confused" else 10
        return tuple(data.draw(st.integers(0, top - 1)) for _ in range(2))
    if name == "layer_shapes":
        shape = st.lists(st.integers(1, 6), min_size=1, max_size=2).map(tuple)
        return data.draw(st.lists(shape, min_size=4, max_size=4))
    if name == "separate_two_points":
        return (data.draw(st.lists(st.floats(-8, 8), min_size=2, max_size=2)),
                data.draw(st.floats(-8, 8)))
    if name == "best_validation_iteration":
        return data.draw(st.integers(-1, 9))
    if name == "gallery_causes":  # notebook 10: a cause named for each broken run
        causes = st.sampled_from([*n10.CAUSES, "no idea"])
        letters = data.draw(st.lists(st.sampled_from("ABCDEFG"), unique=True, max_size=7))
        return {letter: data.draw(causes) for letter in letters}
    anchors = [found.facts.get("expected")] + [
        m.wrong(found.facts) for m in VALUE_EXERCISES[key].mistakes if m.wrong is not None]
    anchors = [a for a in anchors if a is not None] or [1.0, 7.0, 60.0, 150.0]
    return transform(data.draw(st.sampled_from(anchors)), data)


@pytest.mark.parametrize("key", VALUE_EXERCISES)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_fallback_is_true_of_the_answer_it_describes(key, data):
    exercise = VALUE_EXERCISES[key]
    given_values = random_givens(key, data)
    example = {"xor_features": np.column_stack([n02.X_XOR, n02.X_XOR[:, 0]]),
               "symmetry_breaking_weights": np.zeros((2, 4)),
               "separate_two_points": ([0, 0], 0)}.get(key.split(".")[1], 0.5)
    found = exercise(example, *given_values)  # the facts: expected value and mistakes
    answer = structured(key, data, found)
    feedback = exercise(answer, *given_values)
    if feedback.mistake == exercise.fallback.key:
        assert exercise.fallback.when(feedback.facts), (answer, feedback)
    for mistake in exercise.mistakes:  # a mistake named is one the answer makes
        if feedback.mistake == mistake.key and mistake.when is not None:
            assert mistake.when(feedback.facts), (answer, feedback)


RIGHT = {"learning_rate_for_100_iterations": 10.0, "xor_learning_rate": 5.0}  # no reference


def right_number(key):
    """The exercise's right answer if it is one number, else None."""
    exercise, name = VALUE_EXERCISES[key], key.split(".")[1]
    value = RIGHT.get(name, exercise(0.5, *givens(key)).facts.get("expected"))
    if value is None or isinstance(value, list | tuple | dict) or np.size(value) != 1:
        return None
    return float(np.ravel(value)[0])


NUMBER_EXERCISES = [key for key in VALUE_EXERCISES if right_number(key) is not None]


def test_most_value_exercises_ask_for_one_number():
    assert len(NUMBER_EXERCISES) >= len(VALUE_EXERCISES) // 2, NUMBER_EXERCISES


@pytest.mark.parametrize("key", NUMBER_EXERCISES)
def test_every_number_exercise_accepts_its_number_in_every_numeric_form(key):
    exercise, name = VALUE_EXERCISES[key], key.split(".")[1]
    value = right_number(key)
    for form in (value, np.float64(value), np.array(value), [value], (value,),
                 np.array([[value]]), np.float32(value) if name != "sum_to_mean" else value):
        assert exercise(form, *givens(key)).passed, (form, exercise(form, *givens(key)))
