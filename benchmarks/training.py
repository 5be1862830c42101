"""How fast the three implementations of the book train the same network.

One training step is a forward pass, the backward pass and the update of every weight and
bias. The network is 64-32-10 with sigmoid nodes and the squared-error loss; all three
start from the same parameters and train on the same batch of 64 random samples:

- the pure-Python ``Layer`` chain of chapter 06, one sample at a time as ``Layer`` works
  (forward, ``mse_loss``, backward for each of the 64 samples, then one ``update``);
- the NumPy ``Network`` of chapter 09, one step on the whole batch of 64 per call, through
  its ``train`` method (which also records the loss) and through the public
  ``gradient`` + ``step`` methods (which also check their inputs);
- PyTorch on the CPU (if installed; skipped otherwise): ``torch.nn.Linear`` layers, the
  loss written like the network's, ``loss.backward()`` and ``torch.optim.SGD``.

Everything is float64 (Python's floats, NumPy's default; PyTorch is set to float64), and
PyTorch in float32, its default, is shown as well for information. Every library runs on
ONE thread by default (torch.set_num_threads(1), and OPENBLAS/OMP/MKL_NUM_THREADS=1 for
NumPy's BLAS, set before NumPy is imported): the machine has 2 cores shared with other
work, and pure Python has one thread anyway. The three are timed in turn, several
rounds; each keeps its best round, and the ratios are of those best throughputs, measured
in this one run.

Run it with ``.venv/bin/python benchmarks/training.py`` (add ``2`` to give NumPy and
PyTorch two threads each). Prints the throughput in training samples per second, the
ratios, and the goals: NumPy ≥ 0.8 × PyTorch (float64) and ≥ 100 × the pure-Python Layer.
"""

import itertools
import os
import random
import sys
import time
from pathlib import Path

THREADS = int(sys.argv[1]) if len(sys.argv) > 1 else 1   # e.g. `training.py 2`
for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[variable] = str(THREADS)

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from backprop_book.layers import Layer  # noqa: E402
from backprop_book.network import Network  # noqa: E402

SIZES = [64, 32, 10]
BATCH = 64
ALPHA = 0.01          # the Layer's learning rate, for its SUMMED gradient
ROUNDS = 5
ROUND_SECONDS = 0.4   # each implementation trains for at least this long per round


def make_data():
    rng = np.random.default_rng(0)
    return rng.random((BATCH, SIZES[0])), rng.random((BATCH, SIZES[-1]))


def python_trainer(layers, X, Y):
    xs, y0s = X.tolist(), Y.tolist()

    def one_step():
        for x, y0 in zip(xs, y0s, strict=True):
            values = x
            for layer in layers:
                values = layer.forward(values)
            delta = layers[-1].mse_loss(y0)
            for layer in reversed(layers):
                delta = layer.backward(delta)
        for layer in layers:
            layer.update(ALPHA)

    return one_step


def numpy_trainers(network, X, Y):
    # The network averages over the batch where Layer adds: the same steps need m × α.
    learning_rate = ALPHA * BATCH

    def with_train():
        network.train(X, Y, learning_rate, 1)

    def with_gradient_and_step():
        network.step(*network.gradient(X, Y), learning_rate)

    return with_train, with_gradient_and_step


def torch_trainer(torch, network, X, Y, dtype):
    layers = []
    for W, b in zip(network.weights, network.biases, strict=True):
        linear = torch.nn.Linear(W.shape[1], W.shape[0], dtype=dtype)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(W))
            linear.bias.copy_(torch.from_numpy(b))
        layers += [linear, torch.nn.Sigmoid()]
    model = torch.nn.Sequential(*layers)
    optimizer = torch.optim.SGD(model.parameters(), lr=ALPHA * BATCH)
    inputs, targets = torch.from_numpy(X).to(dtype), torch.from_numpy(Y).to(dtype)

    def one_step():
        optimizer.zero_grad()
        loss = ((model(inputs) - targets) ** 2).sum() / BATCH   # the network's "mse"
        loss.backward()
        optimizer.step()

    return one_step, model


def steps_per_second(one_step):
    """Steps per second over one round of at least ROUND_SECONDS (a Layer step is a pass
    over the 64 samples, one by one, and one update)."""
    count, start = 0, time.perf_counter()
    while True:
        one_step()
        count += 1
        elapsed = time.perf_counter() - start
        if elapsed >= ROUND_SECONDS:
            return count / elapsed


def check_same_step(network, X, Y, torch, trainers):
    """After one step from the same start, PyTorch's float64 weights equal the network's."""
    twin = Network.from_arrays([W.copy() for W in network.weights],
                               [b.copy() for b in network.biases])
    twin.train(X, Y, ALPHA * BATCH, 1)
    one_step, model = trainers
    one_step()
    linears = [layer for layer in model if isinstance(layer, torch.nn.Linear)]
    return max(float(np.max(np.abs(linear.weight.detach().numpy() - W)))
               for linear, W in zip(linears, twin.weights, strict=True))


def main():
    X, Y = make_data()
    layers = [Layer(n_in, n_out, random.Random(i))
              for i, (n_in, n_out) in enumerate(itertools.pairwise(SIZES))]
    network = Network.from_layers(layers)    # the same start for all three
    contenders = {"pure Python Layer, one sample at a time": (python_trainer(layers, X, Y),
                                                              BATCH)}
    with_train, with_step = numpy_trainers(network, X, Y)
    contenders["NumPy Network.train, batch 64"] = (with_train, BATCH)
    contenders["NumPy Network.gradient + step, batch 64"] = (with_step, BATCH)
    try:
        import torch
    except ImportError:
        torch = None
        print("PyTorch is not installed: its lines are skipped.")
    if torch is not None:
        torch.set_num_threads(THREADS)
        difference = check_same_step(network, X, Y, torch,
                                     torch_trainer(torch, network, X, Y, torch.float64))
        print(f"PyTorch {torch.__version__}: after one step from the same start, its float64 "
              f"weights differ from the network's by at most {difference:.1e}")
        contenders["PyTorch CPU float64, batch 64"] = (
            torch_trainer(torch, network, X, Y, torch.float64)[0], BATCH)
        contenders["PyTorch CPU float32, batch 64"] = (
            torch_trainer(torch, network, X, Y, torch.float32)[0], BATCH)
    print(f"NumPy {np.__version__}; {THREADS} thread(s) per library; network {SIZES}, sigmoid, "
          f"squared error; best of {ROUNDS} rounds of ≥ {ROUND_SECONDS} s")

    best = dict.fromkeys(contenders, 0.0)
    for one_step, _ in contenders.values():   # warm up (caches, lazy initialisation)
        one_step()
    for _ in range(ROUNDS):
        for name, (one_step, samples) in contenders.items():
            best[name] = max(best[name], samples * steps_per_second(one_step))

    python = best["pure Python Layer, one sample at a time"]
    numpy_best = best["NumPy Network.train, batch 64"]
    print(f"\n{'training samples per second':44} {'samples/s':>12} {'× Python':>10}")
    for name, rate in best.items():
        print(f"{name:44} {rate:12,.0f} {rate / python:10.1f}")

    print("\ngoals")
    ratio = numpy_best / python
    print(f"NumPy (train) ≥ 100 × pure Python:       {ratio:8.1f} ×  "
          f"{'pass' if ratio >= 100 else 'MISS'}")
    if torch is not None:
        for dtype in ("float64", "float32"):
            ratio = numpy_best / best[f"PyTorch CPU {dtype}, batch 64"]
            goal = "pass" if ratio >= 0.8 else "MISS"
            if dtype == "float32":
                goal = "(for information: NumPy stays in float64)"
            print(f"NumPy (train) ≥ 0.8 × PyTorch {dtype}:     {ratio:8.2f} ×  {goal}")
    else:
        print("NumPy ≥ 0.8 × PyTorch: not measured (PyTorch is not installed)")


if __name__ == "__main__":
    main()
