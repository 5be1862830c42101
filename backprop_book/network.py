"""A network of any number of layers in NumPy, trained by backpropagation on whole batches.

Notation (chapter 09). Layer 0 is the input; the layers of nodes are numbered l = 1, 2, …
up to the output layer, marked "last" (the letter L names the loss of one sample, J the
mean loss of a batch, as in chapter 07). In code, layer l has index l − 1. Layer l has
N_l nodes; ``weights[l - 1]`` is the matrix W^l of shape (N_l, N_{l−1}), whose entry
[j, k] is w^l_jk, the weight from node k of layer l − 1 to node j of layer l (row =
receiving node, as ``Layer.w[j][i]`` of chapter 06); ``biases[l - 1]`` is b^l, shape
(N_l,).

A batch is a matrix with ONE ROW PER SAMPLE: X has shape (m, N_0). The forward pass is

    Z^l = A^{l−1} (W^l)ᵀ + b^l,    A^l = f^l(Z^l),    A^0 = X,

so row s of Z^l holds z^l for sample s. The loss of a batch is the MEAN over its m samples
of the per-sample loss L:

- ``"mse"``: L = Σ_j (a_j − y_j)², the squared errors of the N_last outputs ADDED (as
  ``Layer`` does), then averaged over the samples. For one output this is
  ``losses.mse``; for N_last outputs it is N_last × ``losses.mse``.
- ``"binary_cross_entropy"``: L = Σ_j −[y_j log a_j + (1 − y_j) log(1 − a_j)], sigmoid
  outputs, computed from Z^last with ``losses.binary_cross_entropy_from_logits``.
- ``"cross_entropy"``: L = −Σ_j y_j log a_j, softmax outputs, one-hot rows of labels,
  computed from Z^last with ``losses.cross_entropy_from_logits``.

The backward pass keeps, for every layer, the matrix Δ^l whose row s is the standard
δ^l = ∂L/∂z^l of sample s (chapters 05–08 passed δ = ∂L/∂y instead; δ^l_j is that times
f′(z^l_j)):

    Δ^last = ∂L/∂A ⊙ f′(Z^last)           (= A − Y for sigmoid + binary cross-entropy and
                                           for softmax + cross-entropy)
    Δ^l = (Δ^{l+1} W^{l+1}) ⊙ f′(Z^l)
    ∂J/∂W^l = (Δ^l)ᵀ A^{l−1} / m,    ∂J/∂b^l = (column sums of Δ^l) / m,

J being the mean loss of the batch. ``Layer`` of chapter 06 adds the loss (and so its
gradients) over the samples instead of averaging: its ``dw`` is m × this ``dW``.
"""

import itertools
import numbers

import numpy as np

from backprop_book import calculus, losses

HIDDEN_ACTIVATIONS = ("sigmoid", "tanh", "relu")
OUTPUT_ACTIVATIONS = ("sigmoid", "tanh", "relu", "identity", "softmax")
LOSSES = ("mse", "binary_cross_entropy", "cross_entropy")


# The activations work on a fresh array Z and return a new array A. f′ is written in terms
# of what is cheapest at hand: A for the sigmoid and tanh, Z for the ReLU.
def _sigmoid(Z):
    # 1 / (1 + e^(−z)); for z < −709, e^(−z) overflows to inf and the result is exactly 0.0,
    # the right value, so the overflow is silenced (see Network._forward).
    A = np.negative(Z)
    np.exp(A, out=A)
    A += 1.0
    return np.reciprocal(A, out=A)


def _sigmoid_prime(Z, A):
    return A * (1.0 - A)


def _tanh_prime(Z, A):
    return 1.0 - A * A


def _relu(Z):
    return np.maximum(Z, 0.0)


def _relu_prime(Z, A):
    # The slope at exactly z = 0 is taken as 0.
    return (Z > 0).astype(float)


def _identity(Z):
    return Z.copy()


def _identity_prime(Z, A):
    return np.ones_like(Z)


def _softmax(Z):
    E = Z - Z.max(axis=1, keepdims=True)
    np.exp(E, out=E)
    E /= E.sum(axis=1, keepdims=True)
    return E


_FUNCTIONS = {
    "sigmoid": (_sigmoid, _sigmoid_prime),
    "tanh": (np.tanh, _tanh_prime),
    "relu": (_relu, _relu_prime),
    "identity": (_identity, _identity_prime),
    "softmax": (_softmax, None),
}


def _check_choice(value, choices, what):
    if not isinstance(value, str) or value not in choices:
        raise ValueError(f"{what} must be one of {choices}, not {value!r}")
    return value


def _check_sizes(sizes):
    try:
        sizes = list(sizes)
    except TypeError:
        raise ValueError(f"sizes must be a list of layer sizes [N_0, …, N_last], not "
                         f"{sizes!r}") from None
    if len(sizes) < 2:
        raise ValueError(f"sizes must hold at least two numbers, the inputs N_0 and the "
                         f"outputs N_last, not {sizes!r}")
    for n in sizes:
        if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1:
            raise ValueError(f"every layer size must be a positive whole number, but sizes "
                             f"{sizes!r} holds {n!r}")
    return [int(n) for n in sizes]


def _check_rate(learning_rate):
    if isinstance(learning_rate, bool) or not isinstance(learning_rate, numbers.Real) or not (
            np.isfinite(learning_rate) and learning_rate >= 0):
        raise ValueError(f"learning_rate must be one finite number ≥ 0, not {learning_rate!r}")
    return float(learning_rate)


def _as_finite_array(value, what):
    if value is None:
        raise ValueError(f"{what} must hold numbers, not None")
    try:
        array = np.array(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{what} must hold numbers, not {value!r:.60}") from None
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{what} must be finite, but it holds "
                         f"{array[~np.isfinite(array)][0]}")
    return array


class Network:
    """A fully connected network: ``sizes = [N_0, N_1, …, N_last]`` nodes per layer.

    - ``activation``: f of the hidden layers, ``"sigmoid"``, ``"tanh"`` or ``"relu"``.
    - ``output_activation``: f of the last layer; by default ``"softmax"`` when ``loss`` is
      ``"cross_entropy"``, otherwise ``"sigmoid"``. With ``"mse"`` it may be any of
      ``"sigmoid"``, ``"tanh"``, ``"relu"``, ``"identity"``; ``"binary_cross_entropy"``
      needs ``"sigmoid"`` and ``"cross_entropy"`` needs ``"softmax"``.
    - ``loss``: ``"mse"``, ``"binary_cross_entropy"`` or ``"cross_entropy"`` (see the
      module's docstring: per-sample losses summed over the outputs, averaged over the batch).
    - ``seed``: an int, None or a ``numpy.random.Generator`` for the initial weights (and
      the default shuffling of :meth:`train`).
    - ``scale``: W^l = scale × N(0, 1) entries; None gives 1/√N_{l−1} (each z then starts
      with a spread of about the spread of the inputs).
    - ``bias_scale``: b^l = bias_scale × N(0, 1) entries; 0 (the default) gives zero
      biases. All the weight matrices are drawn first, layer after layer, then (if
      ``bias_scale`` is not 0) the biases, so the weights do not depend on ``bias_scale``.

    Attributes: ``weights`` and ``biases`` (lists, index 0 = layer 1); after
    :meth:`forward`, ``Z`` (Z^1, …, Z^last, index like ``weights``) and ``A`` (A^0 = X, A^1,
    …, A^last: ``A[l]`` is layer l's output, so ``A[i]`` is the input of ``weights[i]``); after
    :meth:`backward`, ``deltas`` (Δ^1, …, Δ^last, per-sample δ rows, index like ``weights``).
    Arrays of one sample are kept as batches of one row.
    """

    def __init__(self, sizes, activation="sigmoid", output_activation=None, loss="mse",
                 seed=0, scale=None, bias_scale=0.0):
        self.sizes = _check_sizes(sizes)
        self.activation = _check_choice(activation, HIDDEN_ACTIVATIONS, "activation")
        self.loss_name = _check_choice(loss, LOSSES, "loss")
        if output_activation is None:
            output_activation = "softmax" if loss == "cross_entropy" else "sigmoid"
        self.output_activation = _check_choice(output_activation, OUTPUT_ACTIVATIONS,
                                               "output_activation")
        self._check_output_and_loss()
        if scale is not None:
            scale = _as_finite_array(scale, "scale")
            if scale.ndim != 0 or scale <= 0:
                raise ValueError(f"scale must be one positive number or None, not {scale}")
        bias_scale = _as_finite_array(bias_scale, "bias_scale")
        if bias_scale.ndim != 0 or bias_scale < 0:
            raise ValueError(f"bias_scale must be one number ≥ 0, not {bias_scale}")
        if seed is not None and not isinstance(seed, np.random.Generator) and (
                isinstance(seed, bool) or not isinstance(seed, numbers.Integral)):
            raise ValueError(f"seed must be an int, None or a numpy Generator, not {seed!r}")
        self.seed = seed
        rng = np.random.default_rng(seed)
        pairs = list(zip(self.sizes[:-1], self.sizes[1:], strict=True))
        self.weights = [(1 / np.sqrt(n_in) if scale is None else float(scale))
                        * rng.standard_normal((n_out, n_in)) for n_in, n_out in pairs]
        self.biases = [float(bias_scale) * rng.standard_normal(n_out) if bias_scale > 0
                       else np.zeros(n_out) for _, n_out in pairs]
        self.Z = self.A = self.deltas = None
        self._single = False

    # ----------------------------------------------------------------- construction
    @classmethod
    def from_arrays(cls, weights, biases, activation="sigmoid", output_activation=None,
                    loss="mse"):
        """A network with the given parameters (copied): ``weights[i]`` of shape
        (N_{i+1}, N_i), ``biases[i]`` of shape (N_{i+1},)."""
        weights = [_as_finite_array(W, f"weights[{i}]") for i, W in enumerate(weights)]
        biases = [_as_finite_array(b, f"biases[{i}]") for i, b in enumerate(biases)]
        if not weights or len(weights) != len(biases):
            raise ValueError(f"give one bias vector per weight matrix, at least one of each; "
                             f"got {len(weights)} weight matrices and {len(biases)} biases")
        for i, W in enumerate(weights):
            if W.ndim != 2:
                raise ValueError(f"weights[{i}] must be a matrix (N_out, N_in), not an array "
                                 f"of shape {W.shape}")
        sizes = [weights[0].shape[1]] + [W.shape[0] for W in weights]
        network = cls(sizes, activation, output_activation, loss)
        network._check_shapes(weights, biases, "weights", "biases")
        network.weights, network.biases = weights, biases
        return network

    @classmethod
    def from_layers(cls, layers):
        """The same parameters as a chain of chapter 06 ``Layer`` objects (sigmoid nodes,
        ``"mse"``), copied: ``weights[i] = layers[i].w``, ``biases[i] = layers[i].b``.

        The two then compute the same outputs; a ``Layer`` adds its loss and gradients over
        the samples, the network averages them, so each ``Layer.dw`` after a pass over m
        samples equals m × the network's ``dW`` (and the network trains the same with a
        learning rate m times larger).
        """
        layers = list(layers)
        for i, (first, second) in enumerate(itertools.pairwise(layers)):
            if first.n_out != second.n_in:
                raise ValueError(f"layers[{i}] has {first.n_out} outputs but layers[{i + 1}] "
                                 f"has {second.n_in} inputs: they cannot be chained")
        if not layers:
            raise ValueError("give at least one Layer")
        return cls.from_arrays([layer.w for layer in layers], [layer.b for layer in layers])

    def __repr__(self):
        return (f"Network({self.sizes}, activation={self.activation!r}, output_activation="
                f"{self.output_activation!r}, loss={self.loss_name!r})")

    # ----------------------------------------------------------------- forward and loss
    def forward(self, X):
        """The outputs A^last for the inputs X: an (m, N_0) batch → (m, N_last), or one sample
        (N_0,) → (N_last,). Keeps every Z^l and A^l for :meth:`backward`."""
        X = self._check_inputs(X)
        A = self._forward(X)
        return A[0] if self._single else A

    def loss(self, X, Y):
        """The mean loss J over the batch (X, Y) (one sample: its loss L); a float."""
        self.forward(X)
        return self._loss(self._check_targets(Y))

    def predict(self, X):
        """Like :meth:`forward`: the outputs for X."""
        return self.forward(X)

    # ----------------------------------------------------------------- backward
    def backward(self, Y):
        """The gradients (dW, db) of the mean loss of the last :meth:`forward` batch, for
        the targets Y (the same shape as that forward's output): lists with ``dW[i]``
        shaped like ``weights[i]`` and ``db[i]`` like ``biases[i]``."""
        if self.A is None:
            raise RuntimeError("call forward(X) before backward(Y): there are no outputs yet")
        return self._backward(self._check_targets(Y))

    def gradient(self, X, Y):
        """:meth:`forward` then :meth:`backward`: the gradients (dW, db) at (X, Y)."""
        self.forward(X)
        return self.backward(Y)

    def gradient_vector(self, X, Y):
        """:meth:`gradient` as one flat vector, in the order of :meth:`parameters`."""
        dW, db = self.gradient(X, Y)
        return np.concatenate([part for W, b in zip(dW, db, strict=True)
                               for part in (W.ravel(), b)])

    # ----------------------------------------------------------------- learning
    def step(self, dW, db, learning_rate):
        """One step of gradient descent, in place: W^l ← W^l − α dW^l, b^l ← b^l − α db^l."""
        self._check_shapes(dW, db, "dW", "db")
        self._step(dW, db, _check_rate(learning_rate))

    def train(self, X, Y, learning_rate, epochs, batch_size=None, seed=None):
        """Gradient descent for ``epochs`` passes over the data (X, Y); returns the loss of
        every epoch (an array of ``epochs`` floats).

        With ``batch_size`` None, each epoch is one step on the whole batch, and its loss
        is J before that step. Otherwise each epoch shuffles the samples (with
        ``numpy.random.default_rng(seed)``, one generator for the whole run; ``seed`` None
        uses the network's seed) and takes one step per mini-batch of ``batch_size``
        samples (the last one may be smaller); the epoch's loss is the mean over the
        samples of their losses in the forward pass of their mini-batch.
        """
        X = self._check_inputs(X)
        Y = self._check_targets(Y, X.shape[0])
        learning_rate = _check_rate(learning_rate)
        if isinstance(epochs, bool) or not isinstance(epochs, numbers.Integral) or epochs < 0:
            raise ValueError(f"epochs must be a whole number ≥ 0, not {epochs!r}")
        m = X.shape[0]
        history = np.empty(epochs)
        if batch_size is None:
            for epoch in range(epochs):
                self._forward(X)
                history[epoch] = self._loss(Y, checked=False)
                self._step(*self._backward(Y), learning_rate)
            return history
        if (isinstance(batch_size, bool) or not isinstance(batch_size, numbers.Integral)
                or batch_size < 1):
            raise ValueError(f"batch_size must be a positive whole number or None, not "
                             f"{batch_size!r}")
        rng = np.random.default_rng(self.seed if seed is None else seed)
        for epoch in range(epochs):
            order = rng.permutation(m)
            total = 0.0
            for start in range(0, m, batch_size):
                rows = order[start:start + batch_size]
                Xb, Yb = X[rows], Y[rows]
                self._forward(Xb)
                total += self._loss(Yb, checked=False) * len(rows)
                self._step(*self._backward(Yb), learning_rate)
            history[epoch] = total / m
        return history

    # ----------------------------------------------------------------- flat parameters
    def parameters(self):
        """All the parameters as one flat vector: W^1 row by row, b^1, W^2, b^2, …"""
        return np.concatenate([part for W, b in zip(self.weights, self.biases, strict=True)
                               for part in (W.ravel(), b)])

    def set_parameters(self, vector):
        """Put the values of a flat vector (the order of :meth:`parameters`) into the
        weights and biases, in place."""
        vector = _as_finite_array(vector, "the parameter vector")
        count = sum(W.size + b.size for W, b in zip(self.weights, self.biases, strict=True))
        if vector.shape != (count,):
            raise ValueError(f"the parameter vector must have {count} values (a flat vector, "
                             f"as parameters() returns), not shape {vector.shape}")
        start = 0
        for W, b in zip(self.weights, self.biases, strict=True):
            W[...] = vector[start:start + W.size].reshape(W.shape)
            start += W.size
            b[...] = vector[start:start + b.size]
            start += b.size

    # ----------------------------------------------------------------- internals
    def _forward(self, X):
        """The forward pass on a checked (m, N_0) array X; keeps every Z^l and A^l."""
        hidden, _ = _FUNCTIONS[self.activation]
        output, _ = _FUNCTIONS[self.output_activation]
        last = len(self.weights) - 1
        self.A, self.Z, self.deltas = [X], [], None          # A[0] = A^0 = X
        A = X
        with np.errstate(over="ignore"):                    # e^(−z) = inf gives σ(z) = 0
            for i, (W, b) in enumerate(zip(self.weights, self.biases, strict=True)):
                Z = A @ W.T                                 # Z^l = A^{l−1} (W^l)ᵀ + b^l:
                Z += b                                      # (m, N_l), b^l added to each row
                A = (output if i == last else hidden)(Z)    # A^l = f^l(Z^l)
                self.Z.append(Z)
                self.A.append(A)
        return A

    def _loss(self, Y, checked=True):
        """The mean loss of the kept forward pass for targets Y (already checked).

        The cross-entropies come from the scores Z^last, in the exact from-logits forms of
        ``losses``; ``checked=False`` (inside :meth:`train`) writes those same formulas
        here, without ``losses``' checks of the input, which cost more than the formulas.
        """
        Z, A = self.Z[-1], self.A[-1]
        m, n_out = Z.shape
        if self.loss_name == "mse":
            error = (A - Y).ravel()
            return float(error @ error / m)
        if self.loss_name == "binary_cross_entropy":
            if checked:
                return losses.binary_cross_entropy_from_logits(Z, Y) * n_out
            # max(z, 0) − z·y + log(1 + e^(−|z|)), summed over the outputs.
            terms = np.maximum(Z, 0) - Z * Y + np.log1p(np.exp(-np.abs(Z)))
            return float(terms.sum() / m)
        if checked:
            return losses.cross_entropy_from_logits(Z, Y)
        # −Σ_k y_k log softmax(z)_k, with log softmax(z) = (z − M) − log Σ_j e^(z_j − M).
        shifted = Z - Z.max(axis=1, keepdims=True)
        log_a = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        return float(-(Y * log_a).sum() / m)

    def _backward(self, Y):
        """The gradients (dW, db) of the mean loss for checked (m, N_last) targets Y, from the
        kept forward pass; keeps the per-sample δ rows in ``deltas``."""
        m = Y.shape[0]
        _, hidden_prime = _FUNCTIONS[self.activation]
        A = self.A[-1]
        # The output layer: Δ = ∂L/∂A ⊙ f′(Z), one row per sample.
        if self.loss_name == "mse":
            _, output_prime = _FUNCTIONS[self.output_activation]
            delta = 2.0 * (A - Y)                           # ∂L/∂a_j = 2(a_j − y_j)
            delta *= output_prime(self.Z[-1], A)
        else:   # sigmoid + binary cross-entropy, softmax + cross-entropy (chapter 07)
            delta = A - Y
        count = len(self.weights)
        deltas, dW, db = [None] * count, [None] * count, [None] * count
        for i in reversed(range(count)):                    # layer l = i + 1, last first
            deltas[i] = delta                               # Δ^l, shape (m, N_l)
            dW[i] = delta.T @ self.A[i]                     # Σ_s δ^l(s) a^{l−1}(s)ᵀ: (N_l, N_{l−1})
            dW[i] /= m                                      # … averaged over the m samples
            db[i] = delta.sum(axis=0)                       # Σ_s δ^l(s): (N_l,)
            db[i] /= m
            if i > 0:                                       # Δ^{l−1} = (Δ^l W^l) ⊙ f′(Z^{l−1})
                delta = delta @ self.weights[i]
                delta *= hidden_prime(self.Z[i - 1], self.A[i])
        self.deltas = deltas
        return dW, db

    def _step(self, dW, db, learning_rate):
        for W, b, gW, gb in zip(self.weights, self.biases, dW, db, strict=True):
            W -= learning_rate * gW
            b -= learning_rate * gb

    def _check_output_and_loss(self):
        needs = {"binary_cross_entropy": "sigmoid", "cross_entropy": "softmax"}
        needed = needs.get(self.loss_name)
        if needed and self.output_activation != needed:
            raise ValueError(f"loss {self.loss_name!r} needs output_activation {needed!r}, not "
                             f"{self.output_activation!r}")
        if self.loss_name == "mse" and self.output_activation == "softmax":
            raise ValueError("output_activation 'softmax' goes with loss 'cross_entropy', "
                             "not 'mse'")

    def _check_inputs(self, X):
        X = _as_finite_array(X, "the inputs X")
        n_in = self.sizes[0]
        if X.ndim == 1 and X.size == n_in:
            self._single = True
            return X[None, :]
        if X.ndim == 2 and X.shape[1] == n_in and X.shape[0] >= 1:
            self._single = False
            return X
        raise ValueError(f"the inputs X must be one sample of N_0 = {n_in} values or a batch "
                         f"of shape (m, {n_in}), one row per sample; got shape {X.shape}")

    def _check_targets(self, Y, m=None):
        """Y as an (m, N_last) array matching the kept forward pass (or m samples of the
        last inputs checked), or a clear ValueError."""
        Y = _as_finite_array(Y, "the targets Y")
        n_out = self.sizes[-1]
        if m is None:
            m = self.A[-1].shape[0]
        expected = (n_out,) if self._single else (m, n_out)
        if Y.shape == expected:
            Y = Y.reshape(m, n_out)
        elif n_out == 1 and not self._single and Y.shape == (m,):
            Y = Y[:, None]
        else:
            raise ValueError(f"the targets Y must have shape {expected}, like the outputs "
                             f"of the inputs X ({m} sample(s), N_last = {n_out} outputs), not "
                             f"{Y.shape}")
        if self.loss_name != "mse" and np.any((Y < 0) | (Y > 1)):
            raise ValueError(f"the labels Y of loss {self.loss_name!r} must lie between 0 "
                             f"and 1, but they hold {Y[(Y < 0) | (Y > 1)][0]}")
        if self.loss_name == "cross_entropy" and not np.allclose(Y.sum(axis=1), 1, atol=1e-6):
            raise ValueError("each row of the labels Y must add up to 1 over the N_last classes "
                             "(one-hot: a single 1, the rest 0)")
        return Y

    def _check_shapes(self, dW, db, w_name, b_name):
        dW, db = list(dW), list(db)
        if len(dW) != len(self.weights) or len(db) != len(self.biases):
            raise ValueError(f"{w_name} and {b_name} must hold one array per layer "
                             f"({len(self.weights)}), not {len(dW)} and {len(db)}")
        for i, (gW, gb, W, b) in enumerate(zip(dW, db, self.weights, self.biases,
                                               strict=True)):
            if np.shape(gW) != W.shape or np.shape(gb) != b.shape:
                raise ValueError(f"{w_name}[{i}] and {b_name}[{i}] must have shapes "
                                 f"{W.shape} and {b.shape}, not {np.shape(gW)} and "
                                 f"{np.shape(gb)}")


def gradient_check(network, X, Y, dx=None):
    """The largest relative difference between backpropagation's gradient of the mean loss
    and the central-difference gradient, over all the parameters p_i:

        max_i |g_i − n_i| / max(1, |g_i| + |n_i|),

    g = ``network.gradient_vector(X, Y)``, n_i = (J(p + Δp e_i) − J(p − Δp e_i)) / (2Δp)
    (:func:`backprop_book.calculus.gradient_check`; below about 1e-7, backpropagation is
    right). The network's parameters are left as they were.
    """
    start = network.parameters()
    formula = network.gradient_vector(X, Y)

    def cost(p):
        network.set_parameters(p)
        return network.loss(X, Y)

    try:
        return calculus.gradient_check(cost, lambda p: formula, start, dx)
    finally:
        network.set_parameters(start)
