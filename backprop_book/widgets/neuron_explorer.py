"""The neuron explorer: move the inputs, weights and bias of one node and watch its output."""

import numpy as np
import traitlets

from backprop_book.data import EXAMPLE_B, EXAMPLE_W, TRAINING_X, TRAINING_Y
from backprop_book.neuron import ACTIVATIONS, node_output
from backprop_book.widgets.base import BookWidget

#: Slider ranges (min, max, step) shared with the JavaScript through the traits below.
INPUT_RANGE = [0.0, 1.0, 0.1]
PARAM_RANGE = [-3.0, 3.0, 0.1]


def _triple():
    return traitlets.List(traitlets.Float(), minlen=3, maxlen=3)


class NeuronExplorer(BookWidget):
    """One node y = f(w1·x1 + w2·x2 + w3·x3 + b), with f the threshold rule or the sigmoid.

    The page shows z, the output y (as a number and a bar) and, for each of the three
    training samples, the node's output against its target: a sample counts as right when
    the output is on the target's side of 0.5.
    """

    x = _triple().tag(sync=True)
    w = _triple().tag(sync=True)
    b = traitlets.Float(EXAMPLE_B).tag(sync=True)
    activation = traitlets.Enum(sorted(ACTIVATIONS), default_value="threshold").tag(sync=True)
    training_x = traitlets.List(_triple()).tag(sync=True)
    training_y = traitlets.List(traitlets.Float()).tag(sync=True)
    input_range = traitlets.List(traitlets.Float(), default_value=INPUT_RANGE).tag(sync=True)
    param_range = traitlets.List(traitlets.Float(), default_value=PARAM_RANGE).tag(sync=True)
    _initial = traitlets.Dict().tag(sync=True)

    def __init__(self, x=(0.0, 1.0, 0.0), w=tuple(EXAMPLE_W), b=EXAMPLE_B,
                 activation="threshold"):
        start = {"x": [float(v) for v in x], "w": [float(v) for v in w], "b": float(b),
                 "activation": activation}
        super().__init__(**start, _initial=start,
                         training_x=TRAINING_X.tolist(), training_y=TRAINING_Y.tolist())

    def output(self):
        """The node's output y for the current input, as the page shows it."""
        return float(node_output(self.x, self.w, self.b, self.activation))

    def training_outputs(self):
        """The node's output for each training input."""
        return node_output(np.array(self.training_x), self.w, self.b, self.activation)

    def samples_right(self):
        """How many training samples the node gets right (output on the target's side of 0.5)."""
        y = self.training_outputs()
        return int(np.sum((y >= 0.5) == (np.array(self.training_y) >= 0.5)))

    def _shown_traits(self):
        return ["x", "w", "b", "activation"]
