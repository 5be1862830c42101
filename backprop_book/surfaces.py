"""Three 2-D loss surfaces for racing the optimisers of chapter 10.

Each is a polynomial in x and y, written in plain arithmetic (no pow, no exp) in an order
of operations that the optimiser race widget repeats in JavaScript, so that both compute
the same numbers to the last bit:

- ``"bowl"``: f = x²/25 + 4y², an elongated bowl (a ravine along x). Its curvature is 100
  times larger across (y) than along (x): a learning rate that is safe across the ravine is
  tiny along it, so gradient descent zigzags across while it creeps along.
- ``"two-minima"``: f = q(x) + y², with q(x) = 2x⁴ − 4x³ + 3x + 2 the quartic of chapter
  04 (``backprop_book.data.quartic``): a global minimum at x ≈ −0.44, a local one at
  x ≈ 1.27, and a saddle point between them on the line y = 0.
- ``"saddle"``: f = x² + y⁴/4 − y², a saddle point at the origin (a minimum along x, a
  maximum along y) and two minima at (0, ±√2). A start near y = 0 heads to the saddle; the
  race is about who leaves it.

``Surface.minima`` lists every stationary point (x, y, kind) inside the plotted square,
kind ``"global"``, ``"local"`` or ``"saddle"``.
"""

import math
from dataclasses import dataclass, field

import numpy as np

from backprop_book.data import quartic, quartic_prime


@dataclass(frozen=True)
class Surface:
    """A loss surface f(x, y) with its gradient and the settings of a good race.

    - ``name``: the key in :data:`SURFACES`; ``title``: a short human title.
    - ``f(x, y)``: the loss; ``gradient(x, y)``: the tuple (∂f/∂x, ∂f/∂y). Both work on
      floats and elementwise on NumPy arrays.
    - ``x_range``, ``y_range``: (low, high) of a square plot (equal widths).
    - ``minima``: a list of the stationary points (x, y, kind), kind ``"global"``,
      ``"local"`` or ``"saddle"``.
    - ``default_start`` (x, y), ``default_learning_rate``, ``default_steps``: a race from
      there shows the optimisers' differences clearly.
    - ``description``: one sentence on what to watch.
    """

    name: str
    title: str
    f: object
    gradient: object
    x_range: tuple
    y_range: tuple
    minima: list
    default_start: tuple
    default_learning_rate: float
    default_steps: int = 100
    description: str = field(default="", compare=False)

    def value(self, point):
        """f at a point (x, y) given as one sequence (for ``descend``-style code)."""
        x, y = point
        return self.f(x, y)

    def gradient_vector(self, point):
        """The gradient at a point (x, y) as a float array [∂f/∂x, ∂f/∂y]: the
        ``gradient`` argument :func:`backprop_book.optimizers.descend` wants."""
        x, y = point
        return np.array(self.gradient(x, y), dtype=float)


# ---------------------------------------------------------------------------- the bowl
def bowl_f(x, y):
    """f = x²/25 + 4y², in the order ``x * x / 25 + 4 * y * y``."""
    return x * x / 25 + 4 * y * y


def bowl_gradient(x, y):
    """(2x/25, 8y), in the order ``2 * x / 25`` and ``8 * y``."""
    return 2 * x / 25, 8 * y


# ---------------------------------------------------------------------------- two minima
def two_minima_f(x, y):
    """f = q(x) + y² with q the quartic of chapter 04, in the order
    ``x * (x * x * (2 * x - 4) + 3) + 2 + y * y``."""
    return quartic(x) + y * y


def two_minima_gradient(x, y):
    """(q′(x), 2y), in the order ``x * x * (8 * x - 12) + 3`` and ``2 * y``."""
    return quartic_prime(x), 2 * y


def _quartic_stationary_points():
    """The three roots of q′(x) = 8x³ − 12x² + 3, sorted, polished by Newton's method."""
    roots = np.sort(np.roots([8.0, -12.0, 0.0, 3.0]).real)
    polished = []
    for x in roots:
        x = float(x)
        for _ in range(5):
            x -= quartic_prime(x) / (24 * x * x - 24 * x)
        polished.append(x)
    return polished


_LEFT, _MIDDLE, _RIGHT = _quartic_stationary_points()


# ---------------------------------------------------------------------------- the saddle
def saddle_f(x, y):
    """f = x² + y⁴/4 − y², in the order ``x * x + y * y * (y * y / 4 - 1)``."""
    return x * x + y * y * (y * y / 4 - 1)


def saddle_gradient(x, y):
    """(2x, y³ − 2y), in the order ``2 * x`` and ``y * (y * y - 2)``."""
    return 2 * x, y * (y * y - 2)


SURFACES = {
    "bowl": Surface(
        name="bowl", title="An elongated bowl: f = x²/25 + 4y²",
        f=bowl_f, gradient=bowl_gradient,
        x_range=(-10.0, 10.0), y_range=(-10.0, 10.0),
        minima=[(0.0, 0.0, "global")],
        default_start=(-9.0, 3.0), default_learning_rate=0.2, default_steps=200,
        description="The ravine runs along x: plain gradient descent zigzags across it "
                    "and creeps along it."),
    "two-minima": Surface(
        name="two-minima", title="Two minima: f = 2x⁴ − 4x³ + 3x + 2 + y²",
        f=two_minima_f, gradient=two_minima_gradient,
        x_range=(-1.2, 2.2), y_range=(-1.7, 1.7),
        minima=[(_LEFT, 0.0, "global"), (_RIGHT, 0.0, "local"), (_MIDDLE, 0.0, "saddle")],
        default_start=(1.9, 1.2), default_learning_rate=0.02, default_steps=200,
        description="Which optimisers settle in the local minimum on the right, and which "
                    "reach the global one on the left?"),
    "saddle": Surface(
        name="saddle", title="A saddle: f = x² + y⁴/4 − y²",
        f=saddle_f, gradient=saddle_gradient,
        x_range=(-2.5, 2.5), y_range=(-2.5, 2.5),
        minima=[(0.0, math.sqrt(2), "global"), (0.0, -math.sqrt(2), "global"),
                (0.0, 0.0, "saddle")],
        default_start=(-2.0, 0.001), default_learning_rate=0.02, default_steps=200,
        description="The start is almost on the ridge line y = 0: who leaves the saddle "
                    "point at the origin, and how fast?"),
}
