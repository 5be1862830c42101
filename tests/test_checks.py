"""The check framework every chapter's checker uses."""

import math
import warnings

import numpy as np
import pytest

from backprop_book.checks import (
    CheckError,
    as_function,
    as_number,
    as_result,
    as_returned_vector,
    as_vector,
    call,
    exercise,
    is_flat,
    is_scalar,
    listed,
)


@exercise("9.9")
def check_double(value):
    if as_number(value, "value") != 2:
        raise CheckError("value should be 2: did you add instead of multiply?")
    return "two it is."


def test_a_passing_check_prints_one_confirmation_and_returns_none(capsys):
    assert check_double(2) is None
    out, err = capsys.readouterr()
    assert "✓ Exercise 9.9:" in out and "two it is." in out
    assert err == ""


def test_a_failing_check_names_the_exercise_and_the_mistake():
    with pytest.raises(CheckError) as caught:
        check_double(3)
    error = caught.value
    assert str(error) == "Exercise 9.9: value should be 2: did you add instead of multiply?"
    frames, tb = [], error.__traceback__
    while tb:
        frames.append(tb.tb_frame.f_code.co_name)
        tb = tb.tb_next
    assert frames[-1] == "run" and "check_double" not in frames, "the check's frames are cut"
    assert error.__suppress_context__
    shown = error._render_traceback_()
    assert "Exercise 9.9: not yet" in shown[0]
    assert shown[1:] == ["value should be 2: did you add instead of multiply?"]


@pytest.mark.parametrize(("value", "expected"), [
    (None, "is None"), ("0.5", "without quotes"), ([1], "single number"),
    (True, "single number"), (math.nan, "finite number"), (math.inf, "finite number"),
    (np.array([1.0, 2.0]), "single number"), (10**400, "too large to be a float"),
])
def test_as_number_refuses_what_is_not_one_number(value, expected):
    with pytest.raises(CheckError, match=expected):
        as_number(value, "answer")


def test_as_number_accepts_python_and_numpy_numbers():
    assert as_number(3, "a") == 3.0
    assert as_number(np.float32(0.5), "a") == 0.5
    assert as_number(np.array(1.5), "a") == 1.5


@pytest.mark.parametrize(("value", "expected"), [
    (None, "is None"), ("1, 2, 3", "should be a list of 3"), (7, "should be a list of 3"),
    ([1, 2], "holds 2"), ([1, 2, 3, 4], "holds 4"), (np.zeros((3, 1)), r"shape \(3, 1\)"),
    ([1, "a", 3], "holds the string 'a'"), (["1", "1", "1"], "without quotes"),
    ([None, 1, 1], "still holds None"), ([1, {}, 3], "not all of its items are numbers"),
    ([1, 10**400, 3], "too large"), ([1, math.nan, 3], "contains nan"),
    ([1, 2, -math.inf], "contains -inf"), ([[1, 2], [3]], "not all of its items"),
])
def test_as_vector_says_what_was_expected(value, expected):
    with pytest.raises(CheckError, match=expected):
        as_vector(value, "outputs", 3)


def test_as_vector_accepts_lists_tuples_and_arrays_without_changing_them():
    values = [1, 2.5, 3]
    np.testing.assert_array_equal(as_vector(values, "v", 3), [1.0, 2.5, 3.0])
    assert values == [1, 2.5, 3]
    np.testing.assert_array_equal(as_vector(np.arange(3), "v", 3), [0, 1, 2])


def test_as_function_and_call_report_the_students_failures_plainly():
    with pytest.raises(CheckError, match="is None: define it"):
        as_function(None, "f")
    with pytest.raises(CheckError, match="should be a function"):
        as_function(3, "f")

    def unfinished(x):
        raise NotImplementedError()

    with pytest.raises(CheckError, match="still raises NotImplementedError"):
        call(unfinished, "f", 1)
    with pytest.raises(CheckError, match=r"f\(1, 'a'\) raised TypeError"):
        call(lambda x, y: x + y, "f", 1, "a")
    assert call(lambda x: 2 * x, "f", 4) == 8


def test_call_names_function_arguments_without_memory_addresses():
    def square(x):
        return x * x

    def broken(g, x):
        raise ValueError("no")

    with pytest.raises(CheckError) as caught:
        call(broken, "f", square, 2.0)
    assert "f(square, 2.0) raised ValueError: no" in str(caught.value)
    assert "0x" not in str(caught.value)


def test_call_keeps_the_students_warnings_off_stderr(capsys):
    def noisy(x):
        warnings.warn("careful", stacklevel=1)
        return np.exp(np.array(1000.0)) * x

    assert call(noisy, "f", 2) == np.inf
    assert capsys.readouterr().err == ""
    with pytest.raises(CheckError, match="is inf: a finite number was expected"):
        as_result(call(noisy, "f", 2), "f(2)")


def test_as_result_asks_for_a_return():
    with pytest.raises(CheckError, match=r"f\(1\) returned None: end the function with `return`"):
        as_result(None, "f(1)")


def test_listed_shows_a_vector_as_a_student_would_write_it():
    assert listed([0.3, -1.2, 2]) == "[0.3, -1.2, 2]"
    assert listed(np.array([[1 / 3]]), digits=3) == "[0.333]"


@pytest.mark.parametrize("value, scalar, flat", [
    (1.5, True, False), (np.float64(2), True, False), (np.array(3.0), True, False),
    ([1, 2], False, True), ((1,), False, True), (np.zeros(2), False, True),
    (np.zeros((2, 2)), False, False), ("12", False, False), (None, False, False),
])
def test_is_scalar_and_is_flat_tell_a_number_from_a_list(value, scalar, flat):
    assert is_scalar(value) is scalar
    assert is_flat(value) is flat


@pytest.mark.parametrize("value, expected", [
    (None, r"^f\(1\) returned None: end the function with `return y`\.$"),
    (0.5, r"^f\(1\) returned a single number, 0\.5: return both\.$"),
    ([1.0], r"^f\(1\) returned 1 number\(s\)$"),
    ("ab", r"^the result of f\(1\) should be a list of 2 numbers"),
])
def test_as_returned_vector_says_what_came_back(value, expected):
    with pytest.raises(CheckError, match=expected):
        as_returned_vector(value, "f(1)", 2, returning="`return y`", single="return both.",
                           miscounted=lambda n: f"{n} number(s)")


def test_as_returned_vector_returns_the_vector():
    np.testing.assert_array_equal(as_returned_vector((1, 2), "f(1)", 2, returning="y"), [1, 2])
