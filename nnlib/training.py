"""What a training run leaves behind (the losses it measured) and its shared checks."""

from dataclasses import dataclass
from math import isfinite

import numpy as np

from nnlib.validation import as_array, check_count, check_finite


@dataclass(frozen=True, repr=False, eq=False)
class History:
    """Losses recorded by ``train`` (one per iteration) or ``train_minibatch`` (one per epoch,
    over the whole data), each measured before that iteration's or epoch's updates.
    losses : (iterations,) or (epochs,); validation_losses : the same shape, or None.
    step_losses : mini-batch training only, one per step: that batch's loss before its update.
    """

    losses: np.ndarray
    validation_losses: np.ndarray | None = None
    step_losses: np.ndarray | None = None

    def __post_init__(self):
        # a frozen dataclass stores its checked arrays once, here, through object.__setattr__
        object.__setattr__(self, "losses", _as_losses(self.losses, "losses"))
        for name, shape in (("validation_losses", self.losses.shape), ("step_losses", None)):
            if getattr(self, name) is not None:
                object.__setattr__(self, name, _as_losses(getattr(self, name), name, shape))

    def __len__(self):
        return len(self.losses)

    def __repr__(self):
        count = "iterations" if self.step_losses is None else "epochs"
        text = (f"History({count}={len(self)}, first_loss={self.losses[0]:.4g}, "
                f"final_loss={self.losses[-1]:.4g}")
        if self.validation_losses is not None:
            text += f", final_validation_loss={self.validation_losses[-1]:.4g}"
        return text + ")"


def _as_losses(losses, name, shape=None):
    losses = as_array(losses, f"History.{name}")
    if losses.ndim != 1 or (shape is not None and losses.shape != shape):
        expected = "(iterations,)" if shape is None else shape
        raise ValueError(f"History.{name} must be 1-D with one loss per iteration, shape "
                         f"{expected}, got shape {losses.shape}")
    return losses


def check_callback(callback, callback_every):
    """Validate the optional progress callback used by the ``train`` methods."""
    if callback is not None and not callable(callback):
        raise TypeError(f"callback must be a function callback(iteration, losses), got "
                        f"{callback!r}")
    check_count(callback_every, "callback_every")


def check_loss(loss, what, step, learning_rate):
    """Return the `what` ("training" or "validation") loss before 0-based `step`, or raise."""
    if not isfinite(loss):
        raise ValueError(f"training overflowed: the {what} loss became {loss} at iteration "
                         f"{step + 1}, beyond float64's range (about 1.8e308); use a smaller "
                         f"learning_rate (got {learning_rate:g}) or scale X and y to values near 1")
    return loss


def check_trained(parameters, learning_rate):
    """Raise if training left a weight or bias inf or NaN: one array check after the loop."""
    for parameter in parameters:
        check_finite(parameter, "training", f"use a smaller learning_rate (got {learning_rate:g})")
