"""What a training run leaves behind: the loss after every iteration (or epoch)."""

from dataclasses import dataclass

import numpy as np

from nnlib.validation import as_array, check_count, check_finite


@dataclass(frozen=True, repr=False, eq=False)
class History:
    """Losses recorded by ``train`` (one per iteration, measured before that iteration's update)
    or ``train_minibatch`` (one per epoch, over the whole data after that epoch's steps).

    losses : array of shape (iterations,) or (epochs,).
    validation_losses : array of the same shape, or None when no validation data was given.
    step_losses : mini-batch training only, one per step: that batch's loss before its update.
    """

    losses: np.ndarray
    validation_losses: np.ndarray | None = None
    step_losses: np.ndarray | None = None

    def __post_init__(self):
        # a frozen dataclass stores its checked arrays once, here, through object.__setattr__
        object.__setattr__(self, "losses", _as_losses(self.losses, "losses"))
        if self.validation_losses is not None:
            validation = _as_losses(self.validation_losses, "validation_losses", self.losses.shape)
            object.__setattr__(self, "validation_losses", validation)
        if self.step_losses is not None:
            object.__setattr__(self, "step_losses", _as_losses(self.step_losses, "step_losses"))

    def __len__(self):
        return len(self.losses)

    def __repr__(self):
        count = "iterations" if self.step_losses is None else "epochs"
        text = (
            f"History({count}={len(self)}, first_loss={self.losses[0]:.4g}, "
            f"final_loss={self.losses[-1]:.4g}"
        )
        if self.validation_losses is not None:
            text += f", final_validation_loss={self.validation_losses[-1]:.4g}"
        return text + ")"


def _as_losses(losses, name, shape=None):
    losses = as_array(losses, f"History.{name}")
    if losses.ndim != 1 or (shape is not None and losses.shape != shape):
        expected = "(iterations,)" if shape is None else shape
        raise ValueError(
            f"History.{name} must be 1-D with one loss per iteration, shape {expected}, "
            f"got shape {losses.shape}"
        )
    return losses


def check_callback(callback, callback_every):
    """Validate the optional progress callback used by the ``train`` methods."""
    if callback is not None and not callable(callback):
        raise TypeError(
            f"callback must be a function callback(iteration, losses), got {callback!r}"
        )
    check_count(callback_every, "callback_every")


def diverged(what, value, iteration, learning_rate):
    """The error for a training run whose `what` (e.g. "loss") overflowed to `value`."""
    return ValueError(
        f"training overflowed: the {what} became {value} at iteration {iteration}, beyond "
        f"float64's range (about 1.8e308); use a smaller learning_rate (got "
        f"{learning_rate:g}) or scale X and y to values near 1"
    )


def check_trained(parameters, learning_rate):
    """Raise if training left a weight or bias inf or NaN: one array check after the loop."""
    for parameter in parameters:
        check_finite(parameter, "training", f"use a smaller learning_rate (got {learning_rate:g})")
