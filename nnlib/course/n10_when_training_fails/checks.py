"""Exercises of notebook 10 (when training fails), as data for `nnlib.course.feedback.grade`.

Exercise 3 (fix a broken training function) is notebook 07's train_epoch exercise: the same
function, checked the same way, so it lives in one place.
"""

import math
import re
from dataclasses import replace

import numpy as np

from nnlib import diagnostics
from nnlib.course.feedback import (
    Exercise,
    Mistake,
    close,
    describe,
    not_yet,
    read_number,
    read_numbers,
)
from nnlib.course.n07_handwritten_digits import checks as n07_checks
from nnlib.course.n10_when_training_fails import checklist
from nnlib.gradcheck import numerical_gradient

# --- Exercise 1: the loss before training, for START_CLASSES classes --------------------------
# log(26) = 3.2581; typed in as 3.258 or 3.26 it is right too, and every slip below is further
# than START_TOLERANCE away, so each keeps its own explanation.
START_CLASSES = 26  # the letters of the alphabet
START_TOLERANCE = 0.005


def _read_loss(answer, f):
    value = read_number("{name} should be one number (a loss), but it is {described}.",
                        "compute it with np.log or math.log and store the number in {name}.")(
        answer, f)
    if isinstance(value, float) and not math.isfinite(value):
        return not_yet(f"{f.name} is {value}, not a loss.", "compute it with np.log or "
                       f"math.log and store the number in {f.name}.", "not_finite")
    return value


start_loss = Exercise(
    name="answer_1",
    reference=lambda f: math.log(f.n_classes),
    read=_read_loss,
    same=close(rtol=0, atol=START_TOLERANCE),
    givens=("n_classes",),
    defaults={"n_classes": START_CLASSES},
    correct="-log(1/{n_classes}) = log({n_classes}) = {expected:.4f}: an untrained network that "
    "gives each of the {n_classes} classes probability 1/{n_classes} scores this; a first loss "
    "far from it is a warning.",
    mistakes=(
        Mistake("log10", "{got:.4f} is log10({n_classes}), the logarithm to base 10.",
                "the cross-entropy uses the natural logarithm: np.log or math.log.",
                wrong=lambda f: math.log10(f.n_classes)),
        Mistake("log2", "{got:.4f} is log2({n_classes}), the logarithm to base 2.",
                "the cross-entropy uses the natural logarithm: np.log or math.log.",
                wrong=lambda f: math.log2(f.n_classes)),
        Mistake("sign", "{got:.4f} is log(1/{n_classes}): a loss is -log of a probability, so "
                "it is positive.", "flip the sign: -log(1/{n_classes}) = log({n_classes}).",
                wrong=lambda f: -math.log(f.n_classes)),
        Mistake("probability", "{got:.4f} is 1/{n_classes}, the probability of each class, not "
                "the loss.", "the loss of one image is -log(probability of its right class).",
                wrong=lambda f: 1 / f.n_classes),
        Mistake("digits", "{got:.4f} is log(10), the loss to expect for the TEN digits.",
                "count the classes of this task: {n_classes}.",
                wrong=lambda f: math.log(10)),
        Mistake("classes", "{got:g} is the number of classes itself.", "the loss is -log of "
                "the probability each class gets: 1/{n_classes}.",
                wrong=lambda f: float(f.n_classes)),
    ),
    fallback=Mistake("fallback", "{got:g} is not what an untrained network that gives each of "
                     "the {n_classes} classes the same probability scores.", "each class gets "
                     "probability 1/{n_classes}; the loss is -log of the right class's.",
                     when=lambda f: abs(f.got - f.expected) > START_TOLERANCE),
)


# --- Exercise 2: the cause of each broken run of the gallery ----------------------------------

CAUSES = ("learning rate too high", "learning rate too low", "inputs not scaled",
          "wrong labels", "bad initialisation", "wrong gradient")
GALLERY_CAUSES = {"A": "learning rate too high", "B": "learning rate too low",
                  "C": "inputs not scaled", "D": "wrong labels", "E": "bad initialisation",
                  "F": "wrong gradient"}
# Other ways to say the same cause (compared in lower case, "_" and "-" read as spaces).
SYNONYMS = {
    "learning rate too high": ("lr too high", "too high learning rate", "learning rate too big",
                               "learning rate too large", "too large learning rate"),
    "learning rate too low": ("lr too low", "too low learning rate", "learning rate too small",
                              "too small learning rate"),
    "inputs not scaled": ("unscaled inputs", "inputs unscaled", "input not scaled",
                          "inputs not normalised", "inputs not normalized"),
    "wrong labels": ("labels wrong", "labels shuffled", "shuffled labels", "bad labels"),
    "bad initialisation": ("bad initialization", "bad init", "wrong initialisation",
                           "wrong initialization"),
    "wrong gradient": ("wrong gradients", "gradient wrong", "wrong backward pass",
                       "wrong backpropagation", "bug in the gradient"),
}
# What the checklist shows of each run, in the notebook's words: true whatever was answered.
GALLERY_CLUES = {
    "A": "its inputs and first loss are fine, but its first step moves the weights by more "
         "than the sensible share, and after training every hidden unit is dead",
    "B": "its inputs and first loss are fine and no unit dies, but a step moves the weights "
         "by less than the sensible share, and it cannot even fit one small batch",
    "C": "training looks healthy, but its VALIDATION inputs go from 0 to 16 while its "
         "training inputs go from 0 to 1",
    "D": "every step passes but the last: the training loss falls as in a healthy run, yet "
         "the validation accuracy is far below chance",
    "E": "its inputs are scaled, yet its loss at the start is far above log 10; it trains "
         "afterwards, slowly",
    "F": "it trains as well as the healthy run, but its gradients disagree with central "
         "differences",
}
# Confusions worth a word of their own: (run, the cause named) -> hint.
GALLERY_MISTAKES = {
    ("A", "inputs not scaled"): "run A's inputs go from 0 to 1 in both parts: the inputs step "
                                "passes.",
    ("A", "bad initialisation"): "run A's loss at the start is the healthy 2.3742: its "
                                 "starting weights are fine.",
    ("B", "wrong gradient"): "run B's gradient check passes: its gradients are right.",
    ("C", "wrong labels"): "run C gets over 90 % of the validation images right: its labels "
                           "are fine.",
    ("D", "learning rate too low"): "run D's update ratio is in the sensible range and it "
                                    "fits one batch: its steps are not too small.",
    ("E", "inputs not scaled"): "run E's inputs go from 0 to 1 in both parts.",
    ("E", "learning rate too high"): "run E's update ratio is in the sensible range.",
    ("F", "learning rate too high"): "run F's update ratio is in the sensible range.",
}


def cause(text):
    """The cause `text` names, as one of CAUSES, or None."""
    if not isinstance(text, str):
        return None
    words = " ".join(re.sub(r"[_\-]", " ", text).lower().split()).strip(" .!")
    for name in CAUSES:
        if words == name or words in SYNONYMS[name]:
            return name
    return None


def _read_causes(answer, f):
    """{letter: cause} from a dict (any case of the letters) or a list of six causes, A to F;
    or Feedback on its form."""
    letters = list(GALLERY_CAUSES)
    if isinstance(answer, list | tuple) and len(answer) == len(letters):
        answer = dict(zip(letters, answer, strict=True))
    if not isinstance(answer, dict):
        return not_yet(f"{f.name} should be a dict from run letter to cause, but it is "
                       f"{describe(answer)}.", f'write {f.name} = {{"A": "...", "B": "...", '
                       '...}, one cause per run.', "not_a_dict")
    answer = {str(key).strip().upper(): value for key, value in answer.items()}
    missing = [letter for letter in letters if letter not in answer]
    if missing:
        return not_yet(f"{f.name} names no cause for run{'s' if len(missing) > 1 else ''} "
                       f"{', '.join(missing)}.", "give a cause for each of the runs A to F.",
                       "missing")
    unknown = [letter for letter in letters if cause(answer[letter]) is None]
    if unknown:
        return not_yet(f"{f.name}[{unknown[0]!r}] is {answer[unknown[0]]!r}, which is not one "
                       "of the causes listed.", f"copy one of checks.CAUSES: "
                       f"{', '.join(CAUSES)}.", "unknown_cause")
    return {letter: cause(answer[letter]) for letter in letters}


def _gallery_facts(f):
    wrong = [letter for letter in GALLERY_CAUSES if f.got[letter] != GALLERY_CAUSES[letter]]
    first = wrong[0] if wrong else None
    others = (f" (nor run{'s' if len(wrong) > 2 else ''} {', '.join(wrong[1:])})"
              if len(wrong) > 1 else "")
    return dict(wrong=wrong, letter=first, named=f.got[first] if first else None,
                right=len(GALLERY_CAUSES) - len(wrong), others=others,
                clue=GALLERY_CLUES.get(first, ""))


_NOT_THIS = "{right} of 6 right. Run {letter} is not '{named}'{others}."
gallery_causes = Exercise(
    name="answer_2",
    reference=lambda f: dict(GALLERY_CAUSES),
    read=_read_causes,
    same=lambda got, want: got == want,
    facts=_gallery_facts,
    correct="all six. Each broken run failed the checklist in its own way, and the steps it "
    "failed point at the cause.",
    mistakes=(
        Mistake("confused", _NOT_THIS, lambda f: GALLERY_MISTAKES[f.letter, f.named],
                when=lambda f: (f.letter, f.named) in GALLERY_MISTAKES),
    ),
    fallback=Mistake("fallback", _NOT_THIS, "run {letter}'s checklist: {clue}. Which cause "
                     "does that?", when=lambda f: f.letter is not None
                     and f.named != GALLERY_CAUSES[f.letter]),
)


# --- Exercise 3: fix a broken training function (notebook 07's train_epoch exercise) ----------

fixed_train_epoch = replace(
    n07_checks.train_epoch, name="fixed_train_epoch",
    correct="both bugs fixed: the update reaches the network's own arrays, X and y are "
    "shuffled together by rng, every sample is used once per epoch in batches of batch_size "
    "(the last one smaller), one step after each batch.")


# --- Exercise 4: the backward pass of a centring layer, out = z - mean(z over the batch) ------

CENTRE_SHAPES = ((6, 3), (2, 5), (9, 1))  # the check's upstream gradients d_out
CENTRE_TOLERANCE = 1e-6  # relative error against central differences


def centre_forward(z):
    """The layer: each column of z (n_samples, units) minus its mean over the batch."""
    return z - z.mean(axis=0)


def centre_backward_reference(d_out):
    """dL/dz from dL/dout (n_samples, units): every z_i also moves its column's mean, so each
    row loses the column's mean of d_out."""
    return d_out - d_out.mean(axis=0)


def centre_cases():
    """The upstream gradients d_out the check tries: seeded, one of each shape in
    CENTRE_SHAPES."""
    rng = np.random.default_rng(4)
    return [(rng.normal(size=shape),) for shape in CENTRE_SHAPES]


def _numerical_dz(d_out):
    """dL/dz of L = sum(centre_forward(z) * d_out) by central differences, at a seeded z."""
    z = np.random.default_rng(5).normal(size=d_out.shape)
    return numerical_gradient(lambda z: float(np.sum(centre_forward(z) * d_out)), z)


def _centre_facts(f):
    """The gradient check of the learner's dz on every case (inf where the shape is wrong)."""
    errors = [diagnostics.relative_error(run.got, _numerical_dz(run.case[0]))
              if np.shape(run.got) == run.case[0].shape else math.inf for run in f.runs]
    return dict(errors=errors, worst=max(errors), shown=checklist.shown_error(max(errors)),
                shapes=", ".join(str(run.case[0].shape) for run in f.runs),
                wrong_shape=next((run for run in f.runs
                                  if np.shape(run.got) != run.case[0].shape), None))


centre_backward = Exercise(
    name="centre_backward",
    reference=centre_backward_reference,
    cases=centre_cases,
    read=read_numbers(),
    returns="dz, the shape of d_out",
    facts=_centre_facts,
    accept=lambda f: f.worst <= CENTRE_TOLERANCE,  # judged by the gradient check itself
    correct="the gradient check agrees (largest relative error {shown}, below 1e-06) on "
    "upstream gradients of shapes {shapes}.",
    mistakes=(
        Mistake("shape", lambda f: f"for d_out of shape {f.wrong_shape.case[0].shape} your "
                f"function returns shape {np.shape(f.wrong_shape.got)}; dz must have the shape "
                "of z.", "subtract a (units,) row of means from d_out: numpy broadcasts it down "
                "the rows.", when=lambda f: f.wrong_shape is not None),
        Mistake("mean_constant", "your dz is d_out itself: it treats the mean as a constant, but "
                "every z_i moves the mean too.", "add the path through the mean: each z_i "
                "changes mean(z) by 1/n.", wrong=lambda d_out: d_out.copy()),
        Mistake("own_output_only", "your dz keeps only each z_i's effect on ITS OWN output "
                "(1 - 1/n); but z_i moves the mean, and so every output of its column.",
                "sum the paths over all outputs j of the column: d_out_i - mean_j(d_out_j).",
                wrong=lambda d_out: d_out * (1 - 1 / len(d_out))),
        Mistake("row_means", "your dz subtracts each ROW's mean; the layer centres each COLUMN "
                "(unit) over the batch.", "take the mean over the samples: d_out.mean(axis=0).",
                wrong=lambda d_out: d_out - d_out.mean(axis=1, keepdims=True)),
        Mistake("overall_mean", "your dz subtracts the mean over ALL entries; each column has "
                "its own mean.", "take the mean over the samples only: d_out.mean(axis=0).",
                wrong=lambda d_out: d_out - d_out.mean()),
        Mistake("sums", "your dz subtracts the column SUMS: each z_i moves the mean by only 1/n "
                "of its change.", "divide by the number of samples: d_out.mean(axis=0).",
                wrong=lambda d_out: d_out - d_out.sum(axis=0)),
        Mistake("sign", "your dz ADDS the column means: raising z_i raises the mean, which "
                "LOWERS every output of the column.", "subtract it: d_out - d_out.mean(axis=0).",
                wrong=lambda d_out: d_out + d_out.mean(axis=0)),
    ),
    fallback=Mistake("fallback", "your dz is off from central differences: largest relative "
                     "error {shown} (it must be below 1e-06).", "each z_i reaches the loss "
                     "through its own output and through the mean of its column.",
                     when=lambda f: f.worst > CENTRE_TOLERANCE),
)
