"""The optimiser race: SGD, Momentum, Adagrad, RMSprop and Adam set off from the same point
of a 2-D surface with the same learning rate, side by side."""

import math
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import traitlets

from backprop_book.optimizers import OPTIMIZERS, descend
from backprop_book.surfaces import SURFACES
from backprop_book.widgets.base import BookWidget, StepsWithinMax, format_number

#: The stops of the learning-rate slider: 1, 2, 5 in every decade from 0.001 to 5.
LEARNING_RATES = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0]
#: Play stops after this many steps (the default of ``max_steps``).
MAX_STEPS = 300
#: The largest ``max_steps`` accepted.
STEP_LIMIT = 5000
#: Steps the page takes per animation frame while playing (about 120 a second).
STEPS_PER_FRAME = 2
#: The optimisers in the order the page lists them.
ORDER = list(OPTIMIZERS)


def format_loss(value):
    """A loss as the page prints it (``lossText`` in optimizer_race.js): four decimals for 0
    and sizes from 0.01 up to 10⁵, else three significant digits like JavaScript's
    ``toExponential(2)`` (ties away from zero; "e", the exponent with no plus sign and a
    true minus sign); "diverged" if not finite."""
    value = float(value)
    if not math.isfinite(value):
        return "diverged"
    if value == 0 or 1e-2 <= abs(value) < 1e5:
        return format_number(value, 4)
    exact = Decimal(value)
    exponent = exact.adjusted()
    rounded = exact.quantize(Decimal(1).scaleb(exponent - 2), rounding=ROUND_HALF_UP)
    if rounded.adjusted() > exponent:  # 9.995e7 rounds up to 1.00e8
        exponent += 1
        rounded = exact.quantize(Decimal(1).scaleb(exponent - 2), rounding=ROUND_HALF_UP)
    digits = "".join(map(str, rounded.as_tuple().digits))[:3]
    sign = "\u2212" if value < 0 else ""
    return f"{sign}{digits[0]}.{digits[1:]}e{exponent}".replace("e-", "e\u2212")


def _surface_data(surface):
    """What the page needs of a surface besides f and its gradient (those are written out
    in the JavaScript with the same operations)."""
    return {
        "title": surface.title,
        "description": surface.description,
        "x_range": [float(v) for v in surface.x_range],
        "y_range": [float(v) for v in surface.y_range],
        "minima": [[float(x), float(y), str(kind)] for x, y, kind in surface.minima],
        "default_start": [float(v) for v in surface.default_start],
        "default_learning_rate": float(surface.default_learning_rate),
    }


class OptimizerRace(StepsWithinMax, BookWidget):
    """Five optimisers (``backprop_book.optimizers.OPTIMIZERS``) race downhill on one of the
    surfaces of ``backprop_book.surfaces.SURFACES``, from one start with one learning rate.

    The page draws the surface (a heat map with contour lines, minima and saddle points
    marked), lets the reader pick the start (a click, or the arrow keys and Enter on the
    map), the surface and the learning rate α (a log-scale slider), and steps all five
    optimisers at once (Step, Play/Pause, Reset). Each optimiser's path has its own colour
    and dash pattern; the legend shows each one's step and current loss, the lowest marked
    as the lead. The paths are a function of (surface, start, α, steps): moving α redraws
    the same number of steps at the new rate; a new start or surface starts over at step 0.
    The page repeats :func:`backprop_book.optimizers.descend`'s arithmetic in the same order,
    so its numbers are Python's (see :meth:`reference_paths`).
    """

    surface = traitlets.Unicode("bowl").tag(sync=True)
    start = traitlets.List(traitlets.Float(), minlen=2, maxlen=2).tag(sync=True)
    learning_rate = traitlets.Float(0.1).tag(sync=True)
    steps = traitlets.Int(0).tag(sync=True)
    max_steps = traitlets.Int(MAX_STEPS).tag(sync=True)
    step_limit = STEP_LIMIT   # the largest max_steps accepted (StepsWithinMax)
    steps_per_frame = traitlets.Int(STEPS_PER_FRAME).tag(sync=True)
    learning_rates = traitlets.List(traitlets.Float(), default_value=LEARNING_RATES).tag(
        sync=True)
    optimizers = traitlets.List(traitlets.Unicode(), default_value=ORDER).tag(sync=True)
    hyper_parameters = traitlets.Dict().tag(sync=True)
    surfaces = traitlets.Dict().tag(sync=True)
    _initial = traitlets.Dict().tag(sync=True)

    def __init__(self, surface="bowl", start=None, learning_rate=None, steps=0,
                 max_steps=MAX_STEPS):
        if not isinstance(surface, str) or surface not in SURFACES:
            raise traitlets.TraitError(
                f"surface must be one of {', '.join(map(repr, SURFACES))}, not {surface!r}")
        chosen = SURFACES[surface]
        start = chosen.default_start if start is None else start
        if learning_rate is None:
            learning_rate = chosen.default_learning_rate
        initial = {"surface": surface, "start": self._check_start_value(start),
                   "learning_rate": self._check_rate_value(learning_rate), "steps": steps}
        super().__init__(max_steps=max_steps, **initial, _initial=initial,
                         surfaces={name: _surface_data(s) for name, s in SURFACES.items()},
                         hyper_parameters=self._hyper_parameters())

    @staticmethod
    def _hyper_parameters():
        """Each optimiser's hyper-parameters besides α, as its class sets them by default."""
        return {name: {key: float(value) for key, value in cls(1.0).hyper.items()}
                for name, cls in OPTIMIZERS.items()}

    @staticmethod
    def _check_start_value(start):
        try:
            values = [float(v) for v in start]
        except (TypeError, ValueError):
            raise traitlets.TraitError(
                f"the start must be two numbers (x, y), not {start!r}") from None
        if len(values) != 2 or not all(math.isfinite(v) for v in values):
            raise traitlets.TraitError(
                f"the start must be two finite numbers (x, y), not {start!r}")
        return values

    @staticmethod
    def _check_rate_value(value):
        if isinstance(value, bool) or not isinstance(value, int | float) or not (
                math.isfinite(value) and value > 0):
            raise traitlets.TraitError(
                f"the learning rate must be a positive number, not {value!r}")
        return float(value)

    @traitlets.validate("surface")
    def _check_surface(self, proposal):
        if proposal.value not in SURFACES:
            raise traitlets.TraitError(f"surface must be one of "
                                       f"{', '.join(map(repr, SURFACES))}, not {proposal.value!r}")
        return proposal.value

    @traitlets.validate("start")
    def _check_start(self, proposal):
        return self._check_start_value(proposal.value)

    @traitlets.validate("learning_rate")
    def _check_learning_rate(self, proposal):
        return self._check_rate_value(proposal.value)

    def surface_object(self):
        """The :class:`backprop_book.surfaces.Surface` being raced on."""
        return SURFACES[self.surface]

    def loss(self, x, y):
        """f(x, y) of the current surface."""
        return self.surface_object().f(x, y)

    def reference_paths(self, steps=None):
        """Each optimiser's path from the start: ``{name: array (k, 2)}`` by
        :func:`backprop_book.optimizers.descend` with ``steps`` (default: ``self.steps``)
        steps; a path that diverged ends at its first non-finite point."""
        steps = self.steps if steps is None else steps
        surface = self.surface_object()
        gradient = lambda p: np.array(surface.gradient(p[0], p[1]), dtype=float)  # noqa: E731
        return {name: descend(OPTIMIZERS[name](self.learning_rate), gradient, self.start, steps)
                for name in self.optimizers}

    def standings(self, steps=None):
        """Each optimiser's position now: ``{name: (step, x, y, loss)}``, where step is the
        number of steps taken (fewer than asked if it diverged) and loss is f there (inf or
        nan once the path has diverged)."""
        result = {}
        with np.errstate(over="ignore", invalid="ignore"):
            for name, path in self.reference_paths(steps).items():
                x, y = (float(v) for v in path[-1])
                loss = float(self.loss(x, y)) if math.isfinite(x) and math.isfinite(y) else math.nan
                result[name] = (len(path) - 1, x, y, loss)
        return result

    def leader(self, steps=None):
        """The optimiser with the lowest finite loss now (the first listed on a tie), or
        None if every finite loss is the same (at step 0) or all diverged."""
        losses = [(loss, name) for name, (_, _, _, loss) in self.standings(steps).items()
                  if math.isfinite(loss)]
        if not losses or all(loss == losses[0][0] for loss, _ in losses):
            return None
        best = min(loss for loss, _ in losses)
        return next(name for loss, name in losses if loss == best)

    def grid(self, cells=72):
        """f at the centres of a cells × cells grid over the plot; row 0 is the top (y high).
        The page computes the same values for its heat map."""
        surface = self.surface_object()
        (x0, x1), (y0, y1) = surface.x_range, surface.y_range
        xs = [x0 + (i + 0.5) * (x1 - x0) / cells for i in range(cells)]
        ys = [y0 + (i + 0.5) * (y1 - y0) / cells for i in range(cells)][::-1]
        return np.array([[surface.f(x, y) for x in xs] for y in ys], dtype=float)

    def _shown_traits(self):
        return ["surface", "start", "learning_rate", "steps", "max_steps"]
