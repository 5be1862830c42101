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


def _scores(z, name="z"):
    """``z`` as a float array of class scores along its last axis, or a clear ValueError."""
    try:
        z = np.asarray(z, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must hold numbers, not {z!r:.60}") from None
    if z.ndim == 0 or z.shape[-1] == 0:
        raise ValueError(f"{name} must be a vector of K ≥ 1 scores (or a batch of such rows), "
                         f"not an array of shape {z.shape}")
    if not np.all(np.isfinite(z)):
        raise ValueError(f"{name} must be finite, but it holds {z[~np.isfinite(z)][0]}")
    return z


def softmax(z):
    """a_k = e^(z_k) / Σ_j e^(z_j) along the last axis: K positive
    outputs that add up to 1. ``z`` is one vector of K scores, or a
    batch with one row per sample.

    Stable for any finite z: it first subtracts M, the largest z.
    That leaves every a_k unchanged (the numerator and the
    denominator are both multiplied by e^(−M)), and the largest
    power is e^0 = 1, so nothing overflows.
    """
    z = _scores(z)
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def log_softmax(z):
    """log a_k = z_k − log Σ_j e^(z_j), computed as
    (z_k − M) − log Σ_j e^(z_j − M), with M the largest z: the
    "log-sum-exp" trick. Finite for any finite z, where
    log(softmax(z)) can be log 0 = −∞."""
    z = _scores(z)
    shifted = z - np.max(z, axis=-1, keepdims=True)
    total = np.sum(np.exp(shifted), axis=-1, keepdims=True)
    return shifted - np.log(total)


def softmax_jacobian(z):
    """The matrix of the softmax's slopes, entry [k, i] = ∂a_k/∂z_i:

    a_k·(1 − a_k) on the diagonal (k = i), −a_k·a_i off it (k ≠ i),
    that is diag(a) − a·aᵀ. For a batch, one K × K matrix per row.
    """
    a = softmax(z)
    return a[..., :, None] * (np.eye(a.shape[-1]) - a[..., None, :])
