"""A single node: a weighted sum of its inputs plus a bias, then an activation."""

import numpy as np

from backprop_book.activations import sigmoid, step
from backprop_book.data import TRAINING_X, TRAINING_Y
from backprop_book.losses import mse

ACTIVATIONS = {"sigmoid": sigmoid, "threshold": step}


def weighted_sum(x, w, b):
    """z = w1·x1 + w2·x2 + … + b, for one input vector x or a batch of rows."""
    return np.asarray(x, dtype=float) @ np.asarray(w, dtype=float) + b


def node_output(x, w, b, activation="sigmoid"):
    """y = f(z) with z = w·x + b and f the threshold rule or the sigmoid."""
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {sorted(ACTIVATIONS)}, not {activation!r}")
    return ACTIVATIONS[activation](weighted_sum(x, w, b))


def node_loss(w, b, x=TRAINING_X, y0=TRAINING_Y):
    """The MSE of the sigmoid node over a data set (by default the three training samples)."""
    return mse(node_output(x, w, b), y0)


def node_loss_gradient(w, b, x=TRAINING_X, y0=TRAINING_Y):
    """(∂L/∂w, ∂L/∂b) of :func:`node_loss`, by the chain rule (derived in chapter 05):

    ∂L/∂w_i = (2/N) Σ (y − y0)·σ′(z)·x_i  and  ∂L/∂b = (2/N) Σ (y − y0)·σ′(z),

    with σ′(z) = y(1 − y).
    """
    x, y0 = np.asarray(x, dtype=float), np.asarray(y0, dtype=float)
    y = node_output(x, w, b)
    delta = 2 * (y - y0) * y * (1 - y) / len(y0)
    return delta @ x, float(np.sum(delta))
