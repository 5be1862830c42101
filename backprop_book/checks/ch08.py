"""Checks of the chapter 08 workbook, ``exercises/ch08_backprop.ipynb``.

Every expected value is computed here from the package: the layers and their random starts
from :class:`backprop_book.layers.Layer`, the tiny network and the Pythagoras data from
:mod:`backprop_book.data`, training from :func:`backprop_book.neuron.train`. The one
exception is speed: the long Pythagoras runs (5,000 iterations over 100 samples) take about a
minute in the package's plain Python, so their reference comes from :func:`fast_losses`, the
same batch gradient descent written with NumPy over all samples at once, computed once per
session and cached. The tests check that it agrees with the package's layers.

Each check names the likely mistake when it can: a forgotten σ′, crossed indices ``w[i][j]``,
one path taken where the slopes of several paths add, a wrong sign, a δ that ignores the
factor 2, dx computed with the weights after the update, layers walked backwards in forward
order, a loss read after ``update`` cleared it, a weight left nudged after a finite
difference.
"""

import copy
import functools
import random

import numpy as np

from backprop_book.checks import (
    CheckError,
    as_function,
    as_number,
    as_result,
    as_returned_vector,
    as_vector,
    call,
    close,
    exercise,
    listed,
    shown,
)
from backprop_book.checks.layer_checks import (
    Numbers,
    Probe,
    as_table,
    check_table_shape,
    forbidden,
    miscounted_losses,
    random_data,
    shown_table,
)
from backprop_book.data import TINY_SEED, TINY_X, TINY_Y0, pythagoras_data
from backprop_book.layers import Layer
from backprop_book.neuron import train

#: Numbers computed in Python must match this closely (relative).
RTOL = 1e-9
#: Numbers worked out by hand may have been typed with five or six digits.
HAND_RTOL = 1e-4
#: Exercise 8.1: the 2-2-1 network whose δs are worked out by hand.
HIDDEN_W_1, HIDDEN_B_1 = [[0.5, -0.4], [0.3, 0.8]], [0.1, -0.2]
OUTPUT_W_1, OUTPUT_B_1 = [[1.5, -1.0]], [0.2]
X_1, Y0_1 = [1.0, 0.5], [1.0]
#: Exercise 8.2: the hidden node of the tiny network whose bias slope is asked (from 0).
NODE_2 = 1
#: Exercise 8.9: the step of the central difference.
H_9 = 1e-5
#: Exercises 8.6 to 8.8 (the lecture's exercise 3-12): seed, learning rate, iterations.
SEED_PYTHAGORAS, ALPHA_PYTHAGORAS = 0, 0.1
ITERATIONS_A, ITERATIONS_B = 1000, 5000

_close = functools.partial(close, rtol=RTOL, atol=1e-12)
_near = functools.partial(close, rtol=HAND_RTOL, atol=1e-7)


# ---------------------------------------------------------------------------- helpers

class Network:
    """Layers used as one model: forward through them, backward through them in reverse.

    It has the methods :func:`backprop_book.neuron.train` calls, so that function trains it
    exactly as the chapter's loop does; ``loss`` is the last layer's.
    """

    def __init__(self, layers):
        self.layers = list(layers)

    @property
    def loss(self):
        return self.layers[-1].loss

    def forward(self, x):
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def mse_loss(self, y0):
        return self.layers[-1].mse_loss(y0)

    def backward(self, delta):
        for layer in reversed(self.layers):
            delta = layer.backward(delta)
        return delta

    def update(self, alpha):
        for layer in self.layers:
            layer.update(alpha)


def _layer(w, b, cls=Layer):
    """A layer holding copies of the weights w and biases b."""
    layer = cls(len(w[0]), len(w))
    layer.w = [[float(v) for v in row] for row in w]
    layer.b = [float(v) for v in b]
    return layer


def _sigma(z):
    return 1 / (1 + np.exp(-np.asarray(z, dtype=float)))


def _numbers(values, name, length, what="numbers"):
    """A list of numbers from the student, with a message that names a single number."""
    if values is not None and np.ndim(values) == 0 and not isinstance(values, str):
        raise CheckError(f"{name} should be a list of {length} {what}, one per node, but it "
                         f"is the single number {values!r:.20}.")
    return as_vector(values, name, length, what)


def _first_match(got, candidates, near=_near):
    for candidate, mistake in candidates:
        if near(got, candidate):
            return mistake
    return None


# ------------------------------------------------------------------- exercise 8.1
def network_81(cls=Layer):
    """The 2-2-1 network of exercise 8.1: (hidden, output)."""
    return _layer(HIDDEN_W_1, HIDDEN_B_1, cls), _layer(OUTPUT_W_1, OUTPUT_B_1, cls)


def expected_81():
    """(y^o, δ^o, [δ^h_1, δ^h_2]) of the 2-2-1 network for X_1 and Y0_1, from the package's
    layers: δ^h is what the output layer's backward returns."""
    hidden, output = network_81()
    y = output.forward(hidden.forward(X_1))
    delta = output.mse_loss(Y0_1)
    return y[0], delta[0], output.backward(delta)


def _wrong_81():
    """Typical wrong values of y^o, δ^o and δ^h, each with what went wrong."""
    w_h, b_h = np.array(HIDDEN_W_1), np.array(HIDDEN_B_1)
    w, b = np.array(OUTPUT_W_1[0]), OUTPUT_B_1[0]
    z_h = w_h @ np.array(X_1) + b_h
    h = _sigma(z_h)
    z = w @ h + b
    y = float(_sigma(z))
    y0 = Y0_1[0]
    delta = 2 * (y - y0)
    slope = y * (1 - y)
    wrong_y = [
        (float(z), "is z^o, the weighted sum of the output node: its output is σ(z^o)."),
        (float(_sigma(w @ z_h + b)), "feeds the hidden sums z^h into the output node: the "
                                     "hidden nodes hand on their outputs y^h = σ(z^h)."),
        (float(_sigma(w @ h)), f"leaves out the output node's bias, {shown(b)}."),
    ]
    wrong_delta = [
        (y - y0, "is y^o − y0: the slope of (y^o − y0)² has the factor 2, "
                 "δ^o = 2(y^o − y0)."),
        (2 * (y0 - y), "has the wrong sign: δ^o = 2(y^o − y0), negative when the output is "
                       "too small."),
        (y0 - y, "has the wrong sign and no factor 2: δ^o = 2(y^o − y0)."),
        ((y - y0) ** 2, "is the loss itself: δ^o is its slope along y^o, 2(y^o − y0)."),
    ]
    wrong_delta_h = [
        (delta * w, "leaves out σ′: the path from y^h_j to the loss runs through the output "
                    "node's sigmoid, so δ^h_j = δ^o·y^o(1 − y^o)·w^o_1j."),
        (delta * h * (1 - h) * w, "uses the hidden nodes' σ′, y^h_j(1 − y^h_j): the path from "
                                  "y^h_j runs through the output node's sigmoid, whose slope "
                                  "is y^o(1 − y^o). (The hidden σ′ comes later, in the hidden "
                                  "layer's own backward.)"),
        (-delta * slope * w, "has the wrong sign: δ^h_j = δ^o·y^o(1 − y^o)·w^o_1j with "
                             "δ^o = 2(y^o − y0)."),
        ((y - y0) * slope * w, "leaves out the factor 2 of δ^o = 2(y^o − y0)."),
        (delta * slope * w * h, "multiplies by y^h_j: that is the slope along the weight "
                                "w^o_1j. Along y^h_j itself the factor is the weight: "
                                "δ^h_j = δ^o·y^o(1 − y^o)·w^o_1j."),
        (slope * w, "leaves out δ^o: δ^h_j = δ^o·y^o(1 − y^o)·w^o_1j, a slope of the loss."),
        (np.full(2, delta * slope), "leaves out the weights: δ^h_j = δ^o·y^o(1 − y^o)·w^o_1j."),
    ]
    return wrong_y, wrong_delta, wrong_delta_h


@exercise("8.1")
def exercise_1(y_o, delta_o, delta_h):
    """y^o, δ^o = 2(y^o − y0) and δ^h = output.backward(δ^o) of a 2-2-1 network, by hand."""
    got_y = as_number(y_o, "y_o")
    got_delta = as_number(delta_o, "delta_o")
    got_h = _numbers(delta_h, "delta_h", 2, "slopes")
    right_y, right_delta, right_h = expected_81()
    wrong_y, wrong_delta, wrong_h = _wrong_81()
    lines = []
    if not _near(got_y, right_y):
        mistake = _first_match(got_y, wrong_y)
        lines.append(f"y_o = {shown(got_y)} " + (mistake or "is not the output: compute the "
                                                 "hidden outputs y^h_j = σ(Σ_i w^h_ji·x_i + "
                                                 "b^h_j) first, then y^o = σ(Σ_j w^o_1j·y^h_j "
                                                 "+ b^o_1)."))
    follows = _near(got_delta, 2 * (got_y - Y0_1[0])) and not _near(got_y, right_y)
    if not _near(got_delta, right_delta) and not follows:
        mistake = _first_match(got_delta, wrong_delta)
        lines.append(f"delta_o = {shown(got_delta)} " + (mistake or "is not 2(y^o − y0)."))
    if not _near(got_h, right_h):
        mistake = _first_match(got_h, wrong_h)
        if mistake is None and _near(got_h[::-1], right_h):
            mistake = ("has its two entries swapped: delta_h[0] is the slope along y^h_1, "
                       "which the output node weighs with w^o_11.")
        if mistake or _near(got_y, right_y):
            lines.append(f"delta_h = {listed(got_h, 4)} " + (
                mistake or "is not right: δ^h_j = δ^o·y^o(1 − y^o)·w^o_1j, one entry per "
                           "hidden node."))
    if lines:
        raise CheckError("\n".join(lines))
    return (f"y^o = {shown(right_y)}, δ^o = {shown(right_delta)}, and the hidden layer "
            f"receives δ^h = {listed(right_h, 4)}: the output's δ, times the output node's "
            "slope y^o(1 − y^o), times the weight of each path.")


# ------------------------------------------------------------------- exercise 8.2
def tiny_network(cls=Layer):
    """The tiny 2-2-2 network of chapter 08: (hidden, output), drawn from one generator."""
    rng = random.Random(TINY_SEED)
    return cls(2, 2, seed=rng), cls(2, 2, seed=rng)


def _tiny_pass():
    """(y^h, y^o, δ^o, ∂L/∂b^o) of the tiny network for its sample, and its output layer."""
    hidden, output = tiny_network()
    h = hidden.forward(TINY_X)
    y = output.forward(h)
    delta = output.mse_loss(TINY_Y0)
    grad_b = [d * yk * (1 - yk) for d, yk in zip(delta, y, strict=True)]
    return h, y, delta, grad_b, output


def expected_82():
    """(path_1, path_2, ∂L/∂b^h_2) of the tiny network, from the package: path k is the slope
    along y^h_2 through output node k, ∂L/∂b^o_k · w^o_k2."""
    _, _, _, grad_b, output = _tiny_pass()
    network = Network(tiny_network())
    network.forward(TINY_X)
    network.backward(network.mse_loss(TINY_Y0))
    paths = [grad_b[k] * output.w[k][NODE_2] for k in range(2)]
    return paths[0], paths[1], network.layers[0].db[NODE_2]


def _wrong_82():
    """(path_1, path_2) computed in typical wrong ways, with what went wrong."""
    h, _, delta, grad_b, output = _tiny_pass()
    w = output.w
    other = 1 - NODE_2
    return [
        ([grad_b[0] * w[0][other], grad_b[1] * w[1][other]],
         "use the weights of hidden node 1: path k runs from hidden node 2 into output node "
         "k, over the weight w^o_k2 = output.w[k-1][1]."),
        ([grad_b[0] * w[NODE_2][0], grad_b[1] * w[NODE_2][1]],
         "have the indices crossed: the weight from hidden node 2 into output node k is "
         "w^o_k2 = output.w[k-1][1] (the row is the node it goes into), not output.w[1][k-1]."),
        ([delta[0] * w[0][NODE_2], delta[1] * w[1][NODE_2]],
         "leave out the output nodes' σ′: each path passes through an output sigmoid, so "
         "its slope is δ^o_k·y^o_k(1 − y^o_k)·w^o_k2 = ∂L/∂b^o_k·w^o_k2."),
        ([-grad_b[0] * w[0][NODE_2], -grad_b[1] * w[1][NODE_2]],
         "have the wrong sign: δ^o_k = 2(y^o_k − y0_k)."),
        ([grad_b[0] * w[0][NODE_2] * h[NODE_2] * (1 - h[NODE_2]),
          grad_b[1] * w[1][NODE_2] * h[NODE_2] * (1 - h[NODE_2])],
         "already include hidden node 2's slope y^h_2(1 − y^h_2): a path is the slope along "
         "y^h_2, ∂L/∂b^o_k·w^o_k2; the hidden sigmoid's factor comes once, after the sum."),
    ]


@exercise("8.2")
def exercise_2(path_1, path_2, db_hidden_2):
    """The two paths from hidden node 2's output to the loss, and ∂L/∂b^h_2."""
    paths = np.array([as_number(path_1, "path_1"), as_number(path_2, "path_2")])
    total = as_number(db_hidden_2, "db_hidden_2")
    right_1, right_2, right_db = expected_82()
    right = np.array([right_1, right_2])
    h = _tiny_pass()[0][NODE_2]
    slope = h * (1 - h)
    lines = []
    if not _near(paths, right):
        mistake = _first_match(paths, _wrong_82())
        if mistake is None and _near(paths[::-1], right):
            mistake = "are swapped: path_1 runs through output node 1."
        if mistake is None:
            for k in range(2):
                if not _near(paths[k], right[k]):
                    lines.append(f"path_{k + 1} = {shown(paths[k])} is not the slope along "
                                 f"the path through output node {k + 1}: ∂L/∂b^o_{k + 1}·"
                                 f"w^o_{k + 1}2 = δ^o_{k + 1}·y^o_{k + 1}(1 − y^o_{k + 1})·"
                                 f"w^o_{k + 1}2.")
        else:
            lines.append(f"path_1, path_2 = {shown(paths[0])}, {shown(paths[1])}: your paths "
                         f"{mistake}")
    if not _near(total, right_db):
        candidates = [
            (paths.sum(), "is δ^h_2, the slope along the output of hidden node 2: the bias "
                          "sits inside that node's sigmoid, so multiply by y^h_2(1 − y^h_2)."),
            (right.sum(), "is δ^h_2, the slope along the output of hidden node 2: the bias "
                          "sits inside that node's sigmoid, so multiply by y^h_2(1 − y^h_2)."),
            (right_1 * slope, "takes the path through output node 1 only: hidden node 2 "
                              "feeds both output nodes, and the slopes of the two paths add."),
            (right_2 * slope, "takes the path through output node 2 only: hidden node 2 "
                              "feeds both output nodes, and the slopes of the two paths add."),
            (paths[0] * slope, "takes one path only: the slopes of the two paths add."),
            (paths[1] * slope, "takes one path only: the slopes of the two paths add."),
            (paths[0] * paths[1] * slope, "multiplies the two paths: along one path the "
                                          "slopes multiply (the chain rule), but different "
                                          "paths add up."),
            (-right_db, "has the wrong sign."),
        ]
        mistake = _first_match(total, candidates)
        if mistake is None and not _near(total, paths.sum() * slope):
            mistake = "should be (path_1 + path_2)·y^h_2(1 − y^h_2)."
        if mistake:
            lines.append(f"db_hidden_2 = {shown(total)} {mistake}")
    if lines:
        raise CheckError("\n".join(lines))
    return (f"({shown(right_1)} + {shown(right_2)}) × y^h_2(1 − y^h_2) = {shown(right_db)}, "
            "which is hidden.db[1] after backward: along a path the slopes multiply, and the "
            "paths add up.")


# ------------------------------------------------------------------- exercise 8.3
def _backward_cases():
    """(n_in, n_out, seed, deltas, inputs): a square layer first, then others. The deltas
    are arbitrary slopes, as an upper layer would hand them down."""
    cases = []
    for n_in, n_out, seed in [(3, 3, 31), (2, 3, 32), (3, 1, 33), (4, 2, 34)]:
        xs, deltas = random_data(n_in, n_out, 3, 800 + seed)
        cases.append((n_in, n_out, seed, [[2 * d - 1 for d in row] for row in deltas], xs))
    return cases


def _wrong_dx(layer, delta):
    """(dx, mistake) of typical wrong input gradients, for a layer after forward."""
    w, y, d = np.array(layer.w), np.array(layer.y), np.array(delta)
    s = d * y * (1 - y)
    wrong = [
        (d @ w, "leaves out σ′: the path from input i to the loss runs through node j's "
                "sigmoid, so dx_i = Σ_j δ_j·y_j(1 − y_j)·w_ji."),
        (-(s @ w), "has the wrong sign: dx_i = Σ_j δ_j·y_j(1 − y_j)·w_ji, as it is."),
        (s[0] * w[0], "takes the path through node 1 only: input i feeds every node of the "
                      "layer, so the slopes of all those paths add up, Σ_j."),
        (s[-1] * w[-1], "keeps only the path through the last node: use += (or sum) so that "
                        "the paths through all nodes add up."),
        ((s @ w) * np.array(layer.x), "multiplies by x_i: that is the slope along the weight. "
                                      "Along the input x_i, the factor is the weight, "
                                      "dx_i = Σ_j δ_j·y_j(1 − y_j)·w_ji."),
    ]
    if w.shape[0] == w.shape[1]:
        wrong.insert(0, (w @ s, "has the indices crossed: it uses w[i][j], the weight from "
                                "input j to node i. The path from input i to node j has the "
                                "weight w[j][i]. In a square layer this runs without an error "
                                "and quietly gives something else."))
    return wrong


def _student_backward(backward, name, case):
    """Run the student's backward over the case's samples; (layer, [(x, y, δ, dx)])."""
    n_in, n_out, seed, deltas, xs = case
    layer = Probe(n_in, n_out, seed=seed)
    layer.backward = forbidden("backward", "layer.backward")
    layer.input_gradient = forbidden("backward", "layer.input_gradient")
    records = []
    for x, delta in zip(xs, deltas, strict=True):
        layer.forward(x)
        given = Numbers(delta)
        try:
            value = call(backward, name, layer, given)
        except CheckError as error:
            if "IndexError" in str(error) and n_in != n_out:
                raise CheckError(f"{error}\nThis layer has {n_in} inputs and {n_out} nodes. "
                                 "An IndexError here usually means crossed indices: w[j][i] "
                                 "is row j (node j), entry i (input i).") from None
            raise
        if list(given) != list(delta):
            raise CheckError(f"{name}(layer, delta) changed delta: read it, do not modify it.")
        records.append((list(layer.x), list(layer.y), list(delta), value))
    return layer, records


def _miscounted_83(n, n_in, n_out):
    per_node = " (one per node?)" if n == n_out else ""
    return (f"{n} numbers{per_node}, but the layer has {n_in} inputs: dx has one entry per "
            "input, each a sum over the nodes.")


@exercise("8.3")
def exercise_3(backward):
    """backward(layer, delta): add to dw and db as in chapter 6, and return dx."""
    name = "backward"
    as_function(backward, name)
    for case in _backward_cases():
        n_in, n_out, seed = case[:3]
        layer, records = _student_backward(backward, name, case)
        reference = Layer(n_in, n_out, seed=seed)
        shape = f"Layer({n_in}, {n_out})"
        for x, _, delta, value in records:
            reference.forward(x)
            expected = reference.backward(delta)
            where = f"{name}(layer, {listed(delta, 4)}) for a {shape} after forward({x})"
            got = as_returned_vector(
                value, where, n_in, "slopes",
                returning="`return dx`, the list of the slopes along the inputs",
                single=f"the layer has {n_in} inputs: return one slope per input.",
                miscounted=functools.partial(_miscounted_83, n_in=n_in, n_out=n_out))
            if _close(got, expected):
                continue
            probe = Layer(n_in, n_out, seed=seed)
            probe.forward(x)
            mistake = _first_match(got, _wrong_dx(probe, delta), _close)
            raise CheckError(f"{where} returned {listed(got, 4)}: " + (
                f"your {name} {mistake}" if mistake else
                f"dx should be {listed(expected, 4)}, dx_i = Σ_j δ_j·y_j(1 − y_j)·w_ji."))
        dw = as_table(layer.dw, f"layer.dw of {shape}")
        check_table_shape(dw, f"layer.dw of {shape}", n_out, n_in, "The gradients")
        db = as_vector(layer.db, f"layer.db of {shape}", n_out)
        if not (_close(dw, np.array(reference.dw)) and _close(db, np.array(reference.db))):
            if not np.any(dw) and not np.any(db):
                raise CheckError(f"your {name} returns the right dx but leaves layer.dw and "
                                 "layer.db at zero: it must still add each sample's terms, "
                                 "dw[j][i] += δ_j·y_j(1 − y_j)·x_i and db[j] += δ_j·y_j"
                                 "(1 − y_j), as in chapter 6.")
            raise CheckError(f"your {name} returns the right dx, but for a {shape} over "
                             f"{len(records)} samples it gives dw = {shown_table(dw)} instead of "
                             f"{shown_table(reference.dw)}: dw[j][i] += δ_j·y_j(1 − y_j)·x_i, "
                             "added up over the samples.")
    return ("dx_i = Σ_j δ_j·y_j(1 − y_j)·w_ji, a sum over the paths through every node, for "
            "four shapes of layer, and dw, db as before: your backward agrees with the "
            "package's.")


# ------------------------------------------------------------------- exercise 8.4
def fit(layers, xs, y0s, alpha, iterations, mode="batch"):
    """Train a list of layers; the loss of every iteration.

    ``mode`` names a way of training, right or wrong, whose losses the checks recognise:
    "batch" (right: the package's :func:`~backprop_book.neuron.train` on a
    :class:`Network`), "online" (an update after every sample), "after" (the loss read after
    update cleared it), "forward order" (backward through the layers in forward order),
    "same delta" (every layer gets the output's δ, not the dx of the layer above), "last
    only" (only the last layer is updated), "mean" (the loss divided by the samples).
    """
    if mode in ("batch", "mean"):
        losses = train(Network(layers), [(alpha, iterations)], xs, y0s)[0]
        return [v / len(xs) for v in losses] if mode == "mean" else losses
    losses = []
    for _ in range(iterations):
        total = 0.0
        for x, y0 in zip(xs, y0s, strict=True):
            for layer in layers:
                x = layer.forward(x)
            delta = layers[-1].mse_loss(y0)
            order = layers if mode == "forward order" else layers[::-1]
            loss_delta = delta
            for layer in order:
                delta = layer.backward(loss_delta if mode == "same delta" else delta)
            if mode == "online":
                total += layers[-1].loss
                for layer in layers:
                    layer.update(alpha)
        if mode == "online":
            losses.append(total)
            continue
        if mode == "after":
            for layer in layers:
                layer.update(alpha)
        losses.append(layers[-1].loss)
        if mode != "after":
            for layer in layers[-1:] if mode == "last only" else layers:
                layer.update(alpha)
    return losses


def _network_cases():
    """(shapes, seed, xs, y0s, alpha, iterations): all-square networks first, where the
    mistakes of order run without an error."""
    p_xs, p_y0s = pythagoras_data(n_samples=8, seed=84)
    return [
        ([(2, 2), (2, 2)], TINY_SEED, *random_data(2, 2, 4, 841), 0.5, 12),
        ([(3, 3), (3, 3), (3, 3)], 842, *random_data(3, 3, 3, 842), 0.5, 10),
        ([(3, 3), (3, 1)], 843, p_xs, p_y0s, 0.1, 20),
        ([(2, 4), (4, 3), (3, 1)], 844, *random_data(2, 1, 5, 844), 0.3, 10),
        ([(3, 2)], 845, *random_data(3, 2, 3, 845), 0.5, 8),
    ]


def _layers(shapes, seed, cls=Layer):
    rng = random.Random(seed)
    return [cls(n_in, n_out, seed=rng) for n_in, n_out in shapes]


def _train_mistakes(case):
    shapes, seed, xs, y0s, alpha, iterations = case
    square = all(n_in == n_out for n_in, n_out in shapes) and len(
        {n for shape in shapes for n in shape}) == 1
    mistakes = [
        ("online", "updates after every sample (online learning): update each layer once per "
                   "iteration, after the loop over the samples."),
        ("after", "reads the loss after update(), which has just cleared it: append the last "
                  "layer's loss before the updates."),
        ("last only", "updates the last layer only: every layer has its dw and db, so call "
                      "update(alpha) on each of them."),
        ("mean", "returns the mean loss over the samples: return the last layer's loss as it "
                 "is, the sum."),
    ]
    if square and len(shapes) > 1:
        mistakes[:0] = [
            ("forward order", "walks backward through the layers in forward order: the δ "
                              "starts at the loss, so the last layer goes first, "
                              "reversed(layers)."),
            ("same delta", "gives every layer the δ of the loss: each layer must receive the "
                           "dx that the layer above it returned, delta = layer.backward(delta)."),
        ]
    return [(fit(_layers(shapes, seed), xs, y0s, alpha, iterations, mode), mistake)
            for mode, mistake in mistakes]


@exercise("8.4")
def exercise_4(train_network):
    """train_network(layers, xs, y0s, alpha, iterations) → the loss of every iteration."""
    name = "train_network"
    as_function(train_network, name)
    for case in _network_cases():
        shapes, seed, xs, y0s, alpha, iterations = case
        layers, reference = _layers(shapes, seed, Probe), _layers(shapes, seed)
        given = (copy.deepcopy(xs), copy.deepcopy(y0s))
        sizes = " → ".join(str(n) for n in [shapes[0][0], *(n for _, n in shapes)])
        where = f"{name}(layers, xs, y0s, {alpha}, {iterations}) for a {sizes} network"
        try:
            value = call(train_network, name, list(layers), given[0], given[1], alpha,
                         iterations, where=where)
        except CheckError as error:
            if "must have" in str(error) and "delta" in str(error):
                raise CheckError(f"{error}\nA layer received a δ of the wrong length: walk "
                                 "backward from the last layer (reversed(layers)), and give "
                                 "each layer the list the layer above returned, delta = "
                                 "layer.backward(delta).") from None
            raise
        if given != (xs, y0s):
            raise CheckError(f"{where} changed the samples or the targets: leave them as "
                             "they are.")
        got = as_returned_vector(
            value, where, iterations, "losses",
            returning="`return losses`, one per iteration",
            miscounted=functools.partial(miscounted_losses, iterations=iterations,
                                         samples=len(xs)))
        expected = np.array(fit(reference, xs, y0s, alpha, iterations))
        if _close(got, expected):
            trained = all(_close(np.array(mine.w), np.array(theirs.w))
                          and _close(np.array(mine.b), np.array(theirs.b))
                          for mine, theirs in zip(layers, reference, strict=True))
            if trained:
                continue
            raise CheckError(f"{where} returns the right losses, but leaves the layers with "
                             "other weights than gradient descent gives: is there one update "
                             "too many after the last loss, or are these not the layers it "
                             "was given?")
        if np.all(got == 0):
            raise CheckError(f"{where} returned only zeros: mse_loss adds to the last "
                             "layer's loss, and update() clears it, so read "
                             "layers[-1].loss before the updates.")
        mistake = _first_match(got, _train_mistakes(case), _close)
        if mistake:
            raise CheckError(f"{where} {mistake}")
        k = int(np.argmax(~np.isclose(got, expected, rtol=RTOL, atol=1e-12)))
        raise CheckError(f"{where} returned the loss {shown(got[k])} for iteration {k + 1}, "
                         f"but gradient descent has {shown(expected[k])} there. Each "
                         "iteration: for each sample, forward through the layers, mse_loss on "
                         "the last, backward through them in reverse; then append the last "
                         "layer's loss; then update every layer.")
    return ("forward through the layers, mse_loss on the last, backward in reverse with each "
            "dx handed down, one update of every layer per pass: your loop trains networks "
            "of one, two and three layers.")


# ------------------------------------------------------------------- exercise 8.5
def buggy_backward_and_update(layer, delta, alpha):
    """The workbook's buggy step: it updates the layer, then computes dx with the new
    weights."""
    slopes = [d * y * (1 - y) for d, y in zip(delta, layer.y, strict=True)]
    for j, slope in enumerate(slopes):
        for i, x in enumerate(layer.x):
            layer.dw[j][i] += slope * x
        layer.db[j] += slope
    layer.update(alpha)
    return Layer.input_gradient(layer, slopes)


def _step_cases():
    """(n_in, n_out, seed, x, delta, alpha) for exercise 8.5."""
    cases = []
    for n_in, n_out, seed, alpha in [(3, 3, 51, 0.5), (2, 3, 52, 1.0), (3, 1, 53, 0.5)]:
        (x,), (delta,) = random_data(n_in, n_out, 1, 850 + seed)
        cases.append((n_in, n_out, seed, x, [2 * d - 1 for d in delta], alpha))
    return cases


@exercise("8.5")
def exercise_5(backward_and_update):
    """backward_and_update(layer, delta, alpha): step the layer, return dx of the old weights."""
    name = "backward_and_update"
    as_function(backward_and_update, name)
    for n_in, n_out, seed, x, delta, alpha in _step_cases():
        mine, reference, buggy = (cls(n_in, n_out, seed=seed) for cls in (Probe, Layer, Layer))
        for layer in (mine, reference, buggy):
            layer.forward(x)
        where = f"{name}(layer, {listed(delta, 4)}, {alpha}) for a Layer({n_in}, {n_out})"
        given = Numbers(delta)
        value = call(backward_and_update, name, mine, given, alpha, where=where)
        if list(given) != delta:
            raise CheckError(f"{where} changed delta: read it, do not modify it.")
        got = as_returned_vector(value, where, n_in, "slopes",
                                 returning="`return dx`, the slopes along the inputs",
                                 miscounted=functools.partial(_miscounted_83, n_in=n_in,
                                                              n_out=n_out))
        expected = reference.backward(delta)
        reference.update(alpha)
        after = buggy_backward_and_update(buggy, delta, alpha)
        w = as_table(mine.w, "layer.w afterwards")
        check_table_shape(w, "layer.w afterwards", n_out, n_in)
        stepped = _close(w, np.array(reference.w)) and _close(
            as_vector(mine.b, "layer.b afterwards", n_out), np.array(reference.b))
        if not _close(got, expected):
            if _close(got, after):
                raise CheckError(f"{where} returned {listed(got, 4)}, the dx of the weights "
                                 "after the update: that is the bug. The forward pass used "
                                 "the old weights, so the slopes along the inputs must be "
                                 "computed with them, before the layer steps.")
            probe = Layer(n_in, n_out, seed=seed)
            probe.forward(x)
            mistake = _first_match(got, _wrong_dx(probe, delta), _close)
            raise CheckError(f"{where} returned {listed(got, 4)}: " + (
                f"your {name} {mistake}" if mistake else
                f"the slopes along the inputs are {listed(expected, 4)}, dx_i = Σ_j δ_j·y_j"
                "(1 − y_j)·w_ji with the weights of the forward pass."))
        if not stepped:
            start = np.array(Layer(n_in, n_out, seed=seed).w)
            if _close(w, start):
                raise CheckError(f"{where} returns the right dx but leaves the weights as "
                                 "they were: the function must also step the layer, "
                                 "update(alpha).")
            raise CheckError(f"{where} returns the right dx, but the weights afterwards are "
                             f"{shown_table(w)} instead of {shown_table(reference.w)}: one step "
                             "w[j][i] -= alpha·dw[j][i] with this sample's gradient.")
        if np.any(np.array(mine.dw)) or np.any(np.array(mine.db)):
            raise CheckError(f"{where} leaves dw or db uncleared after the step: the next "
                             "sample would add its terms to these.")
    return ("dx comes from the weights the forward pass used, and the layer steps after: "
            "compute everything that needs the old weights first, then update.")


# ------------------------------------------------------------------- exercise 8.9
def _slope_cases():
    """(shapes, seed, x, y0, positions (k, j, i)) for exercise 8.9."""
    return [
        ([(3, 3), (3, 1)], 61, [0.2, 0.9, 0.5], [0.7],
         [(0, 0, 1), (0, 2, 0), (1, 0, 2), (0, 1, 2)]),
        ([(2, 3), (3, 2)], 62, [0.8, -0.4], [1.0, 0.0], [(0, 2, 1), (1, 1, 0), (0, 0, 0)]),
    ]


def _loss_of(layers, x, y0):
    for layer in layers:
        x = layer.forward(x)
    return sum((a - b) ** 2 for a, b in zip(x, y0, strict=True))


def _nudged(layers, x, y0, k, j, i, h):
    w = layers[k].w[j][i]
    layers[k].w[j][i] = w + h
    plus = _loss_of(layers, x, y0)
    layers[k].w[j][i] = w - h
    minus = _loss_of(layers, x, y0)
    layers[k].w[j][i] = w
    return plus, minus, _loss_of(layers, x, y0)


def _wrong_slopes(layers, x, y0, k, j, i):
    plus, minus, here = _nudged(layers, x, y0, k, j, i, H_9)
    wrong = [
        ((plus - here) / H_9, "is a one-sided difference (L(w + h) − L(w)) / h: the central "
                              "difference (L(w + h) − L(w − h)) / (2h) is far more accurate."),
        ((plus - minus) / H_9, "divides by h: the two nudged points are 2h apart, so divide "
                               "by 2h."),
        ((minus - plus) / (2 * H_9), "has the wrong sign: (L(w + h) − L(w − h)) / (2h)."),
        ((plus - minus) / (2 * H_9) / len(y0), "divides by the number of outputs: the loss "
                                               "is the sum Σ (y − y0)², as mse_loss adds it."),
    ]
    if j < layers[k].n_in and i < layers[k].n_out:
        crossed_plus, crossed_minus, _ = _nudged(layers, x, y0, k, i, j, H_9)
        wrong.append(((crossed_plus - crossed_minus) / (2 * H_9),
                      "nudges w[i][j]: the weight asked for is layers[k].w[j][i], row j "
                      "(the node), entry i (the input)."))
    return wrong


@exercise("8.9")
def exercise_9(numerical_slope):
    """numerical_slope(layers, x, y0, k, j, i): ∂L/∂w of layers[k].w[j][i] by central
    difference, compared with backpropagation."""
    name = "numerical_slope"
    as_function(numerical_slope, name)
    for shapes, seed, x, y0, positions in _slope_cases():
        for k, j, i in positions:
            layers = _layers(shapes, seed, Probe)
            for layer in layers:
                layer.backward = forbidden("numerical_slope", "backward: nudge the weight "
                                                               "and compare losses")
            before = [copy.deepcopy((layer.w, layer.b)) for layer in layers]
            where = f"{name}(layers, {x}, {y0}, {k}, {j}, {i})"
            value = call(numerical_slope, name, layers, list(x), list(y0), k, j, i,
                         where=where)
            got = as_result(value, where)
            if [(layer.w, layer.b) for layer in layers] != before:
                raise CheckError(f"{where} left the network changed: put the weight back to "
                                 "its value (w, not w − h) before returning, or the next "
                                 "slope is taken at another point.")
            reference = _layers(shapes, seed)
            Network(reference).forward(x)
            Network(reference).backward(reference[-1].mse_loss(y0))
            expected = reference[k].dw[j][i]
            if close(got, expected, rtol=1e-6, atol=1e-9):
                continue
            fresh = _layers(shapes, seed)
            mistake = _first_match(got, _wrong_slopes(fresh, x, y0, k, j, i),
                                   functools.partial(close, rtol=1e-7, atol=1e-12))
            if mistake is None and layers[-1].loss != 0:
                mistake = ("comes from mse_loss, which adds to the last layer's loss at "
                           "every call, so the second loss includes the first: compute the "
                           "loss of each nudged network yourself, Σ (y − y0)², from what "
                           "forward returns.")
            raise CheckError(f"{where} returned {got:.9g}, but backpropagation gives "
                             f"{expected:.9g}: your slope " + (
                                 mistake or "should be (L(w + h) − L(w − h)) / (2h), with L "
                                            "the loss Σ (y − y0)² of the whole network and "
                                            "w = layers[k].w[j][i]."))
    return ("the central difference agrees with backpropagation to about six digits, for "
            "weights of the first and the last layer: backward is right.")


# --------------------------------------------------------- exercises 8.6 to 8.8 (3-12)
def pythagoras_start(n_hidden=1, order="data first", seed=SEED_PYTHAGORAS):
    """(xs, y0s, layers) of the Pythagoras task: the 100 samples, then 3 → 3 (→ 3) → 1 layers
    drawn from the same generator, in network order (the workbook's recipe).

    ``order`` names other recipes, whose first losses the checks recognise: "layers first"
    (the layers drawn before the data), "own seeds" (data and each layer from its own
    ``random.Random(seed)``), "middle last" (the extra 3-node layer drawn after the 3 → 1).
    """
    rng = random.Random(seed)
    if order == "layers first":
        layers = [Layer(3, 3, seed=rng), *[Layer(3, 3, seed=rng) for _ in range(n_hidden - 1)],
                  Layer(3, 1, seed=rng)]
        return (*pythagoras_data(seed=rng), layers)
    xs, y0s = pythagoras_data(seed=rng)
    if order == "own seeds":
        return xs, y0s, [Layer(3, 3, seed=seed), *[Layer(3, 3, seed=seed)
                                                    for _ in range(n_hidden - 1)],
                         Layer(3, 1, seed=seed)]
    first = Layer(3, 3, seed=rng)
    if order == "middle last":
        last = Layer(3, 1, seed=rng)
        return xs, y0s, [first, *[Layer(3, 3, seed=rng) for _ in range(n_hidden - 1)], last]
    middle = [Layer(3, 3, seed=rng) for _ in range(n_hidden - 1)]
    return xs, y0s, [first, *middle, Layer(3, 1, seed=rng)]


def fast_losses(xs, y0s, layers, alpha, iterations):
    """The losses of :func:`fit` (batch gradient descent on the sum of squared errors), with
    NumPy over all samples at once. Same operations, another order of additions: the
    results agree with the package's layers to about 13 digits. The layers are not changed.
    """
    activations = [np.array(xs, dtype=float)]
    targets = np.array(y0s, dtype=float)
    weights = [np.array(layer.w, dtype=float) for layer in layers]
    biases = [np.array(layer.b, dtype=float) for layer in layers]
    losses = []
    for _ in range(iterations):
        activations = activations[:1]
        for w, b in zip(weights, biases, strict=True):
            activations.append(1 / (1 + np.exp(-(activations[-1] @ w.T + b))))
        losses.append(float(np.sum((activations[-1] - targets) ** 2)))
        delta = 2 * (activations[-1] - targets)
        steps = []
        for k in reversed(range(len(weights))):
            y = activations[k + 1]
            slopes = delta * y * (1 - y)
            steps.append((k, slopes.T @ activations[k], slopes.sum(axis=0)))
            delta = slopes @ weights[k]
        for k, dw, db in steps:
            weights[k] -= alpha * dw
            biases[k] -= alpha * db
    return losses


@functools.cache
def reference_pythagoras(n_hidden=1, iterations=ITERATIONS_B):
    """The losses of the Pythagoras task over ``iterations`` (computed once, then cached)."""
    return tuple(fast_losses(*pythagoras_start(n_hidden), ALPHA_PYTHAGORAS, iterations))


def _first_losses(n_hidden, mode="batch", order="data first", alpha=ALPHA_PYTHAGORAS, n=3):
    """The first n losses of a way of training, right or wrong, in the package's layers."""
    xs, y0s, layers = pythagoras_start(n_hidden, order)
    return np.array(fit(layers, xs, y0s, alpha, n, mode))


def _pythagoras_problem(got, name, n_hidden):
    """What is wrong with a list of losses of the Pythagoras task, or None."""
    expected = np.array(reference_pythagoras(n_hidden)[:len(got)])
    if _close(got, expected):
        return None
    if np.all(got == 0):
        return (f"{name} is all zeros: update() clears the loss, so read layer2.loss before "
                "you call the updates.")
    head = got[:3]
    wrong = [
        (_first_losses(n_hidden, order="layers first"),
         "comes from layers drawn before the data: create the data first, "
         "pythagoras_data(seed=rng), then the layers from the same rng."),
        (_first_losses(n_hidden, order="own seeds"),
         "comes from layers that each have their own generator: draw the data and then "
         "every layer from the one rng = random.Random(0)."),
        (_first_losses(n_hidden, alpha=0.01), "comes from the learning rate 0.01: use 0.1."),
        (_first_losses(n_hidden, alpha=-ALPHA_PYTHAGORAS),
         "grows: the update walks uphill. Pass the learning rate itself, update(0.1)."),
        (_first_losses(n_hidden, "online"), "updates after every sample: update the "
                                            "layers once per iteration, after all 100 "
                                            "samples."),
        (_first_losses(n_hidden, "last only"), "comes from updating the last layer only: "
                                               "update every layer."),
        (_first_losses(n_hidden) / 100, "is the mean over the 100 samples: record the "
                                        "loss as it is, the sum."),
    ]
    if n_hidden > 1:
        wrong.insert(0, (_first_losses(n_hidden, order="middle last"),
                         "comes from layers drawn in another order: draw them in the order "
                         "they sit in the network, Layer(3, 3), then the new Layer(3, 3), "
                         "then Layer(3, 1)."))
    mistake = _first_match(head, [(c[:len(head)], m) for c, m in wrong], _close)
    if mistake:
        return f"{name} {mistake}"
    if not _close(got[0], expected[0]):
        return (f"{name} starts at {shown(got[0])}, but fresh layers start at "
                f"{shown(expected[0])}: run the cell that creates the data and the "
                "layers again before you train (each run of train continues from where "
                "the layers are).")
    k = int(np.argmax(~np.isclose(got, expected, rtol=RTOL, atol=1e-12)))
    return (f"{name}[{k}] = {shown(got[k])}, but iteration {k + 1} has the "
            f"loss {shown(expected[k])}: in each iteration, forward, mse_loss and backward "
            "for every sample, then read the loss, then update every layer with 0.1.")


def _pythagoras_losses(value, name, length, advice):
    if isinstance(value, (list, tuple, np.ndarray)) and np.ndim(value) == 1:
        if len(value) == 0:
            raise CheckError(f"{name} is empty: {advice}")
        if len(value) == 100 * length:
            raise CheckError(f"{name} holds {len(value)} losses, one per sample: record the "
                             "loss once per iteration, after all 100 samples.")
        if len(value) != length:
            raise CheckError(f"{name} holds {len(value)} losses: {advice}")
    return as_vector(value, name, length, "losses")


@exercise("8.6")
def exercise_6(losses_a):
    """The lecture's exercise 3-12 (1): 3 → 3 → 1 layers, 1,000 iterations at α = 0.1."""
    name = "losses_a"
    got = _pythagoras_losses(losses_a, name, ITERATIONS_A, f"run {ITERATIONS_A} iterations "
                             "and record one loss per iteration.")
    problem = _pythagoras_problem(got, name, 1)
    if problem:
        raise CheckError(problem)
    return (f"the loss falls from {shown(got[0])} to {shown(got[-1])} in {ITERATIONS_A} "
            "iterations: the sum over 100 samples, so the typical squared error per sample "
            f"is about {shown(got[-1] / 100)}.")


@exercise("8.7")
def exercise_7(losses_b, factor):
    """Exercise 3-12 (2): the same layers trained on to 5,000 iterations; how much lower."""
    name = "losses_b"
    value = losses_b
    if isinstance(value, (list, tuple, np.ndarray)) and np.ndim(value) == 1 and len(
            value) == ITERATIONS_B - ITERATIONS_A:
        got = as_vector(value, name, ITERATIONS_B - ITERATIONS_A, "losses")
        fresh = reference_pythagoras(1)[0]
        if _close(got[0], fresh):
            raise CheckError(f"{name} starts again from fresh layers and holds only "
                             f"{len(got)} losses: that is {len(got)} iterations, not "
                             f"{ITERATIONS_B}. Train the layers of exercise 8.6 on for "
                             f"{ITERATIONS_B - ITERATIONS_A} more iterations.")
        raise CheckError(f"{name} holds the {len(got)} new losses only: put the "
                         f"{ITERATIONS_A} of exercise 8.6 in front, losses_a + the new ones, "
                         f"so that it holds all {ITERATIONS_B}.")
    got = _pythagoras_losses(value, name, ITERATIONS_B, f"it should hold the losses of all "
                             f"{ITERATIONS_B} iterations, losses_a followed by the "
                             f"{ITERATIONS_B - ITERATIONS_A} new ones.")
    expected = np.array(reference_pythagoras(1))
    head, tail = got[:ITERATIONS_A], got[ITERATIONS_A:]
    if _close(head, expected[:ITERATIONS_A]) and not _close(tail[0], expected[ITERATIONS_A]):
        raise CheckError(f"{name} starts with the right {ITERATIONS_A} losses, but iteration "
                         f"{ITERATIONS_A + 1} has the loss {shown(tail[0])} instead of "
                         f"{shown(expected[ITERATIONS_A])}: train on the layers exactly as "
                         "exercise 8.6 left them. If you ran this cell twice, the layers "
                         "have trained longer: run exercise 8.6's cell again (it creates "
                         "fresh layers), then this one, once.")
    problem = _pythagoras_problem(got, name, 1)
    if problem:
        raise CheckError(problem)
    ratio = as_number(factor, "factor")
    a, b = got[ITERATIONS_A - 1], got[-1]
    right = a / b
    if not close(ratio, right, rtol=1e-6, atol=0):
        if close(ratio, b / a, rtol=1e-6, atol=0):
            hint = ("is the loss after 5,000 iterations divided by the loss after 1,000: the "
                    "other way round, so that the factor says how many times lower it is.")
        elif close(ratio, a - b, rtol=1e-6, atol=0):
            hint = "is the difference of the two losses: give the ratio, loss_1000 / loss_5000."
        elif close(ratio, got[0] / b, rtol=1e-6, atol=0):
            hint = ("compares with the first loss: compare the loss after 1,000 iterations, "
                    f"losses_b[{ITERATIONS_A - 1}], with the last one.")
        else:
            hint = (f"is not losses_b[{ITERATIONS_A - 1}] / losses_b[-1], the loss after "
                    "1,000 iterations divided by the loss after 5,000.")
        raise CheckError(f"factor = {shown(ratio)} {hint}")
    return (f"after {ITERATIONS_B} iterations the loss is {shown(b)}, {shown(right)} times "
            f"lower than after {ITERATIONS_A} ({shown(a)}): it still falls, but more and "
            "more slowly.")


@exercise("8.8")
def exercise_8(losses_c):
    """Exercise 3-12 (3): an extra 3-node layer between the two, 5,000 iterations."""
    name = "losses_c"
    got = _pythagoras_losses(losses_c, name, ITERATIONS_B, f"run {ITERATIONS_B} iterations "
                             "and record one loss per iteration.")
    if _close(got[:3], np.array(reference_pythagoras(1)[:3])):
        raise CheckError(f"{name} are the losses of the two-layer network of exercise 8.7: "
                         "put the new Layer(3, 3) between layer1 and layer2, and train all "
                         "three.")
    problem = _pythagoras_problem(got, name, 2)
    if problem:
        raise CheckError(problem)
    two = reference_pythagoras(1)
    return (f"with three layers the loss after {ITERATIONS_B} iterations is "
            f"{shown(got[-1])}, against {shown(two[-1])} with two; after {ITERATIONS_A} it "
            f"was {shown(got[ITERATIONS_A - 1])} against {shown(two[ITERATIONS_A - 1])}. "
            "Which network learns faster at first, and which one ends lower?")


def challenge_numbers():
    """What another language must reproduce: the data, the starting weights, the first three
    losses (from the package's layers) and the losses after 1,000 and 5,000 iterations."""
    xs, y0s, layers = pythagoras_start(1)
    start = {f"layer{k + 1}": {"w": layer.w, "b": layer.b} for k, layer in enumerate(layers)}
    return {
        "xs": xs, "y0s": y0s, **copy.deepcopy(start), "alpha": ALPHA_PYTHAGORAS,
        "first_losses": fit(layers, xs, y0s, ALPHA_PYTHAGORAS, 3),
        "loss_1000": reference_pythagoras(1)[ITERATIONS_A - 1],
        "loss_5000": reference_pythagoras(1)[ITERATIONS_B - 1],
    }
