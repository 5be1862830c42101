"""A single node: a weighted sum of its inputs plus a bias, then an activation."""

import numpy as np

from backprop_book.activations import sigmoid, step

ACTIVATIONS = {"sigmoid": sigmoid, "threshold": step}


def weighted_sum(x, w, b):
    """z = w1·x1 + w2·x2 + … + b, for one input vector x or a batch of rows."""
    return np.asarray(x, dtype=float) @ np.asarray(w, dtype=float) + b


def node_output(x, w, b, activation="sigmoid"):
    """y = f(z) with z = w·x + b and f the threshold rule or the sigmoid."""
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {sorted(ACTIVATIONS)}, not {activation!r}")
    return ACTIVATIONS[activation](weighted_sum(x, w, b))
