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
    """The answer as a float, or None if it is not a single real number."""
    if isinstance(answer, bool | str | bytes):
        return None
    if isinstance(answer, numbers.Real):
        return float(answer)
    if isinstance(answer, np.ndarray) and answer.ndim == 0 and np.isrealobj(answer):
        if np.issubdtype(answer.dtype, np.number):
            return float(answer)
    return None


def describe(answer):
    """A few words on what the answer is, for feedback such as "but it is a list of 3 items"."""
    if isinstance(answer, np.ndarray):
        return f"an array of shape {answer.shape}"
    if isinstance(answer, list | tuple):
        return f"a {type(answer).__name__} of {len(answer)} items"
    return f"a {type(answer).__name__} ({answer!r})"
