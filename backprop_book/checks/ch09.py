"""Checks of the chapter 09 workbook, ``exercises/ch09_backprop_matrices.ipynb``.

Every expected value is computed here from the package: the networks, their forward passes
and their gradients from :class:`backprop_book.network.Network`, the sigmoid and its slope
from :mod:`backprop_book.activations`, chapter 8's tiny network and the Pythagoras data
from :mod:`backprop_book.data`, numerical slopes from :mod:`backprop_book.calculus`. Each
check names the likely mistake when it can: a missing transpose, a forgotten f′(z), f′ taken
of a instead of z, a forgotten 1/m, db summed over the wrong axis, layers in the wrong order,
arrays stored (N_l, m) instead of one row per sample.
"""

import functools
import numbers
import random
import warnings

import numpy as np

from backprop_book.activations import sigmoid, sigmoid_prime
from backprop_book.calculus import gradient as numerical_gradient
from backprop_book.calculus import gradient_check
from backprop_book.checks import (
    CheckError,
    _describe,
    as_function,
    as_number,
    call,
    close,
    exercise,
    listed,
    shown,
)
from backprop_book.data import TINY_SEED, TINY_X, TINY_Y0, pythagoras_data
from backprop_book.layers import Layer
from backprop_book.network import Network

#: Gradients computed in Python must match the package's this closely (relative).
RTOL = 1e-7
#: Exercise 9.1: the layer sizes and the batch size whose arrays the student lists.
SIZES_1, M_1 = (4, 5, 3), 7
#: Exercise 9.4: the step of the central difference, and the network with a planted bug.
H_4 = 1e-5
SIZES_4, M_4, SEED_4 = (3, 4, 2), 5, 4
#: Exercise 9.5: chapter 8's training of the Pythagoras task (Layer chain, summed loss).
ALPHA_08 = 0.1
#: Exercise 9.7: the XOR data, how many seeds the check tries, how many must learn, and
#: the most epochs it runs per seed.
XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_Y = np.array([[0.0], [1.0], [1.0], [0.0]])
SEEDS_7, NEEDED_7, MAX_EPOCHS_7 = 8, 7, 2000
LOSSES_7 = ("mse", "binary_cross_entropy")

_close = functools.partial(close, rtol=RTOL, atol=1e-12)

SHAPE_ADVICE_ONE = ("Check the shape of every product: W^(l+1) is (N_(l+1), N_l) and "
                    "δ^(l+1) has N_(l+1) entries, so (W^(l+1))ᵀ δ^(l+1), W.T @ delta, has "
                    "N_l entries, one per node of layer l. A product that does not fit "
                    "usually means a missing (or an extra) transpose.")
SHAPE_ADVICE = ("Check the shape of every product: Δ^l is (m, N_l), one row per sample, "
                "W^l is (N_l, N_(l−1)), so Δ^l @ W^l is (m, N_(l−1)) and Δ^l.T @ A^(l−1) is "
                "(N_l, N_(l−1)), the shape of W^l. A product that does not fit usually "
                "means a missing (or an extra) transpose.")


# ---------------------------------------------------------------------------- helpers
def forward_cache(network, X):
    """(Zs, As): copies of what the package's forward pass keeps for the batch X,
    Zs = [Z^1 … Z^D] and As = [X, A^1 … A^D]."""
    network.forward(X)
    return [Z.copy() for Z in network.Z], [A.copy() for A in network.A]


def _network(sizes, seed):
    return Network(list(sizes), seed=seed)


def _batch(sizes, m, seed):
    """(X, Y): m inputs of N_0 normal numbers, m targets in (0, 1) of N_D numbers."""
    rng = np.random.default_rng(seed)
    X = np.round(rng.normal(size=(m, sizes[0])), 3)
    Y = np.round(rng.uniform(0.05, 0.95, size=(m, sizes[-1])), 3)
    return X, Y


def _copies(arrays):
    return [np.array(a, dtype=float, copy=True) for a in arrays]


def _sizes_text(sizes):
    return "[" + ", ".join(str(n) for n in sizes) + "]"


def _call_shapes(function, name, args, where, advice=SHAPE_ADVICE):
    """Call the student's function; a ValueError about shapes gets the transpose advice."""
    try:
        return call(function, name, *args, where=where)
    except CheckError as error:
        text = str(error)
        if "raised ValueError" in text and any(
                word in text for word in ("matmul", "shape", "broadcast", "aligned")):
            raise CheckError(f"{text}\n{advice}") from None
        raise


def _as_array(value, where, what):
    if value is None:
        raise CheckError(f"{where} returned None for {what}: compute it and return it.")
    if isinstance(value, (str, bytes)):
        raise CheckError(f"{where} returned {_describe(value)} for {what}: return an array "
                         "of numbers.")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            array = np.asarray(value, dtype=float)
        except (TypeError, ValueError, OverflowError):
            raise CheckError(f"{where} returned a {what} that is not an array of numbers: "
                             f"{value!r:.60}.") from None
    return array


def _finite(array, where, what):
    if not np.all(np.isfinite(array)):
        raise CheckError(f"{where} returned a {what} containing "
                         f"{array[~np.isfinite(array)][0]}: every entry must be finite.")
    return array


def _as_weight_gradient(value, where, what, shape, m):
    """``value`` as an array of ``shape`` (that of W^l), with hints for the usual shapes."""
    dW = _as_array(value, where, what)
    if dW.shape != shape:
        rows, columns = shape
        if dW.shape == (columns, rows):
            raise CheckError(f"{where} returned {what} of shape {dW.shape}, but W has the "
                             f"shape {shape}: a missing transpose. dW^l = Δ^l.T @ A^(l−1) / m "
                             "(one sample: the outer product δ aᵀ) has one row per node of "
                             "the layer, like W^l; A^(l−1).T @ Δ^l is its transpose.")
        if m > 1 and dW.ndim == 3 and dW.shape[0] == m:
            raise CheckError(f"{where} returned {what} of shape {dW.shape}, one matrix per "
                             "sample: add them up over the samples and divide by m.")
        raise CheckError(f"{where} returned {what} of shape {dW.shape}: it must have the "
                         f"shape of W, {shape} (one row per node, one column per input).")
    return _finite(dW, where, what)


def _as_bias_gradient(value, where, what, n, m):
    """``value`` as a vector of n entries (a column or a row of n is accepted)."""
    db = _as_array(value, where, what)
    if db.size == n and db.ndim <= 2 and max(db.shape, default=1) == db.size:
        return _finite(db.ravel(), where, what)
    if db.shape == (m, n):
        raise CheckError(f"{where} returned {what} of shape {db.shape}, one row per sample: "
                         "add the rows up over the samples, axis 0, and divide by m: "
                         "Δ.sum(axis=0) / m.")
    if db.shape in ((m,), (m, 1), (1, m)):
        raise CheckError(f"{where} returned {what} of shape {db.shape}, one number per "
                         "sample: you summed over the wrong axis. Δ has one row per sample "
                         f"and one column per node; db needs one entry per node ({n}), so "
                         "sum over the samples, axis=0.")
    raise CheckError(f"{where} returned {what} of shape {db.shape}: it must have one entry "
                     f"per node of the layer, {n}, like b.")


def _student_gradients(value, where, shapes, m):
    """(dWs, dbs) returned by a student's function, validated against the W shapes."""
    depth = len(shapes)
    if value is None:
        raise CheckError(f"{where} returned None: end the function with `return dWs, dbs`.")
    if isinstance(value, (str, np.ndarray, dict)) or not hasattr(value, "__len__") or len(
            value) != 2:
        raise CheckError(f"{where} returned {_describe(value)}: return the two lists as a "
                         "pair, `return dWs, dbs`.")
    dWs, dbs = value
    for what, items in (("dWs", dWs), ("dbs", dbs)):
        if not isinstance(items, (list, tuple)):
            raise CheckError(f"{where} returned {_describe(items)} as {what}: return a list "
                             f"with one array per layer ({depth}).")
        if len(items) != depth:
            raise CheckError(f"{where} returned {what} with {len(items)} item(s): the "
                             f"network has {depth} layers of weights, so {what} needs "
                             f"{depth} arrays, one per layer, the first layer's first.")
    item_shapes = [np.shape(d) if not isinstance(d, (str, type(None))) else None for d in dWs]
    if depth > 1 and item_shapes != list(shapes) and item_shapes[::-1] == list(shapes):
        raise CheckError(f"{where} returned the layers in the wrong order: dWs[0] has the "
                         f"shape of the last layer's W. The backward pass visits the layers "
                         "from the last to the first, but the lists must be in the order of "
                         "the layers, dWs[0] the first layer's (store into dWs[l], or "
                         "reverse the lists at the end).")
    gradients_w = [_as_weight_gradient(d, where, f"dWs[{k}]", shape, m)
                   for k, (d, shape) in enumerate(zip(dWs, shapes, strict=True))]
    gradients_b = [_as_bias_gradient(d, where, f"dbs[{k}]", shape[0], m)
                   for k, (d, shape) in enumerate(zip(dbs, shapes, strict=True))]
    return gradients_w, gradients_b


def _agree(got, want):
    """Whether the (dWs, dbs) ``got`` agree with ``want`` entry by entry."""
    return all(np.shape(g) == np.shape(w) and _close(g, w)
               for g, w in zip(got[0] + got[1], want[0] + want[1], strict=True))


def _matching(results, variants, mistakes):
    """The first mistake whose variant agrees with the student's results on every case."""
    for key, text in mistakes:
        if all(_agree(got, variant[key]) for got, variant in zip(results, variants,
                                                                 strict=True)):
            return text
    return None


def _first_difference(got, want):
    """(which array, its index) of the first array of ``got`` that differs from ``want``."""
    for k, (g, w) in enumerate(zip(got[0], want[0], strict=True)):
        if not _close(g, w):
            return f"dWs[{k}]", k
    for k, (g, w) in enumerate(zip(got[1], want[1], strict=True)):
        if not _close(g, w):
            return f"dbs[{k}]", k
    return None, None


def _refuse_the_package(function, name, what):
    names = getattr(getattr(function, "__code__", None), "co_names", ())
    if "Network" in names or "gradient" in names:
        raise CheckError(f"your {name} calls the package's Network or its gradient: this "
                         f"exercise writes {what} itself, with NumPy.")


def _shown_array(values):
    """A vector as [0.1, 0.2], a matrix as [[0.1, 0.2], [0.3, 0.4]], rounded."""
    values = np.asarray(values, dtype=float)
    if values.ndim == 2:
        return "[" + ", ".join(listed(row, 4) for row in values) + "]"
    return listed(values, 4)


# ------------------------------------------------------------------- exercise 9.1
#: The arrays of exercise 9.1, in the order of the workbook's dictionary.
SHAPE_KEYS = ("X", "W1", "b1", "Z1", "A1", "W2", "b2", "Z2", "A2",
              "delta2", "dW2", "db2", "delta1", "dW1", "db1")


def expected_91():
    """The shape of every array of Network([4, 5, 3]) for a batch of 7, from the package."""
    network = _network(SIZES_1, seed=91)
    X, Y = _batch(SIZES_1, M_1, seed=91)
    Zs, As = forward_cache(network, X)
    output = network.forward(X)
    if output.shape != As[-1].shape:  # pragma: no cover - the package is tested elsewhere
        raise RuntimeError("the package's forward pass disagrees with forward_cache")
    dWs, dbs = network.gradient(X, Y)
    shapes = {"X": X.shape}
    for k in (1, 2):  # the layer, counted from 1 as in the text
        shapes.update({f"W{k}": network.weights[k - 1].shape,
                       f"b{k}": network.biases[k - 1].shape,
                       f"Z{k}": Zs[k - 1].shape, f"A{k}": As[k].shape,
                       f"delta{k}": Zs[k - 1].shape,  # δ^l = ∂L/∂z^l, one row per sample
                       f"dW{k}": np.shape(dWs[k - 1]), f"db{k}": np.shape(dbs[k - 1])})
    return {key: tuple(int(n) for n in shapes[key]) for key in SHAPE_KEYS}


def _as_shape(value, key):
    name = f"shapes[{key!r}]"
    if value is None:
        raise CheckError(f"{name} is still None: write the shape as a tuple, such as (2, 3).")
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return (int(value),)
    if isinstance(value, (str, bytes)) or not isinstance(value, (tuple, list)):
        raise CheckError(f"{name} is {_describe(value)}: write the shape as a tuple of whole "
                         "numbers, such as (2, 3), or (3,) for a vector.")
    if not all(isinstance(n, numbers.Integral) and not isinstance(n, bool) for n in value):
        raise CheckError(f"{name} = {value!r} should hold whole numbers only, such as (2, 3).")
    return tuple(int(n) for n in value)


def _shape_hint(key, got, want):
    """What is wrong with the shape ``got`` of the array ``key``."""
    m = M_1
    kind = key.rstrip("0123456789")
    if kind in ("X", "Z", "A", "delta"):
        if got == want[::-1]:
            return (f"is {got}, one column per sample: the book stores one ROW per sample, "
                    "so a batch array is (m, N_l), not (N_l, m).")
        if len(got) == 2 and got[0] == m:
            return (f"is {got}: one row per sample is right, but count the columns: one per "
                    "node of this layer (for X, one per input).")
        if kind == "delta":
            return (f"is {got}: δ^l = ∂L/∂z^l has one entry per weighted sum, so Δ^l has the "
                    "shape of Z^l.")
        return f"is {got}: a batch array has one row per sample and one column per node."
    if kind in ("W", "dW"):
        if got == want[::-1]:
            return (f"is {got}, transposed: W^l has one ROW per node of layer l and one "
                    "column per node of layer l − 1 (w^l_jk, from k to j), and dW^l has the "
                    "shape of W^l.")
        if m in got:
            return (f"is {got}: the number of samples m = {m} has no place in a weight "
                    "matrix. Averaging over the batch sums the samples away.")
        return f"is {got}: one row per node of layer l, one column per node of layer l − 1."
    if kind in ("b", "db"):
        if got == (m,):
            return (f"is {got}, one number per sample: db is summed over the samples "
                    "(axis 0), which leaves one entry per node.")
        if m in got:
            return (f"is {got}: db keeps one entry per node, like b; the samples are "
                    "summed (averaged) away.")
        if len(got) == 2 and 1 in got:
            return (f"is {got}: the package keeps b and db as flat vectors of one entry per "
                    "node, (N_l,).")
        return f"is {got}: one entry per node of layer l, like the bias vector."
    return f"is {got}."  # pragma: no cover


@exercise("9.1")
def exercise_1(shapes):
    """The shapes of every array of a [4, 5, 3] network and a batch of 7, as a dict."""
    if shapes is None:
        raise CheckError("shapes is None: fill in the dictionary of shapes.")
    if not isinstance(shapes, dict):
        raise CheckError(f"shapes should be a dictionary such as {{'X': (7, 4), …}}, but it "
                         f"is {_describe(shapes)}.")
    missing = [key for key in SHAPE_KEYS if key not in shapes]
    if missing:
        raise CheckError(f"shapes has no entry for {', '.join(map(repr, missing))}: keep every "
                         "key of the dictionary and fill in its value.")
    extra = [key for key in shapes if key not in SHAPE_KEYS]
    if extra:
        raise CheckError(f"shapes has unknown keys {', '.join(map(repr, extra))}: the keys "
                         f"are {', '.join(SHAPE_KEYS)}.")
    got = {key: _as_shape(shapes[key], key) for key in SHAPE_KEYS}
    want = expected_91()
    lines = [f"shapes[{key!r}] {_shape_hint(key, got[key], want[key])}"
             for key in SHAPE_KEYS if got[key] != want[key]]
    if lines:
        more = len(lines) - 4
        shown_lines = lines[:4] + ([f"… and {more} more."] if more > 0 else [])
        raise CheckError("\n".join(shown_lines))
    return (f"all {len(SHAPE_KEYS)} shapes. Everything that holds samples has m = {M_1} rows; "
            "every gradient has the shape of its parameter, whatever m is.")


# ------------------------------------------------------------------- exercise 9.2
#: Exercise 9.2: (layer sizes, batch size) of the networks the check tries. The batch size
#: differs from every layer size, so a transposed or wrongly summed array shows in its
#: shape; [3, 5, 4, 4, 2] and [2, 2, 2] have square weight matrices, where it does not.
CASES_2 = (((2, 3, 1), 4), ((3, 4, 2), 5), ((4, 6, 5, 3), 8), ((3, 5, 4, 4, 2), 6),
           ((2, 2, 2), 1))


def _cases_92():
    cases = []
    for k, (sizes, m) in enumerate(CASES_2):
        network = _network(sizes, seed=920 + k)
        X, Y = _batch(sizes, m, seed=920 + k)
        cases.append((network, X, Y))
    return cases


def batch_backward(Zs, As, Ws, Y, *, prime="z", factor=2.0, mean=True, last_prime=True,
                   hidden_prime=True, transpose=False):
    """The backward pass of a sigmoid network with the mean squared error, for a batch.

    With the default arguments it is right; the others make the typical mistakes: f′ of a
    (``prime="a"``), no f′ (``last_prime``, ``hidden_prime``), no 1/m (``mean``), no factor
    2 (``factor``), a transposed dW (``transpose``).
    """
    m = Y.shape[0]

    def slope(i):
        return sigmoid_prime(Zs[i] if prime == "z" else As[i + 1])

    D = factor * (As[-1] - Y) * (slope(len(Ws) - 1) if last_prime else 1.0)
    dWs, dbs = [None] * len(Ws), [None] * len(Ws)
    scale = 1 / m if mean else 1.0
    for i in reversed(range(len(Ws))):
        dWs[i] = (As[i].T @ D if transpose else D.T @ As[i]) * scale
        dbs[i] = D.sum(axis=0) * scale
        if i > 0:
            D = (D @ Ws[i]) * (slope(i - 1) if hidden_prime else 1.0)
    return dWs, dbs


def _variants_92(network, X, Y):
    Zs, As = forward_cache(network, X)
    Ws = network.weights
    right = batch_backward(Zs, As, Ws, Y)
    return {
        "no prime": batch_backward(Zs, As, Ws, Y, last_prime=False, hidden_prime=False),
        "no last prime": batch_backward(Zs, As, Ws, Y, last_prime=False),
        "no hidden prime": batch_backward(Zs, As, Ws, Y, hidden_prime=False),
        "prime of a": batch_backward(Zs, As, Ws, Y, prime="a"),
        "no mean": batch_backward(Zs, As, Ws, Y, mean=False),
        "mean twice": ([d / len(X) for d in right[0]], [d / len(X) for d in right[1]]),
        "no two": batch_backward(Zs, As, Ws, Y, factor=1.0),
        "sign": ([-d for d in right[0]], [-d for d in right[1]]),
        "transposed": batch_backward(Zs, As, Ws, Y, transpose=True),
    }


MISTAKES_2 = (
    ("no prime", "forgets f′(z): every δ is multiplied by the sigmoid's slope, "
                 "δ^D = 2(a − y) ⊙ σ′(z^D) at the output and δ^l = (δ^(l+1) W^(l+1)) ⊙ "
                 "σ′(z^l) in the hidden layers."),
    ("no last prime", "forgets f′(z) at the output layer: δ^D = ∂L/∂z^D = 2(a − y) ⊙ "
                      "σ′(z^D). 2(a − y) alone is ∂L/∂a, the δ of chapters 5 to 8."),
    ("no hidden prime", "forgets f′(z) in the hidden layers: after the product with W^(l+1), "
                        "multiply element by element by σ′(Z^l)."),
    ("prime of a", "uses a instead of z in f′: sigmoid_prime(A) is σ′(σ(z)). Either "
                   "sigmoid_prime(Z) or A * (1 − A)."),
    ("no mean", "forgets 1/m: these are the gradients of the SUM of the losses over the "
                "batch. The cost is their mean: divide dW and db by m = Y.shape[0]."),
    ("mean twice", "divides by m twice: once is enough, in dW and db (or in δ, not both)."),
    ("no two", "forgets the factor 2 of the squared error: ∂(a − y)²/∂a = 2(a − y)."),
    ("sign", "has the wrong sign: the output δ is 2(a − y), output minus target."),
    ("transposed", "has a missing transpose in dW: on the networks with square weight "
                   "matrices the shape fits but the values are transposed. dW^l = "
                   "Δ^l.T @ A^(l−1) / m."),
)


@exercise("9.2")
def exercise_2(backward):
    """backward(Zs, As, Ws, Y) = (dWs, dbs) of the mean squared error, on 5 networks."""
    name = "backward"
    as_function(backward, name)
    _refuse_the_package(backward, name, "the backward pass")
    cases = _cases_92()
    results, expected = [], []
    for network, X, Y in cases:
        sizes = [network.weights[0].shape[1]] + [W.shape[0] for W in network.weights]
        Zs, As = forward_cache(network, X)
        Ws = network.weights
        where = (f"{name}(Zs, As, Ws, Y) for the network {_sizes_text(sizes)} and a batch of "
                 f"m = {len(X)}")
        args = (_copies(Zs), _copies(As), _copies(Ws), Y.copy())
        value = _call_shapes(backward, name, args, where)
        for given, original, arg_name in zip(args, (Zs, As, Ws, Y), ("Zs", "As", "Ws", "Y"),
                                             strict=True):
            same = (all(np.array_equal(g, o) for g, o in zip(given, original, strict=True))
                    if arg_name != "Y" else np.array_equal(given, original))
            if not same:
                raise CheckError(f"{where} changed its argument {arg_name} in place: compute "
                                 "the gradients without modifying the arrays you are given.")
        results.append(_student_gradients(value, where, [W.shape for W in Ws], len(X)))
        expected.append(network.gradient(X, Y))
    if all(_agree(got, want) for got, want in zip(results, expected, strict=True)):
        return (f"dW^l = Δ^lᵀ A^(l−1) / m and db^l = the mean of Δ^l, on {len(cases)} "
                "networks of 1 to 3 hidden layers, the same as the package's Network.")
    mistake = _matching(results, [_variants_92(*case) for case in cases], MISTAKES_2)
    if mistake:
        raise CheckError(f"your {name} {mistake}")
    for (network, X, _), got, want in zip(cases, results, expected, strict=True):
        which, k = _first_difference(got, want)
        if which:
            sizes = [network.weights[0].shape[1]] + [W.shape[0] for W in network.weights]
            last = len(network.weights) - 1
            place = "the output layer" if k == last else f"layer {k + 1}, a hidden layer"
            raise CheckError(f"for the network {_sizes_text(sizes)} and m = {len(X)}, your "
                             f"{which} ({place}) differs from the gradient. Work backwards: "
                             "Δ^D = 2(A^D − Y) ⊙ σ′(Z^D), then Δ^l = (Δ^(l+1) @ W^(l+1)) ⊙ "
                             "σ′(Z^l); dW^l = Δ^l.T @ A^(l−1) / m, db^l = Δ^l.sum(axis=0) / m.")
    raise CheckError(f"your {name} is not the gradient.")  # pragma: no cover


# ------------------------------------------------------------------- exercise 9.3
#: Exercise 9.3: the networks, square ones first (there the bug runs and is wrong).
CASES_3 = ((3, 3, 3), (2, 3, 3, 3), (2, 4, 3), (3, 5, 2, 1), (4, 3, 6, 2))


def buggy_backward_one(zs, activations, Ws, y):
    """The workbook's buggy backward pass for one sample: W where Wᵀ belongs."""
    delta = 2 * (activations[-1] - y) * sigmoid_prime(zs[-1])
    dWs, dbs = [None] * len(Ws), [None] * len(Ws)
    for i in reversed(range(len(Ws))):
        dWs[i] = np.outer(delta, activations[i])
        dbs[i] = delta
        if i > 0:
            delta = (Ws[i] @ delta) * sigmoid_prime(zs[i - 1])
    return dWs, dbs


def _one_sample(network, x):
    Zs, As = forward_cache(network, np.asarray(x)[None, :])
    return [z[0] for z in Zs], [a[0] for a in As]


def _cases_93():
    cases = []
    for k, sizes in enumerate(CASES_3):
        network = _network(sizes, seed=930 + k)
        X, Y = _batch(sizes, 1, seed=930 + k)
        cases.append((network, X[0], Y[0]))
    return cases


def _is_square_case(network):
    return all(W.shape[0] == W.shape[1] for W in network.weights[1:])


@exercise("9.3")
def exercise_3(backward_one):
    """backward_one(zs, activations, Ws, y) for one sample, with (W^(l+1))ᵀ δ^(l+1)."""
    name = "backward_one"
    as_function(backward_one, name)
    _refuse_the_package(backward_one, name, "the backward pass")
    cases = _cases_93()
    for network, x, y in cases:
        sizes = [network.weights[0].shape[1]] + [W.shape[0] for W in network.weights]
        zs, activations = _one_sample(network, x)
        Ws = network.weights
        where = f"{name}(zs, activations, Ws, y) for the network {_sizes_text(sizes)}"
        value = _call_shapes(backward_one, name,
                             (_copies(zs), _copies(activations), _copies(Ws), y.copy()), where,
                             SHAPE_ADVICE_ONE)
        got = _student_gradients(value, where, [W.shape for W in Ws], 1)
        want = network.gradient(x[None, :], y[None, :])
        if _agree(got, want):
            continue
        square = _is_square_case(network)
        if _agree(got, buggy_backward_one(zs, activations, Ws, y)):
            raise CheckError(f"{where} gives the buggy function's numbers: δ^l needs "
                             "(W^(l+1))ᵀ δ^(l+1), the transpose. W^(l+1) has one row per node "
                             "of layer l + 1; the sum over the paths from node k of layer l "
                             "runs down column k, which is row k of the transpose. "
                             + ("Every W here after the first is square, so the bug gives "
                                "the right shapes and wrong numbers." if square else ""))
        which, k = _first_difference(got, want)
        if which.startswith("dWs") and _close(got[0][k], want[0][k].T):
            raise CheckError(f"{where}: your {which} is transposed. ∂L/∂W^l = δ^l (a^(l−1))ᵀ "
                             "= np.outer(delta, a) has one row per node of layer l, like "
                             "W^l; np.outer(a, delta) is its transpose, which a square "
                             "matrix does not reveal by its shape.")
        raise CheckError(f"{where}: your {which} differs from the gradient. Compare with the "
                         "chapter: δ^D = 2(a − y) ⊙ σ′(z^D), δ^l = ((W^(l+1))ᵀ δ^(l+1)) ⊙ "
                         "σ′(z^l), dW^l = δ^l (a^(l−1))ᵀ (np.outer), db^l = δ^l.")
    return (f"right on {len(cases)} networks: on the square ones, where the bug ran and gave "
            "wrong numbers with the right shapes, and on the others, where it crashed. Test "
            "with layers of different sizes, and gradient-check.")


# ------------------------------------------------------------------- exercise 9.4
def relative_error(g, n):
    """max_i |g_i − n_i| / max(1, |g_i| + |n_i|): the formula of the package's gradient
    checks (:func:`backprop_book.calculus.gradient_check`, ``network.gradient_check``)."""
    g, n = np.ravel(g), np.ravel(n)
    return float(np.max(np.abs(g - n) / np.maximum(1.0, np.abs(g) + np.abs(n))))


def _test_function_94(size=1.0):
    """A smooth loss of four numbers with a curved slope (times ``size``), and its exact
    gradient."""
    c = np.array([3.0, -2.0, 1.5, 2.5])

    def loss(p):
        p = np.asarray(p, dtype=float)
        return size * float(np.sum(np.exp(c * p)) + p[0] * p[1] - p[2] * p[3] ** 2)

    def grad(p):
        p = np.asarray(p, dtype=float)
        g = c * np.exp(c * p) + np.array([p[1], p[0], -p[3] ** 2, -2 * p[2] * p[3]])
        return size * g

    return loss, grad, np.array([0.3, -0.4, 0.7, 0.2])


def _cases_94():
    """(description, loss, grad, p): a right gradient and four planted errors, the last
    on a gradient whose entries are all below 0.01."""
    loss, grad, p = _test_function_94()
    small_loss, small_grad, _ = _test_function_94(size=1e-3)

    def planted(function, k, change):
        def wrong(p):
            g = function(p)
            g[k] = change(g[k])
            return g
        return wrong

    return [("the exact gradient", loss, grad, p),
            ("a gradient with one entry 1.5 times too large", loss,
             planted(grad, 2, lambda v: 1.5 * v), p),
            ("a gradient with one entry of the wrong sign", loss, planted(grad, 0, lambda v: -v),
             p),
            ("a gradient with one entry 0", loss, planted(grad, 3, lambda v: 0.0), p),
            ("a small gradient with one entry off by 0.0001", small_loss,
             planted(small_grad, 1, lambda v: v + 1e-4), p)]


def expected_94(loss, grad, p):
    """The package's gradient check with the central difference of step H_4."""
    return gradient_check(loss, grad, p, dx=H_4)


def _numeric(loss, p, method="central"):
    return numerical_gradient(loss, p, dx=H_4, method=method)


def _variant_values_94(cases):
    """{mistake: the values its formula gives on the cases}."""
    def each(rule):
        values = []
        for _, loss, grad, p in cases:
            g, n = np.ravel(grad(p)), _numeric(loss, p)
            with np.errstate(all="ignore"):
                values.append(float(rule(g, n, loss, p)))
        return np.array(values)

    return {
        "forward": each(lambda g, n, loss, p: relative_error(g, _numeric(loss, p, "forward"))),
        "no 2": each(lambda g, n, loss, p: relative_error(g, 2 * n)),
        "absolute": each(lambda g, n, loss, p: np.max(np.abs(g - n))),
        "no floor": each(lambda g, n, loss, p: np.max(np.abs(g - n) / (np.abs(g) + np.abs(n)))),
        "by n": each(lambda g, n, loss, p: np.max(np.abs(g - n) / np.maximum(1, np.abs(n)))),
        "by g": each(lambda g, n, loss, p: np.max(np.abs(g - n) / np.maximum(1, np.abs(g)))),
        "mean": each(lambda g, n, loss, p: np.mean(np.abs(g - n)
                                                   / np.maximum(1, np.abs(g) + np.abs(n)))),
    }


MISTAKES_4 = (
    ("forward", "uses a one-sided difference, (f(p + h) − f(p)) / h or (f(p) − f(p − h)) / h: "
                "its error is of the order of h, so even a right gradient shows an error "
                "near 1e-5. The central difference (f(p + h) − f(p − h)) / (2h) is accurate "
                "to the order of h²."),
    ("no 2", "divides the central difference by h instead of 2h: the two points p + h and "
             "p − h are 2h apart, so even the right gradient looks wrong by a factor 2."),
    ("absolute", "returns the plain difference max |g_i − n_i|: divide each by "
                 "max(1, |g_i| + |n_i|), so that large gradients are judged relatively."),
    ("no floor", "divides by |g_i| + |n_i| alone: for tiny gradients that magnifies "
                 "round-off into alarm. Divide by max(1, |g_i| + |n_i|), as the package does."),
    ("by n", "divides by the numerical slope alone: divide by max(1, |g_i| + |n_i|), which "
             "treats the two slopes alike."),
    ("by g", "divides by the formula's slope alone: divide by max(1, |g_i| + |n_i|), which "
             "treats the two slopes alike."),
    ("mean", "takes the mean over the entries: the check must report the WORST entry, the "
             "largest relative error, or one wrong entry among many hides in the average."),
)


def _student_error(function, name, loss, grad, p, description):
    where = f"{name}(loss, grad, p) for {description}"
    given = p.copy()
    value = call(function, name, loss, grad, given, where=where)
    if not np.array_equal(given, p):
        raise CheckError(f"{where} changed p: after moving an entry by ±h, put it back (or "
                         "work on a copy, p.copy()), so that the caller's parameters are "
                         "unchanged.")
    if value is None:
        raise CheckError(f"{where} returned None: end the function with `return` and the "
                         "largest relative error.")
    if isinstance(value, (list, tuple, np.ndarray)) and np.size(value) > 1:
        raise CheckError(f"{where} returned {np.size(value)} numbers: return ONE number, the "
                         "largest relative error over the entries, np.max(...).")
    if isinstance(value, (list, tuple, np.ndarray)) and np.size(value) == 1:
        value = np.ravel(value)[0]
    return as_number(value, f"the result of {where}")


#: The names of the arrays of the planted-bug network, in the order of the workbook.
ARRAY_NAMES_4 = ("dW1", "db1", "dW2", "db2")


def suspect_backward(network, X, Y):
    """The workbook's backward pass with a planted bug (the exercise is to locate it)."""
    Zs, As = forward_cache(network, X)
    W2 = network.weights[1]
    m = len(X)
    D2 = 2 * (As[2] - Y) * sigmoid_prime(Zs[1])
    D1 = (D2 @ W2) * sigmoid_prime(As[1])
    return [D1.T @ As[0] / m, D2.T @ As[1] / m], [D1.sum(axis=0) / m, D2.sum(axis=0) / m]


def suspect_network():
    """(network, X, Y) of the planted bug."""
    return _network(SIZES_4, SEED_4), *_batch(SIZES_4, M_4, seed=SEED_4)


def wrong_arrays_94():
    """The names of the arrays that suspect_backward gets wrong (compared with the package)."""
    network, X, Y = suspect_network()
    dWs, dbs = suspect_backward(network, X, Y)
    right_w, right_b = network.gradient(X, Y)
    got = dict(zip(ARRAY_NAMES_4, (dWs[0], dbs[0], dWs[1], dbs[1]), strict=True))
    want = dict(zip(ARRAY_NAMES_4, (right_w[0], right_b[0], right_w[1], right_b[1]),
                    strict=True))
    return [key for key in ARRAY_NAMES_4 if not _close(got[key], want[key])]


def _as_names(value):
    name = "wrong"
    if value is None:
        raise CheckError(f"{name} is None: list the names of the wrong arrays, such as "
                         "['dW2'].")
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple, set)):
        raise CheckError(f"{name} should be a list of names such as ['dW2'], but it is "
                         f"{_describe(value)}.")
    names = []
    for item in value:
        if not isinstance(item, str):
            raise CheckError(f"{name} holds {_describe(item)}: give the names as strings, "
                             f"from {', '.join(ARRAY_NAMES_4)}.")
        if item not in ARRAY_NAMES_4:
            raise CheckError(f"{name} holds {item!r}, which is not one of the arrays: "
                             f"{', '.join(ARRAY_NAMES_4)}.")
        names.append(item)
    return set(names)


@exercise("9.4")
def exercise_4(gradient_error, wrong):
    """gradient_error(loss, grad, p): the largest relative error against central
    differences; ``wrong``: the arrays the planted bug gets wrong."""
    name = "gradient_error"
    as_function(gradient_error, name)
    names = getattr(getattr(gradient_error, "__code__", None), "co_names", ())
    used = sorted(set(names) & {"gradient_check", "partial_derivative", "derivative",
                                "gradient", "calculus"})
    if used:
        raise CheckError(f"your {name} calls {used[0]} from the package: write the central "
                         "differences yourself, with a loop over the entries of p.")
    cases = _cases_94()
    got = np.array([_student_error(gradient_error, name, loss, grad, p, description)
                    for description, loss, grad, p in cases])
    want = np.array([expected_94(loss, grad, p) for _, loss, grad, p in cases])
    good = got[0] < 1e-7 and close(got[1:], want[1:], rtol=1e-4, atol=0)
    if not good:
        variants = _variant_values_94(cases)
        for key, text in MISTAKES_4:
            if close(got, variants[key], rtol=1e-3, atol=1e-9):
                raise CheckError(f"your {name} {text}")
        if got[0] >= 1e-7:
            raise CheckError(f"for {cases[0][0]}, your {name} returned {shown(got[0])}: a "
                             "right gradient should give about 1e-9 or less. Compute every "
                             "n_i = (f(p + h e_i) − f(p − h e_i)) / (2h), one entry of p at "
                             "a time, with h = 1e-5.")
        k = next(k for k in range(1, len(cases)) if not close(got[k], want[k], rtol=1e-4,
                                                                atol=0))
        raise CheckError(f"for {cases[k][0]}, your {name} returned {shown(got[k])}, but the "
                         f"largest relative error is {shown(want[k])}. The formula: "
                         "max over i of |g_i − n_i| / max(1, |g_i| + |n_i|).")
    suspects = _as_names(wrong)
    bad = set(wrong_arrays_94())
    if suspects != bad:
        missed, false = sorted(bad - suspects), sorted(suspects - bad)
        parts = []
        if false:
            parts.append(f"the gradient check passes {', '.join(false)} (an error of about "
                         "1e-10, rounding: a right gradient)")
        if missed:
            parts.append(f"it fails {', '.join(missed)} (an error far above 1e-7: a wrong "
                         "gradient)")
        raise CheckError(f"wrong = {sorted(suspects)}: not quite. {'; '.join(parts)}. Print "
                         "the four errors and read them again.")
    return (f"your gradient check finds errors near 1e-10 for a right gradient and the planted "
            f"ones exactly; on the suspect network it flags {', '.join(sorted(bad))}: the bug "
            "is in the hidden layer's δ, shared by both.")


# ------------------------------------------------------------------- exercise 9.5
CASES_5 = (((2, 3, 1), 4), ((3, 4, 2), 10), ((2, 2, 2), 1))


def _cases_95():
    cases = []
    for k, (sizes, m) in enumerate(CASES_5):
        network = _network(sizes, seed=950 + k)
        X, Y = _batch(sizes, m, seed=950 + k)
        cases.append((network, X, Y))
    return cases


def expected_alpha_95():
    """The learning rate of the mean that takes chapter 8's steps: α times m."""
    xs, _ = pythagoras_data()
    return ALPHA_08 * len(xs)


class _Watched:
    """A network that remembers whether its parameters were changed."""

    def __init__(self, network):
        self.network = network
        self.before = network.parameters().copy()

    def changed(self):
        return not np.array_equal(self.network.parameters(), self.before)


@exercise("9.5")
def exercise_5(summed_gradient, alpha_mean):
    """summed_gradient(network, X, Y): the gradients of Σ_s L^(s); alpha_mean = α·m."""
    name = "summed_gradient"
    as_function(summed_gradient, name)
    cases = _cases_95()
    results, expected = [], []
    for network, X, Y in cases:
        m = len(X)
        sizes = [network.weights[0].shape[1]] + [W.shape[0] for W in network.weights]
        where = f"{name}(network, X, Y) for the network {_sizes_text(sizes)} and m = {m}"
        watched = _Watched(network)
        want = network.gradient(X, Y)
        value = call(summed_gradient, name, network, X.copy(), Y.copy(), where=where)
        if watched.changed():
            raise CheckError(f"{where} changed the network's weights: compute the gradients "
                             "without a step.")
        results.append(_student_gradients(value, where, [W.shape for W in network.weights],
                                          m))
        expected.append(([m * d for d in want[0]], [m * d for d in want[1]]))
    alpha = as_number(alpha_mean, "alpha_mean")
    lines = []
    if not all(_agree(got, e) for got, e in zip(results, expected, strict=True)):
        means = [([d / len(X) for d in e[0]], [d / len(X) for d in e[1]])
                 for e, (_, X, _) in zip(expected, cases, strict=True)]
        twice = [([d / len(X) for d in e[0]], [d / len(X) for d in e[1]])
                 for e, (_, X, _) in zip(means, cases, strict=True)]
        if all(_agree(got, e) for got, e in zip(results, means, strict=True)):
            lines.append(f"your {name} returns the gradients of the MEAN loss, which is what "
                         "network.gradient gives: the sum Σ_s L^(s) is m times the mean, and "
                         "so is its gradient. Multiply by m.")
        elif all(_agree(got, e) for got, e in zip(results, twice, strict=True)):
            lines.append(f"your {name} divides by m: network.gradient is already the "
                         "gradient of the mean. The sum is m times the mean, so multiply.")
        else:
            lines.append(f"your {name} does not return m times the gradient of the mean "
                         "(network.gradient(X, Y)), for the sum of m losses.")
    want_alpha = expected_alpha_95()
    m_8 = round(want_alpha / ALPHA_08)
    if not close(alpha, want_alpha, rtol=1e-9, atol=0):
        if close(alpha, ALPHA_08 / m_8, rtol=1e-9, atol=0):
            lines.append(f"alpha_mean = {shown(alpha)} is the wrong way round: the gradient "
                         f"of the mean is m = {m_8} times SMALLER than that of the sum, so "
                         "the learning rate must be m times larger for the same step.")
        elif close(alpha, ALPHA_08, rtol=1e-9, atol=0):
            lines.append(f"alpha_mean = {shown(alpha)} is chapter 8's α itself: with the "
                         f"mean, whose gradient is m = {m_8} times smaller, the same α takes "
                         "m times smaller steps.")
        else:
            lines.append(f"alpha_mean = {shown(alpha)}: a step −α ∇(Σ_s L^(s)) equals a step "
                         "−α′ ∇(mean) when α′ ∇(mean) = α m ∇(mean). Chapter 08 used "
                         f"α = {shown(ALPHA_08)} with its {m_8} samples.")
    if lines:
        raise CheckError("\n".join(lines))
    return (f"the sum's gradient is m times the mean's, so chapter 8's α = {shown(ALPHA_08)} "
            f"on {m_8} samples is the mean's α = {shown(want_alpha)}: the same steps.")


# ------------------------------------------------------------------- exercise 9.6
def tiny_network():
    """(network, x, y): chapter 8's tiny 2-2-2 network, as a Network, and its sample."""
    rng = random.Random(TINY_SEED)
    hidden, output = Layer(2, 2, seed=rng), Layer(2, 2, seed=rng)
    return Network.from_layers([hidden, output]), np.array(TINY_X), np.array(TINY_Y0)


def expected_96():
    """(δ^2, δ^1, dW^2, dW^1) of the tiny network: for one sample, δ^l is db^l."""
    network, x, y = tiny_network()
    dWs, dbs = network.gradient(x[None, :], y[None, :])
    return dbs[1], dbs[0], dWs[1], dWs[0]


def _tiny_parts():
    """The tiny network's forward pass, one array per name: x, y, W2, z1, a1, z2, a2."""
    network, x, y = tiny_network()
    (W1, W2), (b1, b2) = network.weights, network.biases
    z1 = W1 @ x + b1
    a1 = sigmoid(z1)
    z2 = W2 @ a1 + b2
    return {"x": x, "y": y, "W2": W2, "z1": z1, "a1": a1, "z2": z2, "a2": sigmoid(z2)}


def _wrong_deltas_96():
    t = _tiny_parts()
    y, W2, z1, a1, z2, a2 = t["y"], t["W2"], t["z1"], t["a1"], t["z2"], t["a2"]
    d2 = 2 * (a2 - y) * sigmoid_prime(z2)
    return {
        "delta2": [
            (2 * (a2 - y), "is 2(a − y) = ∂L/∂a, the δ of chapters 5 to 8. The standard δ is "
                           "∂L/∂z: multiply by the sigmoid's slope σ′(z²)."),
            ((a2 - y) * sigmoid_prime(z2), "forgets the factor 2 of the squared error."),
            (-d2, "has the wrong sign: 2(a − y), output minus target."),
            (2 * (a2 - y) * sigmoid_prime(a2), "uses a instead of z in f′: σ′(z²), or "
                                               "a²(1 − a²)."),
        ],
        "delta1": [
            ((W2 @ d2) * sigmoid_prime(z1), "has a missing transpose: W² d2 adds along the "
                                            "rows of W² (the nodes of layer 2); node k of "
                                            "layer 1 needs column k, (W²)ᵀ δ². The matrix is "
                                            "square, so the shapes did not warn you."),
            (W2.T @ d2, "forgets f′(z¹): multiply by the sigmoid's slope σ′(z¹) element by "
                        "element."),
            ((W2.T @ d2) * sigmoid_prime(a1), "uses a instead of z in f′: σ′(z¹), or "
                                              "a¹(1 − a¹)."),
            ((W2.T @ (2 * (a2 - y))) * sigmoid_prime(z1),
             "propagates 2(a − y) instead of δ²: δ² = 2(a − y) ⊙ σ′(z²) includes the output "
             "layer's slope."),
        ],
    }


def _wrong_matrices_96(delta2, delta1):
    t = _tiny_parts()
    x, a1, a2 = t["x"], t["a1"], t["a2"]
    return {
        "dW2": [
            (np.outer(a1, delta2), "is transposed: np.outer(δ², a¹) = δ² (a¹)ᵀ has one row "
                                   "per output node, like W²; np.outer(a¹, δ²) is its "
                                   "transpose (the matrix is square, so its shape fits)."),
            (np.outer(delta2, x), "multiplies δ² by x: the input of layer 2 is a¹, the "
                                  "output of layer 1."),
            (np.outer(delta2, a2), "multiplies δ² by a²: the weights of layer 2 carry a¹, so "
                                   "dW² = δ² (a¹)ᵀ."),
        ],
        "dW1": [
            (np.outer(x, delta1), "is transposed: np.outer(δ¹, x) = δ¹ xᵀ has one row per "
                                  "hidden node, like W¹."),
            (np.outer(delta1, a1), "multiplies δ¹ by a¹: the input of layer 1 is x, so "
                                   "dW¹ = δ¹ xᵀ."),
        ],
    }


def _as_tiny(value, name, shape):
    what = "a vector of 2 numbers" if len(shape) == 1 else "a 2 × 2 matrix"
    if value is None:
        raise CheckError(f"{name} is None: assign it ({what}).")
    if isinstance(value, (str, bytes)) or (np.ndim(value) == 0
                                           and not isinstance(value, np.ndarray)):
        raise CheckError(f"{name} should be {what}, but it is {_describe(value)}.")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            array = np.asarray(value, dtype=float)
        except (TypeError, ValueError, OverflowError):
            raise CheckError(f"{name} should be {what} of numbers, but it is "
                             f"{_describe(value)}.") from None
    if len(shape) == 1 and array.size == 2 and array.ndim <= 2:
        array = array.ravel()
    if array.shape != shape:
        raise CheckError(f"{name} should be {what}, but it has shape {array.shape}.")
    if not np.all(np.isfinite(array)):
        raise CheckError(f"{name} contains {array[~np.isfinite(array)][0]}: every entry must "
                         "be finite.")
    return array


@exercise("9.6")
def exercise_6(delta2, delta1, dW2, dW1):
    """δ², δ¹, dW² = δ²(a¹)ᵀ and dW¹ = δ¹xᵀ of chapter 8's tiny network."""
    got = {"delta2": _as_tiny(delta2, "delta2", (2,)), "delta1": _as_tiny(delta1, "delta1", (2,)),
           "dW2": _as_tiny(dW2, "dW2", (2, 2)), "dW1": _as_tiny(dW1, "dW1", (2, 2))}
    want = dict(zip(("delta2", "delta1", "dW2", "dW1"), expected_96(), strict=True))
    wrong = {**_wrong_deltas_96(), **_wrong_matrices_96(got["delta2"], got["delta1"])}
    lines = []
    for key in ("delta2", "delta1", "dW2", "dW1"):
        if _close(got[key], want[key]):
            continue
        mistake = next((text for values, text in wrong[key] if _close(got[key], values)),
                       None)
        if key in ("dW2", "dW1") and mistake is None:
            delta = got["delta2" if key == "dW2" else "delta1"]
            t = _tiny_parts()
            a_prev = t["a1"] if key == "dW2" else t["x"]
            if not _close(delta, want["delta2" if key == "dW2" else "delta1"]) and _close(
                    got[key], np.outer(delta, a_prev)):
                mistake = (f"is the outer product of your δ, which is not yet right: fix "
                           f"{'delta2' if key == 'dW2' else 'delta1'} first.")
        if mistake is None and close(got[key], want[key], rtol=0, atol=0.00051):
            mistake = "is close, but not exact: compute it in Python, not by typing numbers."
        lines.append(f"{key} = {_shown_array(got[key])} " + (
            mistake or "is not right. Work from the chapter's formulas: δ² = 2(a² − y) ⊙ "
                       "σ′(z²), δ¹ = ((W²)ᵀ δ²) ⊙ σ′(z¹), dW^l = np.outer(δ^l, a^(l−1))."))
    if lines:
        raise CheckError("\n".join(lines))
    return ("dW^l = δ^l (a^(l−1))ᵀ: entry (j, k) is δ^l_j a^(l−1)_k, chapter 8's "
            "element-by-element result, all at once; and (W²)ᵀ δ² adds chapter 8's paths.")


# ------------------------------------------------------------------- exercise 9.7
def _as_settings(settings):
    if settings is None:
        raise CheckError("settings is None: fill in the dictionary of settings.")
    if not isinstance(settings, dict):
        raise CheckError(f"settings should be a dictionary, but it is {_describe(settings)}.")
    keys = ("scale", "learning_rate", "epochs", "loss")
    missing = [k for k in keys if k not in settings]
    if missing:
        raise CheckError(f"settings has no entry for {', '.join(map(repr, missing))}: keep the "
                         f"keys {', '.join(map(repr, keys))}.")
    scale = as_number(settings["scale"], "settings['scale']")
    rate = as_number(settings["learning_rate"], "settings['learning_rate']")
    epochs = as_number(settings["epochs"], "settings['epochs']")
    loss = settings["loss"]
    if scale <= 0 or rate <= 0:
        raise CheckError("settings['scale'] and settings['learning_rate'] must be positive.")
    if epochs != int(epochs) or not 1 <= epochs <= MAX_EPOCHS_7:
        raise CheckError(f"settings['epochs'] = {shown(epochs)}: give a whole number of "
                         f"epochs from 1 to {MAX_EPOCHS_7} (the check trains {SEEDS_7} "
                         "networks, so it must stay quick).")
    if loss not in LOSSES_7:
        raise CheckError(f"settings['loss'] = {loss!r}: choose one of "
                         f"{', '.join(map(repr, LOSSES_7))}.")
    return scale, rate, int(epochs), loss


def xor_successes(scale, learning_rate, epochs, loss, seeds=SEEDS_7):
    """How many of the seeds 0 … seeds − 1 give a 2-3-1 network that learns XOR."""
    learned = 0
    for seed in range(seeds):
        network = Network([2, 3, 1], loss=loss, seed=seed, scale=scale)
        with np.errstate(all="ignore"):
            network.train(XOR_X, XOR_Y, learning_rate, epochs)
            predictions = network.forward(XOR_X) > 0.5
        learned += bool(np.all(predictions == (XOR_Y > 0.5)))
    return learned


@exercise("9.7")
def exercise_7(settings):
    """Settings with which a 2-3-1 sigmoid network learns XOR for 7 of 8 seeds."""
    scale, rate, epochs, loss = _as_settings(settings)
    learned = xor_successes(scale, rate, epochs, loss)
    if learned >= NEEDED_7:
        return (f"with scale {shown(scale)}, learning rate {shown(rate)}, {epochs} epochs and "
                f"the loss {loss!r}, {learned} of {SEEDS_7} seeds learn XOR.")
    advice = []
    if scale < 0.5:
        advice.append(f"a scale of {shown(scale)} starts every hidden node close to the "
                      "others and every output near 0.5, on a plateau where the gradient is "
                      "tiny: try a scale near 1")
    if rate * epochs < 2000:
        advice.append(f"learning rate × epochs = {shown(rate * epochs)} is a short walk: "
                      "raise the learning rate (1 to 5 works well here) or the epochs")
    if loss == "mse":
        advice.append("the squared error with a sigmoid output has the small factor σ′(z) in "
                      "its gradient; 'binary_cross_entropy' removes it (chapter 7)")
    tip = ("; ".join(advice) or "try another combination") + "."
    raise CheckError(f"with these settings {learned} of {SEEDS_7} seeds learn XOR (all four "
                     f"predictions right); at least {NEEDED_7} must. {tip[0].upper()}{tip[1:]}")
