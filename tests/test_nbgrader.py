"""nbgrader uses our workbooks unchanged, and agrees with our own grader.

One workbook (chapter 04) goes through nbgrader 0.9.6 as a teacher on a JupyterHub would
use it: ``nbgrader generate_assignment`` on the workbook as it is, four submissions made
from the released notebook (all correct, all wrong, the stub, half right),
``nbgrader autograde`` with a sqlite gradebook. The score of every check cell must equal
the points ``python -m backprop_book grade`` gives the same submissions. Every per-user
Jupyter and IPython location is redirected into the course folder, so no personal
configuration takes part. (book/instructors.md quotes these steps.)"""

import csv
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import nbformat
import pytest

from backprop_book.teach.student import BEGIN, END, is_solution, student_version

ROOT = Path(__file__).resolve().parents[1]
WORKBOOK = ROOT / "exercises" / "ch04_gradient_descent.ipynb"
NBGRADER = Path(sys.executable).with_name("nbgrader")
ASSIGNMENT = "ps1"
STUB = re.compile(r"^([ \t]*)# YOUR CODE HERE\n[ \t]*raise NotImplementedError\(\)$", re.MULTILINE)

# Plausible wrong answers to chapter 04's exercises: each fails its check with a hint.
WRONG = {
    "ch04-ex1-solution": "loss = 0.5",
    "ch04-ex2-solution": 'value, slope, direction, new_x = 3, 1, "left", 0.9',
    "ch04-ex3-solution": "return x + learning_rate * slope",
    "ch04-ex4-solution": "alpha_diverges, start, alpha_global = 0.1, 1.0, 0.1",
    "ch04-ex5-solution": "return float(sum((p - t) ** 2 for p, t in "
                         "zip(predictions, targets, strict=True)))",
    "ch04-ex6-solution": "return [None] * len(positions)",
}
HALF_RIGHT = {"ch04-ex1-solution", "ch04-ex3-solution", "ch04-ex5-solution"}


def grade_id(cell):
    return cell.metadata.get("nbgrader", {}).get("grade_id")


def solution_code(source):
    """The reference answer of a workbook's solution cell: the code between its markers."""
    lines = source.splitlines()
    begin = [line.strip() for line in lines].index(BEGIN)
    end = [line.strip() for line in lines].index(END)
    return textwrap.dedent("\n".join(lines[begin + 1:end]))


def indent(code, prefix):
    return "\n".join(prefix + line for line in code.splitlines())


def fill(released, answers):
    """A copy of the released notebook with {grade_id: code} put in place of each stub."""
    nb = nbformat.from_dict(json.loads(json.dumps(released)))
    for cell in nb.cells:
        answer = answers.get(grade_id(cell))
        if cell.cell_type == "markdown" and answer is not None:
            cell.source = answer
        elif cell.cell_type == "code" and answer is not None:
            cell.source, count = STUB.subn(lambda m, a=answer: indent(a, m.group(1)),
                                           cell.source)
            assert count == 1, cell.source
    return nb


def isolated_env(home):
    env = dict(os.environ, HOME=str(home), JUPYTER_CONFIG_DIR=str(home / ".jupyter"),
               JUPYTER_DATA_DIR=str(home / ".local/share/jupyter"),
               JUPYTER_RUNTIME_DIR=str(home / ".local/share/jupyter/runtime"),
               IPYTHONDIR=str(home / ".ipython"), PYTHONWARNINGS="ignore",
               # nbgrader runs `alembic` (its gradebook's migrations) from PATH
               PATH=os.pathsep.join([str(NBGRADER.parent), os.environ.get("PATH", "")]))
    for name in ("JUPYTER_PATH", "JUPYTER_CONFIG_PATH", "PYTHONSTARTUP"):
        env.pop(name, None)
    return env


def run(command, cwd, env, timeout=300):
    result = subprocess.run([str(c) for c in command], cwd=cwd, env=env, capture_output=True,
                            text=True, timeout=timeout, check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result


# The configuration book/instructors.md recommends. The workbooks keep the saved state of
# their widgets (the site shows them), which can hold values a solution cell computed:
# nbgrader would copy it into the release, so it is cleared (the cells' metadata stays).
CONFIG = """\
c = get_config()  # noqa: F821
c.CourseDirectory.root = "{course}"
c.CourseDirectory.course_id = "backprop"
c.CourseDirectory.db_url = "sqlite:///{course}/gradebook.db"
c.Execute.timeout = 60                      # per cell, in seconds
c.OverwriteCells.add_missing_cells = True   # restore check cells a student deleted
c.Exporter.preprocessors = ["nbconvert.preprocessors.ClearMetadataPreprocessor"]
c.ClearMetadataPreprocessor.clear_cell_metadata = False
c.ClearMetadataPreprocessor.preserve_nb_metadata_mask = {{"kernelspec", "language_info"}}
"""

GRADEBOOK_SCORES = """
import json, sys
from nbgrader.api import Gradebook
scores = {}
with Gradebook(sys.argv[1]) as gradebook:
    for student in gradebook.students:
        submission = gradebook.find_submission(sys.argv[2], student.id)
        scores[student.id] = {grade.name: [grade.auto_score, grade.max_score,
                                           grade.needs_manual_grade]
                              for notebook in submission.notebooks for grade in notebook.grades}
print(json.dumps(scores))
"""


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """The course folder after generate_assignment and autograde, and nbgrader's scores."""
    if not NBGRADER.exists():
        pytest.skip("nbgrader is not installed (pip install -e .[teacher])")
    course = tmp_path_factory.mktemp("course")
    env = isolated_env(course / ".home")
    (course / ".home").mkdir()
    (course / "nbgrader_config.py").write_text(CONFIG.format(course=course))
    source = course / "source" / ASSIGNMENT
    source.mkdir(parents=True)
    shutil.copy(WORKBOOK, source / WORKBOOK.name)
    start = time.perf_counter()
    run([NBGRADER, "generate_assignment", ASSIGNMENT, "--force"], course, env)
    print(f"generate_assignment: {time.perf_counter() - start:.1f} s")

    released = nbformat.read(course / "release" / ASSIGNMENT / WORKBOOK.name, as_version=4)
    teacher = nbformat.read(WORKBOOK, as_version=4)
    right = {grade_id(c): solution_code(c.source) for c in teacher.cells
             if c.cell_type == "code" and is_solution(c)}
    assert set(right) == set(WRONG)
    written = {grade_id(c): "My own words." for c in teacher.cells
               if c.cell_type == "markdown" and is_solution(c)}
    submissions = {
        "correct": right | written,
        "wrong": WRONG,
        "stub": {},
        "partial": {k: right[k] if k in HALF_RIGHT else WRONG[k] for k in right},
    }
    ours = tmp_path_factory.mktemp("ours")
    for student, answers in submissions.items():
        folder = course / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        nbformat.write(fill(released, answers), folder / WORKBOOK.name)
        shutil.copy(folder / WORKBOOK.name, ours / f"{student}.ipynb")
    # Our grader grades the same submissions meanwhile (it needs nothing from nbgrader).
    start = time.perf_counter()
    grader = subprocess.Popen(
        [sys.executable, "-m", "backprop_book", "grade", "--chapters", "4", str(ours),
         "--out", str(ours / "grades.csv"), "--cell-timeout", "60", "--jobs", "1"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        run([NBGRADER, "autograde", ASSIGNMENT, "--force"], course, env)
        print(f"autograde, {len(submissions)} submissions: {time.perf_counter() - start:.1f} s")
        result = run([sys.executable, "-c", GRADEBOOK_SCORES,
                      f"sqlite:///{course}/gradebook.db", ASSIGNMENT], course, env)
        output, _ = grader.communicate(timeout=300)
    finally:
        if grader.poll() is None:
            grader.kill()
            grader.wait()
    print(f"both graders: {time.perf_counter() - start:.1f} s")
    assert grader.returncode == 0, output[-3000:]
    return course, json.loads(result.stdout), released, teacher, ours / "grades.csv"


def test_the_release_is_our_student_version(course):
    _, _, released, teacher, _ = course
    ours = student_version(teacher)
    assert [c.source for c in released.cells] == [c.source for c in ours.cells]
    assert [c.cell_type for c in released.cells] == [c.cell_type for c in ours.cells]
    assert "widgets" in teacher.metadata and "widgets" not in released.metadata


def test_nbgrader_scores_the_submissions(course):
    _, scores, _, teacher, _ = course
    checks = [grade_id(c) for c in teacher.cells
              if c.metadata.get("nbgrader", {}).get("grade") and c.cell_type == "code"]
    totals = {s: sum(scores[s][g][0] for g in checks) for s in scores}
    assert totals == {"correct": 6, "wrong": 0, "stub": 0, "partial": 3}
    answers = [grade_id(c) for c in teacher.cells
               if c.metadata.get("nbgrader", {}).get("grade") and c.cell_type == "markdown"]
    assert answers, "the workbook has written answers"
    for g in answers:  # left to the teacher where written, 0 where left as the stub
        assert scores["correct"][g][2] and scores["correct"][g][0] is None
        assert not scores["stub"][g][2] and scores["stub"][g][0] == 0


def test_our_grader_gives_the_same_points(course):
    _, scores, _, _, out = course
    ours = {}
    with out.open(newline="", encoding="utf-8") as file:
        for row in csv.DictReader(file):
            if row["exercise"].endswith("-check"):
                ours.setdefault(row["student"], {})[row["exercise"]] = float(row["points"])
    theirs = {student: {g: auto for g, (auto, _, _) in grades.items() if g.endswith("-check")}
              for student, grades in scores.items()}
    assert ours == theirs
