"""The neuron trainer: one sigmoid node learning the three training samples by gradient
descent, iteration by iteration, exactly as :class:`backprop_book.neuron.Node` does it."""

import math
import numbers
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

import traitlets

from backprop_book.data import TRAINING_X, TRAINING_Y
from backprop_book.neuron import Node, one_pass, train
from backprop_book.widgets.base import (
    BookWidget,
    StartFromSeed,
    as_trait_error,
    check_seed,
    format_number,
)

#: The stops of the learning-rate slider: 1, 2, 5 in every decade from 0.001 to 1000.
LEARNING_RATES = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0,
                  20.0, 50.0, 100.0, 200.0, 500.0, 1000.0]
#: The largest learning rate the widget accepts: the slider's last stop. Each weight moves by
#: at most 1.5·α per iteration, so every number stays finite for 5,000 iterations.
MAX_LEARNING_RATE = LEARNING_RATES[-1]
#: Training stops after this many iterations.
MAX_ITERATIONS = 5000
#: Iterations the page runs per animation frame while training (about 300 a second).
ITERATIONS_PER_FRAME = 5
#: The goal the page reports on: the sum of squared errors below this.
GOAL = 0.01
#: The loss curve's log scale ends here; smaller losses lie on its bottom edge.
LOSS_FLOOR = 1e-8


class Trajectory(NamedTuple):
    """A training run: ``losses[k]`` is the sum of squared errors after k iterations (k = 0
    is the start), then the weights, bias and outputs on the three inputs at the end."""

    losses: list
    w: list
    b: float
    outputs: list


def format_loss(value):
    """The loss as the page prints it (``lossText`` in neuron_trainer.js): four decimals from
    0.01 up (and for 0), else three significant digits like JavaScript's
    ``toExponential(2)`` (the exact value, ties away from zero) with a true minus sign."""
    value = float(value)
    if value == 0 or value >= 1e-2:
        return format_number(value, 4)
    exact = Decimal(value)
    exponent = exact.adjusted()
    rounded = exact.quantize(Decimal(1).scaleb(exponent - 2), rounding=ROUND_HALF_UP)
    if rounded.adjusted() > exponent:  # 9.995e-5 rounds up to 1.00e-4
        exponent += 1
        rounded = exact.quantize(Decimal(1).scaleb(exponent - 2), rounding=ROUND_HALF_UP)
    digits = "".join(map(str, rounded.as_tuple().digits))[:3]
    return f"{digits[0]}.{digits[1:]}e\u2212{-exponent}"   # below 0.01: a negative exponent




def check_learning_rate(learning_rate):
    if isinstance(learning_rate, bool) or not isinstance(learning_rate, int | float):
        raise TypeError(f"the learning rate must be a number, not {learning_rate!r}")
    if not (math.isfinite(learning_rate) and 0 < learning_rate <= MAX_LEARNING_RATE):
        raise ValueError(f"the learning rate must be above 0 and at most {MAX_LEARNING_RATE:g}, "
                         f"not {learning_rate!r}")
    return float(learning_rate)


def check_slider_rate(learning_rate):
    """A learning rate the widget can start from: one of the slider's stops."""
    learning_rate = check_learning_rate(learning_rate)
    if learning_rate not in LEARNING_RATES:
        stops = ", ".join(f"{r:g}" for r in LEARNING_RATES)
        raise ValueError(f"the learning rate must be one of the slider's values {stops}; "
                         f"not {learning_rate:g}")
    return learning_rate


class NeuronTrainer(StartFromSeed, BookWidget):
    """The sigmoid node y = σ(w1·x1 + w2·x2 + w3·x3 + b) learns (0,0,0) → 1, (0,1,0) → 1 and
    (1,0,1) → 0 by gradient descent, starting from the weights of ``Node(seed=seed)``.

    The page trains in JavaScript with the same floating-point operations in the same order
    as :class:`~backprop_book.neuron.Node`: "Step" runs one iteration (forward, loss and
    backward for each sample, then the update), "Train" runs five iterations per animation
    frame up to 5,000, and the α slider (0.001 … 1000 on a log scale) changes the rate for
    the iterations that follow, from the current weights. "Reset" goes back to the start
    weights at iteration 0 and keeps α. The page shows the iteration, the loss (the sum of
    squared errors), its curve on a log scale, the three outputs beside their targets, and
    the weights. Only α is sent back to the model; the training runs in the page.
    """

    seed = traitlets.Int(0).tag(sync=True)
    start = traitlets.List(traitlets.Float(), minlen=4, maxlen=4).tag(sync=True)
    learning_rate = traitlets.Float(0.1).tag(sync=True)
    learning_rates = traitlets.List(traitlets.Float(), default_value=LEARNING_RATES).tag(sync=True)
    max_iterations = traitlets.Int(MAX_ITERATIONS).tag(sync=True)
    iterations_per_frame = traitlets.Int(ITERATIONS_PER_FRAME).tag(sync=True)
    goal = traitlets.Float(GOAL).tag(sync=True)
    loss_floor = traitlets.Float(LOSS_FLOOR).tag(sync=True)
    training_x = traitlets.List(traitlets.List(traitlets.Float())).tag(sync=True)
    training_y = traitlets.List(traitlets.Float()).tag(sync=True)
    _initial = traitlets.Dict().tag(sync=True)

    def __init__(self, seed=0, learning_rate=0.1):
        seed = check_seed(seed)
        learning_rate = check_slider_rate(learning_rate)
        start = self.start_of(seed)
        super().__init__(seed=seed, start=start, learning_rate=learning_rate,
                         _initial={"start": start, "learning_rate": learning_rate},
                         training_x=TRAINING_X.tolist(), training_y=TRAINING_Y.tolist())

    @staticmethod
    def start_of(seed):
        """[w1, w2, w3, b] of ``Node(seed=seed)``: the page cannot draw Python's random."""
        node = Node(seed=seed)
        return [*node.w, node.b]

    @traitlets.validate("learning_rate")
    def _valid_learning_rate(self, proposal):
        return as_trait_error(check_slider_rate, proposal.value)

    def node(self):
        """A fresh ``Node`` at the start weights."""
        return Node(seed=self.seed)

    def train(self, schedule):
        """Train ``Node(seed=seed)`` with ``schedule``, a list of (learning rate, iterations),
        as the page does when α changes mid-run. Returns a :class:`Trajectory`."""
        for learning_rate, iterations in schedule:
            check_learning_rate(learning_rate)
            if not isinstance(iterations, numbers.Integral) or isinstance(iterations, bool) \
                    or iterations < 0:
                raise ValueError(f"iterations must be a whole number from 0 up, not {iterations!r}")
        node = self.node()
        losses, _ = train(node, schedule)
        outputs = one_pass(node)   # the loss and outputs where training stopped, no update
        return Trajectory([*losses, node.loss], list(node.w), node.b, outputs)

    def trajectory(self, iterations, learning_rate=None):
        """``iterations`` iterations at one learning rate (by default the widget's)."""
        rate = self.learning_rate if learning_rate is None else learning_rate
        return self.train([(rate, iterations)])

    def goal_reached(self, losses):
        """The first iteration whose loss is below the goal (None if none is)."""
        return next((k for k, loss in enumerate(losses) if loss < self.goal), None)

    def _shown_traits(self):
        return ["seed", "learning_rate"]
