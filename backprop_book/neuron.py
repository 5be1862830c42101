"""A single node: a weighted sum of its inputs plus a bias, then an activation."""

import math

import numpy as np

from backprop_book.activations import sigmoid, step
from backprop_book.data import TRAINING_X, TRAINING_Y, random_generator
from backprop_book.losses import mse

ACTIVATIONS = {"sigmoid": sigmoid, "threshold": step}


def weighted_sum(x, w, b):
    """z = w1·x1 + w2·x2 + … + b, for one input vector x or a batch of rows."""
    return np.asarray(x, dtype=float) @ np.asarray(w, dtype=float) + b


def node_output(x, w, b, activation="sigmoid"):
    """y = f(z) with z = w·x + b and f the threshold rule or the sigmoid."""
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {sorted(ACTIVATIONS)}, not {activation!r}")
    return ACTIVATIONS[activation](weighted_sum(x, w, b))


def node_loss(w, b, x=TRAINING_X, y0=TRAINING_Y):
    """The MSE of the sigmoid node over a data set (by default the three training samples)."""
    return mse(node_output(x, w, b), y0)


def node_loss_gradient(w, b, x=TRAINING_X, y0=TRAINING_Y):
    """(∂L/∂w, ∂L/∂b) of :func:`node_loss`, by the chain rule (derived in chapter 05):

    ∂L/∂w_i = (2/N) Σ (y − y0)·σ′(z)·x_i  and  ∂L/∂b = (2/N) Σ (y − y0)·σ′(z),

    with σ′(z) = y(1 − y).
    """
    x, y0 = np.asarray(x, dtype=float), np.asarray(y0, dtype=float)
    y = node_output(x, w, b)
    delta = 2 * (y - y0) * y * (1 - y) / len(y0)
    return delta @ x, float(np.sum(delta))


def scalar_sigmoid(z):
    """σ(z) for one Python float, in the same overflow-safe form as :func:`sigmoid`."""
    e = math.exp(-abs(z))
    return 1.0 / (1.0 + e) if z >= 0 else e / (1.0 + e)


def check_length(values, expected, what):
    """Refuse a list of the wrong length with a message that says which list and why."""
    if len(values) != expected:
        raise ValueError(f"{what} must have {expected} values, got {len(values)}")


class Node:
    """One sigmoid node that learns by gradient descent, one training sample at a time.

    For each sample: ``forward(x)`` computes and remembers the output y, ``mse_loss(y0)``
    adds the squared error (y − y0)² to ``loss`` and returns δ = 2(y − y0), and
    ``backward(δ)`` adds this sample's term of every partial derivative to ``dw`` and
    ``db``. After all samples, ``loss`` is the sum of squared errors and ``dw``, ``db``
    are its gradient; ``update(α)`` steps against the gradient and clears the sums.
    """

    def __init__(self, n_inputs=3, seed=None):
        rng = random_generator(seed)
        self.n_inputs = n_inputs
        self.w = [rng.random() - 0.5 for _ in range(n_inputs)]
        self.b = rng.random() - 0.5
        self.x = self.y = None
        self.loss = 0.0
        self.dw = [0.0] * n_inputs
        self.db = 0.0

    def forward(self, x):
        """y = σ(w1·x1 + w2·x2 + … + b); x and y are kept for ``backward``."""
        check_length(x, self.n_inputs, "the input x")
        self.x = list(x)
        z = sum(wi * xi for wi, xi in zip(self.w, self.x, strict=True)) + self.b
        self.y = scalar_sigmoid(z)
        return self.y

    def mse_loss(self, y0):
        """Add (y − y0)² to the loss; return its slope with respect to y, δ = 2(y − y0)."""
        self.require_forward("mse_loss")
        self.loss += (self.y - y0) ** 2
        return 2 * (self.y - y0)

    def backward(self, delta):
        """Add this sample's δ·σ′·x_i to each dw_i and δ·σ′ to db, with σ′ = y(1 − y)."""
        self.require_forward("backward")
        slope = self.y * (1 - self.y)
        for i, xi in enumerate(self.x):
            self.dw[i] += delta * slope * xi
        self.db += delta * slope

    def update(self, alpha):
        """Step every weight and the bias against its gradient, then clear the sums."""
        for i, dwi in enumerate(self.dw):
            self.w[i] -= alpha * dwi
        self.b -= alpha * self.db
        self.loss = 0.0
        self.dw = [0.0] * self.n_inputs
        self.db = 0.0

    def require_forward(self, method):
        if self.y is None:
            raise RuntimeError(f"call forward(x) before {method}(): there is no output y yet")


def one_pass(model, xs=None, y0s=None):
    """forward, mse_loss and backward for every sample (by default the three training
    samples), as each iteration of training makes them. Afterwards ``model.loss`` is the sum
    of squared errors and ``model.dw``, ``model.db`` its gradient. Returns the outputs."""
    xs = TRAINING_X.tolist() if xs is None else xs
    y0s = TRAINING_Y.tolist() if y0s is None else y0s
    outputs = []
    for x, y0 in zip(xs, y0s, strict=True):
        outputs.append(model.forward(x))
        model.backward(model.mse_loss(y0))
    return outputs


def train(model, schedule, xs=None, y0s=None):
    """Gradient descent with the model's own methods: for each (learning rate, iterations)
    of ``schedule``, that many iterations of :func:`one_pass` and ``update``.

    Returns the loss of every iteration (read before its update) and the outputs of the
    last pass.
    """
    losses, outputs = [], []
    for learning_rate, iterations in schedule:
        for _ in range(iterations):
            outputs = one_pass(model, xs, y0s)
            losses.append(model.loss)
            model.update(learning_rate)
    return losses, outputs
