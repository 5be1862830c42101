"""What the checks of the two layer chapters share (06: one layer, 08: networks of layers):
tables of weights read and shown, layers that name themselves in messages, random data, and
what to say when a training loop returns the wrong number of losses."""

import numpy as np

from backprop_book.checks import CheckError, _describe, is_scalar, listed
from backprop_book.layers import Layer


def shown_table(values, digits=4):
    """A table (list of rows) as Python prints it, rounded: [[0.1, 0.2], [0.3, 0.4]]."""
    return "[" + ", ".join(listed(row, digits) for row in np.asarray(values, dtype=float)) + "]"


def as_table(value, name):
    """``value`` as a 2-D float array (a list of rows of equal length), or a CheckError."""
    example = "a list of lists, one inner list (row) per node"
    if value is None:
        raise CheckError(f"{name} is None: it should be {example}.")
    if isinstance(value, (str, bytes)) or is_scalar(value):
        raise CheckError(f"{name} should be {example}, but it is {_describe(value)}.")
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if not isinstance(value, (list, tuple)):
        raise CheckError(f"{name} should be {example}, but it is {_describe(value)}.")
    if not value:
        raise CheckError(f"{name} is empty: it should be {example}.")
    if all(is_scalar(item) for item in value):
        raise CheckError(f"{name} is a flat list of {len(value)} numbers: a layer keeps one "
                         "list of weights per node, a list of lists such as "
                         "[[w11, w12, w13], [w21, w22, w23]].")
    rows = []
    for k, row in enumerate(value):
        if isinstance(row, np.ndarray):
            row = row.tolist()
        if not isinstance(row, (list, tuple)):
            raise CheckError(f"{name} should be {example}, but its item {k} is "
                             f"{_describe(row)}, not a list of numbers.")
        for item in row:
            if item is None:
                raise CheckError(f"{name} still holds None: replace each None by a number.")
            if not is_scalar(item) or isinstance(item, bool):
                raise CheckError(f"{name} should hold numbers, but row {k} holds "
                                 f"{_describe(item)}.")
        rows.append(row)
    lengths = sorted({len(row) for row in rows})
    if len(lengths) > 1:
        raise CheckError(f"the rows of {name} have different lengths ({lengths}): every node "
                         "has one weight per input, so all rows are equally long.")
    try:
        array = np.asarray(rows, dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise CheckError(f"{name} should hold numbers only, but it holds {rows!r:.80}.") from None
    if not np.all(np.isfinite(array)):
        raise CheckError(f"{name} contains {array[~np.isfinite(array)][0]}: every entry must "
                         "be a finite number.")
    return array


class Probe(Layer):
    """A Layer that shows itself as ``layer`` in messages (no memory address)."""

    def __repr__(self):
        return "layer"


class Numbers(list):
    """A list of numbers that shows itself rounded in messages."""

    def __repr__(self):
        return listed(self, 4)


def forbidden(name, instead):
    def refuse(*args, **kwargs):
        raise RuntimeError(f"this exercise writes {name} itself: do not call the package's "
                           f"{instead}")
    return refuse


def check_table_shape(array, name, rows, columns, what="the weights"):
    if array.shape == (rows, columns):
        return
    if array.shape == (columns, rows) and rows != columns:
        raise CheckError(f"{name} has {columns} rows of {rows}: one row per input. {what} "
                         f"of a layer have one row per node ({rows}), each with one entry "
                         f"per input ({columns}).")
    raise CheckError(f"{name} should have {rows} rows (one per node) of {columns} numbers "
                     f"(one per input), but it has {array.shape[0]} rows of {array.shape[1]}.")


def random_data(n_in, n_out, n_samples, seed):
    """Rounded random samples and targets in [0, 1] for a layer of the given shape."""
    rng = np.random.default_rng(seed)
    samples = [[round(float(v), 2) for v in row] for row in rng.uniform(-1, 1, (n_samples, n_in))]
    targets = [[round(float(v), 2) for v in row] for row in rng.uniform(0, 1, (n_samples, n_out))]
    return samples, targets


def miscounted_losses(n, iterations, samples):
    """What to say when train returns n losses for that many iterations over the samples."""
    if n == iterations * samples:
        return (f"{n} losses, one per sample: append the loss once per iteration, after the "
                "loop over the samples.")
    return f"{n} losses: run {iterations} iterations and return one loss for each."
