"""The backprop stepper: chapter 08's tiny 2-2-2 network drawn as a graph, whose forward and
backward passes the reader advances one node at a time, as :class:`~backprop_book.layers.Layer`
computes them."""

import math
import numbers
import random
from typing import NamedTuple

import traitlets

from backprop_book.data import TINY_SEED, TINY_X, TINY_Y0
from backprop_book.layers import Layer
from backprop_book.neuron import scalar_sigmoid
from backprop_book.widgets.base import BookWidget, StartFromSeed, as_trait_error, check_seed

#: The stops of the learning-rate slider.
LEARNING_RATES = [0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0]
#: The inputs the widget accepts lie in [−MAX_INPUT, MAX_INPUT] (its labels show two decimals).
MAX_INPUT = 10.0

#: The steps of one pass, in the page's order (and the Layers'): forward node by node and the
#: loss, then backward as ``mse_loss`` and ``backward`` compute it, the output layer first.
FORWARD_STEPS = ["hidden-1", "hidden-2", "output-1", "output-2", "loss"]
BACKWARD_STEPS = ["delta-o1", "delta-o2", "slope-o1", "slope-o2", "grad-o1", "grad-o2",
                  "delta-h1", "delta-h2", "slope-h1", "slope-h2", "grad-h1", "grad-h2"]
STEPS = FORWARD_STEPS + BACKWARD_STEPS


class Step(NamedTuple):
    """One press of Forward or Backward: its name and the quantities it computes, by the
    names the page gives them (``data-output``)."""

    name: str
    values: dict


class Reference(NamedTuple):
    """A run of the Layers: ``params`` holds the weights and biases the last pass used (named
    as on the page), ``steps`` that pass's quantities step by step, and ``losses`` the loss of
    every pass (one per update, then the last)."""

    params: dict
    steps: list
    losses: list




def _check_pair(values, what, low, high):
    if isinstance(values, str | bytes) or not hasattr(values, "__len__"):
        raise TypeError(f"{what} must be a list of 2 numbers, not {values!r}")
    if len(values) != 2:
        raise ValueError(f"{what} must have 2 values, got {len(values)}")
    for value in values:
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise TypeError(f"{what} must hold numbers, not {value!r}")
        if not (math.isfinite(value) and low <= value <= high):
            raise ValueError(f"every value of {what} must lie in [{low:g}, {high:g}], "
                             f"not {value!r}")
    return [float(v) for v in values]


def check_x(x):
    return _check_pair(x, "the input x", -MAX_INPUT, MAX_INPUT)


def check_y0(y0):
    """Targets of sigmoid outputs: in [0, 1]."""
    return _check_pair(y0, "the targets y0", 0.0, 1.0)


def check_learning_rate(learning_rate):
    if isinstance(learning_rate, bool) or not isinstance(learning_rate, numbers.Real):
        raise TypeError(f"the learning rate must be a number, not {learning_rate!r}")
    if float(learning_rate) not in LEARNING_RATES:
        stops = ", ".join(f"{r:g}" for r in LEARNING_RATES)
        raise ValueError(f"the learning rate must be one of the slider's values {stops}; "
                         f"not {learning_rate!r}")
    return float(learning_rate)




def network(seed=TINY_SEED):
    """Chapter 08's network: ``Layer(2, 2)`` (hidden), then ``Layer(2, 2)`` (output), both
    drawing their weights from one ``random.Random(seed)``."""
    rng = random.Random(check_seed(seed))
    hidden = Layer(2, 2, seed=rng)
    output = Layer(2, 2, seed=rng)
    return hidden, output


def params_of(hidden, output):
    """The weights and biases of the two layers, named as on the page: ``w-h1-2`` is the
    weight from input 2 to hidden node 1 (``hidden.w[0][1]``), ``b-o2`` output node 2's bias."""
    params = {}
    for tag, layer in (("h", hidden), ("o", output)):
        for j in range(2):
            for i in range(2):
                params[f"w-{tag}{j + 1}-{i + 1}"] = layer.w[j][i]
            params[f"b-{tag}{j + 1}"] = layer.b[j]
    return params


def _z(layer, j):
    """Node j's weighted sum, as ``Layer.forward`` computes it (which keeps only σ(z))."""
    z = sum(wji * xi for wji, xi in zip(layer.w[j], layer.x, strict=True)) + layer.b[j]
    if scalar_sigmoid(z) != layer.y[j]:
        raise AssertionError("z does not give the Layer's output: Layer.forward has changed")
    return z


def one_pass(hidden, output, x, y0):
    """Forward and backward through the Layers, as chapter 08 runs them (``forward``,
    ``mse_loss``, ``backward`` returning dx); returns the steps in the page's order."""
    hidden.forward(x)
    output.forward(hidden.y)
    delta = output.mse_loss(y0)
    dx = output.backward(delta)
    hidden.backward(dx)
    # Layer.backward keeps δ_j·σ′_j only in db[j]: one sample, so db[j] = 0.0 + δ_j·σ′_j.
    values = {"loss": output.loss}
    for tag, layer, d in (("h", hidden, dx), ("o", output, delta)):
        for j in range(2):
            node = f"{tag}{j + 1}"
            values[f"z-{node}"] = _z(layer, j)
            values[f"y-{node}"] = layer.y[j]
            values[f"delta-{node}"] = d[j]
            values[f"slope-{node}"] = layer.db[j]
            values[f"db-{node}"] = layer.db[j]
            for i in range(2):
                values[f"dw-{node}-{i + 1}"] = layer.dw[j][i]
    steps = []
    for name in STEPS:
        kind, _, node = name.partition("-")
        if kind in ("hidden", "output"):
            node = f"{kind[0]}{node}"
            names = [f"z-{node}", f"y-{node}"]
        elif kind == "loss":
            names = ["loss"]
        elif kind == "grad":
            names = [f"dw-{node}-1", f"dw-{node}-2", f"db-{node}"]
        else:
            names = [f"{kind}-{node}"]
        steps.append(Step(name, {n: values[n] for n in names}))
    return steps


class BackpropStepper(StartFromSeed, BookWidget):
    """Chapter 08's tiny network, 2 inputs → 2 hidden sigmoid nodes → 2 output sigmoid nodes
    → the loss L = Σ_j (y_j − y0_j)², drawn as a graph.

    "Forward" computes the next node (its weighted sum z and output σ(z)), then the loss;
    "Backward" the next quantity going back, in the order of ``Layer.mse_loss`` and
    ``Layer.backward``: δ = ∂L/∂y of each output node (the slope along a layer's output, the
    value ``backward`` receives), δ·σ′, the gradients dw and db, then the δ of each hidden
    node (dx of the output layer: the two paths from a hidden node add), and the hidden
    layer's δ·σ′, dw, db. "Run forward"/"Run backward" do all remaining steps, "Update"
    steps every weight by −α × its gradient (α from the slider), "Reset" goes back to the
    start. The weights come from Python (``network(seed)``); the page computes the rest
    with the Layers' floating-point operations in the Layers' order.
    """

    seed = traitlets.Int(TINY_SEED).tag(sync=True)
    # Checked by the validators below (with the constructor's messages).
    x = traitlets.List().tag(sync=True)
    y0 = traitlets.List().tag(sync=True)
    start = traitlets.Dict().tag(sync=True)
    learning_rate = traitlets.Float(1.0).tag(sync=True)
    learning_rates = traitlets.List(traitlets.Float(), default_value=LEARNING_RATES).tag(sync=True)
    _initial = traitlets.Dict().tag(sync=True)

    def __init__(self, seed=TINY_SEED, x=TINY_X, y0=TINY_Y0, learning_rate=1.0):
        seed = check_seed(seed)
        x, y0 = check_x(x), check_y0(y0)
        learning_rate = check_learning_rate(learning_rate)
        start = self.start_of(seed)
        super().__init__(seed=seed, x=x, y0=y0, start=start, learning_rate=learning_rate,
                         _initial={"start": start, "learning_rate": learning_rate})

    @staticmethod
    def start_of(seed):
        """The start weights and biases of ``network(seed)``, named as on the page
        (the page cannot draw Python's random numbers)."""
        return params_of(*network(seed))

    @traitlets.validate("x")
    def _valid_x(self, proposal):
        return as_trait_error(check_x, proposal.value)

    @traitlets.validate("y0")
    def _valid_y0(self, proposal):
        return as_trait_error(check_y0, proposal.value)

    @traitlets.validate("learning_rate")
    def _valid_learning_rate(self, proposal):
        return as_trait_error(check_learning_rate, proposal.value)

    def network(self):
        """Fresh Layers (hidden, output) at the start weights."""
        return network(self.seed)

    def reference(self, learning_rates=()):
        """Run the Layers as the page does: for each α in ``learning_rates`` a whole pass and
        ``update(α)`` of both layers, then one more pass. Returns a :class:`Reference`."""
        for rate in learning_rates:
            if isinstance(rate, bool) or not isinstance(rate, numbers.Real) \
                    or not (math.isfinite(rate) and rate > 0):
                raise ValueError(f"a learning rate must be a number above 0, not {rate!r}")
        hidden, output = self.network()
        losses = []
        for rate in learning_rates:
            losses.append(one_pass(hidden, output, self.x, self.y0)[FORWARD_STEPS.index("loss")]
                          .values["loss"])
            hidden.update(rate)
            output.update(rate)
        params = params_of(hidden, output)
        steps = one_pass(hidden, output, self.x, self.y0)
        losses.append(steps[FORWARD_STEPS.index("loss")].values["loss"])
        return Reference(params, steps, losses)

    def reference_steps(self, learning_rates=()):
        """The quantities each press computes, in the page's order (see :meth:`reference`)."""
        return self.reference(learning_rates).steps

    def _shown_traits(self):
        return ["seed", "x", "y0", "learning_rate"]
