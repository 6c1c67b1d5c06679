"""Regularisation for mini-batch training: L2 weight decay and (inverted) dropout.

Weight decay adds weight_decay / 2 * (the sum of every weight squared) to the loss trained, so
every step also pulls each weight towards 0 by weight_decay * w (its gradient); the biases are
left out. Dropout switches each hidden unit off (its output set to 0) for one sample in one
training step with probability `dropout`, and scales the units left on by 1 / (1 - dropout), so
that the next layer gets the same input on average; evaluating the network uses every unit.
Notebook 09 derives both. Loaded on use: ``import nnlib`` does not import it.
"""

import numpy as np

from nnlib.optimisers import GradientDescent, as_optimiser
from nnlib.validation import as_array, is_real_number


def l2_penalty(weights, weight_decay):
    """The L2 term weight_decay / 2 * sum of every weight squared, a float.

    weights : a list of weight arrays (a network's ``weights``; its biases are not part of it).
    """
    weight_decay = check_weight_decay(weight_decay)
    if not isinstance(weights, list | tuple):
        raise TypeError(f"weights must be a list of arrays, got {type(weights).__name__}")
    arrays = [as_array(w, f"weights[{index}]") for index, w in enumerate(weights)]
    return weight_decay / 2 * sum(float(np.vdot(w, w)) for w in arrays)


def dropout_mask(rng, shape, rate):
    """Inverted dropout's mask of `shape`: 0 (dropped) where the uniform number `rng` draws is
    below `rate`, 1 / (1 - rate) elsewhere; multiplying the activations by it keeps their mean.

    rng : a numpy Generator; rate : in [0, 1).
    """
    rate = check_dropout(rate)
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy Generator (np.random.default_rng(seed)), got "
                        f"{type(rng).__name__}")
    return _mask(rng, shape, rate)


def _mask(rng, shape, rate):
    return (rng.random(shape) >= rate) / (1.0 - rate)  # (n_samples, n_units) of 0 and 1/(1-rate)


def check_weight_decay(weight_decay):
    """Return `weight_decay` as a float >= 0, or raise."""
    if not is_real_number(weight_decay):
        raise TypeError(f"weight_decay must be a number >= 0, got {weight_decay!r}")
    if not 0 <= weight_decay < np.inf:
        raise ValueError(f"weight_decay must be a finite number >= 0 (0: no decay), got "
                         f"{weight_decay}")
    return float(weight_decay)


def check_dropout(rate):
    """Return the dropout rate as a float in [0, 1), or raise."""
    if not is_real_number(rate):
        raise TypeError(f"dropout must be a number in [0, 1), got {rate!r}")
    if not 0 <= rate < 1:
        raise ValueError(f"dropout must be in [0, 1): the probability that a hidden unit is "
                         f"switched off for one sample in one step (0: never), got {rate}")
    return float(rate)


class TrainingStep:
    """What a mini-batch step does beyond plain gradient descent, for `Network.train_minibatch`:
    dropout masks for the forward pass, weight decay's term in the gradients, the optimiser.

    `make` returns None for the plain step (no decay, no dropout), which the network takes by
    itself.
    """

    def __init__(self, optimiser, weight_decay, dropout):
        self.optimiser = optimiser
        self.weight_decay = weight_decay
        self.dropout = dropout

    @classmethod
    def make(cls, optimiser, weight_decay, dropout):
        """Check the three options; None if they ask for plain gradient descent only."""
        weight_decay, dropout = check_weight_decay(weight_decay), check_dropout(dropout)
        optimiser = as_optimiser(optimiser)
        if type(optimiser) is GradientDescent and weight_decay == 0 and dropout == 0:
            return None
        return cls(optimiser, weight_decay, dropout)

    def masks(self, rng, n_samples, weights):
        """One mask per layer's input: None for the inputs X, a dropout mask for every hidden
        layer's output (or None for every layer without dropout). Draws from `rng` in order."""
        if self.dropout == 0:
            return None
        return [None] + [_mask(rng, (n_samples, w.shape[0]), self.dropout) for w in weights[1:]]

    def apply(self, weights, biases, dweights, dbiases, learning_rate):
        """Add weight_decay * w to every weight's gradient (in place), then let the optimiser
        update `weights` and `biases` in place."""
        if self.weight_decay:
            for w, dw in zip(weights, dweights, strict=True):
                dw += self.weight_decay * w
        self.optimiser._update(weights + biases, dweights + dbiases, learning_rate)
