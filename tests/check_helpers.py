"""Assertions the exercise-check tests of every chapter share."""

import copy
import math

import numpy as np
import pytest

from backprop_book.checks import CheckError


def assert_passes(capsys, check, *args):
    before = copy.deepcopy(args)
    assert check(*args) is None
    out, err = capsys.readouterr()
    assert f"✓ Exercise {check.exercise}:" in out
    assert err == ""
    for arg, old in zip(args, before, strict=True):
        assert_unchanged(arg, old)


def assert_unchanged(arg, old):
    """``arg`` equals its deep copy ``old`` taken before the check (NaN equal to NaN)."""
    assert type(arg) is type(old)
    if callable(arg):
        return
    if isinstance(arg, dict):
        assert arg.keys() == old.keys()
        for key in arg:
            assert_unchanged(arg[key], old[key])
    elif isinstance(arg, (list, tuple)):
        assert len(arg) == len(old)
        for item, old_item in zip(arg, old, strict=True):
            assert_unchanged(item, old_item)
    elif isinstance(arg, np.ndarray):
        np.testing.assert_array_equal(arg, old)
    else:
        assert repr(arg) == repr(old)


def assert_fails(capsys, check, args, match):
    before = copy.deepcopy(args)
    with pytest.raises(CheckError, match=match) as info:
        check(*args)
    assert str(info.value).startswith(f"Exercise {check.exercise}: ")
    out, err = capsys.readouterr()
    assert out == "" and err == ""
    for arg, old in zip(args, before, strict=True):
        assert_unchanged(arg, old)
    return str(info.value)


def sigmoid(z):
    """The sigmoid, written here independently of the package, for reference answers."""
    return 1 / (1 + math.exp(-z))


def not_implemented(*args):
    """A student's function before any work: the placeholder raises this."""
    raise NotImplementedError()


def raises_value_error(*args):
    """A student's function that fails inside."""
    raise ValueError("boom")
