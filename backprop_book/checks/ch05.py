"""Checks of the chapter 05 workbook, ``exercises/ch05_single_neuron.ipynb``.

Every expected value is computed here from the package: the gradient of the node's mean
squared error from :func:`backprop_book.neuron.node_loss_gradient`, and everything about
training from :class:`backprop_book.neuron.Node` itself, the class the chapter teaches.
Each check names the likely mistake when it can: a missing σ′, the wrong sign of δ, the
mean where the sum was asked for (or the other way round), a missing factor 2 or input,
gradients that were never cleared, a run that continued from the previous one.
"""

import functools
import itertools

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
    is_scalar,
    listed,
    shown,
)
from backprop_book.data import EXAMPLE_B, EXAMPLE_W, TRAINING_X, TRAINING_Y
from backprop_book.neuron import (
    Node,
    node_loss_gradient,
    node_output,
    one_pass,
    train,
    weighted_sum,
)

#: The seed of the chapter's node: ``Node(seed=SEED)`` starts every run of exercise 5.3.
SEED = 0
#: Numbers computed in Python must match this closely (relative).
RTOL = 1e-6
#: A number this close (relative) but not within RTOL was rounded, or typed in by hand.
NEAR = 1e-2
#: Exercises 5.1 and 5.2 evaluate the student's formulas at this many random points (plus
#: the example weights and the seeded node's start), drawn with this seed.
N_POINTS, POINTS_SEED = 8, 501
#: Exercise 5.3: the three runs of seed exercise 3-9, as (learning rate, iterations).
RUNS_3 = {"loss_slow": (0.01, 100), "loss_fast": (0.1, 100), "loss_long": (0.1, 1000)}
#: Exercises 5.5 and 5.6: targets strictly between 0 and 1, reachable with finite weights.
SOFT_TARGETS = (0.8, 0.6, 0.3)
#: Exercise 5.5: iterations per run, the loss a good learning rate must get below, and the
#: largest learning rate the check accepts (the neuron trainer's largest).
ITERATIONS_5, GOOD_LOSS_5, MAX_ALPHA_5 = 100, 1e-3, 1000.0
#: Exercise 5.6: a result this far (relative) from a known wrong loop is that loop; wrong
#: loops bounce, which magnifies rounding differences, so this is looser than RTOL.
LOOSE = 1e-4

_close = functools.partial(close, rtol=RTOL, atol=1e-12)
_N = len(TRAINING_Y)
_TARGETS = TRAINING_Y.tobytes()
#: The names of the four parameters, in the order (w1, w2, w3, b).
_PARAMS = ("w1", "w2", "w3", "b")


# ---------------------------------------------------------------------------- helpers

def _point(p):
    """A parameter point as the messages show it: (w1, w2, w3, b) = (…)."""
    return "(w1, w2, w3, b) = (" + ", ".join(shown(v) for v in p) + ")"


def _pieces(p, xs=TRAINING_X, y0s=TRAINING_Y):
    """z, y, δ = 2(y − y0), σ′ = y(1 − y) and the inputs with a 1 appended for the bias,
    for the parameters p = (w…, b) on the samples xs, y0s."""
    xs, y0s, p = (np.asarray(v, dtype=float) for v in (xs, y0s, p))
    z = weighted_sum(xs, p[:-1], p[-1])
    y = node_output(xs, p[:-1], p[-1])
    inputs = np.column_stack([xs, np.ones(len(xs))])
    return z, y, 2 * (y - y0s), y * (1 - y), inputs


def _terms(p, xs=TRAINING_X, y0s=TRAINING_Y):
    """Each sample's term of each partial derivative of L_SSE: δ·σ′·x_i, and δ·σ′ for b
    (one row per sample, one column per parameter)."""
    _, _, delta, slope, inputs = _pieces(p, xs, y0s)
    return (delta * slope)[:, None] * inputs


def sse_gradient(p, xs=TRAINING_X, y0s=TRAINING_Y):
    """The gradient of L_SSE = Σ(y − y0)², computed by the package's Node: (dw…, db)."""
    p = [float(v) for v in p]
    node = Node(n_inputs=len(p) - 1)
    node.w, node.b = p[:-1], p[-1]
    one_pass(node, np.asarray(xs, dtype=float).tolist(), np.asarray(y0s, dtype=float).tolist())
    return np.array([*node.dw, node.db])


def mse_gradient(p):
    """The gradient of L_MSE over the three training samples, from the package."""
    dw, db = node_loss_gradient(np.asarray(p[:3], dtype=float), float(p[3]))
    return np.append(dw, db)


# ----------------------------------------------------- exercises 5.1 and 5.2: formulas
def gradient_points():
    """(w1, w2, w3, b) points for exercises 5.1 and 5.2: the example weights, the seeded
    node's start, then random points in [−2, 2]⁴."""
    start = Node(seed=SEED)
    points = [(*EXAMPLE_W.tolist(), EXAMPLE_B), (*start.w, start.b)]
    rng = np.random.default_rng(POINTS_SEED)
    points += [tuple(float(v) for v in np.round(rng.uniform(-2, 2, 4), 2))
               for _ in range(N_POINTS)]
    return points


def _variants(points, scale):
    """{mistake: (points × 4) array} of typical wrong gradients; ``scale`` is 1/N for the
    gradient of L_MSE, 1 for L_SSE."""
    out = {"no_slope": [], "sigma": [], "slope_of_z": [], "terms": []}
    for p in points:
        z, y, delta, _, inputs = _pieces(p)
        out["no_slope"].append(scale * (delta[:, None] * inputs).sum(0))
        out["sigma"].append(scale * ((delta * y)[:, None] * inputs).sum(0))
        out["slope_of_z"].append(scale * ((delta * z * (1 - z))[:, None] * inputs).sum(0))
        out["terms"].append(scale * _terms(p))
    return {key: np.array(value) for key, value in out.items()}


#: Constant factors between a wrong and the right gradient, and what each one means. The
#: key is (factor, asked) with asked "mean" (exercise 5.1) or "sum" (exercise 5.2).
_FACTORS = {
    (3.0, "mean"): "is 3 times ∂L_MSE/∂{p}: it is the slope of the SUM of the squared "
                   "errors (L_SSE, what the Node adds up). L_MSE is the mean: divide by N = 3.",
    (1 / 3, "sum"): "is a third of the slope of L_SSE: it is the gradient of the mean, L_MSE "
                    "(exercise 5.1's). This exercise asks for the sum, the loss the Node adds "
                    "up: leave out the 1/3.",
    (0.5, "mean"): "is half of ∂L/∂{p}: the factor 2 from the square is missing. The slope "
                   "of (y − y0)² with respect to y is 2(y − y0), by (f²)′ = 2f·f′.",
    (0.5, "sum"): "is half of ∂L/∂{p}: the factor 2 from the square is missing. The slope "
                  "of (y − y0)² with respect to y is 2(y − y0), by (f²)′ = 2f·f′.",
    (1.5, "mean"): "is 1.5 times ∂L_MSE/∂{p}: it adds up the samples instead of averaging "
                   "them (a factor 3) and misses the factor 2 from the square (a factor 1/2).",
    (1 / 6, "sum"): "is a sixth of ∂L_SSE/∂{p}: it divides by N = 3 (this exercise wants the "
                    "sum) and misses the factor 2 from the square.",
    (-1.0, "mean"): "has the wrong sign: δ = 2(y − y0) is the output minus the target. With "
                    "(y0 − y) every slope points uphill.",
    (-1.0, "sum"): "has the wrong sign: δ = 2(y − y0) is the output minus the target. With "
                   "(y0 − y) every slope points uphill.",
    (-3.0, "mean"): "has the wrong sign and is 3 times too large: δ = 2(y − y0) is the output "
                    "minus the target, and L_MSE divides the sum by N = 3.",
    (-1 / 3, "sum"): "has the wrong sign and is a third of the slope of L_SSE: δ = 2(y − y0) "
                     "is the output minus the target, and this exercise asks for the sum, "
                     "without the 1/3.",
}


#: The same factors, when all four entries share them: (factor, asked) -> message.
_ALL_FACTORS = {
    (3.0, "mean"): "are 3 times the partial derivatives of L_MSE: they are the slopes of the "
                   "SUM of the squared errors (L_SSE, what the Node adds up). L_MSE is the "
                   "mean: divide by N = 3.",
    (1 / 3, "sum"): "are a third of the slopes of L_SSE: they are the gradient of the mean, "
                    "L_MSE (exercise 5.1's). This exercise asks for the sum, the loss the Node "
                    "adds up: leave out the 1/3.",
    (-1.0, "mean"): "all have the wrong sign: δ = 2(y − y0) is the output minus the target.",
    (-1.0, "sum"): "all have the wrong sign: δ = 2(y − y0) is the output minus the target.",
    (0.5, "mean"): "are all half the right values: the factor 2 from the square is missing, "
                   "(f²)′ = 2f·f′.",
    (0.5, "sum"): "are all half the right values: the factor 2 from the square is missing, "
                  "(f²)′ = 2f·f′.",
}


def _all_entries_problem(labels, got, expected, asked):
    """One message when every entry is off by the same known factor, else None."""
    c = _ratio(got.ravel(), expected.ravel())
    if c is None:
        return None
    for (factor, kind), message in _ALL_FACTORS.items():
        if kind == asked and abs(c - factor) < 1e-6:
            return f"your {', '.join(labels[:-1])} and {labels[-1]} {message}"
    return None


def _ratio(got, expected):
    """The constant c with got = c·expected at every point, or None."""
    big = np.abs(expected) > 1e-6
    if not np.any(big):
        return None
    ratios = got[big] / expected[big]
    c = float(np.median(ratios))
    return c if _close(got, c * expected) else None


def _entry_problem(label, j, got, expected, points, variants, asked):
    """What is wrong with the values ``got`` of entry j (w1, w2, w3, b) at the points, or
    None if they are right. ``label`` names the student's function or variable."""
    if _close(got, expected[:, j]):
        return None
    p = _PARAMS[j]
    head = f"{label}"
    c = _ratio(got, expected[:, j])
    if c is not None:
        for (factor, kind), message in _FACTORS.items():
            if kind == asked and abs(c - factor) < 1e-6:
                return f"{head} {message.format(p=p)}"
    if _close(got, variants["no_slope"][:, j]):
        return (f"{head} is missing σ′(z): each term is a chain of three slopes, "
                f"2(y − y0) · σ′(z) · {'1' if p == 'b' else 'x' + p[1]}, and σ′(z) = y(1 − y) "
                "is the middle one.")
    if _close(got, variants["sigma"][:, j]):
        return (f"{head} uses σ(z) = y where the slope σ′(z) = y(1 − y) belongs: multiply by "
                "y·(1 − y), not by y.")
    if _close(got, variants["slope_of_z"][:, j]):
        return (f"{head} computes σ′ as z(1 − z), from the weighted sum: σ′(z) = y(1 − y) with "
                "y = σ(z), the output.")
    terms = variants["terms"][:, :, j]           # points × samples
    if p == "b":
        for k in range(_N):
            if _close(got, expected[:, j] - terms[:, k]):
                return (f"{head} leaves out the term of sample {k + 1}: the bias enters every "
                        "weighted sum, so ∂L/∂b has a term from each of the three samples.")
        for k in range(_N):
            if _close(got, terms[:, k]):
                same = [q for q in range(3) if _close(got, expected[:, q])]
                also = (f" (the same as ∂L/∂{_PARAMS[same[0]]}, as if the bias were "
                        "multiplied by an input)") if same else ""
                return (f"{head} has only the term of sample {k + 1}{also}: the bias is "
                        "multiplied by 1 in every weighted sum, so ∂L/∂b adds the terms of all "
                        "three samples.")
    for other in range(4):
        if other != j and not _close(expected[:, other], expected[:, j]) and _close(
                got, expected[:, other]):
            if _PARAMS[other] == "b":
                return (f"{head} is ∂L/∂b: it leaves out the input x{p[1]}, the factor that "
                        f"multiplies {p} in z. Samples whose x{p[1]} is 0 add nothing to "
                        f"∂L/∂{p}.")
            return (f"{head} is ∂L/∂{_PARAMS[other]}: the factor that multiplies {p} in z is "
                    f"the input x{p[1]}, not x{_PARAMS[other][1]}.")
    k = next(k for k in range(len(points)) if not _close(got[k], expected[k, j]))
    what = "∂L_MSE" if asked == "mean" else "∂L_SSE"
    factor = "1/3 · " if asked == "mean" else ""
    return (f"{head} gives {shown(got[k])} at {_point(points[k])}, but {what}/∂{p} there is "
            f"{shown(expected[k, j])}. Write it out as {factor}the sum over the three samples "
            f"of 2(y − y0) · y(1 − y) · {'1' if p == 'b' else 'x' + p[1]}.")


def _evaluate(function, name, point):
    """The number the student's function of (w1, w2, w3, b) returns at ``point``."""
    where = f"{name}({', '.join(shown(v) for v in point)})"
    value = call(function, name, *point)
    if isinstance(value, np.ndarray) and value.ndim > 0 and value.size > 1:
        raise CheckError(f"{where} returned an array of shape {value.shape}: return a single "
                         "number, the partial derivative at that point.")
    if isinstance(value, (list, tuple)):
        raise CheckError(f"{where} returned a {type(value).__name__}: return a single number, "
                         "the partial derivative at that point.")
    return as_result(value, where)


@exercise("5.1")
def exercise_1(dloss_dw1, dloss_dw2, dloss_dw3, dloss_db):
    """The four partial derivatives of L_MSE as functions of (w1, w2, w3, b)."""
    names = ("dloss_dw1", "dloss_dw2", "dloss_dw3", "dloss_db")
    functions = (dloss_dw1, dloss_dw2, dloss_dw3, dloss_db)
    for function, name in zip(functions, names, strict=True):
        as_function(function, name)
    points = gradient_points()
    got = np.array([[_evaluate(f, name, p) for f, name in zip(functions, names, strict=True)]
                    for p in points])
    expected = np.array([mse_gradient(p) for p in points])
    problem = _all_entries_problem(names, got, expected, "mean")
    if problem:
        raise CheckError(problem)
    variants = _variants(points, 1 / _N)
    lines = [problem for j, name in enumerate(names) if (problem := _entry_problem(
        f"your {name}", j, got[:, j], expected, points, variants, "mean"))]
    if lines:
        raise CheckError("\n".join(lines))
    return (f"all four partial derivatives agree with the package at {len(points)} points: "
            "∂L/∂w1 = ∂L/∂w3 = (2/3)·y⁽³⁾·σ′(z⁽³⁾), ∂L/∂w2 = (2/3)·(y⁽²⁾ − 1)·σ′(z⁽²⁾), and "
            "∂L/∂b collects all three samples. Every term is 2(y − y0) · σ′(z) · input.")


@exercise("5.2")
def exercise_2(sse_gradient_function):
    """sse_gradient(w1, w2, w3, b) = (dw1, dw2, dw3, db), the gradient of L_SSE."""
    name = "sse_gradient"
    as_function(sse_gradient_function, name)
    points = gradient_points()
    got = []
    for p in points:
        where = f"{name}({', '.join(shown(v) for v in p)})"
        got.append(as_returned_vector(
            call(sse_gradient_function, name, *p), where, 4, "numbers (dw1, dw2, dw3, db)",
            returning="`return dw1, dw2, dw3, db`",
            single="return all four, `return dw1, dw2, dw3, db`."))
    got = np.array(got)
    expected = np.array([sse_gradient(p) for p in points])
    variants = _variants(points, 1.0)
    labels = ("dw1", "dw2", "dw3", "db")
    if _close(got, expected[:, ::-1]) and not _close(got, expected):
        raise CheckError("your four numbers come in reverse order: return dw1, dw2, dw3, db.")
    problem = _all_entries_problem(labels, got, expected, "sum")
    if problem:
        raise CheckError(problem)
    lines = [problem for j, label in enumerate(labels) if (problem := _entry_problem(
        f"your {label}", j, got[:, j], expected, points, variants, "sum"))]
    if lines:
        raise CheckError("\n".join(lines))
    start = Node(seed=SEED)
    return (f"dw1, dw2, dw3 and db agree with the Node's sums at {len(points)} points, among "
            f"them the start of Node(seed={SEED}), w = {listed(start.w)}, b = {shown(start.b)}: "
            f"there the gradient is {listed(expected[1])}.")


# ------------------------------------------------------------------- exercise 5.3
@functools.cache
def training_run(schedule, targets=_TARGETS):
    """Train Node(seed=SEED) on the training inputs with ``targets`` (bytes of a float
    array), following ``schedule``, a tuple of (learning rate, iterations). Returns
    (losses, loss after training, outputs in the last pass, outputs after training)."""
    y0s = np.frombuffer(targets).tolist()
    xs = TRAINING_X.tolist()
    node = Node(seed=SEED)
    losses, last_pass = train(node, schedule, xs, y0s)
    after = [node.forward(x) for x in xs]
    final = sum((y - y0) ** 2 for y, y0 in zip(after, y0s, strict=True))
    return tuple(losses), final, tuple(last_pass), tuple(after)


def _final_losses(schedule):
    """The two readings of "the final loss": the last iteration's, and after training."""
    losses, final, _, _ = training_run(schedule)
    return losses[-1], final


def _loss_problem(name, value):
    rate, iterations = RUNS_3[name]
    head = f"{name} = {shown(value)}"
    own = _final_losses(((rate, iterations),))
    if any(_close(value, v) for v in own):
        return None
    if any(_close(value, v / _N) for v in own):
        return (f"{head} is a third of the Node's loss: node.loss adds up the squared errors "
                "(L_SSE) and is what this exercise asks for. Don't divide by 3.")
    losses = training_run(((rate, iterations),))[0]
    if _close(value, losses[0]):
        return (f"{head} is the loss before any training, measured in the first iteration: "
                "give the loss at the end of the run.")
    if _close(value, iterations * losses[0]) or _close(value, (iterations - 1) * losses[0]):
        return (f"{head} is {iterations} times the loss at the start: the loss was never "
                "cleared, and the weights never moved. Call node.update(α) once per "
                "iteration: it takes the step and sets loss, dw and db back to 0.")
    earlier = {"loss_fast": [("loss_slow", ((0.01, 100), (0.1, 100)))],
               "loss_long": [("loss_fast", ((0.1, 100), (0.1, 1000))),
                             ("loss_slow and loss_fast", ((0.01, 100), (0.1, 100), (0.1, 1000)))]}
    for before, schedule in earlier.get(name, []):
        if any(_close(value, v) for v in _final_losses(schedule)):
            return (f"{head} continues training the node of {before}: start each run from a "
                    f"fresh Node(seed=SEED), so that all three start from the same weights.")
    for other, (other_rate, other_iterations) in RUNS_3.items():
        if other != name and any(_close(value, v) for v in
                                 _final_losses(((other_rate, other_iterations),))):
            return (f"{head} is the loss of the run for {other} (α = {shown(other_rate)}, "
                    f"{other_iterations} iterations): {name} is the run with "
                    f"α = {shown(rate)} and {iterations} iterations.")
    for other_rate, other_iterations in ((rate, 1000 if iterations == 100 else 100),
                                         (0.01 if rate == 0.1 else 0.1, iterations)):
        if any(_close(value, v) for v in _final_losses(((other_rate, other_iterations),))):
            return (f"{head} is the loss after {other_iterations} iterations with "
                    f"α = {shown(other_rate)}: {name} asks for {iterations} iterations with "
                    f"α = {shown(rate)}.")
    if any(close(value, v, rtol=NEAR, atol=0) for v in own):
        return (f"{head} is close, but not exact: keep full precision, assign the number "
                "Python computed rather than typing it in.")
    return (f"{head} is not the loss of Node(seed={SEED}) after {iterations} iterations with "
            f"α = {shown(rate)}. Start from Node(seed=SEED), and in each iteration call "
            "forward, mse_loss and backward for all three samples, then update(α) once.")


def _outputs_problem(outputs):
    rate, iterations = RUNS_3["loss_long"]
    _, _, last_pass, after = training_run(((rate, iterations),))
    if _close(outputs, after) or _close(outputs, last_pass):
        return None
    head = f"outputs = {listed(outputs)}"
    if _close(outputs, TRAINING_Y) or _close(np.round(outputs), after):
        return (f"{head} are the targets (or the outputs rounded): give the node's outputs "
                "y = σ(z) themselves, numbers between 0 and 1.")
    if _close(outputs, after[::-1]):
        return (f"{head} are in reverse order: give the outputs for (0, 0, 0), (0, 1, 0) and "
                "(1, 0, 1), in this order.")
    fast = training_run(((0.1, 100),))
    if _close(outputs, fast[3]) or _close(outputs, fast[2]):
        return (f"{head} are the outputs after 100 iterations: train for 1,000 iterations "
                "with α = 0.1 first.")
    if _close(outputs, [Node(seed=SEED).forward(x) for x in TRAINING_X.tolist()]):
        return f"{head} are the outputs before training: train the node first."
    if close(outputs, after, rtol=NEAR, atol=0):
        return (f"{head} is close, but not exact: keep full precision, assign the numbers "
                "Python computed rather than typing them in.")
    return (f"{head} are not the outputs of Node(seed={SEED}) after 1,000 iterations with "
            "α = 0.1. After training, call node.forward(x) for each of the three inputs, "
            "(0, 0, 0), (0, 1, 0) and (1, 0, 1), in this order.")


@exercise("5.3")
def exercise_3(loss_slow, loss_fast, loss_long, outputs):
    """Seed exercise 3-9: the final L_SSE of three runs, and the trained outputs."""
    answers = {name: as_number(value, name) for name, value in
               (("loss_slow", loss_slow), ("loss_fast", loss_fast), ("loss_long", loss_long))}
    outs = as_vector(outputs, "outputs", 3)
    lines = [problem for name, value in answers.items()
             if (problem := _loss_problem(name, value))]
    problem = _outputs_problem(outs)
    if problem:
        lines.append(problem)
    if lines:
        raise CheckError("\n".join(lines))
    finals = {name: _final_losses(((rate, its),))[1] for name, (rate, its) in RUNS_3.items()}
    return (f"L_SSE falls from {shown(training_run(((0.01, 1),))[0][0])} to "
            f"{shown(finals['loss_slow'])} in 100 iterations with α = 0.01, to "
            f"{shown(finals['loss_fast'])} with α = 0.1, and to {shown(finals['loss_long'])} "
            f"in 1,000 iterations; the trained node outputs {listed(outs)} for the targets "
            "[1, 1, 0].")


# ------------------------------------------------------------------- exercise 5.4
def _cases_4():
    """(w, b, xs, y0s) for exercise 5.4: lists and arrays, 1 to 5 inputs, 1 to 4 samples."""
    rng = np.random.default_rng(504)
    start = Node(seed=SEED)
    cases = [
        (EXAMPLE_W.tolist(), EXAMPLE_B, TRAINING_X.tolist(), list(SOFT_TARGETS)),
        (list(start.w), start.b, TRAINING_X.tolist(), [0.0, 1.0, 1.0]),
        (np.round(rng.uniform(-1, 1, 2), 2), 0.3, np.round(rng.uniform(-2, 2, (4, 2)), 1),
         np.round(rng.uniform(0, 1, 4), 2)),
        (np.round(rng.uniform(-1, 1, 5), 2), -0.2, np.round(rng.uniform(-2, 2, (1, 5)), 1),
         np.array([0.9])),
        ([0.7], -0.4, [[1.0], [-2.0], [0.5]], [0.0, 1.0, 0.25]),
    ]
    return cases


def _copy(value):
    return value.copy() if isinstance(value, np.ndarray) else [
        list(v) if isinstance(v, list) else v for v in value]


def _gradient_variants_4(w, b, xs, y0s):
    """{mistake: flat (dw…, db)} for one case of exercise 5.4."""
    p = [*np.asarray(w, dtype=float), float(b)]
    z, y, delta, slope, inputs = _pieces(p, xs, y0s)
    terms = (delta * slope)[:, None] * inputs
    n_samples = len(y)
    variants = {
        "mean": terms.sum(0) / n_samples,
        "last": terms[-1],
        "first": terms[0],
        "no_slope": (delta[:, None] * inputs).sum(0),
        "sigma": ((delta * y)[:, None] * inputs).sum(0),
        "slope_of_z": ((delta * z * (1 - z))[:, None] * inputs).sum(0),
        "half": terms.sum(0) / 2,
        "sign": -terms.sum(0),
        "no_bias": np.append(terms[:, :-1].sum(0), 0.0),
    }
    if n_samples == _N:
        _, _, delta_t, slope_t, _ = _pieces(p, xs, TRAINING_Y)
        variants["chapter_targets"] = ((delta_t * slope_t)[:, None] * inputs).sum(0)
    return variants


_MISTAKES_4 = {
    "mean": "divides by the number of samples: that is the gradient of L_MSE. This exercise "
            "asks for the sum L_SSE, whose gradient the Node adds up: leave out the 1/N.",
    "last": "keeps only the last sample's term: it overwrites dw and db for each sample. Add "
            "each sample's term to the sums (+=), starting from 0.",
    "first": "keeps only the first sample's term: is the return inside the loop over the "
             "samples? Add up the terms of all samples, then return.",
    "no_slope": "is missing σ′(z) = y(1 − y): each term is 2(y − y0) · σ′(z) · x_i.",
    "sigma": "uses σ(z) = y where the slope σ′(z) = y(1 − y) belongs.",
    "slope_of_z": "computes σ′ as z(1 − z): σ′(z) = y(1 − y), from the output y = σ(z).",
    "half": "is half the gradient: the factor 2 of δ = 2(y − y0) is missing.",
    "sign": "has the wrong sign: δ = 2(y − y0), the output minus the target.",
    "no_bias": "returns db = 0: the bias is multiplied by 1 in every weighted sum, so each "
               "sample adds 2(y − y0)·σ′(z) to db.",
    "chapter_targets": "uses the chapter's targets 1, 1, 0 instead of the targets y0s it is "
                       "given.",
}


def _student_gradient(function, name, case):
    w, b, xs, y0s = case
    args = (_copy(w), b, _copy(xs), _copy(y0s))
    n = len(np.asarray(w))
    where = (f"{name}({listed(w)}, {shown(b)}, xs with {len(xs)} sample(s), "
             f"y0s={listed(y0s)})")
    value = call(function, name, *args)
    changed = any(not np.array_equal(np.asarray(a, dtype=float), np.asarray(o, dtype=float))
                  for a, o in ((args[0], w), (args[2], xs), (args[3], y0s)))
    if changed:
        raise CheckError(f"{where} changed its arguments: compute the gradient without "
                         "modifying w, xs or y0s.")
    if value is None:
        raise CheckError(f"{where} returned None: end the function with `return dw, db`.")
    if is_scalar(value) or isinstance(value, str) or not hasattr(value, "__len__"):
        raise CheckError(f"{where} returned {value!r:.40}: return the pair (dw, db), dw a list "
                         "with one number per weight and db a number.")
    if len(value) != 2:
        raise CheckError(f"{where} returned {len(value)} items: return the pair (dw, db), dw "
                         f"a list of {n} numbers (one per weight) and db a number.")
    dw = as_vector(value[0], f"dw from {where}", n)
    db = as_number(value[1], f"db from {where}")
    return np.append(dw, db)


@exercise("5.4")
def exercise_4(node_gradient):
    """node_gradient(w, b, xs, y0s) = (dw, db) of L_SSE for any samples and targets."""
    name = "node_gradient"
    as_function(node_gradient, name)
    cases = _cases_4()
    got = [_student_gradient(node_gradient, name, case) for case in cases]
    expected = [sse_gradient([*np.asarray(w, dtype=float), b], xs, y0s)
                for w, b, xs, y0s in cases]
    wrong = [k for k in range(len(cases)) if not _close(got[k], expected[k])]
    if not wrong:
        return (f"your gradient agrees with the Node's sums on {len(cases)} data sets, from "
                "1 to 5 inputs and 1 to 4 samples, the soft targets (0.8, 0.6, 0.3) among "
                "them: one term δ·σ′·x_i per sample, added up.")
    variants = [_gradient_variants_4(*case) for case in cases]
    for mistake, message in _MISTAKES_4.items():
        if all(_close(got[k], variants[k].get(mistake, expected[k])) for k in range(len(cases))):
            raise CheckError(f"your {name} {message}")
    k = wrong[0]
    for mistake, message in _MISTAKES_4.items():
        if mistake in variants[k] and _close(got[k], variants[k][mistake]):
            raise CheckError(f"on data set {k + 1}, your {name} {message}")
    w, b, xs, y0s = cases[k]
    raise CheckError(f"{name}({listed(w)}, {shown(b)}, xs={np.asarray(xs).tolist()}, "
                     f"y0s={listed(y0s)}) gave (dw, db) = {listed(got[k])}, but the gradient of "
                     f"L_SSE is {listed(expected[k])}. For each sample: y = σ(w·x + b), "
                     "δ = 2(y − y0), then add δ·y(1 − y)·x_i to dw_i and δ·y(1 − y) to db.")


# ------------------------------------------------------------------- exercise 5.5
def soft_run(learning_rate, iterations=ITERATIONS_5):
    """(losses, loss after training) of Node(seed=SEED) on the soft targets."""
    losses, final, _, _ = training_run(((float(learning_rate), int(iterations)),),
                                       np.array(SOFT_TARGETS, dtype=float).tobytes())
    return losses, final


def _describe_soft(rate):
    losses, final = soft_run(rate)
    rises = sum(1 for a, b in itertools.pairwise(losses) if b > a)
    return losses, final, rises


def _learning_rate(value, name):
    rate = as_number(value, name)
    if rate <= 0:
        raise CheckError(f"{name} = {shown(rate)}: a learning rate is positive (a negative "
                         "one would walk uphill).")
    if rate > MAX_ALPHA_5:
        raise CheckError(f"{name} = {shown(rate)}: choose a learning rate of at most "
                         f"{shown(MAX_ALPHA_5)}.")
    return rate


@exercise("5.5")
def exercise_5(alpha_good, alpha_bad):
    """On the soft targets: α with L_SSE < 1e-3 after 100 iterations, and α whose L_SSE
    ends above where it started."""
    good = _learning_rate(alpha_good, "alpha_good")
    bad = _learning_rate(alpha_bad, "alpha_bad")
    lines = []
    losses, final, rises = _describe_soft(good)
    start = losses[0]
    if not final < GOOD_LOSS_5:
        if rises == 0:
            lines.append(f"alpha_good = {shown(good)}: after {ITERATIONS_5} iterations L_SSE is "
                         f"{shown(final)}, still falling steadily but not yet below "
                         f"{shown(GOOD_LOSS_5)}: take a larger learning rate.")
        else:
            lines.append(f"alpha_good = {shown(good)}: after {ITERATIONS_5} iterations L_SSE is "
                         f"{shown(final)}, and on the way it rose in {rises} of the iterations: "
                         "the steps overshoot. Take a smaller learning rate.")
    losses, final_bad, rises = _describe_soft(bad)
    if not final_bad > start:
        lines.append(f"alpha_bad = {shown(bad)}: L_SSE ends at {shown(final_bad)}, below where "
                     f"it started ({shown(start)}): training still did some good. Try a "
                     "larger learning rate.")
    if lines:
        raise CheckError("\n".join(lines))
    return (f"with α = {shown(good)}, L_SSE falls from {shown(start)} to {shown(final)}; with "
            f"α = {shown(bad)} it ends at {shown(final_bad)}, higher than at the start, and "
            f"rose in {rises} of the {ITERATIONS_5} iterations. Now describe what happened.")


# ------------------------------------------------------------------- exercise 5.6
def loop_run(w, b, alpha, iterations, y0s, clear_dw=True, clear_db=True, per_sample=False,
             reset_loss=True, sign=-1.0):
    """The training loop of exercise 5.6 written out, right (the defaults) or with one of
    its typical bugs. Returns (w, b, losses)."""
    w, b = [float(v) for v in w], float(b)
    xs, y0s = TRAINING_X.tolist(), [float(v) for v in y0s]
    dw, db, loss, losses = [0.0] * len(w), 0.0, 0.0, []
    with np.errstate(all="ignore"):
        for _ in range(iterations):
            if clear_dw:
                dw = [0.0] * len(w)
            if clear_db:
                db = 0.0
            if reset_loss:
                loss = 0.0
            for x, y0 in zip(xs, y0s, strict=True):
                if per_sample:
                    dw, db = [0.0] * len(w), 0.0
                node = Node(n_inputs=len(w))
                node.w, node.b = w, b
                y = node.forward(x)
                loss += (y - y0) ** 2
                delta = 2 * (y - y0)
                for i in range(len(w)):
                    dw[i] += delta * y * (1 - y) * x[i]
                db += delta * y * (1 - y)
            losses.append(loss)
            w = [wi + sign * alpha * dwi for wi, dwi in zip(w, dw, strict=True)]
            b = b + sign * alpha * db
    return w, b, losses


def _cases_6():
    """(w, b, alpha, iterations, y0s) for exercise 5.6."""
    start = Node(seed=SEED)
    return [
        (list(start.w), start.b, 0.5, 40, list(SOFT_TARGETS)),
        (EXAMPLE_W.tolist(), EXAMPLE_B, 0.1, 30, TRAINING_Y.tolist()),
        ([0.3, -0.2, 0.1], -0.1, 1.0, 25, [0.2, 0.9, 0.5]),
    ]


_LOOP_MISTAKES = (
    ({"clear_dw": False, "clear_db": False},
     "still has the bug: dw and db are never set back to 0, so every step follows the sum of "
     "all the gradients so far. Set dw = [0.0, 0.0, 0.0] and db = 0.0 at the start of each "
     "iteration, before the pass over the samples."),
    ({"clear_db": False}, "clears dw but not db: set db = 0.0 at the start of each iteration "
                          "too."),
    ({"clear_dw": False}, "clears db but not dw: set dw = [0.0, 0.0, 0.0] at the start of "
                          "each iteration too."),
    ({"per_sample": True}, "clears the sums for every sample, so each update uses only the "
                           "last sample's term. Clear once per iteration, before the pass "
                           "over the samples."),
    ({"reset_loss": False}, "never sets the loss back to 0: each loss in the list includes "
                            "all the earlier ones. Start each iteration with loss = 0.0."),
    ({"sign": 1.0}, "adds α·dw to the weights: that walks uphill. The update subtracts, "
                    "w[i] -= alpha * dw[i]."),
)


def _student_loop(function, name, case):
    w, b, alpha, iterations, y0s = case
    w_in, y0s_in = list(w), list(y0s)
    where = f"{name}({listed(w)}, {shown(b)}, {shown(alpha)}, {iterations}, {listed(y0s)})"
    value = call(function, name, w_in, b, alpha, iterations, y0s_in)
    if w_in != list(w) or y0s_in != list(y0s):
        raise CheckError(f"{where} changed the list w (or y0s) it was given: work on a copy, "
                         "w = list(w), as the buggy version does.")
    if value is None:
        raise CheckError(f"{where} returned None: end the function with `return w, b, "
                         "losses`.")
    if is_scalar(value) or isinstance(value, str) or not hasattr(value, "__len__") or len(
            value) != 3:
        raise CheckError(f"{where} should return three things, (w, b, losses), as the buggy "
                         "version does.")
    new_w = as_vector(value[0], f"w from {where}", len(w))
    new_b = as_number(value[1], f"b from {where}")
    losses = as_vector(value[2], f"the losses from {where}", iterations, what="losses")
    return np.concatenate([new_w, [new_b], losses])


@exercise("5.6")
def exercise_6(train):
    """train(w, b, alpha, iterations, y0s): the buggy loop of the workbook, fixed."""
    name = "train"
    as_function(train, name)
    cases = _cases_6()
    got = [_student_loop(train, name, case) for case in cases]
    expected = [np.concatenate([w, [b], losses]) for w, b, losses in
                (loop_run(*case) for case in cases)]
    if all(_close(g, e) for g, e in zip(got, expected, strict=True)):
        return (f"your loop agrees with the Node on {len(cases)} runs: with the sums cleared "
                "in every iteration, each step follows the gradient at the current weights, "
                "and on the soft targets the loss now falls at every iteration.")
    for options, message in _LOOP_MISTAKES:
        buggy = [np.concatenate([w, [b], losses]) for w, b, losses in
                 (loop_run(*case, **options) for case in cases)]
        if all(close(g, e, rtol=LOOSE, atol=1e-9) for g, e in zip(got, buggy, strict=True)):
            raise CheckError(f"your {name} {message}")
    k = next(k for k in range(len(cases)) if not _close(got[k], expected[k]))
    w, b, alpha, iterations, y0s = cases[k]
    n = len(w)
    first = int(np.argmax(~np.isclose(got[k][n + 1:], expected[k][n + 1:], rtol=RTOL,
                                      atol=1e-12)))
    raise CheckError(f"{name}({listed(w)}, {shown(b)}, {shown(alpha)}, {iterations}, "
                     f"{listed(y0s)}) ends at w = {listed(got[k][:n])}, b = {shown(got[k][n])}, "
                     f"but the Node ends at w = {listed(expected[k][:n])}, "
                     f"b = {shown(expected[k][n])}; the losses first differ in iteration "
                     f"{first + 1}. Change only what the bug needs: clear dw and db at the "
                     "start of each iteration.")
