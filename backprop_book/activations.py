"""Activation functions: the threshold rule and the sigmoid."""

import numpy as np


def step(z):
    """The threshold rule: 1 where z >= 0, else 0 (as floats, like the sigmoid)."""
    return np.where(np.asarray(z, dtype=float) >= 0, 1.0, 0.0)


def sigmoid(z):
    """The logistic sigmoid, σ(z) = 1 / (1 + e^(−z)).

    Written so that neither branch ever computes e^(+large): for z < 0 it uses the
    equal form e^z / (1 + e^z). So sigmoid(-1000) is 0.0, not an overflow warning.
    """
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_prime(z):
    """The slope of the sigmoid, σ′(z) = σ(z)·(1 − σ(z))."""
    s = sigmoid(z)
    return s * (1.0 - s)
