"""Checks of the chapter 01 workbook, ``exercises/ch01_neural_networks.ipynb``.

Every expected value is computed here from the package (the training samples and example
weights of :mod:`backprop_book.data`, the node of :mod:`backprop_book.neuron`), so the
checks cannot drift from the chapter. Each check names the likely mistake when it can.
"""

import math

import numpy as np

from backprop_book.activations import sigmoid, step
from backprop_book.checks import (
    CheckError,
    as_function,
    as_number,
    as_result,
    as_vector,
    call,
    close,
    exercise,
    shown,
)
from backprop_book.data import EXAMPLE_B, EXAMPLE_W, TRAINING_X, TRAINING_Y
from backprop_book.neuron import node_output, weighted_sum

#: The givens of exercise 1.1: 10 past days; 64 × 64 pixels, 3 colour values; 4 animals.
DAYS, IMAGE_SIDE, CHANNELS = 10, 64, 3
ANIMALS = ("cat", "dog", "cow", "horse")
#: Exercise 1.4: how close (relative) the sigmoid outputs must be.
RTOL = 1e-6
#: Exercise 1.7: how far from its target each sigmoid output may be.
TOLERANCE = 0.1


# ---------------------------------------------------------------------------- helpers

def _sample(x):
    """A training input as the text writes it: (1, 0, 1)."""
    return "(" + ", ".join(shown(v) for v in x) + ")"



def _z_terms(x, weights=None, bias=None):
    """w1·x1 + w2·x2 + w3·x3 + b written out: with numbers if given, else with symbols."""
    terms = []
    for i, xi in enumerate(x):
        if weights is not None:
            wi = shown(weights[i])
            terms.append(f"{wi if weights[i] >= 0 else '(' + wi + ')'}·{shown(xi)}")
        elif xi != 0:
            terms.append(f"w{i + 1}" if xi == 1 else f"{shown(xi)}·w{i + 1}")
    terms.append("b" if bias is None else shown(bias))
    return " + ".join(terms)


# ------------------------------------------------------------------- exercise 1.1
def _expected_sizes():
    pixels = IMAGE_SIDE * IMAGE_SIDE
    return {"a": (DAYS, 1), "b": (pixels * CHANNELS, 1), "c": (pixels * CHANNELS, len(ANIMALS))}


def _size_pair(sizes, key):
    name = f"sizes[{key!r}]"
    pair = sizes[key]
    if pair is None:
        raise CheckError(f"{name} is None: give a pair (number of inputs, number of outputs).")
    pair = as_vector(pair, name, 2, what="whole numbers (inputs, outputs)")
    for count, role in zip(pair, ("inputs", "outputs"), strict=True):
        if count < 1 or count != round(count):
            raise CheckError(f"{name} has {shown(count)} {role}: the number of {role} must be a "
                             "whole number, at least 1.")
    return int(pair[0]), int(pair[1])


def _image_inputs_problem(task, n_in, expected):
    pixels = IMAGE_SIDE * IMAGE_SIDE
    if n_in == expected:
        return None
    if n_in == pixels:
        return (f"task ({task}): {IMAGE_SIDE} × {IMAGE_SIDE} = {pixels} counts the pixels, but "
                f"each pixel of a colour image is {CHANNELS} numbers (red, green, blue): "
                "the network needs one input per number.")
    if n_in in (IMAGE_SIDE, IMAGE_SIDE * CHANNELS, 2 * IMAGE_SIDE):
        return (f"task ({task}): {n_in} inputs would see only a row or a side of the image. "
                f"The network sees every pixel of the {IMAGE_SIDE} × {IMAGE_SIDE} grid, and "
                f"each of its {CHANNELS} colour values is one input.")
    return (f"task ({task}): {n_in} inputs: count one input per number in the image, "
            f"{IMAGE_SIDE} × {IMAGE_SIDE} pixels with {CHANNELS} colour values each.")


@exercise("1.1")
def exercise_1(sizes):
    """sizes = {"a": (inputs, outputs), "b": (...), "c": (...)} for the three tasks."""
    if sizes is None:
        raise CheckError('sizes is None: assign a dict like {"a": (inputs, outputs), '
                         '"b": (inputs, outputs), "c": (inputs, outputs)}.')
    if not isinstance(sizes, dict):
        raise CheckError('sizes should be a dict like {"a": (inputs, outputs), "b": …, '
                         f'"c": …}}, but it is {type(sizes).__name__} {sizes!r:.60}.')
    expected = _expected_sizes()
    missing = [key for key in expected if key not in sizes]
    if missing:
        raise CheckError(f"sizes has no entry for task {missing[0]!r}: give one pair "
                         "(inputs, outputs) for each of 'a', 'b' and 'c'.")
    extra = [key for key in sizes if key not in expected]
    if extra:
        raise CheckError(f"sizes has an unexpected key {extra[0]!r}: use only the keys "
                         "'a', 'b' and 'c' (lower case, in quotes).")
    got = {key: _size_pair(sizes, key) for key in expected}

    problems = []
    (a_in, a_out), (b_in, b_out), (c_in, c_out) = got["a"], got["b"], got["c"]
    if a_in != expected["a"][0]:
        problems.append(
            "task (a): the network is given all the past temperatures at once, one input per "
            "day, not a single input." if a_in == 1 else
            f"task (a): {a_in} inputs: give the network one input per temperature it sees, "
            "one for each past day.")
    if a_out != expected["a"][1]:
        problems.append(f"task (a): {a_out} outputs, but the network predicts a single number "
                        "(tomorrow's temperature): one output.")
    problem = _image_inputs_problem("b", b_in, expected["b"][0])
    if problem:
        problems.append(problem)
    if b_out != expected["b"][1]:
        problems.append(
            "task (b): two outputs ('cat', 'no cat') could work, but one is enough: a single "
            "score between 0 (no cat) and 1 (cat)." if b_out == 2 else
            f"task (b): {b_out} outputs, but the answer is yes or no: one output, a score "
            "near 1 for 'cat' and near 0 for 'no cat'.")
    problem = _image_inputs_problem("c", c_in, expected["c"][0])
    if problem:
        problems.append(problem)
    if c_out != expected["c"][1]:
        n = len(ANIMALS)
        if c_out == 1:
            problems.append(
                f"task (c): one output for {n} classes would have to code the animals as, say, "
                "0, 1/3, 2/3 and 1: that puts a dog 'between' a cat and a cow, and an output "
                "of 0.5 would mean nothing. Use one output per class, each a score from 0 to "
                "1 for 'this is that animal'.")
        elif c_out == 2:
            problems.append(
                f"task (c): two outputs can code {n} classes in binary (00, 01, 10, 11), but "
                "then no output means anything on its own. Use one output per class, each a "
                "score from 0 to 1.")
        else:
            problems.append(f"task (c): {c_out} outputs: use one output per animal ("
                            + ", ".join(ANIMALS) + "), each a score from 0 to 1.")
    if problems:
        raise CheckError("\n".join(problems))
    return ("right: " + ", ".join(f"({k}) {i} in, {o} out" for k, (i, o) in got.items())
            + ". Now say how each becomes a number from 0 to 1.")


# ------------------------------------------------------------------- exercise 1.2
def _points(kind, rng, n):
    """n pairs (actual, error size) for a task: realistic values, rounded to read well."""
    if kind == "temperature":
        actual = np.round(rng.uniform(-10.0, 35.0, n), 1)
        sizes = np.round(rng.uniform(0.1, 15.0, (n, 2)), 1)
    elif kind == "count":
        actual = rng.integers(0, 9, n).astype(float)
        sizes = rng.integers(1, 6, (n, 2)).astype(float)
    else:  # size: a fraction of the image's area
        actual = np.round(rng.uniform(0.2, 0.8, n), 2)
        sizes = np.round(rng.uniform(0.01, 0.19, (n, 2)), 2)
    return actual, sizes


LOSSES = (
    # (name, kind, the error's unit in messages, values as Python ints?)
    ("loss_temperature", "temperature", " °C", False),
    ("loss_cat_count", "count", " cat(s)", True),
    ("loss_cat_size", "size", "", False),
)


def _check_loss(function, name, kind, unit, integers, rng, n=25):
    as_function(function, name)

    def value(v):
        return round(float(v)) if integers else round(float(v), 6)

    def loss(predicted, actual):
        where = f"{name}({value(predicted)!r}, {value(actual)!r})"
        return as_result(call(function, name, value(predicted), value(actual)), where)

    actual, sizes = _points(kind, rng, n)
    signs = np.where(rng.random(n) < 0.5, -1.0, 1.0)
    if kind == "count":  # a count cannot go below 0: overestimate when it would
        signs[actual < sizes.max(axis=1)] = 1.0

    # A perfect prediction costs nothing.
    for a, (e, _), s in zip(actual, sizes, signs, strict=True):
        at_truth = loss(a, a)
        if abs(at_truth) > 1e-12:
            off = loss(a + s * e, a)
            if at_truth > off:
                raise CheckError(
                    f"{name}({value(a)!r}, {value(a)!r}) = {shown(at_truth)} is larger than "
                    f"{name}({value(a + s * e)!r}, {value(a)!r}) = {shown(off)}: your function "
                    "is largest when the prediction is exact, so it measures how good the "
                    "prediction is. A loss measures how bad it is: 0 when exact, growing "
                    "with the error.")
            raise CheckError(
                f"{name}({value(a)!r}, {value(a)!r}) is {shown(at_truth)}, but a perfect "
                "prediction should cost nothing: the loss must be 0 when predicted equals "
                "actual. (Did you add a constant?)")

    # A wrong prediction costs something, and more the further off it is.
    for a, (e1, e2), s in zip(actual, sizes, signs, strict=True):
        small, large = sorted((e1, e2))
        near, far = a + s * small, a + s * large
        l_near, l_far = loss(near, a), loss(far, a)
        for p, lp in ((near, l_near), (far, l_far)):
            if lp < 0:
                difference = math.isclose(abs(lp), abs(p - a), rel_tol=1e-9, abs_tol=1e-9)
                if difference and not _negative_both_ways(loss, p, a):
                    raise CheckError(
                        f"{name}({value(p)!r}, {value(a)!r}) is {shown(lp)}: it looks like the "
                        "plain difference of the two, which is negative when the prediction "
                        "is off in one direction. Square the difference or take its absolute "
                        "value, so that every miss costs something.")
                raise CheckError(
                    f"{name}({value(p)!r}, {value(a)!r}) is {shown(lp)}, a negative loss: a loss "
                    "is never below 0 (0 is the best possible). If your function gets more "
                    "negative the worse the prediction, it measures goodness: flip its sign.")
            if lp == 0:
                raise CheckError(
                    f"{name}({value(p)!r}, {value(a)!r}) is 0, but the prediction is off by "
                    f"{shown(abs(p - a))}{unit}: a loss must be above 0 whenever the "
                    "prediction is wrong.")
        if small < large and not l_far > l_near:
            raise CheckError(
                f"{name}({value(far)!r}, {value(a)!r}) = {shown(l_far)} is not larger than "
                f"{name}({value(near)!r}, {value(a)!r}) = {shown(l_near)}: a prediction off "
                f"by {shown(large)}{unit} should cost more than one off by {shown(small)}{unit}. "
                "Make the loss grow with the size of the error.")


def _negative_both_ways(loss, p, a):
    """Is the loss also negative for a prediction as far off as p on the other side of a?

    Then it is −|error| or the like (a goodness), not the plain difference.
    """
    try:
        return loss(2 * a - p, a) < 0
    except CheckError:  # e.g. a count below 0 that the student's function refuses
        return False


@exercise("1.2")
def exercise_2(loss_temperature, loss_cat_count, loss_cat_size):
    """Each loss: 0 at a perfect prediction, positive otherwise, growing with the error."""
    rng = np.random.default_rng(102)
    functions = (loss_temperature, loss_cat_count, loss_cat_size)
    for function, (name, kind, unit, integers) in zip(functions, LOSSES, strict=True):
        _check_loss(function, name, kind, unit, integers, rng)
    return ("all three losses are 0 for a perfect prediction and grow with the error. "
            "Now say what a loss of 0 and a large loss mean in each task.")


# ------------------------------------------------------------------- exercise 1.3
@exercise("1.3")
def exercise_3(z_values, outputs):
    """z and the threshold node's output for the three training inputs, example weights."""
    z_expected = weighted_sum(TRAINING_X, EXAMPLE_W, EXAMPLE_B)
    y_expected = node_output(TRAINING_X, EXAMPLE_W, EXAMPLE_B, activation="threshold")
    z = as_vector(z_values, "z_values", len(TRAINING_X))

    if not close(z, z_expected):
        if close(z, z_expected - EXAMPLE_B):
            raise CheckError(f"your z values are each {shown(EXAMPLE_B)} too small: you left "
                             f"out the bias. z = w1·x1 + w2·x2 + w3·x3 + b, with b = "
                             f"{shown(EXAMPLE_B)}, even when all inputs are 0.")
        lines = []
        for x, zk, ek in zip(TRAINING_X, z, z_expected, strict=True):
            if not close(zk, ek):
                terms = _z_terms(x, EXAMPLE_W, EXAMPLE_B)
                lines.append(f"your z for {_sample(x)} is {shown(zk)}; recompute it: "
                             f"z = w1·x1 + w2·x2 + w3·x3 + b = {terms}.")
        raise CheckError("\n".join(lines))

    y = as_vector(outputs, "outputs", len(TRAINING_X))
    if not np.all((y == 0) | (y == 1)):
        if close(y, sigmoid(z_expected), rtol=1e-3, atol=1e-3):
            raise CheckError("these are the sigmoid's outputs: this exercise uses the "
                             "threshold rule, whose output is 0 or 1 (the sigmoid is "
                             "exercise 1.4).")
        bad = next(k for k in range(len(y)) if y[k] not in (0, 1))
        raise CheckError(f"your output for {_sample(TRAINING_X[bad])} is {shown(y[bad])}, but "
                         "the threshold node outputs only 0 or 1.")
    lines = []
    for x, yk, zk, ek, t in zip(TRAINING_X, y, z_expected, y_expected, TRAINING_Y,
                                strict=True):
        if yk == ek:
            continue
        if zk == 0:
            lines.append(f"your output for {_sample(x)} is {shown(yk)}: there z = 0 exactly, "
                         "and the rule gives 1 when z ≥ 0 (0 would come from the rule "
                         "'z > 0').")
            if yk == t:
                lines.append(f"The target of {_sample(x)} is indeed {shown(t)}, but the question "
                             "is what the node outputs, not what it should output: with these "
                             "weights the node gets this sample wrong.")
        else:
            rule = "gives 1 when z ≥ 0" if zk > 0 else "gives 0 when z < 0"
            lines.append(f"your output for {_sample(x)} is {shown(yk)}, but there "
                         f"z = {shown(zk)}, and the rule {rule}.")
    if lines:
        raise CheckError("\n".join(lines))
    wrong = [(x, t) for x, yk, t in zip(TRAINING_X, y_expected, TRAINING_Y, strict=True)
             if yk != t]
    note = "".join(f" The target of {_sample(x)} is {shown(t)}, so the node gets that sample "
                   "wrong: exercise 1.6 fixes it." for x, t in wrong)
    return (f"z = [{', '.join(map(shown, z_expected))}] and "
            f"y = [{', '.join(map(shown, y_expected))}].{note}")


# ------------------------------------------------------------------- exercise 1.4
@exercise("1.4")
def exercise_4(outputs):
    """The sigmoid node's output for the three training inputs, example weights."""
    z = weighted_sum(TRAINING_X, EXAMPLE_W, EXAMPLE_B)
    expected = sigmoid(z)
    y = as_vector(outputs, "outputs", len(TRAINING_X))
    if close(y, expected, rtol=RTOL, atol=0.0):
        return (f"σ(z) = [{', '.join(map(shown, y))}]: above 0.5 wherever z > 0, like the "
                "threshold rule's 1, but never exactly 0 or 1; and σ(0) = 0.5 exactly.")
    if close(y, 1.0 - expected, rtol=RTOL, atol=0.0):
        raise CheckError("your values are 1 − σ(z): check the sign in e^(−z). The sigmoid is "
                         "1 / (1 + math.exp(-z)), with a minus sign before z.")
    if close(y, 1.0 + np.exp(-z), rtol=RTOL, atol=0.0):
        raise CheckError("your values are 1 + e^(−z), above 1: Python read 1 / 1 + exp(-z) as "
                         "(1 / 1) + exp(-z). Put the denominator in parentheses: "
                         "1 / (1 + math.exp(-z)).")
    if close(y, sigmoid(z - EXAMPLE_B), rtol=RTOL, atol=0.0):
        raise CheckError(f"your values are σ(w·x), without the bias: z = w1·x1 + w2·x2 + "
                         f"w3·x3 + b, with b = {shown(EXAMPLE_B)}.")
    if close(y, z):
        raise CheckError("these are the z values: apply the sigmoid to each, y = σ(z).")
    if close(y, step(z)):
        raise CheckError("these are the threshold node's outputs (0 or 1): this exercise "
                         "replaces the threshold rule by the sigmoid, y = σ(z).")
    error = np.max(np.abs(y - expected))
    if error < 0.01:
        decimals = next((d for d in range(1, 6) if close(y, np.round(expected, d))), None)
        how = f"rounded to {decimals} decimals" if decimals else f"off by up to {shown(error)}"
        raise CheckError(f"your values are close but {how}: keep full precision (the check "
                         "wants 6 significant digits). Don't round, and don't type the values "
                         "in by hand: put the computed numbers in the list.")
    lines = []
    for x, yk, zk, ek in zip(TRAINING_X, y, z, expected, strict=True):
        if math.isclose(yk, ek, rel_tol=RTOL):
            continue
        if not 0 < yk < 1:
            lines.append(f"your output for {_sample(x)} is {shown(yk)}, but a sigmoid's "
                         "output is always strictly between 0 and 1.")
        elif abs(yk - ek) < 0.01:
            lines.append(f"your output for {_sample(x)} is {shown(yk)}: close, but keep full "
                         "precision (don't round).")
        else:
            lines.append(f"your output for {_sample(x)} is {shown(yk)}; there z = {shown(zk)}: "
                         f"compute σ(z) = 1 / (1 + e^(−z)) at that z.")
    raise CheckError("\n".join(lines))


# ------------------------------------------------------------------- exercise 1.5
def _node_points(seed=105):
    """(x, w, b) test points: lengths 1 to 5, the three-input case first."""
    rng = np.random.default_rng(seed)
    points = []
    for n in (3, 5, 1, 2, 4, 3, 5, 1, 2, 4, 5, 3):
        x = np.round(rng.uniform(0.0, 1.0, n), 1)
        w = np.round(rng.uniform(-3.0, 3.0, n), 1)
        b = float(np.round(rng.uniform(-2.0, 2.0), 1))
        points.append((x, w, b))
    return points


@exercise("1.5")
def exercise_5(node_output_function):
    """node_output(x, w, b) = σ(w·x + b), for one input vector of any length."""
    name = "node_output"
    as_function(node_output_function, name)
    points = _node_points()
    results = []
    for x, w, b in points:
        x_in, w_in = x.copy(), w.copy()
        where = f"{name}(x={x.tolist()}, w={w.tolist()}, b={shown(b)})"
        try:
            value = call(node_output_function, name, x_in, w_in, b)
        except CheckError as error:
            if len(x) == 3 or "NotImplementedError" in str(error):
                raise
            raise CheckError(f"{error}\nHere x and w have {len(x)} "
                             f"{'entry' if len(x) == 1 else 'entries'}: your node must "
                             "work for any number of inputs. Use all of x, e.g. np.dot(w, x), "
                             "rather than x[0], x[1], x[2].") from None
        if not (np.array_equal(x_in, x) and np.array_equal(w_in, w)):
            raise CheckError(f"{where} changed its argument x or w: compute the output "
                             "without modifying the inputs.")
        if isinstance(value, np.ndarray) and value.size == 1 and value.ndim > 0:
            raise CheckError(f"{where} returned an array of shape {value.shape}: return a "
                             "single number (e.g. with np.dot(w, x) rather than a 2-D "
                             "product).")
        results.append(as_result(value, where))

    y = np.array(results)
    z = np.array([weighted_sum(x, w, b) for x, w, b in points])
    expected = np.array([node_output(x, w, b) for x, w, b in points])
    if close(y, expected, rtol=1e-6, atol=1e-9):
        return "your node agrees with σ(w·x + b) for inputs of every length from 1 to 5."
    first_three = np.array([float(sigmoid(np.dot(w[:3], x[:3]) + b)) for x, w, b in points])
    bias = np.array([b for _, _, b in points])
    known = [
        (z, "returns z = w·x + b itself: apply the sigmoid and return y = σ(z)."),
        (sigmoid(z - bias), "leaves out the bias: y = σ(w·x + b), with b added to the "
                            "weighted sum before the sigmoid."),
        (step(z), "returns only 0 or 1: that is the threshold rule. Use the sigmoid, "
                  "σ(z) = 1 / (1 + e^(−z))."),
        (1.0 - expected, "returns 1 − σ(z): check the sign in e^(−z)."),
        (first_three, "uses only the first three inputs: it is wrong when x has 4 or 5 "
                      "entries. Sum over all of them, e.g. np.dot(w, x)."),
    ]
    for values, mistake in known:
        if close(y, values, rtol=1e-6, atol=1e-9):
            raise CheckError(f"your node_output {mistake}")
    k = next(k for k in range(len(y)) if not close(y[k], expected[k], rtol=1e-6, atol=1e-9))
    x, w, b = points[k]
    raise CheckError(f"node_output(x={x.tolist()}, w={w.tolist()}, b={shown(b)}) returned "
                     f"{shown(y[k])}, but there z = w·x + b = {shown(z[k])} and "
                     f"σ(z) = {shown(expected[k])}.")


# ------------------------------------------------------------------- exercise 1.6
def _z_of_b(weighted):
    """z as a function of b for a sample whose weighted inputs sum to ``weighted``."""
    if weighted == 0:
        return "b"
    return f"{shown(weighted)} + b" if weighted > 0 else f"b - {shown(-weighted)}"


@exercise("1.6")
def exercise_6(b):
    """A bias b that makes the threshold node (example weights) right on all three samples."""
    bias = as_number(b, "b")
    weighted = weighted_sum(TRAINING_X, EXAMPLE_W, 0.0)
    with np.errstate(all="ignore"):
        z = weighted_sum(TRAINING_X, EXAMPLE_W, bias)
        y = node_output(TRAINING_X, EXAMPLE_W, bias, activation="threshold")
    lines = []
    for x, s, zk, yk, t in zip(TRAINING_X, weighted, z, y, TRAINING_Y, strict=True):
        if yk != t:
            side = "≥ 0" if zk >= 0 else "< 0"
            lines.append(f"with b = {shown(bias)}, the sample {_sample(x)} gets "
                         f"z = {_z_of_b(s)} = {shown(zk)} {side}, so the node outputs "
                         f"{shown(yk)}, but its target is {shown(t)}.")
    if lines:
        raise CheckError("\n".join(lines))
    return (f"with b = {shown(bias)} the threshold node gets all three samples right. "
            "Which other values of b work?")


# ------------------------------------------------------------------- exercise 1.7
@exercise("1.7")
def exercise_7(weights, bias):
    """Any (w1, w2, w3) and b with every sigmoid output within 0.1 of its target."""
    w = as_vector(weights, "weights", TRAINING_X.shape[1], what="weights [w1, w2, w3]")
    b = as_number(bias, "bias")
    with np.errstate(all="ignore"):
        z = weighted_sum(TRAINING_X, w, b)
    if not np.all(np.isfinite(z)):
        raise CheckError("your weights and bias are so large that z overflows: keep them "
                         "within a few units (the explorer's sliders go from −3 to 3).")
    y = node_output(TRAINING_X, w, b)
    errors = np.abs(y - TRAINING_Y)
    allowed = TOLERANCE + 1e-9  # so that an output of exactly 0.9, up to rounding, counts
    if np.all(errors <= allowed):
        outputs = ", ".join(f"{_sample(x)} → {yk:.3f}" for x, yk in zip(TRAINING_X, y, strict=True))
        return f"every output is within {shown(TOLERANCE)} of its target: {outputs}."
    z_needed = math.log((1 - TOLERANCE) / TOLERANCE)  # σ(z_needed) = 1 − TOLERANCE
    lines = []
    for k in np.argsort(-errors, kind="stable"):
        if errors[k] <= allowed:
            continue
        x, t = TRAINING_X[k], TRAINING_Y[k]
        need = (f"σ(z) ≥ {shown(1 - TOLERANCE)} needs z ≥ {z_needed:.2f}" if t == 1 else
                f"σ(z) ≤ {shown(TOLERANCE)} needs z ≤ {-z_needed:.2f}")
        head = "your worst sample is" if not lines else "also"
        lines.append(f"{head} {_sample(x)}: output {y[k]:.3f}, target {shown(t)}, off by "
                     f"{errors[k]:.3f} (at most {shown(TOLERANCE)} is allowed). There "
                     f"z = {_z_terms(x)} = {shown(z[k])}, and {need}.")
    raise CheckError("\n".join(lines))
