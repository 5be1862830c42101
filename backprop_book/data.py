"""The running examples the chapters share (see the book's notation page)."""

import numpy as np

#: The three training inputs (x1, x2, x3), one row per sample.
TRAINING_X = np.array([[0.0, 0.0, 0.0], [0.0, 1.0, 0.0], [1.0, 0.0, 1.0]])
#: The target output y0 of each training input.
TRAINING_Y = np.array([1.0, 1.0, 0.0])
#: The example weights (w1, w2, w3) and bias b used from chapter 01 on.
EXAMPLE_W = np.array([1.0, 0.5, -2.0])
EXAMPLE_B = 1.0


def quartic(x):
    """f(x) = 2x⁴ − 4x³ + 3x + 2, the curve of chapter 04 with a local and a global minimum
    (in Horner's form, the order of operations the widgets' JavaScript also uses)."""
    return x * (x * x * (2 * x - 4) + 3) + 2


def quartic_prime(x):
    """f′(x) = 8x³ − 12x² + 3."""
    return x * x * (8 * x - 12) + 3
