"""Self-checks for the notebooks' exercises.

Each check takes the learner's answer and returns a `Feedback`: whether it is right and, when it
is not, what is wrong and a hint. Checks never raise on a wrong answer; a learner's mistake is
feedback, not a traceback.
"""

import numbers
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Feedback:
    """The outcome of an exercise check; shown in the notebook as one or two lines of text."""

    passed: bool
    message: str

    def __repr__(self):
        return ("✅ Correct. " if self.passed else "❌ Not yet. ") + self.message


def correct(message):
    """Feedback for a right answer."""
    return Feedback(True, message)


def not_yet(problem, hint):
    """Feedback for a wrong answer: what is wrong, then a hint."""
    return Feedback(False, f"{problem}\n   Hint: {hint}")


def unanswered(what):
    """Feedback while the answer is still the placeholder None."""
    return not_yet(f"{what} is still None.", "replace None with your answer and run the cell.")


def as_number(answer):
    """The answer as a float if it is one real number, else None.

    A number in a one-element list or array counts too (``[0.5]``, ``np.array([[0.5]])``): numpy
    often hands a single result back that way, and the value is what a check judges.
    """
    if answer is None or isinstance(answer, bool | np.bool_ | str | bytes):
        return None
    if isinstance(answer, numbers.Real):
        return float(answer)
    if isinstance(answer, list | tuple | np.ndarray):
        try:
            array = np.asarray(answer)
        except ValueError:  # ragged nested lists
            return None
        real = np.issubdtype(array.dtype, np.integer) or np.issubdtype(array.dtype, np.floating)
        if real and array.size == 1:
            return float(array.ravel()[0])
    return None


def describe(answer):
    """A few words on what the answer is, for feedback such as "but it is a list of 3 items"."""
    if isinstance(answer, np.ndarray):
        return f"an array of shape {answer.shape}"
    if isinstance(answer, list | tuple):
        return f"a {type(answer).__name__} of {len(answer)} items"
    return f"a {type(answer).__name__} ({answer!r})"


def as_numbers(answer, name="answer", finite=True):
    """The answer as a float array of any shape, or a Feedback saying why it is not numbers.

    Returns (array, None) or (None, feedback). Text, True / False, ragged lists and complex
    numbers are not numbers; NaN and infinity are refused too unless ``finite=False``.
    """
    hint = "compute it with numpy and assign the array (or number) itself, without quotes."
    if answer is None or isinstance(answer, str | bytes | bool | np.bool_):
        return None, not_yet(f"{name} should be numbers, but it is {describe(answer)}.", hint)
    try:
        array = np.asarray(answer)
    except ValueError:  # ragged nested lists
        array = np.asarray(None)
    real = np.issubdtype(array.dtype, np.integer) or np.issubdtype(array.dtype, np.floating)
    if not real:
        return None, not_yet(
            f"{name} should be numbers, but numpy reads it as {array.dtype} values "
            f"({describe(answer)}).",
            "every row needs the same length, and every entry must be a real number.",
        )
    array = array.astype(float)
    if finite and not np.all(np.isfinite(array)):
        return None, not_yet(
            f"{name} contains NaN or infinite values: {np.round(array, 4).tolist()}.",
            "check each step of your computation on its own; print the pieces.",
        )
    return array, None
