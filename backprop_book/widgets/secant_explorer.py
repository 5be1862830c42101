"""The secant explorer: shrink Δx and watch the secant turn into the tangent."""

import traitlets

from backprop_book.activations import sigmoid, sigmoid_prime
from backprop_book.calculus import derivative
from backprop_book.data import quartic, quartic_prime
from backprop_book.widgets.base import BookWidget

#: name → (formula, f, f′). Each f uses the same floating-point operations, in the same
#: order, as its twin in secant_explorer.js, so the page and Python agree to the last bit
#: (the sigmoid up to the rounding of exp).
FUNCTIONS = {
    "constant": ("f(x) = 2", lambda x: 0 * x + 2.0, lambda x: 0 * x),
    "linear": ("f(x) = 3x + 2", lambda x: 3 * x + 2, lambda x: 0 * x + 3),
    "square": ("f(x) = x²", lambda x: x * x, lambda x: 2 * x),
    "sigmoid": ("f(x) = σ(x)", sigmoid, sigmoid_prime),
    "quartic": ("f(x) = 2x⁴ − 4x³ + 3x + 2", quartic, quartic_prime),
}
METHODS = ("forward", "central")


class SecantExplorer(BookWidget):
    """A function, a point x0 and a step Δx: the page draws the secant through
    (x0, f(x0)) and (x0 + Δx, f(x0 + Δx)) (central: x0 − Δx and x0 + Δx) and the tangent
    at x0, and shows the difference quotient, the exact slope f′(x0) and their difference.
    Δx moves on a log scale from 10⁻¹² to 1, far enough to see round-off take over.
    """

    function = traitlets.Enum(list(FUNCTIONS), default_value="square").tag(sync=True)
    x0 = traitlets.Float(1.0).tag(sync=True)
    dx = traitlets.Float(1.0).tag(sync=True)
    method = traitlets.Enum(METHODS, default_value="forward").tag(sync=True)
    labels = traitlets.Dict().tag(sync=True)
    x0_range = traitlets.List(traitlets.Float(), default_value=[-2.0, 2.0, 0.1]).tag(sync=True)
    log_dx_range = traitlets.List(traitlets.Float(), default_value=[-12.0, 0.0, 0.25]).tag(
        sync=True)
    _initial = traitlets.Dict().tag(sync=True)

    def __init__(self, function="square", x0=1.0, dx=1.0, method="forward"):
        if not dx > 0:
            raise ValueError(f"dx must be positive, not {dx!r}")
        start = {"function": function, "x0": float(x0), "dx": float(dx), "method": method}
        super().__init__(**start, _initial=start,
                         labels={name: spec[0] for name, spec in FUNCTIONS.items()})

    def quotient(self):
        """The difference quotient the page shows for the current settings."""
        return float(derivative(FUNCTIONS[self.function][1], self.x0, self.dx, self.method))

    def exact(self):
        """The exact slope f′(x0)."""
        return float(FUNCTIONS[self.function][2](self.x0))

    def error(self):
        """|difference quotient − f′(x0)|."""
        return abs(self.quotient() - self.exact())

    def _shown_traits(self):
        return ["function", "x0", "dx", "method"]
