"""The loss surface: L over (w1, w2) with w3 and b fixed, and gradient descent walking on it."""

import math

import numpy as np
import traitlets

from backprop_book.data import TRAINING_X, TRAINING_Y
from backprop_book.neuron import node_loss, node_loss_gradient
from backprop_book.optimizers import gradient_descent
from backprop_book.widgets.base import BookWidget, StepsWithinMax

#: The map and the start sliders: (min, max, step). A click on the map snaps to the step.
START_RANGE = [-2.0, 2.0, 0.05]
#: The stops of the learning-rate slider: round numbers, evenly spread on a log scale.
LEARNING_RATES = [0.1, 0.15, 0.2, 0.3, 0.5, 0.7, 1.0, 1.5, 2.0, 3.0, 5.0, 7.0, 10.0, 15.0, 20.0]
#: Play stops once the gradient is this small: the walk has come to rest.
CONVERGED = 1e-6


def _finite(name, value):
    if not math.isfinite(value):
        raise traitlets.TraitError(f"{name} must be a finite number, not {value!r}")
    return value


class LossSurface(StepsWithinMax, BookWidget):
    """The mean squared error L(w1, w2) of the sigmoid node over the three training samples,
    with w3 and b held fixed, drawn as a heat map with contour lines over [−2, 2]².

    The reader picks a start (a click on the map, or two sliders) and a learning rate α,
    and steps gradient descent, w ← w − α·∇L(w), one step at a time or playing; the page
    shows the path, the step count, the current (w1, w2, L) and the size of the gradient.
    The path is a function of (start, α, steps): change α and the same number of steps is
    redrawn with the new rate.
    """

    w3 = traitlets.Float(-2.0).tag(sync=True)
    b = traitlets.Float(1.0).tag(sync=True)
    start = traitlets.List(traitlets.Float(), minlen=2, maxlen=2).tag(sync=True)
    learning_rate = traitlets.Float(2.0).tag(sync=True)
    steps = traitlets.Int(0).tag(sync=True)
    max_steps = traitlets.Int(100).tag(sync=True)
    training_x = traitlets.List(traitlets.List(traitlets.Float())).tag(sync=True)
    training_y = traitlets.List(traitlets.Float()).tag(sync=True)
    start_range = traitlets.List(traitlets.Float(), default_value=START_RANGE).tag(sync=True)
    learning_rates = traitlets.List(traitlets.Float(), default_value=LEARNING_RATES).tag(
        sync=True)
    converged = traitlets.Float(CONVERGED).tag(sync=True)
    _initial = traitlets.Dict().tag(sync=True)

    def __init__(self, w3=-2.0, b=1.0, start=(1.5, 0.5), learning_rate=2.0, max_steps=100):
        initial = {"start": [float(v) for v in start], "learning_rate": float(learning_rate),
                   "steps": 0}
        super().__init__(w3=float(w3), b=float(b), max_steps=max_steps, **initial,
                         _initial=initial, training_x=TRAINING_X.tolist(),
                         training_y=TRAINING_Y.tolist())

    @traitlets.validate("w3", "b")
    def _check_parameter(self, proposal):
        return _finite(proposal.trait.name, proposal.value)

    @traitlets.validate("start")
    def _check_start(self, proposal):
        for value in proposal.value:
            _finite("each coordinate of the start", value)
        return proposal.value

    @traitlets.validate("learning_rate")
    def _check_learning_rate(self, proposal):
        if not (math.isfinite(proposal.value) and proposal.value > 0):
            raise traitlets.TraitError(
                f"the learning rate must be a positive number, not {proposal.value!r}")
        return proposal.value

    def loss(self, w1, w2):
        """L(w1, w2): the MSE of the node with weights (w1, w2, w3) and bias b."""
        return node_loss([w1, w2, self.w3], self.b)

    def gradient(self, w1, w2):
        """(∂L/∂w1, ∂L/∂w2): the first two entries of the node's weight gradient."""
        dw, _ = node_loss_gradient([w1, w2, self.w3], self.b)
        return dw[:2]

    def path(self):
        """The start and the points of the first ``steps`` steps: an array (steps + 1, 2)."""
        return gradient_descent(lambda w: self.gradient(*w), self.start, self.learning_rate,
                                self.steps)

    def current(self):
        """The point the walk has reached and its loss: (w1, w2, L)."""
        w1, w2 = (float(v) for v in self.path()[-1])
        return w1, w2, self.loss(w1, w2)

    def gradient_norm(self):
        """|∇L| at the current point (the page computes it with the same operations)."""
        g1, g2 = (float(v) for v in self.gradient(*self.current()[:2]))
        return math.sqrt(g1 * g1 + g2 * g2)

    def grid(self, cells=60):
        """L at the centres of a cells × cells grid over the map; row 0 is the top (w2 high).

        The page colours the same cells (computed in JavaScript) for its heat map.
        """
        low, high, _ = self.start_range
        centres = low + (np.arange(cells) + 0.5) * (high - low) / cells
        return np.array([[self.loss(w1, w2) for w1 in centres] for w2 in centres[::-1]])

    def _shown_traits(self):
        return ["w3", "b", "start", "learning_rate", "steps", "max_steps"]
