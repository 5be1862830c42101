"""Checks of the chapter 10 workbook, ``exercises/ch10_optimisers.ipynb``.

Every expected value is computed here from the package: the update rules from
:mod:`backprop_book.optimizers` (``Momentum``, ``Adam``, ``Adagrad``, ``SGD`` and their
``step``), descent on the test surfaces with ``descend`` and ``SURFACES`` from
:mod:`backprop_book.surfaces`, and the XOR training runs with ``train_network`` and
:class:`backprop_book.network.Network`. Each check names the likely mistake when it can: a
velocity that is not carried from step to step, a sign mix-up, β and α swapped, a bias
correction with β instead of βᵗ or a step count that starts at 0, a forgotten square root.
"""

import functools
import math

import numpy as np

from backprop_book.calculus import partial_derivative
from backprop_book.checks import (
    CheckError,
    _describe,
    as_function,
    as_number,
    as_vector,
    call,
    close,
    exercise,
    listed,
    shown,
)
from backprop_book.network import Network
from backprop_book.optimizers import (
    OPTIMIZERS,
    Adagrad,
    Adam,
    Momentum,
    descend,
    train_network,
)
from backprop_book.surfaces import SURFACES

#: Numbers computed in Python must match the package's this closely (relative).
RTOL = 1e-9
#: Exercise 10.1: (shape, learning rate, β, seed of the gradients) and the number of steps.
CASES_1 = (((3,), 0.1, 0.9, 101), ((2, 3), 0.05, 0.5, 102), ((1,), 0.3, 0.7, 103))
STEPS_1 = 8
#: Exercise 10.2: (shape, learning rate, β1, β2, seed of the gradients), and the steps.
CASES_2 = (((3,), 0.01, 0.9, 0.999, 201), ((2, 2), 0.1, 0.8, 0.99, 202))
STEPS_2 = 6
EPS_2 = 1e-8
#: Exercise 10.3: the surface and how many steps each optimiser takes from its start.
SURFACE_3, STEPS_3 = "bowl", 100
#: Exercise 10.4: Adagrad's learning rate, the constant gradient, the steps asked about.
ALPHA_4, G_4, TIMES_4 = 0.5, 2.0, (1, 4, 100, 10000)
#: Exercise 10.5: the XOR data, the network, the seeds, how many must reach the target
#: loss within the epochs.
XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_Y = np.array([[0.0], [1.0], [1.0], [0.0]])
SIZES_5, LOSS_5 = (2, 3, 1), "binary_cross_entropy"
SEEDS_5, NEEDED_5, EPOCHS_5, TARGET_5 = 5, 4, 200, 0.01
#: When it fails, the check tries these multiples of the learning rate to advise; a final
#: loss above BLOWN_UP_5 (the start is about 0.7) means the run blew up.
FACTORS_5, BLOWN_UP_5 = (0.01, 0.1, 10, 100), 100.0

_close = functools.partial(close, rtol=RTOL, atol=1e-12)


# ---------------------------------------------------------------------------- helpers
def _gradients(shape, steps, seed):
    """A fixed sequence of gradients of ``shape``, rounded, the first with a zero entry."""
    rng = np.random.default_rng(seed)
    gs = [np.round(rng.normal(size=shape), 3) for _ in range(steps)]
    gs[0].flat[0] = 0.0
    return gs


def _start(shape, seed):
    return np.round(np.random.default_rng(seed + 1000).normal(size=shape), 3)


def package_path(optimizer, p0, gs):
    """Every p after each step of a package ``optimizer`` fed the gradients ``gs``."""
    p, path = p0.copy(), []
    for g in gs:
        optimizer.step([p], [g.copy()])
        path.append(p.copy())
    return path


def _as_array(value, what, shape):
    """``value`` as a finite array of ``shape``, or a CheckError about ``what``."""
    if value is None:
        raise CheckError(f"{what} is None: compute it and return it.")
    if isinstance(value, (str, bytes)):
        raise CheckError(f"{what} is {_describe(value)}: it should be an array of numbers.")
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise CheckError(f"{what} is not an array of numbers: {value!r:.60}.") from None
    if array.shape != shape:
        if array.size == math.prod(shape) and array.ndim <= len(shape) + 1:
            array = array.reshape(shape)
        else:
            raise CheckError(f"{what} has shape {array.shape}, but the parameter has shape "
                             f"{shape}: the result has one entry per parameter.")
    return array


def _pair(value, where, names, shape, returning):
    """What a student's function returned as a pair of arrays named ``names``."""
    if value is None:
        raise CheckError(f"{where} returned None: end the function with {returning}.")
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        raise CheckError(f"{where} returned {_describe(value)}: return the two arrays "
                         f"{names[0]} and {names[1]} as a pair, {returning}.")
    return tuple(_as_array(v, f"the {n} that {where} returned", shape)
                 for v, n in zip(value, names, strict=True))


def _first_difference(path, want):
    """The index of the first step where ``path`` and ``want`` disagree, or None."""
    for k, (got, w) in enumerate(zip(path, want, strict=False)):
        if not np.all(np.isfinite(got)) or not _close(got, w):
            return k
    return None


# ------------------------------------------------------------------- exercise 10.1
def momentum_variant(p0, gs, lr, beta, kind="right"):
    """(path of p, path of v) for a momentum rule, the right one or a typical wrong one."""
    p, v = p0.copy(), np.zeros_like(p0)
    ps, vs = [], []
    for g in gs:
        if kind == "right":
            v = beta * v + g
            p = p - lr * v
        elif kind == "sgd":            # the velocity is not carried: v = g every step
            v = g.copy()
            p = p - lr * v
        elif kind == "ascent":         # v ← βv − g, then p ← p − αv: uphill
            v = beta * v - g
            p = p - lr * v
        elif kind == "swapped":        # β and α exchanged
            v = lr * v + g
            p = p - beta * v
        elif kind == "average":        # v ← βv + (1 − β)g, Adam's moving average
            v = beta * v + (1 - beta) * g
            p = p - lr * v
        elif kind == "late":           # steps with the old velocity, then updates it
            p = p - lr * v
            v = beta * v + g
        else:
            raise ValueError(kind)
        ps.append(p.copy())
        vs.append(v.copy())
    return ps, vs


MISTAKES_1 = {
    "sgd": "takes plain gradient-descent steps, p ← p − αg: the velocity is not carried from "
           "one step to the next. Compute the new v from the OLD v (the one passed in), "
           "v ← βv + g, and return it, so that the next call receives it.",
    "ascent": "walks uphill: with v ← βv − g the velocity points downhill already, so the "
              "step is p ← p + αv. Use one sign convention throughout: v ← βv + g with "
              "p ← p − αv (the package's, PyTorch's), or v ← βv − g with p ← p + αv.",
    "swapped": "uses β as the learning rate and α as the momentum: the velocity is "
               "v ← βv + g (β is the fraction of the old velocity kept) and the step is "
               "p ← p − αv. Check the order of the arguments: momentum_step(p, v, g, lr, "
               "beta).",
    "average": "averages the gradients, v ← βv + (1 − β)g: that is Adam's moving average "
               "m, which makes every step (1 − β) times smaller. The momentum of the chapter "
               "adds the whole gradient: v ← βv + g.",
    "late": "steps with the old velocity and updates v afterwards, so each step is one "
            "gradient late (the first step does not move at all). Update v first, then step "
            "with the new v.",
}


def _convention_1(vs, want_vs, lr):
    """How the student's velocities relate to the package's (for the praise)."""
    if all(_close(v, w) for v, w in zip(vs, want_vs, strict=True)):
        return "v ← βv + g, p ← p − αv, the package's (and PyTorch's) convention"
    if all(_close(v, -w) for v, w in zip(vs, want_vs, strict=True)):
        return ("v ← βv − g, p ← p + αv: your v points downhill, the package's uphill; the "
                "steps are the same")
    if all(_close(v, lr * w) for v, w in zip(vs, want_vs, strict=True)):
        return ("α inside the velocity, v ← βv + αg, p ← p − v: the same steps as the "
                "package's v ← βv + g, p ← p − αv as long as α stays fixed (they differ "
                "once α changes during training)")
    if all(_close(v, -lr * w) for v, w in zip(vs, want_vs, strict=True)):
        return ("α inside the velocity with the sign flipped, v ← βv − αg, p ← p + v: the "
                "same steps while α stays fixed")
    return "your own bookkeeping of v, with the same steps"


@exercise("10.1")
def exercise_1(momentum_step):
    """momentum_step(p, v, g, lr, beta) -> (p, v), checked against optimizers.Momentum."""
    name = "momentum_step"
    as_function(momentum_step, name)
    for shape, lr, beta, seed in CASES_1:
        gs, p0 = _gradients(shape, STEPS_1, seed), _start(shape, seed)
        want = package_path(Momentum(lr, beta=beta), p0, gs)
        want_vs = momentum_variant(p0, gs, lr, beta)[1]
        p, v = p0.copy(), np.zeros(shape)
        ps, vs = [], []
        for k, g in enumerate(gs):
            where = (f"{name}(p, v, g, lr={shown(lr)}, beta={shown(beta)}) at step {k + 1} "
                     f"for a parameter of shape {shape}")
            result = call(momentum_step, name, p.copy(), v.copy(), g.copy(), lr, beta,
                          where=where)
            p, v = _pair(result, where, ("p", "v"), shape, "`return p, v`")
            ps.append(p)
            vs.append(v)
        k = _first_difference(ps, want)
        if k is None:
            continue
        start = (f"for a parameter of shape {shape}, lr = {shown(lr)}, beta = {shown(beta)}, "
                 f"your p after step {k + 1} is {listed(ps[k], 4)} where the package's "
                 f"Momentum gives {listed(want[k], 4)}")
        for kind, hint in MISTAKES_1.items():
            if _first_difference(ps, momentum_variant(p0, gs, lr, beta, kind)[0]) is None:
                raise CheckError(f"{start}: your momentum_step {hint}")
        if k == 0:
            raise CheckError(f"{start}. On the first step v is 0, so v ← βv + g gives v = g "
                             "and p ← p − αg: start from there.")
        raise CheckError(f"{start}; the steps before agree, so look at how v carries over: "
                         "v ← βv + g with the v passed in, then p ← p − αv, and return both.")
    shape, lr, beta, seed = CASES_1[0]
    gs, p0 = _gradients(shape, STEPS_1, seed), _start(shape, seed)
    want_vs = momentum_variant(p0, gs, lr, beta)[1]
    p, v, vs = p0.copy(), np.zeros(shape), []
    for g in gs:
        p, v = _pair(call(momentum_step, name, p.copy(), v.copy(), g.copy(), lr, beta),
                     name, ("p", "v"), shape, "`return p, v`")
        vs.append(v)
    return (f"the same {STEPS_1} steps as optimizers.Momentum for 3 shapes and 3 pairs (α, β), "
            f"with {_convention_1(vs, want_vs, lr)}.")


# ------------------------------------------------------------------- exercise 10.2
def _corrections(m, v, t, beta1, beta2):
    """The typical corrections: (name, m̂, v̂), the right one first."""
    with np.errstate(all="ignore"):
        return [
            ("right", m / (1 - beta1 ** t), v / (1 - beta2 ** t)),
            ("t - 1", m / (1 - beta1 ** (t - 1)), v / (1 - beta2 ** (t - 1))),
            ("t + 1", m / (1 - beta1 ** (t + 1)), v / (1 - beta2 ** (t + 1))),
            ("beta", m / (1 - beta1), v / (1 - beta2)),
            ("swapped", m / (1 - beta2 ** t), v / (1 - beta1 ** t)),
            ("times", m * (1 - beta1 ** t), v * (1 - beta2 ** t)),
            ("none", m, v),
        ]


MISTAKES_2 = {
    "t - 1": "divides by 1 − β^(t−1): the step count starts at 0. After the first step t = 1 "
             "(at t = 0, 1 − β⁰ = 0 and the correction divides by zero).",
    "t + 1": "uses 1 − β^(t+1): the first step is t = 1, and the check passes t itself.",
    "beta": "divides by 1 − β instead of 1 − βᵗ: the bias of m after t steps is the factor "
            "1 − βᵗ (the weights (1 − β)β^k of the first t gradients add up to it), which "
            "tends to 1 as t grows.",
    "swapped": "swaps β1 and β2: m is corrected with β1, v with β2.",
    "times": "multiplies by 1 − βᵗ: the average starts too small, so the correction divides "
             "by that factor.",
}


def _adam_averages(gs, beta1, beta2):
    """Adam's moving averages (m, v) after each step t = 1, 2, … for the gradients gs."""
    m, v, pairs = np.zeros_like(gs[0]), np.zeros_like(gs[0]), []
    for g in gs:
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        pairs.append((m, v))
    return pairs


def _diagnose_2(results, pairs, beta1, beta2, where):
    """A CheckError naming the mistake when the corrections differ from the right ones."""
    lines = []
    for index, label in enumerate(("m̂", "v̂")):
        got = [r[index] for r in results]
        options = {}
        for t, (m, v) in enumerate(pairs, start=1):
            for kind, *values in _corrections(m, v, t, beta1, beta2):
                options.setdefault(kind, []).append(values[index])
        right = options.pop("right")
        k = next((k for k, (a, b) in enumerate(zip(got, right, strict=True))
                  if not _close(a, b)), None)
        if k is None:
            continue
        if k == 0 and not np.all(np.isfinite(got[0])):
            kind = "t - 1"
        else:
            kind = next((kind for kind, values in options.items()
                         if all(_close(a, b) for a, b in zip(got, values, strict=True))),
                        None)
        if kind == "swapped" and beta1 == beta2:
            kind = None
        if kind == "none":
            which = "m by 1 − β1ᵗ" if index == 0 else "v by 1 − β2ᵗ"
            text = (f"is not corrected at all: divide {which} (both moving averages start at "
                    "0, so both are biased towards 0).")
        else:
            formula = "m / (1 − β1ᵗ)" if index == 0 else "v / (1 − β2ᵗ)"
            text = MISTAKES_2.get(kind, f"is not {formula}.")
        lines.append(f"{where(k + 1)}: your {label} = {listed(got[k], 6)} {text}")
    if lines:
        raise CheckError("\n".join(lines))


@exercise("10.2")
def exercise_2(bias_correction):
    """bias_correction(m, v, t, beta1, beta2) -> (m̂, v̂), inside Adam, vs optimizers.Adam."""
    name = "bias_correction"
    as_function(bias_correction, name)
    for shape, lr, beta1, beta2, seed in CASES_2:
        gs, p0 = _gradients(shape, STEPS_2, seed), _start(shape, seed)
        want = package_path(Adam(lr, beta1=beta1, beta2=beta2, eps=EPS_2), p0, gs)
        pairs = _adam_averages(gs, beta1, beta2)

        def where(t, beta1=beta1, beta2=beta2, shape=shape):
            return (f"{name}(m, v, t={t}, beta1={shown(beta1)}, beta2={shown(beta2)}) for "
                    f"arrays of shape {shape}")

        results = []
        for t, (m, v) in enumerate(pairs, start=1):
            try:
                result = call(bias_correction, name, m.copy(), v.copy(), t, beta1, beta2,
                              where=where(t))
            except CheckError as error:
                if "ZeroDivisionError" in str(error):
                    raise CheckError(f"{error}. Your {name} {MISTAKES_2['t - 1']}") from None
                raise
            results.append(_pair(result, where(t), ("m̂", "v̂"), shape,
                                 "`return m_hat, v_hat`"))
        _diagnose_2(results, pairs, beta1, beta2, where)
        p = p0.copy()
        for t, (m_hat, v_hat) in enumerate(results, start=1):
            p = p - lr * m_hat / (np.sqrt(v_hat) + EPS_2)
            if not _close(p, want[t - 1]):   # only if the check itself were wrong
                raise CheckError(f"{where(t)}: with your m̂ and v̂, Adam's step {t} gives "
                                 f"p = {listed(p, 6)}, the package's Adam "
                                 f"{listed(want[t - 1], 6)}.")
    first = package_path(Adam(0.1), np.zeros(3), [np.array([0.003, -5.0, 40.0])])[0]
    return ("m̂ = m / (1 − β1ᵗ), v̂ = v / (1 − β2ᵗ): inside Adam, the same steps as "
            f"optimizers.Adam. On the first step m̂ = g and v̂ = g², so the step is α·g/|g|: "
            f"with α = 0.1 the gradient (0.003, −5, 40) moves p by {listed(first, 6)}.")


# ------------------------------------------------------------------- exercise 10.3
def surface_gradient(surface):
    """The surface's gradient as ``descend`` wants it: a function of one point (x, y)."""
    return lambda point: np.array(surface.gradient(point[0], point[1]), dtype=float)


def surface_run(name, learning_rate, surface=SURFACE_3, steps=STEPS_3):
    """(path, loss at the start, loss at the end or inf) of the optimiser ``name`` with
    ``learning_rate`` from the surface's default start."""
    s = SURFACES[surface]
    with np.errstate(all="ignore"):
        path = descend(OPTIMIZERS[name](learning_rate), surface_gradient(s),
                       s.default_start, steps)
        start = float(s.f(*path[0]))
        end = float(s.f(*path[-1])) if np.all(np.isfinite(path[-1])) else math.inf
    if len(path) < steps + 1 or not math.isfinite(end):
        end = math.inf
    return path, start, end


def diverges(name, learning_rate, surface=SURFACE_3, steps=STEPS_3):
    """Whether the run ends higher than it started (or overflows)."""
    _, start, end = surface_run(name, learning_rate, surface, steps)
    return not end < start


def sgd_limit(surface=SURFACE_3):
    """2 / λ_max: the largest curvature of the surface at its start (the Hessian from
    central differences of its gradient) and the learning rate above which SGD diverges
    on a quadratic."""
    s = SURFACES[surface]
    grad = surface_gradient(s)
    p = np.array(s.default_start, dtype=float)
    hessian = np.array([[partial_derivative(lambda q, i=i: grad(q)[i], p, j)
                         for j in range(2)] for i in range(2)])
    return 2 / float(np.max(np.linalg.eigvalsh((hessian + hessian.T) / 2)))


def _run_text(name, rate, start, end):
    if math.isinf(end):
        return f"{name} with α = {shown(rate)} overflows"
    return (f"{name} with α = {shown(rate)} takes the loss from {shown(start)} to "
            f"{shown(end)} in {STEPS_3} steps")


@exercise("10.3")
def exercise_3(learning_rate):
    """A learning rate for which SGD diverges on the bowl and Adam does not."""
    rate = as_number(learning_rate, "learning_rate")
    if rate <= 0:
        raise CheckError(f"learning_rate = {shown(rate)}: a learning rate is positive (a "
                         "negative one walks uphill).")
    _, start, sgd_end = surface_run("SGD", rate)
    _, _, adam_end = surface_run("Adam", rate)
    limit = sgd_limit()
    lines = []
    if sgd_end < start:
        lines.append(f"{_run_text('SGD', rate, start, sgd_end)}: it does not diverge. On a "
                     f"quadratic bowl SGD diverges when α > 2/λ_max, where λ_max is the "
                     f"steepest curvature; here 2/λ_max ≈ {shown(limit)}. Take a larger "
                     "learning rate.")
    if not adam_end < start:
        lines.append(f"{_run_text('Adam', rate, start, adam_end)}: Adam does not get down "
                     f"either. Adam's steps are about α long in every coordinate, whatever "
                     f"the gradient: with α = {shown(rate)} they are far larger than the bowl. "
                     f"Take a learning rate just above SGD's limit 2/λ_max ≈ {shown(limit)}.")
    if lines:
        raise CheckError("\n".join(lines))
    return (f"{_run_text('SGD', rate, start, sgd_end)} (above its limit 2/λ_max ≈ "
            f"{shown(limit)}); {_run_text('Adam', rate, start, adam_end)}. Now explain why.")


# ------------------------------------------------------------------- exercise 10.4
def adagrad_steps(alpha=ALPHA_4, g=G_4, times=TIMES_4):
    """The length of Adagrad's t-th step, for each t in ``times``, with a constant gradient
    g, measured by running optimizers.Adagrad."""
    optimizer, p = Adagrad(alpha), np.zeros(1)
    lengths, wanted = [], set(times)
    for t in range(1, max(times) + 1):
        before = p.copy()
        optimizer.step([p], [np.array([g])])
        if t in wanted:
            lengths.append(float(abs(p[0] - before[0])))
    return np.array(lengths)


def _variants_4():
    t = np.array(TIMES_4, dtype=float)
    a, g = ALPHA_4, G_4
    return [
        (a / t, "shrinks like α/t: you forgot the square root. G after t steps is t·g², and "
                "the step divides by √G = |g|√t."),
        (a * g / (t * g * g), "divides by G = t·g² itself: the step divides by its square "
                              "root, √G = |g|√t."),
        (a * g / np.sqrt(t), "forgets that the g in the numerator cancels: √G = √(t·g²) = "
                             "|g|√t, so the step is α·g/(|g|√t) = α/√t."),
        (np.full_like(t, a * g), "does not shrink: that is SGD's step α·g. Adagrad divides by "
                                 "the root of the SUM of all the squared gradients so far."),
        (np.full_like(t, a), "does not shrink: Adagrad's G grows with every step."),
        (a / np.sqrt(t + 1), "is one step behind: G includes the current gradient, so after "
                             "the t-th step G = t·g² (the first step is α)."),
        (a / np.sqrt(np.maximum(t - 1, 1)), "is off by one: G after the t-th step is t·g², "
                                            "the t-th gradient included."),
    ]


@exercise("10.4")
def exercise_4(step_sizes):
    """The length of Adagrad's step t = 1, 4, 100, 10000 for α = 0.5 and g = 2."""
    got = as_vector(step_sizes, "step_sizes", len(TIMES_4))
    want = adagrad_steps()
    if close(got, want, rtol=1e-6, atol=0):
        return (f"the steps {listed(want, 4)}: α/√t, so after 10,000 steps each step is a "
                "hundredth of the first, whatever the size of the gradient.")
    if np.any(got <= 0):
        raise CheckError(f"step_sizes = {listed(got, 4)}: give the LENGTH of each step, a "
                         "positive number.")
    for values, text in _variants_4():
        if close(got, values, rtol=1e-6, atol=0):
            raise CheckError(f"step_sizes = {listed(got, 4)} {text}")
    wrong = [f"t = {t}" for t, a, b in zip(TIMES_4, got, want, strict=True)
             if not close(a, b, rtol=1e-6, atol=0)]
    raise CheckError(f"step_sizes = {listed(got, 4)}: the steps at {', '.join(wrong)} are not "
                     "right. After t steps G = g² + … + g² = t·g², and the t-th step is "
                     "α·g / (√G + ε).")


# ------------------------------------------------------------------- exercise 10.5
def _as_settings(settings):
    if settings is None:
        raise CheckError("settings is None: fill in the dictionary of settings.")
    if not isinstance(settings, dict):
        raise CheckError(f"settings should be a dictionary, but it is {_describe(settings)}.")
    keys = ("optimizer", "learning_rate", "scale")
    missing = [k for k in keys if k not in settings]
    if missing:
        raise CheckError(f"settings has no entry for {', '.join(map(repr, missing))}: keep the "
                         f"keys {', '.join(map(repr, keys))}.")
    name = settings["optimizer"]
    if name is None:
        raise CheckError("settings['optimizer'] is None: give the name of an optimiser, "
                         f"one of {', '.join(map(repr, OPTIMIZERS))}.")
    if not isinstance(name, str):
        known = {cls: key for key, cls in OPTIMIZERS.items()}
        if name in known or type(name) in known:
            key = known.get(name, known.get(type(name)))
            raise CheckError(f"settings['optimizer'] is the optimiser itself: give its name "
                             f"as a string, {key!r}.")
        raise CheckError(f"settings['optimizer'] should be a name, one of "
                         f"{', '.join(map(repr, OPTIMIZERS))}, but it is {_describe(name)}.")
    if name not in OPTIMIZERS:
        matches = [key for key in OPTIMIZERS if key.lower() == name.strip().lower()]
        extra = f" (mind the capitals: {matches[0]!r})" if matches else ""
        raise CheckError(f"settings['optimizer'] = {name!r}: choose one of "
                         f"{', '.join(map(repr, OPTIMIZERS))}{extra}.")
    rate = as_number(settings["learning_rate"], "settings['learning_rate']")
    scale = as_number(settings["scale"], "settings['scale']")
    if rate <= 0 or scale <= 0:
        raise CheckError("settings['learning_rate'] and settings['scale'] must be positive.")
    return name, rate, scale


def xor_losses(name, learning_rate, scale, seeds=SEEDS_5, epochs=EPOCHS_5):
    """The loss after ``epochs`` full-batch epochs of a 2-3-1 network (binary
    cross-entropy) trained with the optimiser ``name``, one per seed 0 … seeds − 1
    (inf if it overflowed)."""
    finals = []
    for seed in range(seeds):
        with np.errstate(all="ignore"):
            try:
                network = Network(list(SIZES_5), loss=LOSS_5, seed=seed, scale=scale)
                optimizer = OPTIMIZERS[name](learning_rate)
                losses = train_network(network, optimizer, XOR_X, XOR_Y, epochs)
                final = float(losses[-1])
            except (ValueError, FloatingPointError):   # overflowed, or α out of range
                final = math.inf
        finals.append(final if math.isfinite(final) else math.inf)
    return np.array(finals)


@exercise("10.5")
def exercise_5(settings):
    """Optimiser, learning rate and scale reaching the target loss on XOR for 4 of 5 seeds."""
    name, rate, scale = _as_settings(settings)
    finals = xor_losses(name, rate, scale)
    reached = int(np.sum(finals < TARGET_5))
    if reached >= NEEDED_5:
        return (f"{name} with α = {shown(rate)} and scale {shown(scale)} reaches a loss below "
                f"{shown(TARGET_5)} within {EPOCHS_5} epochs for {reached} of {SEEDS_5} "
                f"seeds (final losses {listed(finals, 3)}).")
    advice = []
    if scale < 0.5:
        advice.append(f"a scale of {shown(scale)} starts on a plateau where every output is "
                      "near 0.5 and the gradient tiny: try a scale near 1")
    if np.any(finals > BLOWN_UP_5):
        advice.append("some runs blew up (losses above "
                      f"{shown(BLOWN_UP_5)} or overflowing): the learning rate is far too large")
    else:
        now = float(np.median(finals))
        tried = {factor: float(np.median(xor_losses(name, rate * factor, scale)))
                 for factor in FACTORS_5}
        best = min(tried, key=tried.get)
        if tried[best] < 0.8 * now and best > 1:
            advice.append(f"with α = {shown(rate * best)} the median final loss would be "
                          f"{shown(tried[best])} instead of {shown(now)}: for {name}, "
                          f"α = {shown(rate)} is too small")
        elif tried[best] < 0.8 * now:
            why = (f"{name}'s steps are about α long in every coordinate, so they overshoot"
                   if name in ("Adam", "RMSprop") else "the steps overshoot")
            advice.append(f"with α = {shown(rate * best)} the median final loss would be "
                          f"{shown(tried[best])} instead of {shown(now)}: {why}; take a "
                          "smaller learning rate")
        elif name == "SGD":
            advice.append(f"plain SGD gets near the target with α around 5 but does not "
                          f"reach it in {EPOCHS_5} epochs for {NEEDED_5} seeds: its steps "
                          "shrink with the gradient on the flat stretches. Try an optimiser "
                          "with momentum or adaptive steps")
        else:
            advice.append(f"try other learning rates for {name} (compare several, e.g. "
                          "0.01, 0.03, 0.1, 0.3, 1), or another optimiser")
    tip = "; ".join(advice) + "."
    raise CheckError(f"{name} with α = {shown(rate)} and scale {shown(scale)} reaches a loss "
                     f"below {shown(TARGET_5)} within {EPOCHS_5} epochs for {reached} of "
                     f"{SEEDS_5} seeds (final losses {listed(finals, 3)}); at least "
                     f"{NEEDED_5} must. {tip[0].upper()}{tip[1:]}")
