"""The student-version generator."""

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from backprop_book.__main__ import main
from backprop_book.teach.student import (
    ANSWER_STUB,
    WorkbookError,
    strip_solution,
    student_version,
)

SOLUTION = {"grade": False, "grade_id": "x-solution", "locked": False, "schema_version": 3,
            "solution": True, "task": False}


def solution_cell(source):
    cell = new_code_cell(source, metadata={"nbgrader": dict(SOLUTION), "tags": ["hide-input"],
                                           "mystnb": {"code_prompt_show": "Show solution"}})
    cell.outputs = [new_output("stream", name="stdout", text="secret output\n")]
    cell.execution_count = 3
    return cell


def test_strip_solution_keeps_the_placeholder_and_the_indent():
    source = ("answer = None\n### BEGIN SOLUTION\nanswer = 42\n### END SOLUTION\n"
              "def f(x):\n    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION")
    assert strip_solution(source) == (
        "answer = None\n# YOUR CODE HERE\nraise NotImplementedError()\n"
        "def f(x):\n    # YOUR CODE HERE\n    raise NotImplementedError()")


@pytest.mark.parametrize(("source", "problem"), [
    ("### BEGIN SOLUTION\nx = 1", "never closed"),
    ("x = 1\n### END SOLUTION", "without"),
    ("### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION", "inside another"),
])
def test_broken_markers_are_refused(source, problem):
    with pytest.raises(WorkbookError, match=problem):
        strip_solution(source)


def test_student_version_removes_solutions_outputs_and_widget_state():
    nb = new_notebook(metadata={"widgets": {"state": "saved"}})
    answer = new_markdown_cell(":::{admonition} Model answer\nThe secret reason.\n:::",
                               metadata={"nbgrader": dict(SOLUTION, grade_id="x-answer")})
    check = new_code_cell("check(answer)")
    check.outputs = [new_output("stream", name="stdout", text="✓\n")]
    nb.cells = [new_markdown_cell("# Title"), solution_cell(
        "answer = None\n### BEGIN SOLUTION\nanswer = 'secret'\n### END SOLUTION"), check, answer]

    student = student_version(nb)
    text = nbformat.writes(student)
    assert "secret" not in text and "BEGIN SOLUTION" not in text
    assert "widgets" not in student.metadata
    assert student.cells[1].source.endswith("raise NotImplementedError()")
    assert "tags" not in student.cells[1].metadata and "mystnb" not in student.cells[1].metadata
    assert all(c.outputs == [] and c.execution_count is None
               for c in student.cells if c.cell_type == "code")
    assert student.cells[3].source == ANSWER_STUB
    assert nb.cells[1].outputs, "the teacher's notebook is left as it was"


def test_markers_outside_solution_cells_are_a_workbook_error():
    nb = new_notebook()
    nb.cells = [new_code_cell("### BEGIN SOLUTION\nx = 1\n### END SOLUTION")]
    with pytest.raises(WorkbookError, match="no nbgrader solution metadata"):
        student_version(nb)
    nb.cells = [solution_cell("x = 1")]
    with pytest.raises(WorkbookError, match="without ### BEGIN SOLUTION"):
        student_version(nb)


def test_command_line_writes_versions_and_reports_errors(tmp_path, capsys):
    nb = new_notebook()
    nb.cells = [solution_cell("x = None\n### BEGIN SOLUTION\nx = 1\n### END SOLUTION")]
    nbformat.write(nb, tmp_path / "ch99_good.ipynb")
    assert main(["student", str(tmp_path / "ch99_good.ipynb"), "--out", str(tmp_path / "out")]) == 0
    assert "raise NotImplementedError()" in (tmp_path / "out" / "ch99_good.ipynb").read_text()

    nb.cells = [solution_cell("### BEGIN SOLUTION\nx = 1")]
    nbformat.write(nb, tmp_path / "ch99_bad.ipynb")
    assert main(["student", str(tmp_path / "ch99_bad.ipynb"), "--out", str(tmp_path / "o")]) == 1
    assert "ch99_bad.ipynb: cell 0: ### BEGIN SOLUTION is never closed" in capsys.readouterr().err
