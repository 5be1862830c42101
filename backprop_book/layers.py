"""A layer of sigmoid nodes in plain Python lists: every input wired to every node."""

from backprop_book.data import random_generator
from backprop_book.neuron import check_length, scalar_sigmoid


class Layer:
    """``n_out`` sigmoid nodes that share the same ``n_in`` inputs.

    ``w`` is a list of ``n_out`` rows, row j holding the ``n_in`` weights of node j, so
    ``w[j][i]`` is the weight from input i to node j; ``b[j]`` is node j's bias. The
    methods work like :class:`~backprop_book.neuron.Node`'s, on lists: ``forward(x)``
    returns the ``n_out`` outputs, ``mse_loss(y0)`` returns the ``n_out`` values
    δ_j = 2(y_j − y0_j), ``backward(δ)`` adds one sample's terms to ``dw`` and ``db`` and
    returns the gradient with respect to x (chapter 08), and ``update(α)`` steps and clears.
    """

    def __init__(self, n_in, n_out, seed=None):
        rng = random_generator(seed)
        self.n_in, self.n_out = n_in, n_out
        self.w = [[rng.random() - 0.5 for _ in range(n_in)] for _ in range(n_out)]
        self.b = [rng.random() - 0.5 for _ in range(n_out)]
        self.x = self.y = None
        self.loss = 0.0
        self.clear_gradient()

    def forward(self, x):
        """y_j = σ(Σ_i w_ji·x_i + b_j) for every node j; x and y are kept for ``backward``."""
        check_length(x, self.n_in, "the input x")
        self.x = list(x)
        self.y = [
            scalar_sigmoid(sum(wji * xi for wji, xi in zip(wj, self.x, strict=True)) + bj)
            for wj, bj in zip(self.w, self.b, strict=True)
        ]
        return self.y

    def mse_loss(self, y0):
        """Add Σ_j (y_j − y0_j)² to the loss; return the list δ_j = 2(y_j − y0_j)."""
        self.require_forward("mse_loss")
        check_length(y0, self.n_out, "the targets y0")
        self.loss += sum((yj - y0j) ** 2 for yj, y0j in zip(self.y, y0, strict=True))
        return [2 * (yj - y0j) for yj, y0j in zip(self.y, y0, strict=True)]

    def backward(self, delta):
        """Add δ_j·σ′_j·x_i to dw[j][i] and δ_j·σ′_j to db[j], with σ′_j = y_j(1 − y_j).

        Returns the gradient with respect to the inputs, dx (see :meth:`input_gradient`).
        """
        self.require_forward("backward")
        check_length(delta, self.n_out, "delta")
        slopes = [dj * (yj * (1 - yj)) for dj, yj in zip(delta, self.y, strict=True)]
        for j, slope in enumerate(slopes):
            for i, xi in enumerate(self.x):
                self.dw[j][i] += slope * xi
            self.db[j] += slope
        return self.input_gradient(slopes)

    def input_gradient(self, slopes):
        """dx_i = Σ_j δ_j·σ′_j·w_ji, the slope of the loss along input i.

        Input i reaches the loss through every node j of the layer, so the slopes of those
        paths add up. ``slopes`` holds δ_j·σ′_j; the weights are those used by ``forward``
        (call it before ``update``).
        """
        return [
            sum(slope * wj[i] for slope, wj in zip(slopes, self.w, strict=True))
            for i in range(self.n_in)
        ]

    def update(self, alpha):
        """Step every weight and bias against its gradient, then clear the sums."""
        for wj, dwj in zip(self.w, self.dw, strict=True):
            for i, dwji in enumerate(dwj):
                wj[i] -= alpha * dwji
        for j, dbj in enumerate(self.db):
            self.b[j] -= alpha * dbj
        self.loss = 0.0
        self.clear_gradient()

    def clear_gradient(self):
        self.dw = [[0.0] * self.n_in for _ in range(self.n_out)]
        self.db = [0.0] * self.n_out

    def require_forward(self, method):
        if self.y is None:
            raise RuntimeError(f"call forward(x) before {method}(): there is no output y yet")
