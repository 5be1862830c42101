"""Grade one submitted notebook (the trusted side; started by ``grade`` once per notebook).

``python -m backprop_book.teach.grade_worker JOB.json RESULT.json`` reads the job (the
submission, the chapter, the trusted workbook, the limits, the worker slot), grades, and
writes the result as JSON. What runs where:

- The notebook that runs is the trusted workbook's student version, with each solution
  cell replaced by the submission's cell of the same ``grade_id`` (nbgrader metadata). Every
  other cell of the submission (its check cells, its own extra cells) is ignored: the
  trusted cells are used, so an edited, deleted or reordered cell changes nothing.
- The cells run in the sandboxed student process (:mod:`backprop_book.teach.sandbox`).
- Each check cell ``chNN.exercise_k(a, b)`` runs *here*: ``a`` and ``b`` are evaluated in
  the student process and arrive as plain data (functions as proxies that call back into
  the student process), and the check function of this process's own, untouched
  ``backprop_book.checks`` judges them. Points come from the trusted workbook.
"""

import ast
import contextlib
import importlib
import io
import json
import re
import resource
import sys
import time
from pathlib import Path

from backprop_book.checks import CheckError
from backprop_book.teach.sandbox import Limits, Sandbox, remember_package_state
from backprop_book.teach.sandbox_wire import PeerGone, Remote

ANSI = re.compile(r"\x1b\[[0-9;]*m")
#: The address space of this trusted process (the checks and the answers they receive).
WORKER_MEMORY = 4 * 1024**3


def _source(cell):
    source = cell.get("source", "") if isinstance(cell, dict) else ""
    if isinstance(source, list):
        source = "".join(s for s in source if isinstance(s, str))
    return source if isinstance(source, str) else ""


def _nbgrader(cell):
    meta = cell.get("metadata", {}) if isinstance(cell, dict) else {}
    meta = meta.get("nbgrader", {}) if isinstance(meta, dict) else {}
    return meta if isinstance(meta, dict) else {}


def exercise_number(grade_id):
    match = re.match(r"ch(\d\d)-ex(\d+)-", grade_id)
    return f"{int(match.group(1))}.{match.group(2)}" if match else grade_id


def trusted_plan(workbook):
    """The cells to run, from the trusted workbook: (kind, grade_id, source, points).

    kind is "code" (a trusted cell), "solution" (replaced by the student's), "check" or
    "manual" (a written answer, graded by the teacher).
    """
    import nbformat  # slow to import (jsonschema): only the command's process reads workbooks

    from backprop_book.teach.student import student_version

    nb = student_version(nbformat.read(workbook, as_version=4))
    plan = []
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        grade_id = meta.get("grade_id", "")
        if cell.cell_type == "markdown":
            if meta.get("grade") and meta.get("solution"):
                plan.append(("manual", grade_id, "", meta.get("points", 0)))
        elif cell.cell_type == "code":
            if meta.get("solution"):
                plan.append(("solution", grade_id, cell.source, 0))
            elif meta.get("grade"):
                plan.append(("check", grade_id, cell.source, meta.get("points", 0)))
            else:
                plan.append(("code", "", cell.source, 0))
    return plan


def read_submission(path):
    """{grade_id: source} of the submission's code solution cells, and notes; or an error."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ValueError("the file is not text (UTF-8)") from None
    except json.JSONDecodeError as error:
        raise ValueError(f"the notebook is not valid JSON ({error})") from None
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        raise ValueError("the file is JSON but not a notebook (no list of cells)")
    cells = {}
    for cell in data["cells"]:
        meta = _nbgrader(cell)
        grade_id = meta.get("grade_id")
        if isinstance(grade_id, str) and cell.get("cell_type") == "code" and grade_id not in cells:
            cells[grade_id] = _source(cell)
    return cells


def parse_check(source):
    """(chapter, function name, argument sources, keyword sources) of a trusted check cell."""
    source = str(source)
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and re.fullmatch(r"ch\d\d", node.func.value.id)
                and re.fullmatch(r"exercise_\d+", node.func.attr)):
            args = [ast.get_source_segment(source, a) for a in node.args]
            kwargs = {k.arg: ast.get_source_segment(source, k.value) for k in node.keywords}
            return node.func.value.id[2:], node.func.attr, args, kwargs
    raise ValueError(f"no check call in {source!r}")


class NotebookGrader:
    def __init__(self, job):
        self.job = job
        self.limits = Limits(**job["limits"])
        self.deadline = time.monotonic() + float(job["notebook_timeout"])
        self.sandbox = None
        self.replay = []
        self.dead = None           # why the student process can no longer be used
        self.results, self.notes = [], []
        self.restarts = 0

    # ------------------------------------------------------------------ process
    def ensure_sandbox(self):
        if self.dead:
            return False
        if self.sandbox is not None and self.sandbox.alive:
            return True
        restarting = self.sandbox is not None
        if self.sandbox is None:
            self.sandbox = Sandbox(self.limits, int(self.job.get("slot", 0)))
            self.sandbox.deadline = self.deadline
        try:
            self.sandbox.start()
        except PeerGone as gone:
            self.dead = gone.reason
            return False
        if restarting:
            self.restarts += 1
            for source in self.replay:
                try:
                    self.sandbox.run(source, self.time_left())
                except PeerGone as gone:
                    self.dead = f"it could not be restarted ({gone.reason})"
                    return False
        return True

    def time_left(self):
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise PeerGone("timeout", "the notebook's time limit was reached")
        return min(left, self.limits.cell_timeout)

    # ------------------------------------------------------------------ grading
    def add(self, grade_id, status, points, max_points, message, context=""):
        self.results.append({"exercise": grade_id, "number": exercise_number(grade_id),
                             "status": status, "points": points, "max_points": max_points,
                             "message": message.strip(), "context": context.strip()})

    def grade(self):
        plan = self.job["plan"]
        try:
            answers = read_submission(self.job["submission"])
        except (OSError, ValueError) as error:
            for kind, grade_id, _, points in plan:
                if kind in ("check", "manual"):
                    self.add(grade_id, "error" if kind == "check" else "manual",
                             0 if kind == "check" else "", points, str(error))
            return
        problem, cell_notes = None, []
        for kind, grade_id, source, points in plan:
            if kind == "manual":
                self.add(grade_id, "manual", "", points,
                         "a written answer: your teacher grades it")
                continue
            if kind == "check":
                self.grade_check(grade_id, source, points, problem, cell_notes)
                problem, cell_notes = None, []
                continue
            if kind == "solution":
                if grade_id in answers:
                    source = answers[grade_id]
                else:
                    cell_notes.append(f"The cell {grade_id} is missing from your notebook: "
                                      "its empty version ran instead.")
            if not self.ensure_sandbox():
                continue
            try:
                error, _ = self.sandbox.run(source, self.time_left())
            except PeerGone as gone:
                if kind == "solution":
                    problem = (gone.status, f"Your cell {grade_id}: {gone.reason}.")
                else:
                    self.notes.append(f"A cell of the workbook stopped: {gone.reason}.")
                continue
            self.replay.append(source)
            if error and kind == "solution":
                cell_notes.append(f"Your cell {grade_id} raised {error.get('type')}: "
                                  f"{error.get('message', '')}".rstrip(": "))
        if self.sandbox is not None:
            self.sandbox.close()
        if self.restarts:
            self.notes.append(f"The student process was restarted {self.restarts} time(s) "
                              "after it stopped; the cells before ran again each time.")

    def grade_check(self, grade_id, source, points, problem, cell_notes):
        context = "\n".join(cell_notes)
        if problem:
            self.add(grade_id, problem[0], 0, points, problem[1], context)
            return
        if not self.ensure_sandbox():
            self.add(grade_id, "crashed", 0, points,
                     f"The student process could not run: {self.dead}.", context)
            return
        chapter, name, arg_sources, kwarg_sources = parse_check(source)
        check = getattr(importlib.import_module(f"backprop_book.checks.ch{chapter}"), name)
        remember_package_state()
        sources = [*arg_sources, *kwarg_sources.values()]
        try:
            values = self.sandbox.evaluate(sources, self.time_left())
        except PeerGone as gone:
            self.add(grade_id, gone.status, 0, points,
                     f"Reading your answers failed: {gone.reason}.", context)
            return
        except Exception as error:  # e.g. a value nested too deeply to rebuild
            self.add(grade_id, "error", 0, points,
                     f"Your answers could not be read: {type(error).__name__}.", context)
            return
        if len(values) != len(sources):
            self.add(grade_id, "error", 0, points, "The student process answered out of turn.",
                     context)
            return
        for (ok, value), text in zip(values, sources, strict=True):
            if not ok:
                self.add(grade_id, "error", 0, points,
                         f"{value.get('type', 'Error')}: {value.get('message', '')} "
                         f"(evaluating {text} for the check)", context)
                return
        args = [value for _, value in values[:len(arg_sources)]]
        kwargs = dict(zip(kwarg_sources, [v for _, v in values[len(arg_sources):]],
                          strict=True))
        printed = io.StringIO()
        try:
            self.time_left()
            with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(io.StringIO()):
                check(*args, **kwargs)
        except CheckError as error:
            self.add(grade_id, "failed", 0, points, str(error), context)
        except PeerGone as gone:
            self.add(grade_id, gone.status, 0, points, f"{gone.reason}.", context)
        except Exception as error:  # the check could not judge what it was given
            self.add(grade_id, "error", 0, points,
                     f"the check could not use your answer: {type(error).__name__}: {error}",
                     context)
        else:
            self.add(grade_id, "passed", points, points,
                     ANSI.sub("", printed.getvalue()).strip(), context)


def _name_remote_failures():
    """Messages of a timeout or crash inside a check name the student's function."""
    call = Remote.__call__

    def named_call(self, *args, **kwargs):
        try:
            return call(self, *args, **kwargs)
        except PeerGone as gone:
            if not gone.reason.startswith("your function"):
                gone.reason = f"your function {self.__name__}: {gone.reason}"
                gone.args = (gone.reason,)
            raise

    Remote.__call__ = named_call


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    job = json.loads(Path(argv[0]).read_text())
    # what a student's answers can make this process allocate, at most
    resource.setrlimit(resource.RLIMIT_AS, (WORKER_MEMORY, WORKER_MEMORY))
    _name_remote_failures()
    grader = NotebookGrader(job)
    started = time.monotonic()
    try:
        grader.grade()
    finally:
        if grader.sandbox is not None:
            grader.sandbox.close()
    result = {"results": grader.results, "notes": grader.notes,
              "isolated": bool(grader.sandbox.isolated) if grader.sandbox else None,
              "seconds": round(time.monotonic() - started, 2)}
    out = Path(argv[1])
    out.with_suffix(".tmp").write_text(json.dumps(result))
    out.with_suffix(".tmp").replace(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
