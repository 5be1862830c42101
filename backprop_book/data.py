"""The running examples the chapters share (see the book's notation page)."""

import math
import random

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


def random_generator(seed=None):
    """A ``random.Random`` for initial weights: from a seed, or the generator given itself.

    Passing one generator to several nodes or layers draws their weights one after another
    from the same stream, so a whole network is reproducible from one seed.
    """
    if isinstance(seed, random.Random):
        return seed
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
        raise TypeError(f"seed must be an int, a random.Random or None, not {seed!r}")
    return random.Random(seed)


def pythagoras(x):
    """y = √((x1² + x2² + … + xn²)/n): the distance from the origin, scaled so that inputs
    in [0, 1] give an output in [0, 1] (the task of chapter 08)."""
    return math.sqrt(sum(xi * xi for xi in x) / len(x))


def pythagoras_data(n_samples=100, seed=0, n_inputs=3):
    """``n_samples`` random inputs in [0, 1)ⁿ and their targets ``[pythagoras(x)]``, as lists.

    ``seed`` is an int or a ``random.Random``; passing a generator lets the layers that learn
    the task draw their initial weights from the same stream, after the data.
    """
    rng = random_generator(seed)
    xs = [[rng.random() for _ in range(n_inputs)] for _ in range(n_samples)]
    return xs, [[pythagoras(x)] for x in xs]


#: The tiny network of chapter 08, two inputs, two hidden nodes and two outputs: its
#: input, its targets, and the seed of ``random.Random`` from which ``Layer(2, 2)`` (hidden)
#: and then ``Layer(2, 2)`` (output) draw their weights.
TINY_X = [1.0, 0.5]
TINY_Y0 = [1.0, 0.0]
TINY_SEED = 1
