"""Loss functions: one number that says how far the outputs are from their targets."""

import numpy as np


def mse(y, y0):
    """The mean squared error, L = (1/N) Σ (y − y0)², over N outputs and their targets."""
    y, y0 = np.asarray(y, dtype=float), np.asarray(y0, dtype=float)
    if y.shape != y0.shape:
        raise ValueError(f"outputs {y.shape} and targets {y0.shape} must have the same shape")
    return float(np.mean((y - y0) ** 2))
