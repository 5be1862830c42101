"""The learning-rate explorer: gradient descent on the quartic of chapter 04, from a start x₀
with a learning rate α, drawn on the curve and listed step by step."""

import math
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise

import numpy as np
import traitlets

from backprop_book.data import quartic, quartic_prime
from backprop_book.optimizers import gradient_descent
from backprop_book.widgets.base import BookWidget, format_number

#: The minima of f(x) = 2x⁴ − 4x³ + 3x + 2: the real roots of f′(x) = 8x³ − 12x² + 3 where
#: f″(x) = 24x² − 24x > 0. The global one (the lowest point of f) lies left, the local one right.
_CRITICAL = np.sort(np.roots([8.0, -12.0, 0.0, 3.0]).real)
GLOBAL_MINIMUM = float(_CRITICAL[0])
LOCAL_MAXIMUM = float(_CRITICAL[1])
LOCAL_MINIMUM = float(_CRITICAL[2])

#: A run has settled in a minimum when its last point, and every point since the step it
#: reports, lies within SETTLED of that minimum.
SETTLED = 1e-6
#: A run has diverged once a point leaves |x| ≤ ESCAPED (or stops being finite). Out there
#: f′ is so steep that every learning rate the slider offers throws x further out.
ESCAPED = 10.0
#: "Oscillating": at least half of the turns between the last RECENT steps reverse direction.
RECENT = 10
OUTCOMES = ("global minimum", "local minimum", "still moving", "oscillating", "diverged")

X0_RANGE = (-1.5, 2.5, 0.05)
RATE_RANGE = (0.005, 0.5, 0.005)
STEPS_RANGE = (1, 100, 1)


def format_value(value):
    """A number in the explorer's table (``num`` in learning_rate_explorer.js): four decimals
    below 10⁴ (every value of a run that stays near the curve), else three significant digits
    like JavaScript's ``toExponential(2)`` (exact value, ties away from zero), and ∞ for an
    infinity."""
    value = float(value)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "∞" if value > 0 else "\u2212∞"
    if abs(value) < 1e4:
        return format_number(value, 4)
    exact = Decimal(value)
    exponent = exact.adjusted()
    rounded = exact.quantize(Decimal(1).scaleb(exponent - 2), rounding=ROUND_HALF_UP)
    if rounded.adjusted() > exponent:  # 99950000 rounds up to 1.00e+8
        exponent += 1
        rounded = exact.quantize(Decimal(1).scaleb(exponent - 2), rounding=ROUND_HALF_UP)
    digits = "".join(map(str, rounded.as_tuple().digits))[:3]
    sign = "\u2212" if value < 0 else ""
    return f"{sign}{digits[0]}.{digits[1:]}e+{exponent}"


def _steps(count):
    return "1 step" if count == 1 else f"{count} steps"


def classify_path(path):
    """(outcome, step, minimum): how a descent run on f ended, the step that decided it,
    and the minimum it settled in (else None). The outcome is "diverged" once a point
    leaves |x| ≤ ESCAPED; else "global minimum" or "local minimum" when the last point lies
    within SETTLED of it; else "oscillating" when at least half the turns between the last
    RECENT moves reverse direction; else "still moving"."""
    path = [float(x) for x in path]
    last = len(path) - 1
    for k, x in enumerate(path):
        if not abs(x) <= ESCAPED:
            return "diverged", k, None
    for name, minimum in (("global minimum", GLOBAL_MINIMUM),
                          ("local minimum", LOCAL_MINIMUM)):
        if abs(path[last] - minimum) <= SETTLED:
            k = last
            while k > 0 and abs(path[k - 1] - minimum) <= SETTLED:
                k -= 1
            return name, k, minimum
    moves = [b - a for a, b in pairwise(path)][-RECENT:]
    turns = sum((a > 0 > b) or (a < 0 < b) for a, b in pairwise(moves))
    swinging = len(moves) > 1 and 2 * turns >= len(moves) - 1
    return ("oscillating" if swinging else "still moving"), last, None


class LearningRateExplorer(BookWidget):
    """Gradient descent on f(x) = 2x⁴ − 4x³ + 3x + 2 from ``x0`` with learning rate
    ``learning_rate`` for ``steps`` steps. The page draws the iterates on the curve, lists
    them, and says how the run ended (see :meth:`outcome`)."""

    x0 = traitlets.Float(1.0).tag(sync=True)
    learning_rate = traitlets.Float(0.1).tag(sync=True)
    steps = traitlets.Int(30).tag(sync=True)
    minima = traitlets.List(traitlets.Float()).tag(sync=True)
    x0_range = traitlets.List(traitlets.Float(), default_value=list(X0_RANGE)).tag(sync=True)
    rate_range = traitlets.List(traitlets.Float(), default_value=list(RATE_RANGE)).tag(sync=True)
    steps_range = traitlets.List(traitlets.Int(), default_value=list(STEPS_RANGE)).tag(sync=True)
    _initial = traitlets.Dict().tag(sync=True)

    def __init__(self, x0=1.0, learning_rate=0.1, steps=30):
        start = {"x0": float(x0), "learning_rate": float(learning_rate), "steps": steps}
        super().__init__(**start, _initial=start, minima=[GLOBAL_MINIMUM, LOCAL_MINIMUM])

    @staticmethod
    def _within(proposal, name, low, high):
        value = proposal["value"]
        if not low <= value <= high:
            raise traitlets.TraitError(f"{name} must lie between {low} and {high}, not {value!r}")
        return value

    @traitlets.validate("x0")
    def _check_x0(self, proposal):
        return self._within(proposal, "the start x0", *X0_RANGE[:2])

    @traitlets.validate("learning_rate")
    def _check_learning_rate(self, proposal):
        return self._within(proposal, "the learning rate", *RATE_RANGE[:2])

    @traitlets.validate("steps")
    def _check_steps(self, proposal):
        return self._within(proposal, "steps", *STEPS_RANGE[:2])

    def path(self):
        """x₀, x₁, …: every point gradient descent visits (it stops early at infinity)."""
        return gradient_descent(quartic_prime, self.x0, self.learning_rate, self.steps)

    def table(self):
        """(k, x_k, f(x_k), f′(x_k)) for every point of the path, as Python floats."""
        return [(k, x, quartic(x), quartic_prime(x))
                for k, x in enumerate(float(x) for x in self.path())]

    def classify(self):
        """(outcome, step, minimum) of this run: see :func:`classify_path`."""
        return classify_path(self.path())

    def outcome(self):
        """One of OUTCOMES: "diverged" once a point leaves |x| ≤ 10; else "global minimum" or
        "local minimum" when the last point lies within 10⁻⁶ of that minimum; else
        "oscillating" when at least half the turns between the last ten steps reverse
        direction; else "still moving"."""
        return self.classify()[0]

    def settled_after(self):
        """The step from which the run stays within 10⁻⁶ of its minimum (None if it does
        not settle)."""
        outcome, step, _ = self.classify()
        return step if outcome.endswith("minimum") else None

    def status(self):
        """The sentence the page shows under the plot."""
        outcome, step, minimum = self.classify()
        path = self.path()
        if outcome == "diverged":
            return f"Diverged: |x| passed 10 at step {step}."
        if outcome == "global minimum":
            return (f"Settled in the global minimum x \u2248 {format_number(minimum, 4)} "
                    f"after {_steps(step)}: the lowest point of f.")
        if outcome == "local minimum":
            return (f"Settled in the local minimum x \u2248 {format_number(minimum, 4)} "
                    f"after {_steps(step)}, but the global minimum lies lower.")
        if outcome == "oscillating":
            return (f"Oscillating: after {_steps(step)} x still jumps between "
                    f"{format_value(path[-2])} and {format_value(path[-1])}.")
        return f"Still moving after {_steps(step)}: not settled yet."

    def _shown_traits(self):
        return ["x0", "learning_rate", "steps"]
