"""Loss functions: one number that says how far the outputs are from their targets.

The mean squared error (chapter 04) and the cross-entropies of classification (chapter 07),
each with its slopes: ``…_grad_a`` is ∂J/∂a, ``…_grad_z`` is ∂J/∂z = (a − y)/m.
"""

import numpy as np

from backprop_book.activations import log_softmax, sigmoid, softmax


def mse(y, y0):
    """The mean squared error, L = (1/N) Σ (y − y0)², over N outputs and their targets."""
    y, y0 = np.asarray(y, dtype=float), np.asarray(y0, dtype=float)
    if y.shape != y0.shape:
        raise ValueError(f"outputs {y.shape} and targets {y0.shape} must have the same shape")
    return float(np.mean((y - y0) ** 2))


#: The smallest output the cross-entropies on probabilities take the logarithm of: a is
#: clipped to [CLIP, 1 − CLIP], so a loss is at most −log(CLIP) ≈ 27.6 per sample instead
#: of infinite. The forms ``…_from_logits`` need no clipping.
CLIP = 1e-12


def _as_array(value, name):
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must hold numbers, not {value!r:.60}") from None
    if array.size == 0:
        raise ValueError(f"{name} is empty: give at least one sample")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must be finite, but it holds {array[~np.isfinite(array)][0]}")
    return array


def _labels_and(values, y, name):
    """(values, y) as float arrays of one shape, the labels y between 0 and 1."""
    values, y = _as_array(values, name), _as_array(y, "the labels y")
    if values.shape != y.shape:
        raise ValueError(f"{name} {values.shape} and the labels y {y.shape} must have the same "
                         "shape: one label per output")
    if np.any((y < 0) | (y > 1)):
        raise ValueError(f"the labels y must lie between 0 and 1 (0 or 1 for a class), but "
                         f"they hold {y[(y < 0) | (y > 1)][0]}")
    return values, y


def _probabilities(a, y):
    a, y = _labels_and(a, y, "the outputs a")
    if np.any((a < 0) | (a > 1)):
        raise ValueError(f"the outputs a must be probabilities between 0 and 1, but they hold "
                         f"{a[(a < 0) | (a > 1)][0]}: for scores z, use the …_from_logits form")
    return a, y


def binary_cross_entropy(a, y):
    """J = −(1/m) Σ [y·log a + (1 − y)·log(1 − a)] over m sigmoid
    outputs a and their labels y.

    a is clipped to [CLIP, 1 − CLIP] first: an output rounded to
    exactly 0 or 1 gives a large but finite loss, not log 0 = −∞.
    Where the scores z are at hand, prefer the exact
    binary_cross_entropy_from_logits.
    """
    a, y = _probabilities(a, y)
    a = np.clip(a, CLIP, 1 - CLIP)
    return float(-np.mean(y * np.log(a) + (1 - y) * np.log(1 - a)))


def binary_cross_entropy_from_logits(z, y):
    """The binary cross-entropy of a = σ(z), computed from z alone:

        −[y·log σ(z) + (1 − y)·log(1 − σ(z))]
            = max(z, 0) − z·y + log(1 + e^(−|z|)),

    exact and finite for every finite z (e^(−|z|) never overflows).
    """
    z, y = _labels_and(z, y, "the scores z")
    losses = np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))
    return float(np.mean(losses))


def binary_cross_entropy_grad_a(a, y):
    """∂J/∂a for :func:`binary_cross_entropy`: (1/m)·(−y/a + (1 − y)/(1 − a)), a clipped."""
    a, y = _probabilities(a, y)
    a = np.clip(a, CLIP, 1 - CLIP)
    return (-y / a + (1 - y) / (1 - a)) / a.size


def binary_cross_entropy_grad_z(z, y):
    """∂J/∂z for the binary cross-entropy of a = σ(z): (1/m)·(a − y)."""
    z, y = _labels_and(z, y, "the scores z")
    return (sigmoid(z) - y) / z.size


def _one_hot_rows(values, y, name):
    """(values, y, m): K-vectors or (m, K) batches; each row of y a distribution over K."""
    values, y = _labels_and(values, y, name)
    if values.ndim not in (1, 2):
        raise ValueError(f"{name} must be one vector of K values or an (m, K) batch, not an "
                         f"array of shape {values.shape}")
    sums = np.sum(y, axis=-1)
    if not np.allclose(sums, 1.0, rtol=0, atol=1e-6):
        raise ValueError("each label y must add up to 1 over the K classes (one-hot: a single "
                         f"1, the rest 0), but one adds up to {np.ravel(sums)[0]:.6g}")
    m = 1 if values.ndim == 1 else values.shape[0]
    return values, y, m


def _one_hot_probabilities(a, y):
    a, y, m = _one_hot_rows(a, y, "the outputs a")
    if np.any((a < 0) | (a > 1)):
        raise ValueError(f"the outputs a must be probabilities between 0 and 1, but they hold "
                         f"{a[(a < 0) | (a > 1)][0]}: for scores z, use the …_from_logits form")
    return a, y, m


def cross_entropy(a, y):
    """J = −(1/m) Σ_samples Σ_k y_k·log a_k for softmax outputs a and one-hot labels y.

    ``a`` and ``y`` are K-vectors (one sample, m = 1) or (m, K) batches, one row per sample.
    a is clipped below at CLIP, so an output rounded to 0 gives a finite loss; prefer
    :func:`cross_entropy_from_logits` where the scores z are at hand.
    """
    a, y, m = _one_hot_probabilities(a, y)
    return float(-np.sum(y * np.log(np.clip(a, CLIP, 1))) / m)


def cross_entropy_from_logits(z, y):
    """The cross-entropy of a = softmax(z), computed from z with
    log_softmax (log-sum-exp): exact and finite for every z."""
    z, y, m = _one_hot_rows(z, y, "the scores z")
    return float(-np.sum(y * log_softmax(z)) / m)


def cross_entropy_grad_a(a, y):
    """∂J/∂a_k for :func:`cross_entropy`: −(1/m)·y_k / a_k, a clipped below at CLIP."""
    a, y, m = _one_hot_probabilities(a, y)
    return -y / np.clip(a, CLIP, 1) / m


def cross_entropy_grad_z(z, y):
    """∂J/∂z for the cross-entropy of a = softmax(z): (1/m)·(a − y), row by row."""
    z, y, m = _one_hot_rows(z, y, "the scores z")
    return (softmax(z) - y) / m
