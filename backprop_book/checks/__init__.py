"""The exercise checks, one module per chapter (``ch01.py`` …), and what they share.

A check either prints one short line of confirmation or raises :class:`CheckError`,
whose message names the likely mistake. Jupyter shows that message alone, with no
traceback from inside this package. Answers are validated first, so bad input (None, a
string, the wrong length or shape, NaN or inf) gets a message that says what was expected.
"""

import functools
import math
import numbers
import types
import warnings

import numpy as np

RED, GREEN, BOLD, RESET = "\x1b[31m", "\x1b[32m", "\x1b[1m", "\x1b[0m"


class CheckError(Exception):
    """A wrong or unusable answer. The message says what to look at."""

    exercise = None

    def __str__(self):
        message = super().__str__()
        return f"Exercise {self.exercise}: {message}" if self.exercise else message

    def _render_traceback_(self):
        """What IPython shows instead of a traceback: the message, in red."""
        heading = f"Exercise {self.exercise}: not yet" if self.exercise else "Not yet"
        return [f"{RED}{BOLD}✗ {heading}{RESET}", *super().__str__().splitlines()]


def exercise(number):
    """Make ``check(...)`` an exercise check: print a ✓ line when it returns, with its text.

    The wrapped function returns a short sentence of praise, or raises CheckError.
    """

    def decorate(check):
        @functools.wraps(check)
        def run(*args, **kwargs):
            try:
                praise = check(*args, **kwargs)
            except CheckError as error:
                error.exercise = number
                raise error.with_traceback(None) from None
            print(f"{GREEN}{BOLD}✓ Exercise {number}:{RESET} {praise}")

        run.exercise = number
        return run

    return decorate


def shown(value):
    """A number as a student would write it: 1, 0.5, -2, 0.731059, 1e-08."""
    return f"{float(value):.6g}"


def listed(values, digits=6):
    """A vector as a student would write it: [0.3, -1.2]."""
    return "[" + ", ".join(f"{float(v):.{digits}g}" for v in np.ravel(values)) + "]"


def is_scalar(value):
    """A single number (not a list or an array with entries)."""
    return isinstance(value, (numbers.Number, np.generic)) or (
        isinstance(value, np.ndarray) and value.ndim == 0)


def is_flat(value):
    """A list, a tuple or a 1-D array: something whose length can be compared."""
    return isinstance(value, (list, tuple)) or (isinstance(value, np.ndarray)
                                                 and value.ndim == 1)


def close(a, b, rtol=1e-9, atol=1e-9):
    """Whether every entry of a and b agrees to the tolerances (NaN or inf: quietly no)."""
    with np.errstate(all="ignore"):
        return bool(np.all(np.isclose(a, b, rtol=rtol, atol=atol)))


def _describe(value):
    """A short, readable description of what the student handed in."""
    if value is None:
        return "None"
    if isinstance(value, str):
        return f"the string {value!r}"
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}"
    if isinstance(value, (list, tuple)):
        return f"a {type(value).__name__} of {len(value)} item(s)"
    return f"{value!r} (a {type(value).__name__})"


def as_number(value, name):
    """``value`` as a finite float, or a CheckError that says what ``name`` should be."""
    if value is None:
        raise CheckError(f"{name} is None: assign your answer to it (a number).")
    if isinstance(value, str):
        raise CheckError(f"{name} is {_describe(value)}: give the number itself, without quotes.")
    if isinstance(value, np.ndarray) and value.shape == ():
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise CheckError(f"{name} should be a single number, but it is {_describe(value)}.")
    try:
        value = float(value)
    except OverflowError:
        raise CheckError(f"{name} is too large to be a float: give a moderate number.") from None
    if not math.isfinite(value):
        raise CheckError(f"{name} is {value}: a finite number was expected. Look for a "
                         "division by zero or an overflow in the computation.")
    return value


def as_vector(value, name, length, what="numbers"):
    """``value`` as a flat float array of ``length`` finite numbers, or a CheckError."""
    if value is None:
        raise CheckError(f"{name} is None: assign your answer to it "
                         f"(a list of {length} {what}).")
    if isinstance(value, str) or np.isscalar(value):
        raise CheckError(f"{name} should be a list of {length} {what}, "
                         f"but it is {_describe(value)}.")
    if isinstance(value, (list, tuple)):
        for item in value:
            if item is None:
                raise CheckError(f"{name} still holds None: replace each None by a number.")
            if isinstance(item, (str, bytes)):
                raise CheckError(f"{name} holds the string {item!r}: give the numbers "
                                 "without quotes.")
    try:
        array = np.asarray(value, dtype=float)
    except OverflowError:
        raise CheckError(f"{name} holds a number too large to be a float: give moderate "
                         "numbers.") from None
    except (TypeError, ValueError):
        raise CheckError(f"{name} should hold {length} {what}, but not all of its "
                         f"items are numbers: {value!r}.") from None
    if array.ndim != 1:
        raise CheckError(f"{name} should be a flat list of {length} {what}, "
                         f"but it has shape {array.shape}.")
    if array.size != length:
        raise CheckError(f"{name} should hold {length} {what}, but it holds {array.size}.")
    if not np.all(np.isfinite(array)):
        raise CheckError(f"{name} contains {array[~np.isfinite(array)][0]}: every entry must "
                         "be a finite number.")
    return array


def as_function(value, name):
    """``value`` if it can be called, or a CheckError."""
    if value is None:
        raise CheckError(f"{name} is None: define it as a function (def {name}(...): ...).")
    if not callable(value):
        raise CheckError(f"{name} should be a function, but it is {_describe(value)}.")
    return value


def _argument(value):
    """An argument as a message shows it: a function by its name, never its address."""
    if isinstance(value, (types.FunctionType, types.BuiltinFunctionType, types.MethodType)):
        return value.__name__
    if callable(value) and type(value).__repr__ is object.__repr__:
        return type(value).__name__
    return repr(value)


def call(function, name, *args, where=None):
    """Call a student's function; if it fails, say so plainly, with the arguments used
    (or with ``where``, the check's own short description of the call).

    Its warnings are silenced: a check writes nothing to stderr (nbgrader would read that
    as a failure), and what the function returns is judged on its own.
    """
    where = where or f"{name}({', '.join(_argument(a) for a in args)})"
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            return function(*args)
    except NotImplementedError:
        raise CheckError(f"{name} still raises NotImplementedError: replace that line "
                         "with your code.") from None
    except Exception as error:  # the student's code: any failure is reported, not raised
        raise CheckError(f"{where} raised {type(error).__name__}: {error}") from None


def as_result(value, where):
    """The number a student's function returned, or a CheckError that says what it was."""
    if value is None:
        raise CheckError(f"{where} returned None: end the function with `return` and the "
                         "value.")
    return as_number(value, where)


def as_returned_vector(value, where, length, what="numbers", *, returning, single=None,
                       miscounted=None):
    """What a student's function returned at ``where``, as a vector of ``length`` ``what``,
    or a CheckError that says what came back instead.

    None: "end the function with ``returning``". A single number, when ``single`` is given:
    the number, then ``single`` (what to return instead). A flat list of another length,
    when ``miscounted(n)`` gives a message: "``where`` returned " and that message.
    Anything else is judged by :func:`as_vector`, as "the result of ``where``".
    """
    if value is None:
        raise CheckError(f"{where} returned None: end the function with {returning}.")
    if single and is_scalar(value):
        raise CheckError(f"{where} returned a single number, {value!r:.40}: {single}")
    if miscounted and is_flat(value) and len(value) != length:
        message = miscounted(len(value))
        if message:
            raise CheckError(f"{where} returned {message}")
    return as_vector(value, f"the result of {where}", length, what)
