"""What a training run leaves behind: the loss after every iteration."""

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, repr=False, eq=False)
class History:
    """Losses recorded by ``train``: one per iteration, measured before that iteration's update.

    losses : array of shape (iterations,).
    validation_losses : array of shape (iterations,), or None when no validation data was given.
    """

    losses: np.ndarray
    validation_losses: np.ndarray | None = None

    def __len__(self):
        return len(self.losses)

    def __repr__(self):
        text = (
            f"History(iterations={len(self)}, first_loss={self.losses[0]:.4g}, "
            f"final_loss={self.losses[-1]:.4g}"
        )
        if self.validation_losses is not None:
            text += f", final_validation_loss={self.validation_losses[-1]:.4g}"
        return text + ")"


def check_callback(callback, callback_every):
    """Validate the optional progress callback used by the ``train`` methods."""
    if callback is not None and not callable(callback):
        raise TypeError(
            f"callback must be a function callback(iteration, losses), got {callback!r}"
        )
    if (
        isinstance(callback_every, bool)
        or not isinstance(callback_every, int)
        or callback_every < 1
    ):
        raise ValueError(f"callback_every must be a whole number >= 1, got {callback_every!r}")
