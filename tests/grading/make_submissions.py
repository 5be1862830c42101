"""Submissions for the grader's tests and benchmark, generated from a workbook.

Each submission is the workbook's student version with some solution cells filled in:
with the workbook's own solution (correct), a wrong answer, or hostile code. The hostile
ones and what the grader must make of them are listed in HOSTILE; every cell not named
there holds the correct solution, so it must pass in the same run.
"""

import copy
import json
from pathlib import Path

import nbformat

from backprop_book.teach.student import is_solution, student_version

ROOT = Path(__file__).resolve().parents[2]
CHAPTER = "04"
WORKBOOK = ROOT / "exercises" / "ch04_gradient_descent.ipynb"
#: Every check of the chapter and its points (written answers are not auto-graded).
CHECKS = [f"ch04-ex{k}-check" for k in range(1, 7)]

MARKER = "graded-by-a-vandal"


def _vandal(repo, elsewhere):
    """Write, delete and read outside the student's folder; then answer correctly."""
    return f"""
import os, shutil
attempts = []
for path in [{str(repo / MARKER)!r}, {str(repo / "backprop_book" / MARKER)!r},
             {str(elsewhere / MARKER)!r}, "/tmp/../{MARKER}", "/etc/{MARKER}"]:
    try:
        with open(path, "w") as f:
            f.write("x")
        attempts.append(path)
    except OSError:
        pass
for target in [{str(repo / "backprop_book" / "checks")!r}, {str(elsewhere)!r}]:
    shutil.rmtree(target, ignore_errors=True)
w1, w2, w3, b = 1.0, 0.5, -2.0, 1.0
ya, yb, yc = sigmoid(b), sigmoid(w2 + b), sigmoid(w1 + w3 + b)
loss = ((ya - 1) ** 2 + (yb - 1) ** 2 + yc ** 2) / 3
"""


def _spy(repo, other):
    """Read the workbook with solutions (or another student's notebook) and use it."""
    return f"""
import json, re
value, slope, direction, new_x = 0, 0, "left", 0   # wrong unless a solution can be read
for path in [{str(WORKBOOK)!r}, {str(other)!r}]:
    try:
        cells = json.load(open(path))["cells"]
    except OSError:
        continue
    for cell in cells:
        source = "".join(cell["source"])
        if "new_x = 1.1" in source:
            value, slope, direction, new_x = 3, -1, "right", 1.1
"""


TAMPER = """
import builtins, sys
import numpy as np
import backprop_book.checks as checks
from backprop_book.checks import ch04
# A wrong answer, and every way to make a check in this process say yes.
def gradient_descent_step(x, slope, learning_rate):
    return x
def yes(*args, **kwargs):
    print("\\x1b[32m\\x1b[1m✓ Exercise 4.3:\\x1b[0m well done")
for number in range(1, 7):
    setattr(ch04, f"exercise_{number}", yes)
checks.close = lambda *args, **kwargs: True
np.isclose = lambda *args, **kwargs: True
np.allclose = lambda *args, **kwargs: True
builtins.abs = lambda x: 0
sys.modules["backprop_book.checks.ch04"] = type(sys)("fake")
sys.modules["backprop_book.checks.ch04"].exercise_3 = yes
"""

NETWORK = """
import socket
alpha_diverges, start, alpha_global = 0.45, 2.0, 0.1
try:   # reaching the grader's loopback is a network escape: then answer wrongly
    socket.create_connection(("127.0.0.1", {port}), timeout=2).close()
    alpha_diverges = None
except OSError:
    pass
"""

#: (student, {grade_id of a solution cell: code}, {check: expected status}).
#: Checks not named get the correct solution and must pass.
def hostile_cases(repo, elsewhere, other, port):
    return [
        ("looper", {
            "ch04-ex1-solution": "loss = None\nwhile True:\n    pass",
            "ch04-ex3-solution": "def gradient_descent_step(x, slope, learning_rate):\n"
                                 "    while True:\n        pass",
            "ch04-ex5-solution": "import time\nwhile True:   # ignores the interrupt\n"
                                 "    try:\n        time.sleep(0.05)\n"
                                 "    except BaseException:\n        pass",
        }, {"ch04-ex1-check": "timeout", "ch04-ex3-check": "timeout",
            "ch04-ex5-check": "timeout"}),
        ("crasher", {
            "ch04-ex1-solution": "import os\nos._exit(0)",
            "ch04-ex2-solution": "import ctypes\nctypes.string_at(0)   # a segmentation fault",
            "ch04-ex3-solution": "import os, signal\n"
                                 "for target in (os.getppid(), -1, 0):   # the grader, all\n"
                                 "    try:\n        os.kill(target, signal.SIGKILL)\n"
                                 "    except OSError:\n        pass\n"
                                 "def gradient_descent_step(x, slope, learning_rate):\n"
                                 "    return x - learning_rate * slope",
            "ch04-ex4-solution": "import sys\nsys.exit(3)",
            "ch04-ex5-solution": "hog = []\nwhile True:   # until the memory limit\n"
                                 "    hog.append(np.empty(2**24))",
        }, {"ch04-ex1-check": "crashed", "ch04-ex2-check": "crashed",
            "ch04-ex4-check": "error",
            "ch04-ex5-check": "error"}),
        ("vandal", {
            "ch04-ex1-solution": _vandal(repo, elsewhere),
            "ch04-ex2-solution": _spy(repo, other),
            "ch04-ex3-solution": TAMPER,
            "ch04-ex4-solution": NETWORK.format(port=port),
            "ch04-ex6-solution": "def hints(positions, seed):   # the game's own hints\n"
                                 "    return slider_game.hints(positions, "
                                 "slider_game.puzzle(seed))",
        }, {"ch04-ex2-check": "failed", "ch04-ex3-check": "failed",
            "ch04-ex6-check": "failed"}),
    ]


def solutions():
    """{grade_id: source} of the workbook's code solution cells."""
    nb = nbformat.read(WORKBOOK, as_version=4)
    return {c.metadata["nbgrader"]["grade_id"]: c.source for c in nb.cells
            if c.cell_type == "code" and is_solution(c)}


def notebook(filled):
    """The student version with the cells in ``filled`` (grade_id -> code) replaced."""
    nb = student_version(nbformat.read(WORKBOOK, as_version=4))
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in filled:
            cell.source = filled[grade_id]
    return nb


def write(nb, path):
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


WRONG = {
    "ch04-ex1-solution": "loss = 0.35",
    "ch04-ex2-solution": "value, slope, direction, new_x = 3, -1, 'left', 0.9",
    "ch04-ex3-solution": "def gradient_descent_step(x, slope, learning_rate):\n"
                         "    return x + learning_rate * slope",
    "ch04-ex4-solution": "alpha_diverges, start, alpha_global = 0.1, 1.0, 0.1",
    "ch04-ex5-solution": "def mse(predictions, targets):\n    return 0.0",
    "ch04-ex6-solution": "def hints(positions, seed):\n    return [None] * 10",
}


def write_plain(folder, student, kind):
    """A correct, wrong or stub (student version) submission in folder/student/."""
    filled = {"correct": solutions(), "wrong": WRONG, "stub": {}}[kind]
    return write(notebook(filled), Path(folder) / student / WORKBOOK.name)


def write_hostile(folder, repo, elsewhere, port):
    """Every hostile and broken submission; {student: {check: expected status}}."""
    folder = Path(folder)
    correct = solutions()
    expected = {}
    other = write_plain(folder, "alice", "correct")
    expected["alice"] = {c: "passed" for c in CHECKS}
    write_plain(folder, "bob", "stub")
    expected["bob"] = {c: "failed" for c in CHECKS}
    for student, cells, statuses in hostile_cases(repo, elsewhere, other, port):
        write(notebook({**correct, **cells}), folder / student / WORKBOOK.name)
        expected[student] = {c: statuses.get(c, "passed") for c in CHECKS}

    # not JSON at all
    broken = folder / "broken" / WORKBOOK.name
    broken.parent.mkdir(parents=True, exist_ok=True)
    broken.write_text('{"cells": [', encoding="utf-8")
    expected["broken"] = {c: "error" for c in CHECKS}

    # cells deleted and reordered; a wrong answer under an edited check cell
    nb = notebook({**correct, "ch04-ex1-solution": "loss = 0.5"})
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "ch04-ex1-check":
            cell.source = 'print("✓ Exercise 4.1: correct")'
    nb.cells = [c for c in nb.cells
                if c.metadata.get("nbgrader", {}).get("grade_id") not in (
                    "ch04-ex2-solution", "ch04-ex6-check")]
    nb.cells.reverse()
    write(nb, folder / "shuffler" / WORKBOOK.name)
    expected["shuffler"] = {c: "passed" for c in CHECKS} | {
        "ch04-ex1-check": "failed", "ch04-ex2-check": "failed"}

    # correct, but noisy on stdout and stderr; and metadata that lies
    noisy = {k: "import sys\nprint('debug', file=sys.stderr)\nprint('x' * 10000)\n" + v
             for k, v in correct.items()}
    nb = notebook(noisy)
    data = json.loads(nbformat.writes(nb))
    duplicate = next(c for c in data["cells"]
                     if c["metadata"].get("nbgrader", {}).get("grade_id") == "ch04-ex6-solution")
    data["cells"].append(copy.deepcopy(duplicate))   # a second cell with the same grade_id:
    data["cells"][-1]["source"] = "raise SystemExit"  # the first one counts
    path = folder / "kate" / WORKBOOK.name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")
    expected["kate"] = {c: "passed" for c in CHECKS}
    return expected
