"""Optimisers: how one training step turns the gradients into a change of the parameters.

Plain gradient descent steps straight down the gradient g of the current batch; momentum and
Adam remember past gradients (notebook 09 derives both from the plain step):

    plain      w <- w - learning_rate * g
    momentum   v <- beta * v + g                       w <- w - learning_rate * v
    Adam       m <- beta1 * m + (1 - beta1) * g        (a running mean of g)
               s <- beta2 * s + (1 - beta2) * g**2     (a running mean of g squared)
               w <- w - learning_rate * m_hat / (sqrt(s_hat) + epsilon),
                    m_hat = m / (1 - beta1**t), s_hat = s / (1 - beta2**t) at step t = 1, 2, ...

`Network.train_minibatch(..., optimiser="adam")` makes a fresh one per call; pass an object
(``Adam(beta1=0.8)``) to choose its settings or to carry its memory from one call to the next.
``step`` updates the parameters in place. Loaded on use: ``import nnlib`` does not import it.
"""

import math

import numpy as np

from nnlib.validation import as_array, check_learning_rate, is_real_number


class Optimiser:
    """What every optimiser does: `step` checks its arguments once, then `_update` (unchecked,
    which `Network.train_minibatch` calls on its own checked arrays) changes the parameters."""

    def step(self, parameters, gradients, learning_rate):
        """Update every array in `parameters` (a list of float arrays) in place from the
        matching array in `gradients` (a list of the same shapes)."""
        _check_step(parameters, gradients, learning_rate)
        self._update(parameters, [np.asarray(g, dtype=float) for g in gradients],
                     float(learning_rate))


class GradientDescent(Optimiser):
    """Plain gradient descent, "plain": w <- w - learning_rate * g. It keeps no memory."""

    name = "plain"

    def _update(self, parameters, gradients, learning_rate):
        for parameter, gradient in zip(parameters, gradients, strict=True):
            parameter -= learning_rate * gradient

    def __repr__(self):
        return "GradientDescent()"


class Momentum(Optimiser):
    """Gradient descent with momentum, "momentum": v <- beta * v + g, w <- w - learning_rate * v.

    v (one array per parameter, starting at 0) adds up past gradients, each older one weighed
    beta times less: along a direction where the gradients agree, steps grow up to
    1 / (1 - beta) times a plain step (10 times for beta = 0.9); where they flip sign from step
    to step, they cancel out.
    """

    name = "momentum"

    def __init__(self, beta=0.9):
        self.beta = _check_beta(beta, "beta")
        self.velocities = None  # made at the first step, shaped like the parameters

    def _update(self, parameters, gradients, learning_rate):
        self.velocities = _memory(self.velocities, parameters, "velocities")
        for parameter, gradient, velocity in zip(parameters, gradients, self.velocities,
                                                 strict=True):
            velocity *= self.beta  # v <- beta * v + g, in place
            velocity += gradient
            parameter -= learning_rate * velocity

    def __repr__(self):
        return f"Momentum(beta={self.beta:g})"


class Adam(Optimiser):
    """Adam (Kingma and Ba, 2015), "adam": a step along the running mean of the gradients m,
    divided elementwise by the root of the running mean of their squares s.

    Every weight gets a step of about learning_rate whatever the size of its gradients, so the
    learning rates that work are smaller than for plain steps (1e-3 is the usual start). m and s
    start at 0 and would be too small in the first steps; dividing them by 1 - beta1**t and
    1 - beta2**t (bias correction) undoes that. t counts the steps taken.

    `means` and `squares` (m and s) hold one number per weight and bias, all parameters one
    after the other in one vector: the update is then a few numpy operations on one long
    vector instead of as many on every array (for small networks, most of a step's time).
    """

    name = "adam"

    def __init__(self, beta1=0.9, beta2=0.999, epsilon=1e-8):
        self.beta1 = _check_beta(beta1, "beta1")
        self.beta2 = _check_beta(beta2, "beta2")
        if not is_real_number(epsilon) or not 0 < epsilon < math.inf:
            raise ValueError(f"epsilon must be a small positive number, got {epsilon!r}")
        self.epsilon = float(epsilon)
        self.t = 0
        self.means = self.squares = None  # m and s, made at the first step

    def _update(self, parameters, gradients, learning_rate):
        g = np.concatenate([gradient.ravel() for gradient in gradients])  # every gradient
        self.means = _flat_memory(self.means, g, "means")
        self.squares = _flat_memory(self.squares, g, "squares")
        m, s = self.means, self.squares
        self.t += 1
        m *= self.beta1  # m <- beta1 * m + (1 - beta1) * g, in place
        m += (1 - self.beta1) * g
        s *= self.beta2  # s <- beta2 * s + (1 - beta2) * g**2
        s += (1 - self.beta2) * np.square(g)
        # w <- w - learning_rate * m_hat / (sqrt(s_hat) + epsilon), with
        # m_hat = m / (1 - beta1**t) and sqrt(s_hat) = sqrt(s) / sqrt(1 - beta2**t)
        step = np.sqrt(s)
        step /= math.sqrt(1 - self.beta2**self.t)
        step += self.epsilon
        np.divide(m, step, out=step)
        step *= learning_rate / (1 - self.beta1**self.t)
        start = 0
        for parameter in parameters:  # each parameter takes its part of the vector
            parameter -= step[start : start + parameter.size].reshape(parameter.shape)
            start += parameter.size

    def __repr__(self):
        return f"Adam(beta1={self.beta1:g}, beta2={self.beta2:g}, epsilon={self.epsilon:g})"


OPTIMISERS = {"plain": GradientDescent, "momentum": Momentum, "adam": Adam}


def as_optimiser(optimiser):
    """A fresh optimiser with its default settings for a name in OPTIMISERS, or the optimiser
    object itself (it keeps its memory); raise for anything else."""
    if isinstance(optimiser, Optimiser):
        return optimiser
    if isinstance(optimiser, str) and optimiser in OPTIMISERS:
        return OPTIMISERS[optimiser]()
    error = ValueError if isinstance(optimiser, str) else TypeError
    raise error(f"optimiser must be one of {list(OPTIMISERS)} or an optimiser from "
                f"nnlib.optimisers (e.g. Adam(beta1=0.8)), got {optimiser!r}")


def _check_beta(beta, name):
    if not is_real_number(beta):
        raise TypeError(f"{name} must be a number in [0, 1), got {beta!r}")
    if not 0 <= beta < 1:
        raise ValueError(f"{name} must be in [0, 1): the share of the memory kept at each step; "
                         f"got {beta}")
    return float(beta)


def _check_step(parameters, gradients, learning_rate):
    """Raise unless `parameters` and `gradients` are lists of float arrays of matching shapes."""
    check_learning_rate(learning_rate)
    for name, arrays in (("parameters", parameters), ("gradients", gradients)):
        if not isinstance(arrays, list | tuple):
            raise TypeError(f"{name} must be a list of arrays, got {type(arrays).__name__}")
    if len(parameters) != len(gradients):
        raise ValueError(f"parameters and gradients must be lists of the same length, got "
                         f"{len(parameters)} and {len(gradients)}")
    for index, (parameter, gradient) in enumerate(zip(parameters, gradients, strict=True)):
        if not (isinstance(parameter, np.ndarray) and parameter.dtype == float):
            raise TypeError(f"parameters[{index}] must be a float array (it is updated in "
                            f"place), got {type(parameter).__name__}")
        gradient = as_array(gradient, f"gradients[{index}]")
        if gradient.shape != parameter.shape:
            raise ValueError(f"gradients[{index}] has shape {gradient.shape} but parameters"
                             f"[{index}] has shape {parameter.shape}")


def _flat_memory(vector, gradient, name):
    """Adam's memory, one number per weight and bias in one vector: zeros at the first step."""
    if vector is None:
        return np.zeros_like(gradient)
    if vector.shape != gradient.shape:
        raise ValueError(f"this optimiser's {name} were made for {vector.size} weights and "
                         f"biases, got {gradient.size}: use a new optimiser for another network")
    return vector


def _memory(arrays, parameters, name):
    """The optimiser's memory (one array per parameter): zeros at the first step."""
    if arrays is None:
        return [np.zeros_like(parameter) for parameter in parameters]
    if [a.shape for a in arrays] != [p.shape for p in parameters]:
        raise ValueError(f"this optimiser's {name} were made for parameters of shapes "
                         f"{[a.shape for a in arrays]}, got {[p.shape for p in parameters]}: "
                         "use a new optimiser for another network")
    return arrays
