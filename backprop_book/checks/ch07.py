"""Checks of the chapter 07 workbook, ``exercises/ch07_classification_gradients.ipynb``.

Every expected value is computed here from the package: the sigmoid, the softmax and its
Jacobian from :mod:`backprop_book.activations`, the slopes of the losses from
:mod:`backprop_book.losses`. Functions are tested at random points drawn from fixed seeds.
Each check names the likely mistake when it can: a missing minus sign, the sum over k that
was forgotten, a missing 1/m, a transposed x.
"""

import functools
import warnings

import numpy as np

from backprop_book.activations import sigmoid, softmax, softmax_jacobian
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
from backprop_book.losses import (
    binary_cross_entropy_grad_a,
    cross_entropy_grad_z,
)

#: Numbers and functions computed in Python must match this closely (relative).
RTOL = 1e-6
#: A number this close (relative) but not within RTOL was rounded, or typed in by hand.
NEAR = 1e-2
#: Exercise 7.3: the scores of the sample and its class (counted from 1, as the book does).
Z_3 = (0.5, -1.0, 2.0, 0.0)
CLASS_3 = 2
#: Exercise 7.7: the score and the label of the confidently wrong sample.
Z_7, Y_7 = -4.0, 1.0

_close = functools.partial(close, rtol=RTOL, atol=1e-9)


# ---------------------------------------------------------------------------- helpers
def _matrix(values):
    return "[" + ", ".join(listed(row, 4) for row in np.atleast_2d(values)) + "]"


def _one_hot(K, c):
    y = np.zeros(K)
    y[c] = 1.0
    return y


def _first_match(got, candidates, atol=1e-9):
    """The message of the first (values, message) whose values agree with ``got``."""
    for values, message in candidates:
        if close(got, values, rtol=RTOL, atol=atol):
            return message
    return None


def _random_scores(rng, K):
    return np.round(rng.normal(scale=1.5, size=K), 2)


# ------------------------------------------------------------------- exercise 7.1
def _points_71(seed=701, n=12):
    """(a, y) for exercise 7.1: outputs between 0.05 and 0.95, labels 1 and 0 in turn."""
    rng = np.random.default_rng(seed)
    a = np.round(rng.uniform(0.05, 0.95, size=n), 2)
    return [(float(ak), float(1 - k % 2)) for k, ak in enumerate(a)]


def expected_71(a, y):
    """∂L/∂a of the binary cross-entropy of one sample: −y/a + (1 − y)/(1 − a)."""
    return float(binary_cross_entropy_grad_a([a], [y])[0])


def _wrong_71(a, y):
    """(values, mistake) for the typical wrong answers of exercise 7.1."""
    return [
        (y / a - (1 - y) / (1 - a),
         "has the wrong sign: you dropped the minus sign in front of the bracket, "
         "L = −[y·log a + (1 − y)·log(1 − a)]. For the label 1 the slope must be negative: "
         "a larger a lowers the loss."),
        (-y / a - (1 - y) / (1 - a),
         "forgets the inner slope of log(1 − a): by the chain rule its slope is "
         "(1/(1 − a))·(−1) = −1/(1 − a), and with the minus in front of the loss the "
         "second term becomes +(1 − y)/(1 − a)."),
        (y / a + (1 - y) / (1 - a),
         "has two sign mistakes: the minus in front of the loss, and the inner slope −1 of "
         "1 − a in log(1 − a)."),
        (a - y, "is a − y, the slope with respect to z: it already includes the sigmoid's "
                "slope a(1 − a). This exercise asks for the first link only, ∂L/∂a."),
        (-y / a, "is right for the label 1 only: you forgot the term (1 − y)·log(1 − a), "
                 "which is the whole loss when y = 0."),
        ((1 - y) / (1 - a), "is right for the label 0 only: you forgot the term y·log a, "
                            "which is the whole loss when y = 1."),
        (-(y * np.log(a) + (1 - y) * np.log(1 - a)),
         "returns the loss L itself: differentiate it with respect to a."),
        (-1 / a + 1 / (1 - a), "ignores the label: y and 1 − y switch the two terms on "
                               "and off, so keep them as factors."),
    ]


@exercise("7.1")
def exercise_1(bce_da):
    """bce_da(a, y) = −y/a + (1 − y)/(1 − a), at random points."""
    name = "bce_da"
    as_function(bce_da, name)
    points = _points_71()
    got = np.array([as_result(call(bce_da, name, a, y), f"{name}({a!r}, {y!r})")
                    for a, y in points])
    a = np.array([p[0] for p in points])
    y = np.array([p[1] for p in points])
    expected = np.array([expected_71(*p) for p in points])
    if _close(got, expected):
        return (f"∂L/∂a = −y/a + (1 − y)/(1 − a) at {len(points)} points, for both labels. "
                "Times the sigmoid's slope a(1 − a), it becomes a − y.")
    mistake = _first_match(got, _wrong_71(a, y))
    if mistake:
        raise CheckError(f"your {name} {mistake}")
    k = next(k for k in range(len(points)) if not _close(got[k], expected[k]))
    raise CheckError(f"{name}({points[k][0]!r}, {points[k][1]!r}) returned {shown(got[k])}, "
                     f"but ∂L/∂a there is {shown(expected[k])}. Differentiate each term of "
                     "L = −[y·log a + (1 − y)·log(1 − a)]: log a has slope 1/a, and "
                     "log(1 − a) has slope −1/(1 − a).")


# ------------------------------------------------------------------- exercise 7.2
def _cases_72(seed=702, n=10):
    """(z, i, j) for exercise 7.2: K from 3 to 5 scores, and two different indices."""
    rng = np.random.default_rng(seed)
    cases = [(np.array([1.0, 2.0, 0.5]), 0, 1)]
    while len(cases) < n:
        K = int(rng.integers(3, 6))
        i, j = (int(v) for v in rng.choice(K, size=2, replace=False))
        cases.append((_random_scores(rng, K), i, j))
    return cases


def expected_72(z, i, j):
    """∂a_i/∂z_j of the softmax, from the package's Jacobian."""
    return float(softmax_jacobian(z)[i, j])


def _wrong_72(cases):
    """(values, mistake) for the typical wrong answers of exercise 7.2."""
    def each(formula):
        return np.array([formula(softmax(z), i, j) for z, i, j in cases])

    return [
        (each(lambda a, i, j: a[i] * a[j]),
         "is a_i·a_j without the minus sign: raising z_j raises the denominator of a_i, "
         "so a_i falls. The slope is −a_i·a_j."),
        (each(lambda a, i, j: a[i] * (1 - a[j])),
         "uses the diagonal formula a_i(1 − a_j): for i ≠ j, z_j is not in the numerator "
         "of a_i, only in the denominator, and the slope is −a_i·a_j."),
        (each(lambda a, i, j: a[i] * (1 - a[i])),
         "is a_i(1 − a_i), the slope for i = j: here i ≠ j, and z_j reaches a_i only "
         "through the denominator. The slope is −a_i·a_j."),
        (each(lambda a, i, j: 0.0),
         "is 0: but z_j is in the denominator Σ_k e^(z_k) of every output, so it does "
         "change a_i. Differentiate log a_i = z_i − log Σ_k e^(z_k) with respect to z_j."),
        (each(lambda a, i, j: -a[i] ** 2),
         "is −a_i²: the second factor belongs to the score you differentiate by, "
         "−a_i·a_j."),
        (each(lambda a, i, j: -a[j] ** 2),
         "is −a_j²: the first factor is the output you differentiate, −a_i·a_j."),
        (each(lambda a, i, j: -a[j]),
         "is −a_j: that is the slope of log a_i. Multiply by a_i, since "
         "∂a_i/∂z_j = a_i·∂(log a_i)/∂z_j."),
    ]


@exercise("7.2")
def exercise_2(da_dz):
    """da_dz(z, i, j) = ∂a_i/∂z_j = −a_i·a_j of the softmax, for i ≠ j."""
    name = "da_dz"
    as_function(da_dz, name)
    cases = _cases_72()
    got = []
    for z, i, j in cases:
        where = f"{name}({listed(z, 4)}, {i}, {j})"
        got.append(as_result(call(da_dz, name, z.copy(), i, j, where=where), where))
    got = np.array(got)
    expected = np.array([expected_72(*case) for case in cases])
    if _close(got, expected):
        return (f"∂a_i/∂z_j = −a_i·a_j at {len(cases)} points: raising another class's "
                "score takes probability away from class i.")
    mistake = _first_match(got, _wrong_72(cases))
    if mistake:
        raise CheckError(f"your {name} {mistake}")
    k = next(k for k in range(len(cases)) if not _close(got[k], expected[k]))
    z, i, j = cases[k]
    if _close(got[k], -softmax(z)[i - 1] * softmax(z)[j - 1]) or _close(
            got[k], -softmax(z)[(i + 1) % len(z)] * softmax(z)[(j + 1) % len(z)]):
        raise CheckError(f"{name}({listed(z, 4)}, {i}, {j}) returned {shown(got[k])}: check "
                         "the indices. Python counts from 0, so a_i is softmax(z)[i].")
    raise CheckError(f"{name}({listed(z, 4)}, {i}, {j}) returned {shown(got[k])}, but "
                     f"∂a_{i}/∂z_{j} there is {shown(expected[k])}. Take the logarithm, "
                     "log a_i = z_i − log Σ_k e^(z_k), differentiate by z_j, and multiply by "
                     "a_i.")


# ------------------------------------------------------------------- exercise 7.3
def expected_73():
    """∂L/∂z = a − y for the K = 4 sample of exercise 7.3."""
    z = np.array(Z_3)
    return cross_entropy_grad_z(z, _one_hot(len(z), CLASS_3 - 1))


def _wrong_73():
    z = np.array(Z_3)
    a = softmax(z)
    y = _one_hot(len(z), CLASS_3 - 1)
    right = CLASS_3 - 1
    only_right = -y * (1 - a) + 0.0           # = a_c − 1 at the right class, 0 elsewhere
    mistakes = [
        (y - a, "is y − a: the sign is flipped. The slope is a − y, positive for the wrong "
                "classes, whose scores gradient descent must lower."),
        (a, "is a alone: you forgot to subtract the label y."),
        (only_right, "is non-zero for the right class only: it keeps the path k = i, "
                     "−y_i(1 − a_i), and forgets the sum over k. z_i reaches the loss through "
                     "every output; with the terms k ≠ i, every class gets a_i − y_i, so the "
                     "wrong classes get a_i."),
        (-y / a, "is −y/a, the slope with respect to a: multiply by the softmax's slopes "
                 "and add the paths, or use the result a − y."),
        (sigmoid(z) - y, "uses the sigmoid for each output: the outputs come from the "
                         "softmax, a = softmax(z)."),
        ((a - y) / len(z), f"divides by K = {len(z)}: for one sample the slope is a − y, "
                           "with no factor (the 1/m comes with a batch of m samples)."),
    ]
    for wrong in (right - 1, right + 1):
        if 0 <= wrong < len(z):
            mistakes.append((a - _one_hot(len(z), wrong),
                             f"puts the label's 1 at class {wrong + 1}: the sample belongs "
                             f"to class {CLASS_3}, which is index {right} in Python (counted "
                             "from 0)."))
    return mistakes


@exercise("7.3")
def exercise_3(dL_dz):
    """dL_dz: the 4 slopes a − y for z = (0.5, −1, 2, 0) and class 2."""
    got = as_vector(dL_dz, "dL_dz", len(Z_3))
    expected = expected_73()
    if _close(got, expected):
        most = int(np.argmax(expected)) + 1
        return (f"∂L/∂z = a − y = {listed(expected, 4)}: gradient descent raises the score "
                f"of class {CLASS_3} and lowers the other three, class {most} most, because "
                "it has taken the most probability.")
    mistake = _first_match(got, _wrong_73())
    if mistake:
        raise CheckError(f"dL_dz = {listed(got, 4)} {mistake}")
    if close(got, expected, rtol=0, atol=0.0051):  # rounded to two decimals, or better
        raise CheckError(f"dL_dz = {listed(got, 4)} is close, but not exact: compute it in "
                         "Python rather than typing in rounded values.")
    raise CheckError(f"dL_dz = {listed(got, 4)} is not a − y. The outputs are "
                     f"a = softmax(z) = {listed(softmax(np.array(Z_3)), 4)}, and the label is "
                     f"one-hot at class {CLASS_3}.")


# ------------------------------------------------------------------- exercise 7.4
def _cases_74(seed=704):
    """(W, b, X, Y) for exercise 7.4: one row of X and Y per sample; n ≠ K throughout."""
    rng = np.random.default_rng(seed)
    cases = []
    for m, n, K in ((5, 2, 3), (1, 2, 3), (6, 4, 2), (8, 3, 5)):
        X = np.round(rng.normal(size=(m, n)), 2)
        Y = np.eye(K)[rng.integers(0, K, size=m)]
        W = np.round(rng.normal(size=(K, n)), 2)
        b = np.round(rng.normal(size=K), 2)
        cases.append((W, b, X, Y))
    return cases


def expected_74(W, b, X, Y):
    """(dW, db) of the mean cross-entropy of a softmax layer: ((A − Y)ᵀX/m, mean of A − Y)."""
    dZ = cross_entropy_grad_z(X @ W.T + b, Y)
    return dZ.T @ X, dZ.sum(axis=0)


def _wrong_74(W, b, X, Y):
    """(dW, db, mistake) for the typical wrong answers of exercise 7.4."""
    m = X.shape[0]
    A = softmax(X @ W.T + b)
    D = A - Y
    dW, db = D.T @ X / m, D.mean(axis=0)
    return [
        (m * dW, m * db, "forgot 1/m: dW and db are sums over the samples. The cost is the "
                         "mean of the losses, so its gradient is the mean of theirs: divide "
                         "by m = X.shape[0]."),
        (m * dW, db, "forgot 1/m in dW: db is a mean, but dW is a sum. Divide (A − Y).T @ X "
                     "by m as well."),
        (dW, m * db, "forgot 1/m in db: dW is a mean, but db is a sum over the samples. "
                     "Divide it by m as well."),
        (-dW, -db, "has the wrong sign: the slope is a − y, output minus label, not y − a."),
        (dW, -db, "has db with the wrong sign: like dW, it comes from a − y."),
        (-dW, db, "has dW with the wrong sign: like db, it comes from a − y."),
        ((sigmoid(X @ W.T + b) - Y).T @ X / m, (sigmoid(X @ W.T + b) - Y).mean(axis=0),
         "uses the sigmoid for each output: the outputs of this layer are "
         "A = softmax(X @ W.T + b)."),
        ((softmax(X @ W.T) - Y).T @ X / m, (softmax(X @ W.T) - Y).mean(axis=0),
         "leaves out the bias in the forward pass: Z = X @ W.T + b."),
        (np.outer(D[0], X[0]), D[0],
         "uses only the first sample: average (a − y)·xᵀ over all the rows of X and Y."),
        (D.T @ X / m, D.sum(axis=0) / D.shape[1],
         "divides db by K, the number of classes: the mean is over the m samples, "
         "db = (A − Y).sum(axis=0) / m."),
    ]


def _student_gradients(function, name, W, b, X, Y):
    """(dW, db) from the student's function, validated, with clear messages."""
    K, n = W.shape
    m = X.shape[0]
    where = f"{name}(W, b, X, Y) with m = {m}, n = {n}, K = {K}"
    args = [W.copy(), b.copy(), X.copy(), Y.copy()]
    value = call(function, name, *args, where=where)
    for arg, original, arg_name in zip(args, (W, b, X, Y), ["W", "b", "X", "Y"], strict=True):
        if not np.array_equal(arg, original):
            raise CheckError(f"{where} changed its argument {arg_name} in place: compute "
                             "the gradients without modifying W, b, X or Y.")
    if value is None:
        raise CheckError(f"{where} returned None: end the function with `return dW, db`.")
    if isinstance(value, (str, np.ndarray)) or not hasattr(value, "__len__") or len(value) != 2:
        raise CheckError(f"{where} returned {type(value).__name__} {value!r:.50}: return the "
                         "two gradients as a pair, `return dW, db`.")
    dW_value, db_value = value
    dW = _as_matrix_74(dW_value, where, (K, n), (n, K), (m, K))
    db = _as_bias_74(db_value, where, K, m)
    return dW, db


def _as_matrix_74(value, where, shape, transposed, per_sample):
    if value is None:
        raise CheckError(f"{where} returned None for dW: compute dW and return it.")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            dW = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            raise CheckError(f"{where} returned a dW that is not an array of numbers: "
                             f"{value!r:.60}.") from None
    if dW.shape != shape:
        if dW.shape == transposed:
            raise CheckError(f"{where} returned dW of shape {dW.shape}, but W is K × n = "
                             f"{shape}: you transposed x. Each sample contributes the outer "
                             "product (a − y)·xᵀ, K × n, so dW = (A − Y).T @ X / m, not "
                             "X.T @ (A − Y).")
        if dW.shape == per_sample:
            raise CheckError(f"{where} returned dW of shape {dW.shape}, one row per sample: "
                             "that looks like A − Y. Multiply by the inputs, "
                             "dW = (A − Y).T @ X / m.")
        raise CheckError(f"{where} returned dW of shape {dW.shape}: it must have the shape "
                         f"of W, {shape}.")
    if not np.all(np.isfinite(dW)):
        raise CheckError(f"{where} returned a dW containing {dW[~np.isfinite(dW)][0]}: every "
                         "entry must be a finite number.")
    return dW


def _as_bias_74(value, where, K, m):
    if value is None:
        raise CheckError(f"{where} returned None for db: compute db and return it.")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            db = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            raise CheckError(f"{where} returned a db that is not an array of numbers: "
                             f"{value!r:.60}.") from None
    if db.size == K and db.ndim <= 2 and max(db.shape, default=1) == db.size:
        db = db.ravel()
    elif db.shape == (m, K):
        raise CheckError(f"{where} returned db of shape {db.shape}, one row per sample: add "
                         "the rows up and divide by m, (A − Y).sum(axis=0) / m.")
    else:
        raise CheckError(f"{where} returned db of shape {db.shape}: it must have one entry "
                         f"per output, K = {K}, like b.")
    if not np.all(np.isfinite(db)):
        raise CheckError(f"{where} returned a db containing {db[~np.isfinite(db)][0]}: every "
                         "entry must be a finite number.")
    return db


@exercise("7.4")
def exercise_4(batch_gradients):
    """batch_gradients(W, b, X, Y) = ((A − Y)ᵀX/m, mean of the rows of A − Y)."""
    name = "batch_gradients"
    as_function(batch_gradients, name)
    cases = _cases_74()
    results = [_student_gradients(batch_gradients, name, *case) for case in cases]
    wrong_cases = []
    for (dW, db), case in zip(results, cases, strict=True):
        edW, edb = expected_74(*case)
        if not (_close(dW, edW) and _close(db, edb)):
            wrong_cases.append(((dW, db), case))
    if not wrong_cases:
        return (f"dW = (A − Y)ᵀX / m and db = the mean of A − Y, on {len(cases)} batches "
                "(one of a single sample): each weight moves by its output's error times its "
                "input, averaged over the batch.")
    mistakes = [_wrong_74(*case) for case in cases]
    for k, (_, _, text) in enumerate(mistakes[0]):
        if all(_close(dW, wrong[k][0]) and _close(db, wrong[k][1])
               for (dW, db), wrong in zip(results, mistakes, strict=True)):
            raise CheckError(f"your {name} {text}")
    (dW, db), (W, b, X, Y) = wrong_cases[0]
    edW, edb = expected_74(W, b, X, Y)
    m, (K, n) = X.shape[0], W.shape
    part = "dW" if not _close(dW, edW) else "db"
    got, want = (dW, edW) if part == "dW" else (db, edb)
    show = _matrix if part == "dW" else (lambda v: listed(v, 4))
    raise CheckError(f"for a batch of m = {m} samples (n = {n}, K = {K}), your {part} is "
                     f"{show(got)}, but it should be {show(want)}. Compute A = softmax(X @ "
                     "W.T + b), then dW = (A − Y).T @ X / m and db = (A − Y).sum(axis=0) / m.")


# ------------------------------------------------------------------- exercise 7.5
def buggy_gradient(z, y):
    """The workbook's buggy gradient: the chain rule with the path k = i only."""
    a = softmax(z)
    dL_da = -y / a
    return np.array([dL_da[i] * a[i] * (1 - a[i]) for i in range(len(z))])


def _cases_75(seed=705, n=8):
    """(z, y) for exercise 7.5: K from 3 to 5, a one-hot label each."""
    rng = np.random.default_rng(seed)
    cases = [(np.array([1.0, 2.0, 0.5]), np.array([1.0, 0.0, 0.0]))]
    while len(cases) < n:
        K = int(rng.integers(3, 6))
        cases.append((_random_scores(rng, K), _one_hot(K, int(rng.integers(0, K)))))
    return cases


def _wrong_75(cases):
    def each(formula):
        return np.concatenate([formula(softmax(z), y) for z, y in cases])

    return [
        (np.concatenate([buggy_gradient(z, y) for z, y in cases]),
         "still adds up only the path k = i: you forgot the terms k ≠ i (the i ≠ j entries "
         "of the Jacobian). Every output a_k "
         "depends on z_i, so ∂L/∂z_i = Σ_k (∂L/∂a_k)·(∂a_k/∂z_i), with ∂a_k/∂z_i = −a_k·a_i "
         "for k ≠ i."),
        (each(lambda a, y: -y * (1 - a) - a * (1 - y)),
         "gives the terms k ≠ i the wrong sign: for k ≠ i the softmax's slope is "
         "∂a_k/∂z_i = −a_k·a_i, with a minus."),
        (each(lambda a, y: y - a), "is y − a: the sign is flipped. Check the minus of "
                                   "∂L/∂a_k = −y_k/a_k."),
        (each(lambda a, y: a * (a - y)),
         "multiplies by a_i once too often: the Jacobian already holds the factor a_k, "
         "which cancels the 1/a_k of ∂L/∂a_k."),
        (each(lambda a, y: -y / a),
         "returns ∂L/∂a: multiply by the softmax's Jacobian and add the paths."),
    ]


@exercise("7.5")
def exercise_5(fixed_gradient):
    """fixed_gradient(z, y) = a − y, for softmax outputs and one-hot labels."""
    name = "fixed_gradient"
    as_function(fixed_gradient, name)
    cases = _cases_75()
    got = []
    for z, y in cases:
        where = f"{name}({listed(z, 4)}, {listed(y, 1)})"
        got.append(as_returned_vector(
            call(fixed_gradient, name, z.copy(), y.copy(), where=where), where, len(z),
            "slopes", returning="`return` and the vector of slopes",
            single=f"return the vector of the {len(z)} slopes ∂L/∂z_i, one per class."))
    flat = np.concatenate(got)
    expected = np.concatenate([cross_entropy_grad_z(z, y) for z, y in cases])
    if _close(flat, expected):
        return (f"a − y on {len(cases)} samples with 3 to 5 classes: with all K paths added, "
                "the wrong classes' scores are pushed down too.")
    mistake = _first_match(flat, _wrong_75(cases))
    if mistake:
        raise CheckError(f"your {name} {mistake}")
    for (z, y), g in zip(cases, got, strict=True):
        if not _close(g, cross_entropy_grad_z(z, y)):
            raise CheckError(f"{name}({listed(z, 4)}, {listed(y, 1)}) returned {listed(g, 4)}, but "
                             f"∂L/∂z is {listed(cross_entropy_grad_z(z, y), 4)}. Add over all k: "
                             "∂L/∂z_i = Σ_k (−y_k/a_k)·∂a_k/∂z_i.")
    raise CheckError(f"your {name} is not a − y.")  # pragma: no cover


# ------------------------------------------------------------------- exercise 7.6
#: Exercise 7.6: the score vectors the check feeds the student's softmax.
SCORES_76 = (
    (1.0, 2.0, 3.0),
    (1000.0, 1001.0, 1002.0),
    (-1000.0, -1001.0, -1002.0),
    (-1000.0, 0.0, 1000.0),
    (0.0,),
    (5.0, 5.0),
    (0.3, -1.2, 2.5, 0.0, -0.7),
    (710.0, -710.0),
)


def _call_watching_warnings(function, name, z):
    """Call the student's function; return (result, the floating-point problems it hit)."""
    shown_z = listed(z)
    with warnings.catch_warnings(record=True) as caught, np.errstate(
            over="warn", invalid="warn", divide="warn", under="ignore"):
        warnings.simplefilter("always")
        try:
            value = function(z)
        except NotImplementedError:
            raise CheckError(f"{name} still raises NotImplementedError: replace that line "
                             "with your code.") from None
        except Exception as error:  # the student's code: any failure is reported
            raise CheckError(f"{name}({shown_z}) raised {type(error).__name__}: "
                             f"{error}") from None
    problems = sorted({str(w.message) for w in caught if issubclass(w.category,
                                                                    RuntimeWarning)})
    return value, problems


@exercise("7.6")
def exercise_6(stable_softmax):
    """stable_softmax(z): the softmax of a vector, finite and warning-free for any scores."""
    name = "stable_softmax"
    as_function(stable_softmax, name)
    names = getattr(getattr(stable_softmax, "__code__", None), "co_names", ())
    if "softmax" in names:
        raise CheckError(f"your {name} calls the package's softmax: write it yourself, with "
                         "np.exp, np.max and np.sum.")
    for scores in SCORES_76:
        z = np.array(scores)
        where = f"{name}({listed(z)})"
        value, problems = _call_watching_warnings(stable_softmax, name, z.copy())
        if value is None:
            raise CheckError(f"{where} returned None: end the function with `return` and the "
                             "vector of probabilities.")
        if isinstance(value, str) or np.ndim(value) == 0:
            raise CheckError(f"{where} returned {value!r:.40}: return a vector of {len(z)} "
                             "probabilities, one per score.")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            array = np.asarray(value, dtype=float).ravel()
        expected = softmax(z)
        if array.size != z.size:
            raise CheckError(f"{where} returned {array.size} values: return one probability "
                             f"per score, {z.size} here.")
        if problems or not np.all(np.isfinite(array)):
            what = "; ".join(problems) if problems else "no warning"
            raise CheckError(f"{where} returned {listed(array, 4)} ({what}): "
                             f"{_overflow_advice(array, z)}")
        with np.errstate(all="ignore"):
            total = np.sum(array)
            if not np.isclose(total, 1.0) and _close(array / total, expected):
                raise CheckError(f"{where} returned {listed(array, 4)}, which adds up to "
                                 f"{shown(total)}: divide by the sum of the exponentials "
                                 "so that the probabilities add up to 1.")
        if not _close(array, expected):
            if _close(array, softmax(z / max(np.max(np.abs(z)), 1e-300))):
                raise CheckError(f"{where} returned {listed(array, 4)}: you divided the scores "
                                 "by their largest size. Scaling changes the probabilities; "
                                 "only a shift, z − M, leaves them unchanged.")
            raise CheckError(f"{where} returned {listed(array, 4)}, but the softmax is "
                             f"{listed(expected, 4)}. Subtract M = np.max(z) from every score, "
                             "take np.exp, and divide by the sum.")
    return ("finite, warning-free and exact, from scores of ±1000 to a single score: "
            "shifting by the largest score changes nothing but the size of the numbers.")


def _shifted(z, c):
    """The softmax of z computed with the shift c, as floating point gives it (nan and all)."""
    with np.errstate(all="ignore"):
        e = np.exp(z - c)
        return e / np.sum(e)


def _overflow_advice(array, z):
    """What went wrong when the student's softmax of z overflowed or gave nan."""
    largest = ("Subtract the LARGEST score, M = np.max(z): then every exponent is at most 0, "
               "so nothing overflows, and the largest term is e^0 = 1, so the sum cannot "
               "be 0.")
    shifts = [(np.min(z), "you subtract the smallest score: then the exponents are at "
                          "least 0, and a large one still overflows. "),
              (np.mean(z), "you subtract the mean score: scores far above the mean still "
                           "overflow. "),
              (0.0, "you take np.exp of the scores as they are: e^z overflows to inf for "
                    "z above about 709 (and every term rounds to 0 for very negative "
                    "scores), and inf/inf or 0/0 is nan. ")]
    for c, what in shifts:
        if np.allclose(array, _shifted(z, c), equal_nan=True):
            return what + largest
    return "the exponential overflows, or every term underflows to 0. " + largest


# ------------------------------------------------------------------- exercise 7.7
def expected_77():
    """(slope of the squared error, slope of the cross-entropy) at z = −4, y = 1."""
    a = float(sigmoid(Z_7))
    return 2 * (a - Y_7) * a * (1 - a), a - Y_7


def _mse_mistakes_77(a, y):
    return [
        (2 * (a - y), "is 2(a − y), the slope with respect to a: multiply by the sigmoid's "
                      "slope a(1 − a) to get the slope with respect to z."),
        ((a - y) * a * (1 - a), "is (a − y)·a(1 − a): the slope of (a − y)² is 2(a − y), "
                                "with the factor 2 (the book's squared error has no ½)."),
        (-2 * (a - y) * a * (1 - a), "has the wrong sign: the output is too low, so raising "
                                     "z lowers the loss, and the slope is negative."),
        (2 * (a - y) * a, "forgot the factor (1 − a) of the sigmoid's slope a(1 − a)."),
        (2 * (a - y) * (1 - a), "forgot the factor a of the sigmoid's slope a(1 − a)."),
        ((a - y) ** 2, "is the loss (a − y)² itself, not its slope."),
    ]


def _ce_mistakes_77(a, y):
    return [
        (y - a, "is y − a: the sign is flipped. The output is too low, so the slope is "
                "negative, a − y."),
        (-np.log(a), "is the loss −log a itself, not its slope."),
        (-y / a, "is −y/a, the slope with respect to a: times the sigmoid's slope a(1 − a) "
                 "it becomes a − y."),
        ((a - y) * a * (1 - a), "multiplies a − y by a(1 − a) again: for the cross-entropy "
                                "that factor has already cancelled."),
    ]


@exercise("7.7")
def exercise_7(mse_slope, ce_slope):
    """The slopes ∂L/∂z at z = −4, label 1: 2(a − 1)a(1 − a) and a − 1."""
    mse_value = as_number(mse_slope, "mse_slope")
    ce_value = as_number(ce_slope, "ce_slope")
    a = float(sigmoid(Z_7))
    want_mse, want_ce = expected_77()
    lines = []
    for value, want, label, mistakes in ((mse_value, want_mse, "mse_slope", _mse_mistakes_77),
                                         (ce_value, want_ce, "ce_slope", _ce_mistakes_77)):
        if _close(value, want):
            continue
        mistake = next((text for v, text in mistakes(a, Y_7)
                        if close(value, v, rtol=1e-4, atol=1e-9)), None)
        if mistake:
            lines.append(f"{label} = {shown(value)} {mistake}")
        elif close(value, want, rtol=NEAR, atol=0):
            lines.append(f"{label} = {shown(value)} is close, but not exact: keep full "
                         "precision, compute it in Python from a = sigmoid(-4).")
        else:
            lines.append(f"{label} = {shown(value)} is not the slope ∂L/∂z at z = −4. With "
                         f"a = σ(−4) = {shown(a)} and y = 1, work out the formula of the "
                         "chapter for this loss.")
    if lines:
        raise CheckError("\n".join(lines))
    return (f"at z = −4 the cross-entropy's slope is {shown(want_ce)}, the squared error's "
            f"only {shown(want_mse)}, {want_ce / want_mse:.0f} times smaller. Now explain "
            "what that means for learning.")
