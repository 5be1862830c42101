"""Checks of the chapter 06 workbook, ``exercises/ch06_layers.ipynb``.

Every expected value is computed here from the package: layers and their random starts from
:class:`backprop_book.layers.Layer`, the node from :class:`backprop_book.neuron.Node`, the
training samples from :mod:`backprop_book.data`. Each check names the likely mistake when
it can: a table with one row per input instead of one per node, crossed indices
``w[i][j]``, a missing σ′ = y(1 − y), a wrong sign, a gradient that is overwritten instead
of added up, an update that forgets to clear it, a loss read after ``update`` cleared it.
"""

import copy
import functools
import random

import numpy as np

from backprop_book.checks import (
    CheckError,
    _describe,
    as_function,
    as_number,
    as_returned_vector,
    as_vector,
    call,
    close,
    exercise,
    is_scalar,
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
from backprop_book.data import TRAINING_X, TRAINING_Y
from backprop_book.layers import Layer
from backprop_book.neuron import Node, scalar_sigmoid

#: Numbers computed in Python must match this closely (relative).
RTOL = 1e-9
#: Exercise 6.1: the seed of the Layer(3, 2) whose lists the student builds.
SEED_1 = 6
#: Exercise 6.2: the layer whose layout is asked, and the weight asked for (node, input),
#: both counted from 1 as in the text.
N_IN_2, N_OUT_2 = 4, 3
NODE_2, INPUT_2 = 2, 4
#: Exercise 6.3 (the lecture's exercise 3-11): seed, learning rate and iterations.
SEED_3, ALPHA_3, ITERATIONS_3 = 0, 0.1, 100
#: The three training inputs and the two targets per sample of exercises 6.5 to 6.7:
#: node 1 learns the book's targets (1, 1, 0), node 2 "is any input on?" (0, 1, 1).
SAMPLES = TRAINING_X.tolist()
TWO_TARGETS = [[1.0, 0.0], [1.0, 1.0], [0.0, 1.0]]

_close = functools.partial(close, rtol=RTOL, atol=1e-12)


# ---------------------------------------------------------------------------- helpers

def _as_count(value, name):
    """A whole number >= 0, or a CheckError."""
    number = as_number(value, name)
    if number != int(number) or number < 0:
        raise CheckError(f"{name} = {shown(number)}: a count is a whole number, 0 or more.")
    return int(number)


def _layer_from(w, b):
    """A Layer holding copies of the weights w and biases b."""
    layer = Layer(len(w[0]), len(w))
    layer.w = [list(map(float, row)) for row in w]
    layer.b = [float(v) for v in b]
    return layer


# ------------------------------------------------------------------- exercise 6.1
def draws_61():
    """The eight numbers Layer(3, 2, seed=SEED_1) draws, in order."""
    rng = random.Random(SEED_1)
    return [rng.random() - 0.5 for _ in range(8)]


def expected_61():
    layer = Layer(3, 2, seed=SEED_1)
    return layer.w, layer.b


@exercise("6.1")
def exercise_1(w, b):
    """w and b of Layer(3, 2, seed=6), built from its eight draws."""
    table = as_table(w, "w")
    if b is None:
        raise CheckError("b is None: it should be the list of the two biases, one per node.")
    if isinstance(b, (list, tuple, np.ndarray)) and len(b) != 2 and len(b) > 0 and all(
            is_scalar(v) for v in b):
        raise CheckError(f"b holds {len(b)} numbers: a layer has one bias per node, and "
                         "Layer(3, 2) has 2 nodes.")
    bias = as_vector(b, "b", 2)
    d = np.array(draws_61())
    expected_w, expected_b = (np.array(v) for v in expected_61())
    lines = []
    if table.shape == (2, 3) and _close(table, expected_w):
        pass
    elif table.shape == (3, 2) and _close(table, expected_w.T):
        lines.append("w has 3 rows of 2 numbers, one row per input. Layer keeps one row per "
                     "node: 2 rows of 3 weights, so that w[j][i] is the weight from input i "
                     "to node j.")
    elif table.shape == (3, 2) and _close(table, d[:6].reshape(3, 2)):
        lines.append("w has 3 rows of 2 numbers. Layer keeps one row per node, 2 rows of 3: "
                     "node 1's three weights are draws[0:3], node 2's are draws[3:6].")
    else:
        check_table_shape(table, "w", 2, 3)
        known = [
            (d[[0, 2, 4, 1, 3, 5]].reshape(2, 3),
             "fills the table column by column. Layer draws its weights row by row: node 1's "
             "three weights first (draws[0:3]), then node 2's (draws[3:6])."),
            (d[[0, 1, 2, 4, 5, 6]].reshape(2, 3),
             "gives each node its bias right after its weights, as two Nodes drawing from "
             "one generator would. Layer draws all six weights first (draws[0:6]), then "
             "the two biases."),
            (d[2:8].reshape(2, 3),
             "starts with the biases. Layer draws the six weights first and the two biases "
             "after them."),
            (expected_w + 0.5,
             "holds rng.random() without the − 0.5: the numbers in draws are already "
             "rng.random() − 0.5, use them as they are."),
        ]
        for candidate, mistake in known:
            if _close(table, candidate):
                lines.append(f"w {mistake}")
                break
        else:
            lines.append(f"w = {shown_table(table)} has the right shape but not the right "
                         "numbers: row j holds node j's weights in the order they are drawn, "
                         "draws[0], draws[1], draws[2] for node 1, then draws[3] … draws[5] "
                         "for node 2.")
    if not _close(bias, expected_b):
        if _close(bias, d[[3, 7]]):
            lines.append("b = [draws[3], draws[7]] takes each bias right after its node's "
                         "weights: Layer draws the biases after all the weights, so b is "
                         "draws[6:8].")
        elif _close(bias, d[0:2]):
            lines.append("b = draws[0:2]: Layer draws the biases last, after all six weights, "
                         "so b is draws[6:8].")
        elif _close(bias, expected_b + 0.5):
            lines.append("b holds rng.random() without the − 0.5: use the numbers in draws.")
        else:
            lines.append(f"b = {listed(bias, 4)} is not right: after the six weights, "
                         "Layer draws one bias per node.")
    if lines:
        raise CheckError("\n".join(lines))
    return ("w = [draws[0:3], draws[3:6]] and b = draws[6:8]: one row of three weights per "
            "node, drawn row by row, then one bias per node. So w[0][2] is w13, the weight "
            "from input 3 to node 1.")


# ------------------------------------------------------------------- exercise 6.2
def expected_62():
    """(rows, columns, number of parameters, (row, column) of w_24) of Layer(4, 3)."""
    layer = Layer(N_IN_2, N_OUT_2)
    n = sum(len(row) for row in layer.w) + len(layer.b)
    return len(layer.w), len(layer.w[0]), n, (NODE_2 - 1, INPUT_2 - 1)


def _as_index(index):
    name = "index"
    if index is None:
        raise CheckError(f"{name} is None: give the pair (row, column), e.g. (0, 2).")
    if isinstance(index, (str, bytes)) or is_scalar(index) or not hasattr(index, "__len__"):
        raise CheckError(f"{name} should be a pair (row, column) of two whole numbers, but it "
                         f"is {_describe(index)}.")
    if len(index) != 2:
        raise CheckError(f"{name} should be a pair (row, column), but it holds {len(index)} "
                         "items.")
    return tuple(_as_count(v, f"{name}[{k}]") for k, v in enumerate(index))


@exercise("6.2")
def exercise_2(rows, columns, n_parameters, index):
    """Layer(4, 3): len(w), len(w[0]), the number of parameters, and where w_24 sits."""
    r = _as_count(rows, "rows")
    c = _as_count(columns, "columns")
    n = _as_count(n_parameters, "n_parameters")
    at = _as_index(index)
    e_rows, e_columns, e_n, e_at = expected_62()
    lines = []
    if (r, c) == (e_columns, e_rows):
        lines.append(f"rows = {r} and columns = {c} are swapped: w has one row per node "
                     f"({e_rows} nodes), and each row one weight per input ({e_columns}).")
    else:
        if r != e_rows:
            lines.append(f"rows = {r}: len(layer.w) is the number of nodes, n_out = {e_rows}, "
                         "one row per node.")
        if c != e_columns:
            lines.append(f"columns = {c}: each row holds one weight per input, n_in = "
                         f"{e_columns}.")
    if n != e_n:
        weights = N_IN_2 * N_OUT_2
        advice = {
            weights: f"counts the {weights} weights but not the {N_OUT_2} biases, one per node.",
            weights + N_IN_2: "gives a bias to each input: biases belong to the nodes, one "
                              f"per node, so there are {N_OUT_2}.",
            N_IN_2 + N_OUT_2: "adds inputs and nodes: every input is wired to every node, so "
                              "there are n_in × n_out weights, plus one bias per node.",
            N_IN_2 * N_OUT_2 + N_IN_2 + N_OUT_2: "counts the inputs too: only weights and "
                                                  "biases are learned, the inputs are data.",
        }.get(n, "is not the number of weights and biases: n_in × n_out weights plus "
                 "n_out biases.")
        lines.append(f"n_parameters = {n} {advice}")
    if at != e_at:
        j, i = e_at
        if at == (i, j):
            problem = ("has the indices crossed: the row is the node, the column the "
                       "input, w[node][input].")
        elif at == (j + 1, i + 1):
            problem = ("counts from 1, as the maths does: Python counts from 0, so node 2 is "
                       "row 1.")
        elif at == (i + 1, j + 1):
            problem = "has the indices crossed, and counts from 1: w[node][input], from 0."
        else:
            problem = (f"is not where w_{NODE_2}{INPUT_2} sits: row = the node, column = the "
                       "input, both counted from 0.")
        lines.append(f"index = {at} {problem}")
    if lines:
        raise CheckError("\n".join(lines))
    return (f"Layer({N_IN_2}, {N_OUT_2}).w has {e_rows} rows (one per node) of {e_columns} "
            f"weights (one per input), and dw has the same shape. With {N_OUT_2} biases that "
            f"makes {e_n} parameters; w_{NODE_2}{INPUT_2} is layer.w[{e_at[0]}][{e_at[1]}].")


# ------------------------------------------------------------------- exercise 6.3
def fit(model, samples, targets, alpha, iterations, mode="batch"):
    """Train ``model`` by gradient descent; the losses of every iteration.

    ``mode`` names a way of training, right or wrong, whose losses the checks recognise:
    "batch" (right: one update per pass, the loss read before it), "online" (an update
    after every sample, the pass's losses added up), "after" (the loss read after update()
    cleared it), "no update" (the loss piles up), "uphill" (update(−α)).
    """
    losses = []
    for _ in range(iterations):
        total = 0.0
        for x, y0 in zip(samples, targets, strict=True):
            model.forward(x)
            model.backward(model.mse_loss(y0))
            if mode == "online":
                total += model.loss
                model.update(alpha)
        if mode == "online":
            losses.append(total)
            continue
        if mode == "after":
            model.update(alpha)
            losses.append(model.loss)
            continue
        losses.append(model.loss)
        if mode == "batch":
            model.update(alpha)
        elif mode == "uphill":
            model.update(-alpha)
        # "no update": nothing is cleared, the loss keeps adding up
    return losses


def _reference_63(alpha=ALPHA_3, iterations=ITERATIONS_3, mode="batch", seed=SEED_3):
    layer = fit(Layer(3, 1, seed=seed), SAMPLES, [[t] for t in TRAINING_Y.tolist()], alpha,
                iterations, mode)
    node = fit(Node(seed=seed), SAMPLES, TRAINING_Y.tolist(), alpha, iterations, mode)
    return np.array(layer), np.array(node)


def _losses_63(value, name):
    if isinstance(value, (list, tuple, np.ndarray)) and np.ndim(value) == 1:
        n = len(value)
        if n == 0:
            raise CheckError(f"{name} is empty: append the loss once per iteration, "
                             f"{ITERATIONS_3} times.")
        if n == 3 * ITERATIONS_3:
            raise CheckError(f"{name} holds {n} losses, one per sample: append once per "
                             "iteration, after all three samples, so that the loss covers "
                             "the whole training set.")
        if n != ITERATIONS_3:
            raise CheckError(f"{name} holds {n} losses: run {ITERATIONS_3} iterations and "
                             "append one loss per iteration.")
    return as_vector(value, name, ITERATIONS_3, what="losses")


def _problem_63(got, name, which):
    """What is wrong with one list of losses, or None; ``which`` is 0 (layer) or 1 (node)."""
    expected = _reference_63()[which]
    if _close(got, expected):
        return None
    if np.all(got == 0):
        return (f"{name} is all zeros: update() clears the loss, so read it before you call "
                "update (and call update once per iteration, after all three samples).")
    candidates = [
        (_reference_63(alpha=0.01)[which], "comes from α = 0.01 (the lecture's first run): "
                                            f"use α = {shown(ALPHA_3)}."),
        (_reference_63(mode="online")[which], "updates after every sample (online learning): "
                                               "call update once per iteration, after all "
                                               "three samples."),
        (_reference_63(mode="no update")[which], "keeps growing: update() is never called, "
                                                  "so the squared errors pile up and the "
                                                  "weights never change."),
        (_reference_63(mode="uphill")[which], "grows: the update walks uphill. Pass α itself, "
                                               "update(0.1); update subtracts α times the "
                                               "gradient."),
        (expected / 3, "is the mean over the three samples: the classes add up the squared "
                       "errors, so record model.loss as it is."),
    ]
    for candidate, mistake in candidates:
        if _close(got, candidate):
            return f"{name} {mistake}"
    first = _reference_63()[which][0]
    if not _close(got[0], first):
        start = "Layer(3, 1, seed=SEED)" if which == 0 else "Node(seed=SEED)"
        return (f"{name} starts at {shown(got[0])}, but {start} starts at {shown(first)}: "
                f"create it with seed {SEED_3}, as the cell does, and train it once only "
                "(run the whole cell again, which creates it anew).")
    k = int(np.argmax(~np.isclose(got, expected, rtol=RTOL, atol=1e-12)))
    return (f"{name}[{k}] = {shown(got[k])}, but iteration {k + 1} has the loss "
            f"{shown(expected[k])}: in each iteration, run forward, mse_loss and backward for "
            "each sample, then read the loss, then update(0.1).")


@exercise("6.3")
def exercise_3(layer_losses, node_losses):
    """The losses of Layer(3, 1) and Node from the same seed, 100 iterations at α = 0.1."""
    got_layer = _losses_63(layer_losses, "layer_losses")
    got_node = _losses_63(node_losses, "node_losses")
    lines = [problem for problem in (_problem_63(got_layer, "layer_losses", 0),
                                     _problem_63(got_node, "node_losses", 1)) if problem]
    if lines:
        raise CheckError("\n".join(lines))
    return (f"both lists run from {shown(got_layer[0])} down to {shown(got_layer[-1])}, equal "
            f"at every one of the {ITERATIONS_3} iterations: a layer of one node is the node. "
            "Why exactly equal, and not just nearly?")


# ------------------------------------------------------------------- exercise 6.4
def _forward_cases():
    """(w, b, x) for exercise 6.4: a square layer first, then layers of other shapes."""
    rng = np.random.default_rng(604)
    cases = []
    for n_in, n_out, seed in [(3, 3, 1), (3, 2, 2), (2, 4, 3), (4, 1, 4), (1, 3, 5)]:
        layer = Layer(n_in, n_out, seed=seed)
        w = [[round(2 * v, 2) for v in row] for row in layer.w]
        b = [round(2 * v, 2) for v in layer.b]
        inputs = [[round(float(v), 2) for v in rng.uniform(-1, 1, n_in)]]
        if n_in == 3:
            inputs = [*SAMPLES, *inputs]
        cases += [(w, b, x) for x in inputs]
    return cases


def reference_forward(w, b, x):
    """The reference forward pass: the package's Layer with weights w and biases b."""
    return _layer_from(w, b).forward(x)


def _wrong_forwards(w, b, x):
    """(outputs, mistake) of typical wrong forward passes, where they can be computed."""
    w, b, x = np.array(w), np.array(b), np.array(x)
    z = w @ x + b
    sig = np.vectorize(scalar_sigmoid)
    wrong = [
        (z, "returns the weighted sums z_j: apply the sigmoid, y_j = σ(z_j)."),
        (sig(w @ x), "leaves out the biases: z_j = Σ_i w[j][i]·x[i] + b[j]."),
        (sig(w @ x + len(x) * b), "adds the bias once per input, inside the inner loop: add "
                                  "b[j] once per node, after the loop over the inputs."),
        (sig(-z), "computes σ(−z): check the sign in the sigmoid, 1 / (1 + e^(−z))."),
        (np.where(z >= 0, 1.0, 0.0), "uses the threshold rule: the layer's nodes use the "
                                     "sigmoid."),
        (sig(z) * (1 - sig(z)), "returns σ′(z): the output is σ(z) itself."),
    ]
    if w.shape[0] == w.shape[1]:
        wrong.insert(0, (sig(w.T @ x + b), "has the indices crossed: it multiplies x[i] by "
                                           "w[i][j], the weight from input j to node i. Row j "
                                           "is node j, so node j uses w[j][i]. In a square "
                                           "layer the crossed version runs without an error "
                                           "and quietly computes something else."))
    return wrong


def _miscounted_64(n, nodes, inputs):
    """What to say when forward returns n outputs for a layer of that many nodes and inputs."""
    per_input = " (one per input?)" if n == inputs else ""
    return (f"{n} outputs{per_input}, but the layer has {nodes} nodes: one output per node, "
            "that is per row of w.")


@exercise("6.4")
def exercise_4(forward):
    """forward(w, b, x): the outputs of a sigmoid layer, for layers of several shapes."""
    name = "forward"
    as_function(forward, name)
    for w, b, x in _forward_cases():
        args = (copy.deepcopy(w), copy.deepcopy(b), list(x))
        where = f"{name}({w}, {b}, {x})"
        try:
            value = call(forward, name, *args)
        except CheckError as error:
            if "IndexError" in str(error) and len(w) != len(w[0]):
                raise CheckError(f"{error}\nThis layer has {len(w[0])} inputs and {len(w)} "
                                 "nodes. An IndexError here usually means crossed indices: "
                                 "w[j][i] is row j (node j), entry i (input i); w[i][j] runs "
                                 "off the end of the table when the two counts differ."
                                 ) from None
            raise
        if args != (w, b, x):
            raise CheckError(f"{where} changed its arguments: compute the outputs in a new "
                             "list and leave w, b and x as they are.")
        n_out, n_in = len(w), len(w[0])
        got = as_returned_vector(
            value, where, n_out, "outputs", returning="`return y`, the list of outputs",
            single=f"the layer has {n_out} nodes: return the list of all their outputs, one "
                   "per node.",
            miscounted=functools.partial(_miscounted_64, nodes=n_out, inputs=n_in))
        expected = reference_forward(w, b, x)
        if _close(got, expected):
            continue
        for candidate, mistake in _wrong_forwards(w, b, x):
            if _close(got, candidate):
                raise CheckError(f"{where} returned {listed(got, 4)}: your {name} {mistake}")
        raise CheckError(f"{where} returned {listed(got, 4)}, but the outputs are "
                         f"{listed(expected, 4)}: y_j = σ(Σ_i w[j][i]·x[i] + b[j]) for each "
                         "node j.")
    return ("y_j = σ(Σ_i w[j][i]·x[i] + b[j]), for layers with more nodes than inputs, fewer, "
            "and as many: row j of w belongs to node j, entry i of the row to input i.")


# ------------------------------------------------------------------- exercise 6.5
def _layer_cases():
    """(n_in, n_out, seed, samples, targets): a square layer first, then others."""
    return [
        (3, 3, 11, *random_data(3, 3, 3, 605)),
        (3, 2, SEED_3, SAMPLES, TWO_TARGETS),
        (2, 4, 12, *random_data(2, 4, 4, 606)),
        (4, 1, 13, *random_data(4, 1, 2, 607)),
    ]


def _gradient_terms(records, how):
    """dw and db summed over the samples, from (x, y, delta) records, computed ``how``."""
    dw = db = 0.0
    for x, y, delta in (records[-1:] if how == "last only" else records):
        x, y, delta = np.array(x), np.array(y), np.array(delta)
        slope = {"right": y * (1 - y), "no slope": np.ones_like(y),
                 "slope of y": np.vectorize(scalar_sigmoid)(y) * (
                     1 - np.vectorize(scalar_sigmoid)(y)),
                 "last only": y * (1 - y)}[how]
        dw = dw + np.outer(delta * slope, x)
        db = db + delta * slope
    return dw, db


def _wrong_gradients(records, square):
    right_dw, right_db = _gradient_terms(records, "right")
    wrong = [
        (_gradient_terms(records, "no slope"), "leaves out σ′: the chain runs through the "
                                               "sigmoid, so each term has the factor "
                                               "σ′(z_j) = y_j(1 − y_j)."),
        ((-right_dw, -right_db), "has the wrong sign: δ_j = 2(y_j − y0_j) already points "
                                 "uphill, add δ_j·y_j(1 − y_j)·x_i as it is."),
        (_gradient_terms(records, "slope of y"), "computes the slope of the sigmoid at y: "
                                                 "σ′(z) = σ(z)(1 − σ(z)) = y(1 − y), so use "
                                                 "y_j(1 − y_j) directly (sigmoid_prime wants "
                                                 "z, not y)."),
        (_gradient_terms(records, "last only"), "keeps only the last sample's terms: use += "
                                                "so that the terms of all samples add up "
                                                "until update()."),
    ]
    if square:
        wrong.insert(0, ((right_dw.T, right_db), "has the indices crossed: dw[j][i] belongs "
                                                 "to node j and input i; you added node j's "
                                                 "term for input i into dw[i][j]."))
    return wrong


def _student_backward(backward, name, n_in, n_out, seed, samples, targets):
    """Run the student's backward over the samples; (layer, records)."""
    layer = Probe(n_in, n_out, seed=seed)
    layer.backward = forbidden("backward", "layer.backward")
    records = []
    for x, y0 in zip(samples, targets, strict=True):
        layer.forward(x)
        delta = Numbers(layer.mse_loss(y0))
        given = Numbers(delta)
        try:
            call(backward, name, layer, given)
        except CheckError as error:
            if "IndexError" in str(error) and n_in != n_out:
                raise CheckError(f"{error}\nThis layer has {n_in} inputs and {n_out} nodes. "
                                 "An IndexError here usually means crossed indices: "
                                 "dw[j][i] is row j (node j), entry i (input i).") from None
            raise
        if list(given) != list(delta):
            raise CheckError(f"{name}(layer, delta) changed delta: read it, do not modify it.")
        records.append((list(layer.x), list(layer.y), list(delta)))
    return layer, records


@exercise("6.5")
def exercise_5(backward):
    """backward(layer, delta): dw[j][i] += δ_j·y_j(1 − y_j)·x_i and db[j] += δ_j·y_j(1 − y_j)."""
    name = "backward"
    as_function(backward, name)
    for n_in, n_out, seed, samples, targets in _layer_cases():
        layer, records = _student_backward(backward, name, n_in, n_out, seed, samples, targets)
        shape = f"Layer({n_in}, {n_out})"
        dw = as_table(layer.dw, f"layer.dw of {shape}")
        check_table_shape(dw, f"layer.dw of {shape}", n_out, n_in, "The gradients")
        db = as_vector(layer.db, f"layer.db of {shape}", n_out)
        right_dw, right_db = _gradient_terms(records, "right")
        ok_dw, ok_db = _close(dw, right_dw), _close(db, right_db)
        if ok_dw and ok_db:
            continue
        where = f"for a {shape} over {len(records)} samples, your {name}"
        if not np.any(dw) and not np.any(db):
            raise CheckError(f"{where} left layer.dw and layer.db at zero: it must add this "
                             "sample's terms to them (layer.dw[j][i] += …); it returns "
                             "nothing.")
        for (cand_dw, cand_db), mistake in _wrong_gradients(records, n_in == n_out):
            if _close(dw, cand_dw) and _close(db, cand_db):
                raise CheckError(f"{where} {mistake}")
            if _close(dw, cand_dw) and ok_db:
                raise CheckError(f"{where} gets db right, but its dw {mistake}")
            if ok_dw and _close(db, cand_db):
                raise CheckError(f"{where} gets dw right, but its db {mistake}")
        if ok_dw and not np.any(db):
            raise CheckError(f"{where} gets dw right but leaves db at zero: add "
                             "δ_j·y_j(1 − y_j) to db[j] as well.")
        if ok_dw:
            raise CheckError(f"{where} gets dw right, but db = {listed(db, 4)} should be "
                             f"{listed(right_db, 4)}: db[j] += δ_j·y_j(1 − y_j), without an "
                             "input.")
        raise CheckError(f"{where} gives dw = {shown_table(dw)}, but it should be "
                         f"{shown_table(right_dw)}: dw[j][i] += δ_j·y_j(1 − y_j)·x_i, with "
                         "y_j = layer.y[j] and x_i = layer.x[i].")
    return ("dw[j][i] += δ_j·y_j(1 − y_j)·x_i and db[j] += δ_j·y_j(1 − y_j), added up over "
            "the samples, for four shapes of layer: your backward agrees with the package's.")


# ------------------------------------------------------------------- exercise 6.6
def _update_cases():
    """(n_in, n_out, seed, samples, targets, alpha): a square layer first."""
    return [
        (3, 3, 21, *random_data(3, 3, 3, 615), 0.5),
        (3, 2, SEED_3, SAMPLES, TWO_TARGETS, 0.5),
        (2, 3, 22, *random_data(2, 3, 4, 616), 0.3),
    ]


def _accumulate(layer, samples, targets):
    for x, y0 in zip(samples, targets, strict=True):
        layer.forward(x)
        Layer.backward(layer, layer.mse_loss(y0))


def _step_problem(w, b, before_w, before_b, dw, db, alpha, square):
    """What is wrong with the weights and biases after one update, or None."""
    right_w, right_b = before_w - alpha * dw, before_b - alpha * db
    ok_w, ok_b = _close(w, right_w), _close(b, right_b)
    if ok_w and ok_b:
        return None
    if _close(w, before_w) and _close(b, before_b):
        return ("leaves the weights and biases as they were: subtract alpha times each "
                "partial derivative, and clear the gradient only afterwards.")
    known = [
        (before_w + alpha * dw, before_b + alpha * db, "adds α times the gradient: that walks "
                                                       "uphill. Subtract it: "
                                                       "w[j][i] -= alpha * dw[j][i]."),
        (before_w - dw, before_b - db, "subtracts the whole gradient: multiply it by the "
                                       "learning rate alpha first."),
    ]
    if square:
        known.insert(0, (before_w - alpha * dw.T, right_b, "has the indices crossed: "
                                                           "w[j][i] steps against dw[j][i], "
                                                           "the same row and column."))
    for cand_w, cand_b, mistake in known:
        if _close(w, cand_w) and (ok_b or _close(b, cand_b)):
            return mistake
    if ok_w and _close(b, before_b):
        return "steps the weights but forgets the biases: b[j] -= alpha * db[j] too."
    if ok_w:
        return (f"gets the weights right, but the biases are {listed(b, 4)} instead of "
                f"{listed(right_b, 4)}: b[j] -= alpha * db[j].")
    return (f"gives w = {shown_table(w)}, but one step of gradient descent gives "
            f"{shown_table(right_w)}: w[j][i] -= alpha * dw[j][i].")


@exercise("6.6")
def exercise_6(update):
    """update(layer, alpha): step every weight and bias against its gradient, then clear."""
    name = "update"
    as_function(update, name)
    for n_in, n_out, seed, samples, targets, alpha in _update_cases():
        mine, reference = Probe(n_in, n_out, seed=seed), Layer(n_in, n_out, seed=seed)
        mine.update = forbidden("update", "layer.update")
        shape = f"Layer({n_in}, {n_out})"
        for iteration in range(1, 4):
            _accumulate(mine, samples, targets)
            _accumulate(reference, samples, targets)
            before_w, before_b = np.array(mine.w), np.array(mine.b)
            dw, db, loss = np.array(mine.dw), np.array(mine.db), mine.loss
            call(update, name, mine, alpha)
            reference.update(alpha)
            where = f"in iteration {iteration} of training a {shape}, your {name}"
            w = as_table(mine.w, f"layer.w after {name}")
            check_table_shape(w, f"layer.w after {name}", n_out, n_in)
            b = as_vector(mine.b, f"layer.b after {name}", n_out)
            problem = _step_problem(w, b, before_w, before_b, dw, db, alpha, n_in == n_out)
            if problem:
                raise CheckError(f"{where} {problem}")
            new_dw = as_table(mine.dw, f"layer.dw after {name}")
            check_table_shape(new_dw, f"layer.dw after {name}", n_out, n_in, "The gradients")
            new_db = as_vector(mine.db, f"layer.db after {name}", n_out)
            if np.any(new_dw) or np.any(new_db):
                what = "dw" if np.any(new_dw) else "db"
                raise CheckError(f"{where} forgets to clear {what}: after the step, set every "
                                 "entry of dw and db back to 0. Otherwise the next iteration "
                                 "adds its gradient to this one's, and every step follows the "
                                 "sum of all the gradients so far.")
            if any(mine.dw[a] is mine.dw[c] for a in range(n_out) for c in range(a)):
                raise CheckError(f"{where} clears dw with rows that are one and the same list "
                                 "([[0.0] * n_in] * n_out repeats one row): the next backward "
                                 "would add every node's terms into that one row. Make a new "
                                 "row for each node: [[0.0] * n_in for _ in range(n_out)], or "
                                 "set the entries to 0 one by one.")
            new_loss = as_number(mine.loss, f"layer.loss after {name}")
            if new_loss != 0:
                raise CheckError(f"{where} forgets to clear the loss: it is still "
                                 f"{shown(new_loss)} (it was {shown(loss)}). Set layer.loss "
                                 "to 0, or the next iteration's loss includes this one's.")
            if not (_close(w, np.array(reference.w)) and _close(b, np.array(reference.b))):
                raise CheckError(f"{where} does not give the weights of gradient descent: "
                                 f"w = {shown_table(w)} instead of {shown_table(reference.w)}.")
    return ("each weight and bias steps against its partial derivative, then dw, db and the "
            "loss start again from zero, in rows of their own: three iterations of gradient "
            "descent, for three shapes of layer.")


# ------------------------------------------------------------------- exercise 6.7
def _train_cases():
    """(n_in, n_out, seed, samples, targets, alpha, iterations) for exercise 6.7."""
    return [
        (3, 2, SEED_3, SAMPLES, TWO_TARGETS, 0.5, 30),
        (3, 1, 1, SAMPLES, [[t] for t in TRAINING_Y.tolist()], 0.1, 20),
        (2, 3, 2, *random_data(2, 3, 4, 617), 0.3, 10),
    ]


def _train_mistakes(case):
    n_in, n_out, seed, samples, targets, alpha, iterations = case

    def run(mode):
        layer = Layer(n_in, n_out, seed=seed)
        losses = fit(layer, samples, targets, alpha, iterations, mode)
        return np.array(losses), np.array(layer.w)

    right = run("batch")[0]
    return [
        (run("online"), "updates after every sample (online learning): call update once per "
                        "iteration, after the loop over the samples."),
        (run("after"), "reads the loss after update(), which has just cleared it: append "
                       "layer.loss before calling update."),
        (run("no update"), "never calls update: the weights never change, and the loss only "
                           "piles up."),
        (run("uphill"), "walks uphill: pass the learning rate itself to update, which "
                        "subtracts alpha times the gradient."),
        ((right / len(samples), None), "returns the mean loss over the samples: return "
                                       "layer.loss as it is, the sum."),
    ]


@exercise("6.7")
def exercise_7(train):
    """train(layer, samples, targets, alpha, iterations) → the loss of every iteration."""
    name = "train"
    as_function(train, name)
    for case in _train_cases():
        n_in, n_out, seed, samples, targets, alpha, iterations = case
        layer, reference = Probe(n_in, n_out, seed=seed), Layer(n_in, n_out, seed=seed)
        start_w = np.array(layer.w)
        given = (copy.deepcopy(samples), copy.deepcopy(targets))
        where = f"{name}(layer, {samples}, {targets}, {alpha}, {iterations})"
        value = call(train, name, layer, given[0], given[1], alpha, iterations)
        if given != (samples, targets):
            raise CheckError(f"{where} changed the samples or the targets: leave them as "
                             "they are.")
        got = as_returned_vector(
            value, where, iterations, "losses",
            returning="`return` and the list of losses, one per iteration",
            miscounted=functools.partial(miscounted_losses, iterations=iterations,
                                         samples=len(samples)))
        expected = np.array(fit(reference, samples, targets, alpha, iterations))
        trained_w = as_table(layer.w, "layer.w after training")
        if _close(got, expected) and _close(trained_w, np.array(reference.w)):
            continue
        if _close(got, expected):
            if _close(trained_w, start_w):
                raise CheckError(f"{where} returns the right losses, but the layer it was "
                                 "given still has its starting weights: train that layer "
                                 "itself, not a copy.")
            raise CheckError(f"{where} returns the right losses, but leaves the layer with "
                             "other weights than gradient descent gives: after the last "
                             "loss is read, is there one update too many, or one too few?")
        if np.all(got == 0):
            raise CheckError(f"{where} returned only zeros: update() clears the loss, so "
                             "read layer.loss before calling it.")
        for (losses, _), mistake in _train_mistakes(case):
            if _close(got, losses):
                raise CheckError(f"{where} {mistake}")
        k = int(np.argmax(~np.isclose(got, expected, rtol=RTOL, atol=1e-12)))
        raise CheckError(f"{where} returned the loss {shown(got[k])} for iteration {k + 1}, "
                         f"but gradient descent has {shown(expected[k])} there. Each "
                         "iteration: for each sample forward, mse_loss and backward; then "
                         "append layer.loss; then update(alpha).")
    return ("one update per pass over the samples, the loss read just before it: your train "
            "works for one output or several. Now look at what the two nodes learned.")
