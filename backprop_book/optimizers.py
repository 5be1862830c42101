"""Ways downhill. Chapter 04: plain gradient descent; chapter 10 adds the others."""

import numpy as np


def gradient_descent(gradient, start, learning_rate, steps):
    """Iterate x ← x − α·∇f(x) from ``start``; return every point visited, start included.

    ``gradient(x)`` returns the gradient at x (a number for one variable, an array for
    several). The iteration stops early if a point stops being finite (it diverged).
    """
    if not learning_rate > 0:
        raise ValueError(f"the learning rate must be positive, not {learning_rate!r}")
    if steps < 0 or int(steps) != steps:
        raise ValueError(f"steps must be a whole number, at least 0, not {steps!r}")
    x = np.array(start, dtype=float)
    path = [x.copy()]
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(int(steps)):
            x = x - learning_rate * np.asarray(gradient(x), dtype=float)
            path.append(x.copy())
            if not np.all(np.isfinite(x)):
                break
    return np.array(path)
