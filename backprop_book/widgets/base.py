"""The base class of the book's widgets: JavaScript and CSS read from files beside it."""

import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import anywidget
import traitlets

HERE = Path(__file__).parent


def _read(path):
    return path.read_text(encoding="utf-8") if path.exists() else ""


class BookWidget(anywidget.AnyWidget):
    """An anywidget whose front end is ``<module>.js`` (and ``<module>.css``) beside it.

    The module's JavaScript is prefixed with ``common.js`` (helpers every widget uses) and
    its CSS with ``theme.css`` (the shared look), so each widget file holds only its own
    logic. A subclass declares its synced traits and its reference computation.
    """

    def __init_subclass__(cls, **kwargs):
        # anywidget's add_traits() derives a class that holds _esm and _css as traits:
        # only a widget class as written gets its files read.
        if "_esm" not in cls.__dict__:
            source = Path(sys.modules[cls.__module__].__file__)
            cls._esm = _read(HERE / "common.js") + "\n" + _read(source.with_suffix(".js"))
            cls._css = _read(HERE / "theme.css") + "\n" + _read(source.with_suffix(".css"))
        super().__init_subclass__(**kwargs)

    def __repr__(self):
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._shown_traits())
        return f"{type(self).__name__}({shown})"

    def _shown_traits(self):
        """The public synced traits, in the order the class declares them."""
        return [
            name
            for name in self.class_trait_names(sync=True)
            if not name.startswith("_") and name not in BookWidget.class_trait_names()
        ]


def format_number(value, digits):
    """A number as the widgets print it (``fmt`` in common.js): fixed digits, a true minus
    sign (U+2212), and never a negative zero.

    Rounds like JavaScript's ``toFixed``: the exact binary value, ties away from zero
    (Python's own formatting rounds ties to even: 12.25 → "12.2" where the page shows "12.3").
    """
    exact = Decimal(float(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    text = f"{exact:f}"
    if exact == 0:
        text = text.lstrip("-")
    return text.replace("-", "\u2212")


def check_seed(seed):
    """A widget's seed: a whole number (an int), or a clear error."""
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise TypeError(f"seed must be a whole number (an int), not {seed!r}")
    return seed


def as_trait_error(check, value):
    """``check(value)``, with its TypeError or ValueError raised as a traitlets.TraitError,
    so that setting a trait to a bad value gets the same message as the constructor."""
    try:
        return check(value)
    except (TypeError, ValueError) as error:
        raise traitlets.TraitError(str(error)) from None


class StartFromSeed(traitlets.HasTraits):
    """For a widget whose start weights Python draws from ``seed`` (the page cannot repeat
    Python's random numbers): ``start`` always holds ``start_of(seed)``, a new seed brings
    its start weights, and Reset (``_initial``) returns to them. The widget defines the
    traits ``seed``, ``start`` and ``_initial`` and the static method ``start_of(seed)``."""

    @traitlets.validate("seed")
    def _valid_seed(self, proposal):
        return as_trait_error(check_seed, proposal.value)

    @traitlets.validate("start")
    def _start_follows_seed(self, proposal):
        if proposal.value != self.start_of(self.seed):
            raise traitlets.TraitError("start follows seed: set seed to choose other start weights")
        return proposal.value

    @traitlets.observe("seed")
    def _new_start(self, change):
        start = self.start_of(change.new)
        self.set_trait("start", start)
        self.set_trait("_initial", {**self._initial, "start": start})


class StepsWithinMax(traitlets.HasTraits):
    """For a widget that walks ``steps`` steps of at most ``max_steps`` (Step, Play):
    ``max_steps`` is at least 1 (and at most ``step_limit``, when the class sets one),
    ``steps`` lies from 0 to ``max_steps``, and lowering ``max_steps`` brings ``steps`` down
    with it. The widget defines the traits ``steps`` and ``max_steps``."""

    step_limit = None

    @traitlets.validate("max_steps")
    def _check_max_steps(self, proposal):
        limit = self.step_limit
        if proposal.value < 1 or (limit is not None and proposal.value > limit):
            allowed = "at least 1" if limit is None else f"from 1 to {limit}"
            raise traitlets.TraitError(f"max_steps must be {allowed}, not {proposal.value!r}")
        return proposal.value

    @traitlets.validate("steps")
    def _check_steps(self, proposal):
        if not 0 <= proposal.value <= self.max_steps:
            raise traitlets.TraitError(
                f"steps must be from 0 to max_steps = {self.max_steps}, not {proposal.value!r}")
        return proposal.value

    @traitlets.observe("max_steps")
    def _keep_steps_within_max(self, change):
        self.steps = min(self.steps, change.new)
