"""The grading engine: one `grade` runs every exercise of the course.

An exercise is data, an `Exercise`:

* ``reference`` - the right answer. For a value exercise (the learner assigns a number, an array,
  a tuple) a function of the facts ``f`` below; for a code exercise (the learner writes a
  function) a function with the learner's signature, usually nnlib's own code.
* ``cases`` - code exercises only: a function returning the argument tuples to call the
  learner's function with (small fixed ones and seeded random ones). Each call gets deep copies,
  so a function that changes its inputs cannot corrupt the check (that is reported instead).
* ``read`` - turns the answer (or the function's return value) into what is compared, or returns
  a `Feedback` on its format; ``same(got, want)`` compares (default `close()`).
* ``mistakes`` - the table of recognised mistakes, tried in order, each a `Mistake`: a key, the
  problem and the hint, and either ``wrong`` (a wrong implementation: the learner's output equals
  its output on every case; for a value exercise a function of the facts giving the wrong value)
  or ``when`` (a predicate on the facts).
* ``fallback`` - the message for every other wrong answer; its ``when`` states what the message
  claims, and the tests check over generated families of wrong answers that it holds.
* ``correct`` - the message for a right answer; ``accept(f)`` may replace "same as reference".
* code exercises only: ``call(function, args)`` runs the learner's function (default
  ``function(*args)``; returning None means "not written yet"), ``returns`` says in words what
  it returns, ``may_change`` names the arguments it is meant to modify (any other it modifies
  is reported). A mistake whose key starts with ``raises`` explains an exception (``f.error``).

Messages are ``str.format`` templates filled from the facts (``"you got {got:g}"``) or functions
of them. The facts ``f`` (a dict read as attributes) hold ``name`` (the answer variable),
``answer``, ``got`` (read), ``expected``, the givens passed to `grade` as keywords; for a code
exercise also ``runs`` (one `Run` per case), ``function`` and, when it raised, ``error`` facts.

Calling an exercise grades: ``checks.weighted_sum(answer_1)``, ``checks.my_backprop(my_backprop)``
(givens after the answer, named by ``givens``). `grade` never raises on a learner's answer: a
wrong answer, a wrong return value and an exception inside the learner's function are all
feedback. `use_yours` picks the learner's function once it passes. Adding an exercise adds a
table; see docs/writing_notebooks.md.
"""

import copy
import inspect
import linecache
import numbers
import re
import textwrap
import warnings
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Feedback:
    """The outcome of an exercise check; shown in the notebook as one or two lines of text.
    ``mistake`` names the table entry that answered; ``facts`` are what the engine saw."""

    passed: bool
    message: str
    mistake: str | None = field(default=None, compare=False)
    facts: Any = field(default=None, repr=False, compare=False)

    def __repr__(self):
        text = ("✅ Correct. " if self.passed else "❌ Not yet. ") + self.message
        return "\n".join(_wrap(line) for line in text.split("\n"))


WIDTH = 96  # characters: a notebook column shows 107 at 1280 x 800 (tests/test_notebooks.py)


def _wrap(line):
    """One line of feedback folded at WIDTH, continuation lines indented under its text (under
    "Hint: " for a hint), so that a long message reads as a paragraph instead of one line the
    notebook wraps at its edge."""
    if len(line) <= WIDTH:
        return line
    indent = len(line) - len(line.lstrip())
    hang = indent + (len("Hint: ") if line.lstrip().startswith("Hint: ") else 3 * (indent == 0))
    return textwrap.fill(line, WIDTH, subsequent_indent=" " * hang, break_long_words=False,
                         break_on_hyphens=False)


def correct(message):
    """Feedback for a right answer."""
    return Feedback(True, message)


def not_yet(problem, hint, mistake=None):
    """Feedback for a wrong answer: what is wrong, then a hint."""
    return Feedback(False, f"{problem}\n   Hint: {hint}", mistake)


def unanswered(what):
    """Feedback while the answer is still the placeholder None."""
    return not_yet(f"{what} is still None.", "replace None with your answer and run the cell.",
                   "unanswered")


class Facts(dict):
    """What a check knows about an answer, readable as attributes (``f.got``)."""

    def __getattr__(self, key):
        try:
            return self[key]
        except KeyError:
            raise AttributeError(key) from None

    __setattr__ = dict.__setitem__


@dataclass(frozen=True)
class Mistake:
    """A recognised mistake: `wrong` output (or `when` predicate), its problem and its hint."""

    key: str
    problem: Any  # str template or function of the facts
    hint: Any
    wrong: Any = None
    when: Any = None


@dataclass(frozen=True)
class Run:
    """One call of the learner's function: its arguments, what it returned (`out`, read as
    `got`) and what the reference returned (`want`); `changed`: arguments it modified."""

    case: tuple
    out: Any
    got: Any
    want: Any
    changed: tuple


@dataclass(frozen=True)
class Exercise:
    """An exercise as data; `grade` runs it (see the module docstring)."""

    name: str
    reference: Any
    correct: Any
    fallback: Mistake
    mistakes: tuple = ()
    read: Any = None
    same: Any = None
    accept: Any = None
    cases: Any = None  # code exercises: () -> list of argument tuples
    call: Any = None  # code exercises: (function, args) -> output; default function(*args)
    returns: str = ""  # code exercises: what the function returns, in words, for the feedback
    may_change: tuple = ()  # code exercises: arguments the function is meant to modify
    facts: Any = None  # f -> dict of extra facts for the messages
    givens: tuple = ()  # names of the givens the check takes after the answer, in order
    defaults: Any = None  # dict: default values of givens

    def __call__(self, answer, *givens, name=None, **named):
        """Grade `answer` (the notebook's check cell): `grade` with the givens by name."""
        values = {**(self.defaults or {}), **dict(zip(self.givens, givens, strict=False)),
                  **named}
        return grade(self, answer, name, **values)


def close(rtol=1e-6, atol=1e-12):
    """`same` for numbers and arrays: equal shapes and np.allclose; tuples compared item by item."""

    def same(got, want):
        if isinstance(want, tuple):
            return (isinstance(got, tuple) and len(got) == len(want)
                    and all(same(g, w) for g, w in zip(got, want, strict=True)))
        if isinstance(got, tuple) or got is None or want is None:
            return False
        got, want = np.asarray(got), np.asarray(want)
        return got.shape == want.shape and bool(np.allclose(got, want, rtol=rtol, atol=atol))

    return same


def say(message, f):
    """A message of a table (template or function) filled from the facts."""
    return message(f) if callable(message) else message.format_map(f)


def grade(exercise, answer, name=None, **givens):
    """Check `answer` (a value, or the learner's function) against `exercise`: a Feedback."""
    f = Facts(givens, name=name or exercise.name, answer=answer)
    if exercise.cases is not None:
        return _grade_code(exercise, answer, f)
    if answer is None:
        return unanswered(f.name)
    f.expected = exercise.reference(f)
    got = (exercise.read or read_numbers())(answer, f)
    if isinstance(got, Feedback):
        return replace(got, facts=f)
    f.got = got
    same = exercise.same or close()
    return _verdict(exercise, f, lambda m: same(got, m.wrong(f)),
                    lambda: same(got, f.expected))


def _verdict(exercise, f, matches, right):
    """Correct, the first mistake of the table that matches, or the fallback."""
    if exercise.facts:
        f.update(exercise.facts(f))
    if exercise.accept(f) if exercise.accept else right():
        return Feedback(True, say(exercise.correct, f), None, f)
    for mistake in (*exercise.mistakes, exercise.fallback):
        if mistake.key.startswith("raises"):  # explains an exception: see _error_feedback
            continue
        if mistake is exercise.fallback or (
            mistake.when(f) if mistake.when is not None else matches(mistake)
        ):
            message = f"{say(mistake.problem, f)}\n   Hint: {say(mistake.hint, f)}"
            return Feedback(False, message, mistake.key, f)
    raise AssertionError("unreachable")  # pragma: no cover


# --- code exercises ---------------------------------------------------------------------------


def _grade_code(exercise, function, f):
    label = f.name
    if not callable(function):
        return not_yet(f"{label} should be your function itself (its name, no brackets), got "
                       f"{describe(function)}.", f"define it with def, run its cell, and pass the "
                       f"function: checks.{label}({label}).", "not_a_function")
    f.function, f.label = function, getattr(function, "__name__", label)
    read, same = exercise.read or (lambda out, f: out), exercise.same or close()
    call = exercise.call or (lambda fn, args: fn(*args))
    names = list(inspect.signature(exercise.reference).parameters)
    runs = []
    for case in exercise.cases():
        args = copy.deepcopy(case)
        try:
            with _quiet():
                out = call(function, args)
        except Exception as error:  # the learner's bug is feedback, not a traceback
            return _error_feedback(exercise, call, error, f, names, args, case)
        if out is None:  # (`call` returns None for a function that changed nothing)
            done = ("changed nothing" if exercise.may_change else "returned None")
            return not_yet(f"{f.label} {done}: its body is not written yet"
                           + ("." if exercise.may_change else " (or it has no return)."),
                           f"write the body ({'it ' if exercise.may_change else 'it returns '}"
                           f"{exercise.returns}), then run the function's cell and this check "
                           "again.", "not_written")
        with _quiet():
            want = read(call(exercise.reference, copy.deepcopy(case)), f)
        got = read(out, f)
        if isinstance(got, Feedback):
            return got
        changed = tuple(name for name, before, after in zip(names, case, args, strict=False)
                        if name not in exercise.may_change and not _equal(before, after))
        runs.append(Run(case, out, got, want, changed))
    f.runs = runs
    f.changed = sorted({name for run in runs for name in run.changed})

    def matches(mistake):
        with _quiet():
            return all(same(run.got, read(call(mistake.wrong, copy.deepcopy(run.case)), f))
                       for run in runs)

    feedback = _verdict(exercise, f, matches, lambda: all(same(r.got, r.want) for r in runs))
    if feedback.passed and f.changed:
        return not_yet(
            f"{f.label} returns the right result, but it also changes its argument(s) "
            f"{', '.join(f.changed)} in place, so the caller's arrays are not what they were.",
            "compute new arrays instead of modifying the given ones: write "
            "weights = weights - ..., not weights -= ... (or start from weights.copy()).",
            "changes_inputs")
    return feedback


def _error_feedback(exercise, call, error, f, names, args, case):
    """The exception, the line of the learner's function, and the shapes there and expected."""
    code, line, frame = getattr(f.function, "__code__", None), None, None
    trace = error.__traceback__
    while trace is not None:
        if trace.tb_frame.f_code is code:
            frame, line = trace.tb_frame, trace.tb_lineno
        trace = trace.tb_next
    where = ""
    if frame is not None:
        source = linecache.getline(code.co_filename, line).strip()
        where = f"\n   at line {line - code.co_firstlineno + 1} of {f.label}: {source}"
        local = [f"{word} {_shape(frame.f_locals[word])}"
                 for word in dict.fromkeys(re.findall(r"[A-Za-z_]\w*", source))
                 if word in frame.f_locals and _shape(frame.f_locals[word])]
        if local:
            where += f"\n   there: {', '.join(local)}"
    received = ", ".join(f"{n} {_shape(a) or (a if isinstance(a, float | int) else describe(a))}"
                         for n, a in zip(names, args, strict=False))
    with _quiet():
        want = call(exercise.reference, copy.deepcopy(case))
    shapes = _shape(want) or describe(want)
    f.error, f.error_line = error, where
    problem = (f"{f.label} raised {type(error).__name__}: {error}{where}\n   It was called with "
               f"{received}, and should return {exercise.returns} {shapes}.")
    for mistake in exercise.mistakes:
        if mistake.key.startswith("raises") and mistake.when(f):
            return not_yet(f"{problem}\n   {say(mistake.problem, f)}", say(mistake.hint, f),
                           mistake.key)
    if "matmul" in str(error):  # the most common one: a missing or misplaced transpose
        return not_yet(problem, "in A @ B the columns of A must match the rows of B: write each "
                       "array's shape beside it on that line; one of them probably needs a .T "
                       "(or the factors are the wrong way round).", "raises_matmul")
    return not_yet(problem, "print the shapes of the arrays on that line (x.shape) and compare "
                   "them with the shapes in the function's docstring.", "raises")


def _shape(value):
    """'(4, 2)' for an array, '[(2, 3), (3,)]' for a tuple or list of arrays; '' otherwise."""
    if isinstance(value, np.ndarray):
        return str(value.shape)
    if isinstance(value, list | tuple) and value and all(isinstance(v, np.ndarray) for v in value):
        return "(" + ", ".join(str(v.shape) for v in value) + ")"
    return ""


def _equal(before, after):
    """True if an argument is unchanged by the call (arrays by value, objects by their dict)."""
    if isinstance(before, np.ndarray):
        return isinstance(after, np.ndarray) and np.array_equal(before, after, equal_nan=True)
    if isinstance(before, list | tuple):
        return (type(before) is type(after) and len(before) == len(after)
                and all(_equal(b, a) for b, a in zip(before, after, strict=True)))
    if isinstance(before, np.random.Generator | numbers.Number | str | type(None)):
        return True  # a generator is meant to advance; plain values cannot change
    try:
        return _equal(list(vars(before).values()), list(vars(after).values()))
    except TypeError:  # no __dict__: nothing the check can compare
        return True


class _quiet(warnings.catch_warnings):
    """No numpy warning from the learner's code reaches the notebook: the feedback explains."""

    def __enter__(self):
        super().__enter__()
        warnings.simplefilter("ignore")
        self._errstate = np.errstate(all="ignore")
        self._errstate.__enter__()

    def __exit__(self, *exc):
        self._errstate.__exit__(*exc)
        return super().__exit__(*exc)


def wrong_parts(f, names):
    """Facts for a code exercise whose function returns several parts (`names`): ``run``, the
    first run whose output differs from the reference's (else the first), and ``wrong``, the
    names of its parts that differ."""
    same = close()
    run = next((r for r in f.runs if not same(r.got, r.want)), f.runs[0])
    wrong = [name for name, got, want in zip(names, run.got, run.want, strict=True)
             if not same(got, want)]
    return dict(run=run, wrong=wrong)


def use_yours(exercise, function, fallback, what):
    """`function` if it passes `exercise`, else `fallback`; prints which one will run."""
    if callable(function) and grade(exercise, function).passed:
        print(f"Using your {what}: it passes its check.")
        return function
    print(f"Using nnlib's {what}: yours does not pass its check yet (the check cell above says "
          "why).")
    return fallback


# --- reading answers --------------------------------------------------------------------------


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
    kind = type(answer).__name__
    return f"{'an' if kind[0] in 'aeiou' else 'a'} {kind} ({answer!r})"


def as_numbers(answer, name="answer", finite=True):
    """The answer as a float array of any shape, or a Feedback saying why it is not numbers.

    Returns (array, None) or (None, feedback). Text, True / False, ragged lists and complex
    numbers are not numbers; NaN and infinity are refused too unless ``finite=False``.
    """
    hint = "compute it with numpy and assign the array (or number) itself, without quotes."
    if answer is None or isinstance(answer, str | bytes | bool | np.bool_):
        return None, not_yet(f"{name} should be numbers, but it is {describe(answer)}.", hint,
                             "not_numbers")
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
            "not_numbers",
        )
    array = array.astype(float)
    if finite and not np.all(np.isfinite(array)):
        return None, not_yet(
            f"{name} contains NaN or infinite values: {np.round(array, 4).tolist()}.",
            "check each step of your computation on its own; print the pieces.",
            "not_finite",
        )
    return array, None


def read_number(problem, hint):
    """`read` for one number: a float, or Feedback with `problem` and `hint` (templates that may
    use {described}, the few words `describe` says about the answer)."""

    def read(answer, f):
        value = as_number(answer)
        if value is None:
            f.described = describe(answer)
            return not_yet(say(problem, f), say(hint, f), "not_a_number")
        return value

    return read


def read_numbers(finite=True, flat=False):
    """`read` for numbers of any shape: a float array (flattened if `flat`: a row, a column and a
    list of the same numbers read alike), or as_numbers' Feedback."""

    def read(answer, f):
        array, problem = as_numbers(answer, f.name, finite)
        return problem if problem is not None else array.ravel() if flat else array

    return read


def read_arrays(names, hint):
    """`read` for a function that returns one array per name: a tuple of float arrays, or
    Feedback on the first part that is not one (NaN and infinity pass: the mistakes explain)."""
    count = ("two", "three", "four", "five", "six")[len(names) - 2]

    def read(out, f):
        if not isinstance(out, list | tuple) or len(out) != len(names):
            return not_yet(f"{f.label} should return {count} arrays ({', '.join(names)}), got "
                           f"{describe(out)}.", hint, "returns")
        arrays = [as_numbers(part, name, finite=False) for name, part in zip(names, out,
                                                                              strict=True)]
        problem = next((problem for _, problem in arrays if problem is not None), None)
        return problem or tuple(array for array, _ in arrays)

    return read
