"""Self-checks for the notebooks' exercises.

Each check takes the learner's answer and returns a `Feedback`: whether it is right and, when it
is not, what is wrong and a hint. Checks never raise on a wrong answer; a learner's mistake is
feedback, not a traceback.
"""

from dataclasses import dataclass


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
