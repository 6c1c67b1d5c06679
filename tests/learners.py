"""Learners' functions for the tests of code exercises: typed as in a notebook cell (so the
engine finds their lines), and mutants that each make exactly one mistake."""

import linecache

import numpy as np

import nnlib


def learner(source, name):
    """The function `name` defined by `source`, compiled as a notebook cell is: linecache holds
    the cell's text, as IPython's does, so tracebacks and the engine can quote its lines."""
    filename = f"<cell-{abs(hash(source))}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    namespace = {"np": np, "nnlib": nnlib}
    exec(compile(source, filename, "exec"), namespace)
    return namespace[name]


def mutant(source, name, changes):
    """`source` with each text `old` of `changes` {old: new} replaced by `new` (every time it
    occurs): one mistake, or one other correct form, made on purpose."""
    for old, new in changes.items():
        assert old in source, old
        source = source.replace(old, new)
    return learner(source, name)


def unwritten(source):
    """The changes that leave `source`'s function as its starter cell has it: a docstring only."""
    return {source[source.index("\n") + 1:]: '    """Your code here."""\n'}


def text(feedback):
    """The feedback as the learner reads it, its folded lines joined again."""
    return " ".join(repr(feedback).split())


def says(feedback, *parts, passed=False, hint=""):
    """Assert the verdict (a "Not yet." always has a hint), that the feedback says `parts` and
    that its hint says `hint`."""
    shown = text(feedback)
    assert feedback.passed == passed != ("Hint: " in shown), shown
    assert all(part in shown for part in parts) and hint in shown.partition("Hint: ")[2], shown


def judged(feedback, key):
    """Assert that `feedback` names the mistake `key` ("correct": that it passed)."""
    assert ("correct" if feedback.passed else feedback.mistake) == key, feedback.message
    assert feedback.passed or "Hint: " in feedback.message
