"""Slopes computed from function values: difference quotients, partial derivatives,
gradients, and the gradient check that compares a formula with them.

The forward difference (f(x + Δx) − f(x)) / Δx is the definition of the derivative with a
small but finite Δx. Its error has two parts: truncation, which shrinks with Δx (like Δx for
the forward difference, like Δx² for the central one), and round-off, which grows like ε/Δx
(ε, the machine epsilon, is the gap between 1 and the next float). The default Δx balances
the two: about √ε for the forward and backward differences, ε^(1/3) for the central one,
scaled by the size of x.
"""

import math
import numbers

import numpy as np

EPS = np.finfo(float).eps
METHODS = ("forward", "backward", "central")


def _check_function(f):
    if not callable(f):
        raise TypeError(f"f must be a function of x, not {type(f).__name__} {f!r}")


def _as_finite(value, name):
    array = np.asarray(value, dtype=float)
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must be finite, not {value!r}")
    return array


def default_dx(x, method="central"):
    """The Δx that balances truncation and round-off error at x (see the module's note)."""
    scale = np.maximum(1.0, np.abs(_as_finite(x, "x")))
    return scale * (EPS ** (1 / 3) if method == "central" else math.sqrt(EPS))


def derivative(f, x, dx=None, method="central"):
    """The slope of f at x, by a difference quotient with step ``dx``.

    - forward:  (f(x + dx) − f(x)) / dx
    - backward: (f(x) − f(x − dx)) / dx
    - central:  (f(x + dx) − f(x − dx)) / (2·dx)

    ``x`` (and ``dx``) may be arrays when ``f`` works elementwise. Without ``dx``, the
    step is :func:`default_dx`.
    """
    _check_function(f)
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, not {method!r}")
    x = _as_finite(x, "x")
    dx = default_dx(x, method) if dx is None else _as_finite(dx, "dx")
    if not np.all(dx > 0):
        raise ValueError(f"dx must be positive, not {dx}")
    if method == "forward":
        slope = (f(x + dx) - f(x)) / dx
    elif method == "backward":
        slope = (f(x) - f(x - dx)) / dx
    else:
        slope = (f(x + dx) - f(x - dx)) / (2 * dx)
    return slope[()] if isinstance(slope, np.ndarray) else slope


def partial_derivative(f, x, i, dx=None, method="central"):
    """∂f/∂x_i at the point x: the slope of f along input i, every other input held fixed.

    ``f`` takes a vector (a 1-D array) and returns one number.
    """
    _check_function(f)
    x = _as_finite(x, "x").astype(float)
    if x.ndim != 1:
        raise ValueError(f"x must be a vector (1-D), not an array of shape {x.shape}")
    if not (isinstance(i, numbers.Integral) and 0 <= i < x.size):
        raise ValueError(f"i must be an input index from 0 to {x.size - 1}, not {i!r}")

    def along_i(xi):
        moved = x.copy()
        moved[i] = xi
        return f(moved)

    return float(derivative(along_i, x[i], dx, method))


def gradient(f, x, dx=None, method="central"):
    """The gradient of f at x: the vector of its partial derivatives (∂f/∂x_1, …, ∂f/∂x_n)."""
    x = _as_finite(x, "x")
    return np.array([partial_derivative(f, x, i, dx, method) for i in range(np.size(x))])


def gradient_check(f, grad, x, dx=None):
    """The largest relative difference between a gradient formula ``grad(x)`` and the
    central-difference gradient of ``f`` at x. Below about 1e-7, the formula is right."""
    formula = np.atleast_1d(np.asarray(grad(x), dtype=float))
    numeric = gradient(f, x, dx)
    if formula.shape != numeric.shape:
        raise ValueError(f"grad(x) has shape {formula.shape}, the gradient {numeric.shape}")
    scale = np.maximum(1.0, np.abs(formula) + np.abs(numeric))
    return float(np.max(np.abs(formula - numeric) / scale))
