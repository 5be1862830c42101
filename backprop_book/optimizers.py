"""Ways downhill. Chapter 04: plain gradient descent; chapter 10 adds the others."""

import math
import numbers
from typing import ClassVar

import numpy as np


def gradient_descent(gradient, start, learning_rate, steps):
    """Iterate x ← x − α·∇f(x) from ``start``; return every point visited, start included.

    ``gradient(x)`` returns the gradient at x (a number for one variable, an array for
    several). The iteration stops early if a point stops being finite (it diverged).
    """
    if not learning_rate > 0:
        raise ValueError(f"the learning rate must be positive, not {learning_rate!r}")
    if steps < 0 or int(steps) != steps:
        raise ValueError(f"steps must be a whole number, at least 0, not {steps!r}")
    x = np.array(start, dtype=float)
    path = [x.copy()]
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(int(steps)):
            x = x - learning_rate * np.asarray(gradient(x), dtype=float)
            path.append(x.copy())
            if not np.all(np.isfinite(x)):
                break
    return np.array(path)


# ---------------------------------------------------------------------------- chapter 10
# Each optimiser below keeps a little memory per parameter array and turns a gradient g
# into a step. The arithmetic of every rule is written one operation at a time, in an
# order that the optimiser race widget repeats in JavaScript: the same IEEE operations in
# the same order give the same numbers to the last bit (np.sqrt and Math.sqrt are both
# correctly rounded; no fused multiply-add, no pow: Adam keeps β1^t and β2^t as running
# products). Every operation is elementwise, so each entry of an array is updated exactly
# as a lone number would be.


def _check_positive_number(value, what):
    if (isinstance(value, bool) or not isinstance(value, numbers.Real)
            or not math.isfinite(value) or not value > 0):
        raise ValueError(f"{what} must be one finite number > 0, not {value!r}")
    return float(value)


def _check_decay(value, what):
    if (isinstance(value, bool) or not isinstance(value, numbers.Real)
            or not math.isfinite(value) or not 0 <= value < 1):
        raise ValueError(f"{what} must be one number with 0 ≤ {what} < 1, not {value!r}")
    return float(value)


class Optimizer:
    """The shared frame of an update rule: checks, one state per parameter array, a step count.

    ``Optimizer(learning_rate, **hyper)``: ``learning_rate`` is α, one finite number > 0;
    the hyper-parameters a rule takes (and their defaults) are in its ``defaults``; each
    becomes an attribute (``Momentum(0.1).beta`` is 0.9). A name the rule does not take
    raises ``TypeError``, a bad value ``ValueError``.

    :meth:`step` takes the list of parameter arrays and the list of their gradients (same
    order, same shapes) and updates the parameters IN PLACE. The state of parameter k
    (its velocity, sum of squares, …) lives in ``state[k]``, a dict of arrays shaped like
    it, made (all zeros) at the first step; ``t`` counts the steps taken. :meth:`reset`
    forgets both, as if the optimiser were new.
    """

    name = "Optimizer"
    defaults: ClassVar[dict] = {}
    #: Names of the per-parameter state arrays (all start at zero).
    slots = ()

    def __init__(self, learning_rate, **hyper):
        self.learning_rate = _check_positive_number(learning_rate, "learning_rate")
        unknown = sorted(set(hyper) - set(self.defaults))
        if unknown:
            takes = ", ".join(["learning_rate", *self.defaults])
            raise TypeError(f"{self.name} has no hyper-parameter {unknown[0]!r}; it takes: "
                            f"{takes}")
        self.hyper = {key: self._check_hyper(key, hyper.get(key, default))
                      for key, default in self.defaults.items()}
        for key, value in self.hyper.items():
            setattr(self, key, value)
        self.reset()

    @staticmethod
    def _check_hyper(key, value):
        if key == "eps":
            return _check_positive_number(value, key)
        return _check_decay(value, key)

    def __repr__(self):
        settings = "".join(f", {key}={value!r}" for key, value in self.hyper.items())
        return f"{type(self).__name__}(learning_rate={self.learning_rate!r}{settings})"

    def reset(self):
        """Forget the state: velocities, sums of squares, the step count."""
        self.state = None
        self.t = 0

    def step(self, params, grads):
        """One update of every parameter array in ``params`` (in place) from ``grads``.

        ``params``: a list of float NumPy arrays; ``grads``: a list of as many arrays (or
        numbers) of the same shapes. Everything is checked before anything changes: a
        ``ValueError`` says which gradient is not finite or has the wrong shape. A zero
        gradient is fine (the rules never divide by zero: ε > 0).
        """
        params, grads = self._check(params, grads)
        if self.state is None:
            self.state = [{slot: np.zeros_like(p) for slot in self.slots} for p in params]
        self.t += 1
        self._advance()
        with np.errstate(over="ignore", invalid="ignore"):
            for p, g, state in zip(params, grads, self.state, strict=True):
                self._update(p, g, state)

    def _advance(self):
        """Per-step bookkeeping shared by all parameters (Adam's β^t)."""

    def _update(self, p, g, state):
        raise NotImplementedError

    def _check(self, params, grads):
        if isinstance(params, np.ndarray) or isinstance(grads, np.ndarray):
            raise ValueError("params and grads must be LISTS of arrays (e.g. [W, b] and "
                             "[dW, db]), not single arrays")
        params, grads = list(params), list(grads)
        if len(params) != len(grads):
            raise ValueError(f"give one gradient per parameter array: got {len(params)} "
                             f"parameter array(s) and {len(grads)} gradient(s)")
        if self.state is not None and len(self.state) != len(params):
            raise ValueError(f"this optimiser has state for {len(self.state)} parameter "
                             f"arrays but was given {len(params)}; call reset() to start "
                             f"again with other parameters")
        checked = []
        for k, (p, g) in enumerate(zip(params, grads, strict=True)):
            if not isinstance(p, np.ndarray) or p.dtype != np.float64:
                raise ValueError(f"params[{k}] must be a NumPy array of floats (float64), "
                                 f"updated in place, not {type(p).__name__} "
                                 f"{getattr(p, 'dtype', '')}".rstrip())
            try:
                g = np.asarray(g, dtype=float)
            except (TypeError, ValueError):
                raise ValueError(f"grads[{k}] must hold numbers, not {g!r:.60}") from None
            if g.shape != p.shape:
                raise ValueError(f"grads[{k}] has shape {g.shape} but params[{k}] has shape "
                                 f"{p.shape}: each gradient must be shaped like its "
                                 f"parameter")
            if not np.all(np.isfinite(g)):
                raise ValueError(f"grads[{k}] is not finite: it holds "
                                 f"{g[~np.isfinite(g)].flat[0]} (the step would make the "
                                 f"parameters nan or inf; a smaller learning rate may help)")
            if self.state is not None and self.slots:
                kept = self.state[k][self.slots[0]].shape
                if kept != p.shape:
                    raise ValueError(f"params[{k}] has shape {p.shape}, but the state kept for "
                                     f"it has shape {kept}; call reset() to start again with "
                                     f"other parameters")
            checked.append(g)
        return params, checked


class SGD(Optimizer):
    """Plain (stochastic) gradient descent: p ← p − α g.

    Order of operations, per entry: ``p = p - lr * g``.
    """

    name = "SGD"

    def _update(self, p, g, state):
        p -= self.learning_rate * g


class Momentum(Optimizer):
    """Gradient descent with momentum (PyTorch's ``SGD(momentum=β)``, no dampening, no
    Nesterov): the velocity v adds up past gradients, fading by β each step.

        v ← β v + g,    p ← p − α v        (v starts at 0, so the first v is g)

    Order of operations, per entry: ``v = beta * v + g``, then ``p = p - lr * v``.
    """

    name = "Momentum"
    defaults: ClassVar[dict] = {"beta": 0.9}
    slots = ("v",)

    def _update(self, p, g, state):
        v = state["v"]
        v *= self.beta
        v += g
        p -= self.learning_rate * v


class Adagrad(Optimizer):
    """Adagrad (PyTorch's ``Adagrad``, initial accumulator 0, no learning-rate decay): each
    entry's step is divided by the root of the sum G of all its squared gradients so far.

        G ← G + g²,    p ← p − α g / (√G + ε)

    Order of operations, per entry: ``G = G + g * g``, then
    ``p = p - lr * g / (sqrt(G) + eps)`` with ``lr * g`` computed first, then divided.
    """

    name = "Adagrad"
    defaults: ClassVar[dict] = {"eps": 1e-10}
    slots = ("G",)

    def _update(self, p, g, state):
        G = state["G"]
        G += g * g
        p -= self.learning_rate * g / (np.sqrt(G) + self.eps)


class RMSprop(Optimizer):
    """RMSprop (PyTorch's ``RMSprop`` with ``alpha=ρ``, not centred, no momentum): like
    Adagrad, but s is a fading (exponential moving) average of the squared gradients.

        s ← ρ s + (1 − ρ) g²,    p ← p − α g / (√s + ε)

    Order of operations, per entry: ``s = rho * s + (1 - rho) * (g * g)``, then
    ``p = p - lr * g / (sqrt(s) + eps)`` with ``lr * g`` computed first, then divided.
    """

    name = "RMSprop"
    defaults: ClassVar[dict] = {"rho": 0.9, "eps": 1e-8}
    slots = ("s",)

    def _update(self, p, g, state):
        s = state["s"]
        s *= self.rho
        s += (1 - self.rho) * (g * g)
        p -= self.learning_rate * g / (np.sqrt(s) + self.eps)


class Adam(Optimizer):
    """Adam (PyTorch's ``Adam``, amsgrad off): momentum's average m of the gradients and
    RMSprop's average v of their squares, both corrected for starting at zero.

        t ← t + 1
        m ← β1 m + (1 − β1) g,      v ← β2 v + (1 − β2) g²
        m̂ = m / (1 − β1^t),        v̂ = v / (1 − β2^t)
        p ← p − α m̂ / (√v̂ + ε)

    Order of operations, per step: ``b1t = b1t * beta1`` and ``b2t = b2t * beta2`` (running
    products, both starting at 1, so b1t = β1^t without a pow); then per entry:
    ``m = beta1 * m + (1 - beta1) * g``, ``v = beta2 * v + (1 - beta2) * (g * g)``,
    ``m_hat = m / (1 - b1t)``, ``v_hat = v / (1 - b2t)``,
    ``p = p - lr * m_hat / (sqrt(v_hat) + eps)`` with ``lr * m_hat`` computed first.
    """

    name = "Adam"
    defaults: ClassVar[dict] = {"beta1": 0.9, "beta2": 0.999, "eps": 1e-8}
    slots = ("m", "v")

    def reset(self):
        super().reset()
        self.beta1_power = 1.0   # β1^t
        self.beta2_power = 1.0   # β2^t

    def _advance(self):
        self.beta1_power = self.beta1_power * self.beta1
        self.beta2_power = self.beta2_power * self.beta2

    def _update(self, p, g, state):
        m, v = state["m"], state["v"]
        m *= self.beta1
        m += (1 - self.beta1) * g
        v *= self.beta2
        v += (1 - self.beta2) * (g * g)
        m_hat = m / (1 - self.beta1_power)
        v_hat = v / (1 - self.beta2_power)
        p -= self.learning_rate * m_hat / (np.sqrt(v_hat) + self.eps)


OPTIMIZERS = {"SGD": SGD, "Momentum": Momentum, "Adagrad": Adagrad, "RMSprop": RMSprop,
              "Adam": Adam}


def _check_steps(steps):
    if isinstance(steps, bool) or not isinstance(steps, numbers.Integral) or steps < 0:
        raise ValueError(f"steps must be a whole number, at least 0, not {steps!r}")
    return int(steps)


def descend(optimizer, gradient, start, steps):
    """Run ``optimizer`` on one parameter vector from ``start``; return every point visited.

    ``gradient(x)`` returns the gradient at the point x (a float array of shape (d,)).
    The optimiser is :meth:`~Optimizer.reset` first, so every run starts fresh. The result
    is an array of shape (k, d): row 0 is ``start``, row i the point after i steps, k ≤
    ``steps`` + 1. Like :func:`gradient_descent`, the run stops early if it diverges:
    after the first point that is not finite (that point is the last row), or, if the
    gradient at a point is not finite (it overflowed), at that point (the step is not
    taken).
    """
    if not isinstance(optimizer, Optimizer):
        raise ValueError(f"optimizer must be an Optimizer such as Adam(0.1), not "
                         f"{optimizer!r:.60}")
    if not callable(gradient):
        raise ValueError(f"gradient must be a function of the point x, not {gradient!r:.60}")
    steps = _check_steps(steps)
    try:
        x = np.array(start, dtype=float).reshape(-1)
    except (TypeError, ValueError):
        raise ValueError(f"start must be a point (a list of numbers), not {start!r:.60}") from None
    if not np.all(np.isfinite(x)):
        raise ValueError(f"start must be finite, not {start!r}")
    optimizer.reset()
    path = [x.copy()]
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(steps):
            g = np.array(gradient(x.copy()), dtype=float).reshape(-1)
            if g.shape != x.shape:
                raise ValueError(f"gradient(x) must return {x.size} numbers, one per "
                                 f"coordinate of x, not shape {g.shape}")
            if not np.all(np.isfinite(g)):
                break
            optimizer.step([x], [g])
            path.append(x.copy())
            if not np.all(np.isfinite(x)):
                break
    return np.array(path)


def train_network(network, optimizer, X, Y, epochs, batch_size=None, seed=0):
    """Train a :class:`backprop_book.network.Network` with ``optimizer``, in place.

    Each epoch is one pass over the data (X, Y): with ``batch_size`` None, one step on the
    whole batch; otherwise the rows are shuffled (``numpy.random.default_rng(seed)``, one
    generator for the whole run) and cut into mini-batches of ``batch_size`` rows (the last
    may be smaller), one step each. A step is ``dW, db = network.gradient(Xb, Yb)`` then
    ``optimizer.step(network.weights + network.biases, dW + db)``. The optimiser is
    :meth:`~Optimizer.reset` first.

    Returns an array of ``epochs + 1`` losses: the mean loss J over the WHOLE data before
    training (index 0), then after each epoch (index e = after e epochs).
    """
    if not isinstance(optimizer, Optimizer):
        raise ValueError(f"optimizer must be an Optimizer such as Adam(0.1), not "
                         f"{optimizer!r:.60}")
    epochs = _check_steps(epochs)
    X = np.asarray(X, dtype=float)
    Y = np.asarray(Y, dtype=float)
    m = X.shape[0] if X.ndim else 0
    if batch_size is not None and (isinstance(batch_size, bool) or not isinstance(
            batch_size, numbers.Integral) or batch_size < 1):
        raise ValueError(f"batch_size must be a positive whole number or None, not "
                         f"{batch_size!r}")
    optimizer.reset()
    rng = np.random.default_rng(seed)
    losses = [network.loss(X, Y)]
    for _ in range(epochs):
        if batch_size is None:
            batches = [slice(None)]
        else:
            order = rng.permutation(m)
            batches = [order[i:i + batch_size] for i in range(0, m, batch_size)]
        for rows in batches:
            dW, db = network.gradient(X[rows], Y[rows])
            optimizer.step(network.weights + network.biases, list(dW) + list(db))
        losses.append(network.loss(X, Y))
    return np.array(losses)
