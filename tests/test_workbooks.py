"""Every exercise workbook: well-formed for nbgrader and for the book, every check passes
with the solutions (see the committed outputs, compared by nbval), and the student
version fails every check with a clear message and leaks no solution."""

import importlib
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from backprop_book.teach.student import BEGIN, END, is_solution, student_version

ROOT = Path(__file__).resolve().parents[1]
WORKBOOKS = sorted((ROOT / "exercises").glob("ch*.ipynb"))
NBGRADER_KEYS = {"grade", "grade_id", "locked", "schema_version", "solution", "task"}
CHECK_CALL = re.compile(r"\bch(\d\d)\.(exercise_\d+)\(")


def nbgrader(cell):
    return cell.metadata.get("nbgrader", {})


def is_check(cell):
    meta = nbgrader(cell)
    return cell.cell_type == "code" and meta.get("grade") and not meta.get("solution")


def chapter_of(path):
    return re.match(r"ch(\d\d)_", path.name).group(1)


def split_lines(nb):
    """(secret, public): the stripped lines inside solutions, and all the others."""
    secret, public = set(), set()
    for cell in nb.cells:
        whole_answer = cell.cell_type == "markdown" and is_solution(cell)
        inside = False
        for line in map(str.strip, cell.source.splitlines()):
            if line in (BEGIN, END):
                inside = line == BEGIN
            elif line:
                (secret if inside or whole_answer else public).add(line)
    return secret - public, public


@pytest.fixture(params=WORKBOOKS, ids=lambda p: p.name)
def workbook(request):
    return request.param, nbformat.read(request.param, as_version=4)


def test_there_is_a_workbook_per_chapter_page():
    chapters = {p.name[:2] for p in (ROOT / "book").glob("[0-9][0-9]_*.ipynb")}
    assert chapters == {chapter_of(p) for p in WORKBOOKS}


def test_workbook_is_well_formed(workbook):
    path, nb = workbook
    nbformat.validate(nb)
    ids = []
    for cell in nb.cells:
        meta = nbgrader(cell)
        if meta:
            assert set(meta) - {"points"} == NBGRADER_KEYS, f"nbgrader keys of {meta}"
            assert meta["schema_version"] == 3
            assert re.fullmatch(r"[A-Za-z0-9_-]+", meta["grade_id"])
            assert bool(meta["grade"]) == ("points" in meta) and meta.get("points", 1) > 0
            ids.append(meta["grade_id"])
    assert len(ids) == len(set(ids)), "grade_id values must be unique"

    checker = importlib.import_module(f"backprop_book.checks.ch{chapter_of(path)}")
    provided = {name for name in dir(checker) if re.fullmatch(r"exercise_\d+", name)}
    called = []
    for before, cell in zip(nb.cells, nb.cells[1:], strict=False):
        if is_check(cell):
            assert nbgrader(cell)["locked"], "check cells are locked"
            match = CHECK_CALL.search(cell.source)
            assert match and match.group(1) == chapter_of(path), cell.source
            called.append(match.group(2))
            assert is_solution(before) and before.cell_type == "code", (
                f"{match.group(2)} should follow its solution cell")
        if cell.cell_type == "code" and is_solution(cell):
            assert BEGIN in cell.source and END in cell.source
            assert "hide-input" in cell.metadata.get("tags", []), "solutions are collapsed"
    assert sorted(called) == sorted(provided), "each check is called exactly once"


def test_committed_outputs_show_every_check_passing(workbook):
    _, nb = workbook
    for cell in filter(is_check, nb.cells):
        text = "".join(o.get("text", "") for o in cell.outputs)
        assert "✓ Exercise" in text, f"no ✓ in the committed output of {cell.source!r}"


def test_student_version_fails_every_check_and_leaks_no_solution(workbook, tmp_path):
    _, nb = workbook
    student = student_version(nb)
    secret, _ = split_lines(nb)
    student_lines = {line.strip() for cell in student.cells for line in cell.source.splitlines()}
    assert secret, "the workbook should have solutions"
    assert not secret & student_lines, "solution lines leaked into the student version"

    NotebookClient(student, timeout=120, allow_errors=True, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    for cell in filter(is_check, student.cells):
        errors = [o for o in cell.outputs if o.output_type == "error"]
        assert errors, f"{cell.source!r} passed without an answer"
        assert errors[0].ename == "CheckError", (
            f"{cell.source!r} failed with {errors[0].ename}, not a CheckError with a hint")
        assert not any("site-packages" in line or "backprop_book" in line
                       for line in errors[0].traceback), "a library traceback was shown"
