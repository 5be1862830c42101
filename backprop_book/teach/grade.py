"""``python -m backprop_book grade``: grade submitted workbooks, safely, in parallel.

Each submitted notebook is graded by its own worker process
(:mod:`backprop_book.teach.grade_worker`): the student's solution cells run in a sandboxed
student process (:mod:`backprop_book.teach.sandbox`), the checks run in the worker, which
never runs student code, and points come from the trusted workbook. Results are appended
to the CSV as each notebook finishes, so an interrupted run loses nothing: run the same
command again and it resumes.
"""

import concurrent.futures
import contextlib
import csv
import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from backprop_book.teach import CommandError

HELP = "grade submitted workbooks: a CSV of points and a Markdown feedback file per student"
COLUMNS = ["student", "chapter", "exercise", "status", "points", "max_points", "message"]
TOTAL = "total"
STATUSES = ("passed", "failed", "error", "timeout", "crashed", "manual")
REPOSITORY = Path(__file__).resolve().parents[2]
WORKBOOKS = REPOSITORY / "exercises"

DESCRIPTION = """\
Grade submitted exercise workbooks (exercises/chNN_*.ipynb as students handed them in).

Each notebook runs in a fresh student process of its own, in its own temporary folder, with
a time limit per cell and per notebook and a memory limit. Where Linux namespaces work (as
root, with `unshare`), that process has no network, sees no other process, cannot read the
workbooks with solutions, the submissions or the grader's files, and can write only its own
folder; elsewhere it runs with the same limits but without that isolation, and the command
says so. The checks run in a separate, trusted process: only the student's answers cross
over, as plain data, so a solution that tampers with the checks gains nothing. Points and
check cells come from the trusted workbook; from a submission only the solution cells are
used, matched by their nbgrader grade_id (a missing cell runs as its empty stub; edited,
deleted or reordered check cells and the student's own extra cells are ignored).

Student and chapter of a submission: the student is the file's name without .ipynb, or,
when the file is named after the workbook (chNN_…), the name of the folder it is in
(submitted/alice/ch04_gradient_descent.ipynb is alice). The chapter is the chNN the file
name starts with, else the only chapter given, else the one its cells' grade_ids name.

The CSV (--out) has one row per student, chapter and exercise, with the columns
student, chapter, exercise, status, points, max_points, message:
  exercise    the nbgrader grade_id of the check cell (ch04-ex3-check), of a written
              answer (ch04-ex1-answer), or "total" for the row that ends each notebook
  status      passed | failed (message: the hint the student saw) | error (the answer
              could not be checked: e.g. a name is not defined, the notebook is not JSON) |
              timeout | crashed (the student process died: exit, kill, crash, memory) |
              manual (a written answer: points left empty, for the teacher); in the
              total row: graded, or error when grading itself failed (a resumed run
              grades that notebook again)
  points      points earned; the total row adds up the automatically graded exercises
  max_points  from the trusted workbook (written answers are not in the total's maximum)
A second file, OUT with -totals.csv, has one row per student: points and max_points over
all their chapters. Feedback goes to one Markdown file per student (--feedback).

If --out exists, the run resumes: notebooks that already have their total row are not
graded again. --restart starts from scratch instead.
"""


def chapter_label(value):
    if not re.fullmatch(r"\d{1,2}", str(value)):
        raise CommandError(f"chapter {value}: give chapter numbers such as 4 or 04")
    return f"{int(value):02d}"


def find_workbooks(folder):
    out = {}
    for path in sorted(Path(folder).glob("ch[0-9][0-9]_*.ipynb")):
        out[path.name[2:4]] = path
    return out


def collect_submissions(paths):
    files = []
    for path in map(Path, paths):
        if path.is_dir():
            files += sorted(p for p in path.rglob("*.ipynb")
                            if ".ipynb_checkpoints" not in p.parts)
        elif path.is_file():
            files.append(path)
        else:
            raise CommandError(f"{path}: no such file or folder")
    if not files:
        raise CommandError("no notebooks (*.ipynb) among the submissions")
    return files


def identify(path, chapters):
    """(student, chapter or None) of a submitted notebook; see the command's description."""
    match = re.match(r"ch(\d\d)", path.name)
    student = path.parent.name if match else path.stem
    if not student or student in (".", "/"):
        student = path.stem
    if match:
        return student, match.group(1)
    if len(chapters) == 1:
        return student, chapters[0]
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return student, None
    found = set(re.findall(r'"grade_id":\s*"ch(\d\d)-', text))
    return student, found.pop() if len(found) == 1 else None


class Results:
    """The CSV: read what is done, append each finished notebook, write the totals."""

    def __init__(self, path, restart):
        self.path = Path(path)
        self.done = {}                 # (student, chapter) -> rows
        if self.path.exists() and not restart:
            self._read()
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._write_all()

    def _read(self):
        try:
            with self.path.open(newline="", encoding="utf-8") as f:
                reader = csv.reader(f)
                header = next(reader, None)
                rows = list(reader)
        except (OSError, UnicodeDecodeError, csv.Error) as error:
            raise CommandError(f"{self.path} exists but cannot be read as grades: {error}. "
                               "Use --restart to replace it, or another --out.") from None
        if header != COLUMNS:
            raise CommandError(f"{self.path} exists but is not a grades file of this command "
                               "(other columns): use another --out, or --restart to "
                               "replace it.")
        groups = {}
        for row in rows:
            if len(row) == len(COLUMNS):
                groups.setdefault((row[0], row[1]), []).append(row)
        for key, group in groups.items():
            totals = [r for r in group if r[2] == TOTAL]
            if totals and totals[-1][3] == "graded":
                self.done[key] = group[: group.index(totals[-1]) + 1]
        self._write_all()              # drop the rows of notebooks that did not finish

    def _write_all(self):
        tmp = self.path.with_name(self.path.name + ".tmp")
        with tmp.open("w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(COLUMNS)
            for rows in self.done.values():
                writer.writerows(rows)
        tmp.replace(self.path)

    def append(self, key, rows):
        with self.path.open("a", newline="", encoding="utf-8") as f:
            csv.writer(f).writerows(rows)
            f.flush()
            os.fsync(f.fileno())
        if rows and rows[-1][3] == "graded":
            self.done[key] = rows

    def write_totals(self):
        path = self.path.with_name(self.path.stem + "-totals.csv")
        totals = {}
        for (student, _), rows in sorted(self.done.items()):
            total = rows[-1]
            points, most = totals.get(student, (0.0, 0.0))
            totals[student] = (points + float(total[4] or 0), most + float(total[5] or 0))
        with path.open("w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(["student", "points", "max_points"])
            for student, (points, most) in sorted(totals.items()):
                writer.writerow([student, _number(points), _number(most)])
        return path


def _number(value):
    if value == "" or value is None:
        return ""
    value = float(value)
    return str(int(value)) if value == int(value) else f"{value:g}"


def rows_of(student, chapter, outcome):
    rows, points, most = [], 0.0, 0.0
    for item in outcome["results"]:
        rows.append([student, chapter, item["exercise"], item["status"],
                     _number(item["points"]), _number(item["max_points"]), item["message"]])
        if item["status"] != "manual":
            points += float(item["points"] or 0)
            most += float(item["max_points"] or 0)
    status = "error" if outcome.get("grading_failed") else "graded"
    message = outcome.get("grading_failed") or "; ".join(outcome.get("notes", []))
    rows.append([student, chapter, TOTAL, status, _number(points), _number(most), message])
    return rows


# ---------------------------------------------------------------------- feedback
SYMBOLS = {"passed": "✓", "failed": "✗", "error": "⚠", "timeout": "⏱", "crashed": "💥",
           "manual": "✎"}


def write_feedback(folder, student, outcomes):
    """Markdown for one student: per chapter, per exercise the status, hint and points."""
    lines = [f"# Feedback for {student}", ""]
    grand, grand_most = 0.0, 0.0
    for chapter, outcome in sorted(outcomes.items()):
        lines += [f"## Chapter {int(chapter)}", ""]
        if outcome.get("grading_failed"):
            lines += [f"Grading failed: {outcome['grading_failed']}. Your teacher will "
                      "grade this notebook again.", ""]
        lines += ["| exercise | result | points |", "|---|---|---|"]
        points = most = 0.0
        for item in outcome["results"]:
            shown_points = ("(teacher)" if item["status"] == "manual"
                            else f"{_number(item['points'])} / {_number(item['max_points'])}")
            lines.append(f"| {item['number']}{' (written)' if item['status'] == 'manual' else ''}"
                         f" | {SYMBOLS.get(item['status'], '')} {item['status']} | "
                         f"{shown_points} |")
            if item["status"] != "manual":
                points += float(item["points"] or 0)
                most += float(item["max_points"] or 0)
        lines += ["", f"**Total: {_number(points)} / {_number(most)}** (written answers are "
                  "graded by your teacher)", ""]
        grand, grand_most = grand + points, grand_most + most
        for item in outcome["results"]:
            if item["status"] in ("passed", "manual"):
                continue
            lines += [f"### Exercise {item['number']}: {item['status']}", "",
                      *[f"> {line}" if line else ">" for line in item["message"].splitlines()],
                      ""]
            if item.get("context"):
                lines += [*item["context"].splitlines(), ""]
        for note in outcome.get("notes", []):
            lines += [f"*{note}*", ""]
    if len(outcomes) > 1:
        lines += [f"## All chapters: {_number(grand)} / {_number(grand_most)}", ""]
    path = Path(folder) / f"{_safe_name(student)}.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _safe_name(text):
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip(".") or "student"


# ---------------------------------------------------------------------- the run
class Grader:
    def __init__(self, args, plans, workbooks):
        self.args, self.plans, self.workbooks = args, plans, workbooks
        self.slots = queue.Queue()
        for k in range(args.jobs):
            self.slots.put(k)
        self.scratch = Path(tempfile.mkdtemp(prefix="grade-run-"))
        self.stop = threading.Event()
        self.processes = set()
        self.lock = threading.Lock()

    def limits(self):
        a = self.args
        return {"memory_mb": a.memory, "cell_timeout": a.cell_timeout,
                "cpu_seconds": int(a.timeout) + 30, "hide": [str(p) for p in a.hide_all],
                "isolation": a.isolation}

    def grade(self, path, student, chapter):
        """Grade one notebook in a worker process; the outcome, whatever happens."""
        slot = self.slots.get()
        started = time.monotonic()
        try:
            if self.stop.is_set():
                return None
            job = {"submission": str(path.resolve()), "workbook": str(self.workbooks[chapter]),
                   "plan": self.plans[chapter], "limits": self.limits(),
                   "notebook_timeout": self.args.timeout, "slot": slot}
            base = self.scratch / f"{_safe_name(student)}-{chapter}-{slot}"
            job_file, result_file = base.with_suffix(".job.json"), base.with_suffix(".out.json")
            job_file.write_text(json.dumps(job))
            result_file.unlink(missing_ok=True)
            error = self._run_worker(job_file, result_file)
            if error is None:
                try:
                    outcome = json.loads(result_file.read_text())
                except (OSError, ValueError) as problem:
                    error = f"the grader's worker left no result ({problem})"
            if error is not None:
                outcome = self._failed(chapter, error)
            outcome["seconds"] = time.monotonic() - started
            return outcome
        finally:
            self.slots.put(slot)

    def _run_worker(self, job_file, result_file):
        command = [sys.executable, "-m", "backprop_book.teach.grade_worker", str(job_file),
                   str(result_file)]
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                   start_new_session=True, cwd=str(self.scratch),
                                   preexec_fn=_die_with_parent)
        with self.lock:
            self.processes.add(process)
        try:
            _, stderr = process.communicate(timeout=self.args.timeout + 60)
        except subprocess.TimeoutExpired:
            _kill(process)
            return "grading did not finish in time (the worker was stopped)"
        finally:
            with self.lock:
                self.processes.discard(process)
        if self.stop.is_set():
            return "interrupted"
        if process.returncode != 0:
            tail = stderr.decode(errors="replace").strip().splitlines()[-1:] or [""]
            return f"the grader's worker failed (status {process.returncode}): {tail[0][:300]}"
        return None

    def _failed(self, chapter, error):
        results = []
        for kind, grade_id, _, points in self.plans[chapter]:
            if kind in ("check", "manual"):
                from backprop_book.teach.grade_worker import exercise_number

                results.append({"exercise": grade_id, "number": exercise_number(grade_id),
                                "status": "error" if kind == "check" else "manual",
                                "points": 0 if kind == "check" else "", "max_points": points,
                                "message": f"not graded: {error}", "context": ""})
        return {"results": results, "notes": [], "grading_failed": error}

    def kill_all(self):
        self.stop.set()
        with self.lock:
            for process in list(self.processes):
                _kill(process)

    def cleanup(self):
        shutil.rmtree(self.scratch, ignore_errors=True)


def _die_with_parent():
    """In a worker: get SIGKILL when the command's process dies (PR_SET_PDEATHSIG)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


def _kill(process):
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def _duration(seconds):
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds} s"
    return f"{seconds // 60} min {seconds % 60:02d} s"


def configure(parser):
    parser.description = DESCRIPTION
    parser.formatter_class = __import__("argparse").RawDescriptionHelpFormatter
    parser.add_argument("submissions", nargs="*", metavar="SUBMISSION",
                        help="submitted notebooks, or folders searched for *.ipynb (they may "
                             "also follow --chapters: `--chapters 4 5 submitted/`)")
    parser.add_argument("--chapters", nargs="+", required=True, metavar="N",
                        help="the chapters to grade (e.g. 4 5); submissions of other chapters "
                             "are skipped")
    parser.add_argument("--out", required=True, metavar="CSV",
                        help="the grades CSV; if it exists the run resumes (see --restart)")
    parser.add_argument("--restart", action="store_true",
                        help="grade everything again, replacing --out and the feedback")
    parser.add_argument("--feedback", metavar="DIR",
                        help="folder for the feedback files, STUDENT.md (default: beside "
                             "--out, named after it with -feedback)")
    parser.add_argument("--jobs", type=int, default=2, metavar="N",
                        help="notebooks graded at the same time (default: 2)")
    parser.add_argument("--cell-timeout", type=float, default=120.0, metavar="SECONDS",
                        help="time limit per cell and per call of a student's function by "
                             "a check (default: 120)")
    parser.add_argument("--timeout", type=float, default=900.0, metavar="SECONDS",
                        help="time limit per notebook (default: 900)")
    parser.add_argument("--memory", type=int, default=1536, metavar="MB",
                        help="memory limit of the student process, its address space "
                             "(default: 1536)")
    parser.add_argument("--workbooks", metavar="DIR", default=str(WORKBOOKS),
                        help="the trusted workbooks chNN_*.ipynb, with or without solutions "
                             "(default: the repository's exercises/)")
    parser.add_argument("--hide", action="append", default=[], metavar="DIR",
                        help="another folder the student process must not see (repeatable); "
                             "the repository's parent folder, the grader's HOME, /tmp and the "
                             "submissions' and output's folders are always hidden")
    parser.add_argument("--isolation", choices=("auto", "namespaces", "none"), default="auto",
                        help="auto: namespaces where they work, else a plain process with a "
                             "warning; namespaces: refuse to grade without them; none: no "
                             "namespaces (resource limits only)")


def _check_arguments(args):
    # `--chapters 4 5 a.ipynb b/`: what follows the chapter numbers are submissions
    numbers = [c for c in args.chapters if re.fullmatch(r"\d+", str(c))]
    args.submissions = [*[c for c in args.chapters if c not in numbers], *args.submissions]
    args.chapters = numbers
    if not args.chapters:
        raise CommandError("--chapters: give at least one chapter number, e.g. --chapters 4")
    if not args.submissions:
        raise CommandError("no submissions given: name notebooks or folders of notebooks")
    if args.jobs < 1:
        raise CommandError("--jobs must be at least 1")
    for name in ("cell_timeout", "timeout"):
        if getattr(args, name) <= 0:
            raise CommandError(f"--{name.replace('_', '-')} must be positive")
    if args.memory < 256:
        raise CommandError("--memory must be at least 256 (MB): Python and NumPy need it")
    workbooks = find_workbooks(args.workbooks)
    if not workbooks:
        raise CommandError(f"{args.workbooks}: no workbooks chNN_*.ipynb there")
    chapters = []
    for value in args.chapters:
        chapter = chapter_label(value)
        if chapter not in workbooks:
            known = ", ".join(str(int(c)) for c in sorted(workbooks))
            raise CommandError(f"chapter {value}: there is no workbook for it (chapters with "
                               f"a workbook: {known})")
        if chapter not in chapters:
            chapters.append(chapter)
    out = Path(args.out)
    if out.is_dir():
        raise CommandError(f"--out {out} is a folder: give the name of a CSV file")
    if out.suffix.lower() != ".csv":
        raise CommandError(f"--out {out}: the grades file must end in .csv")
    return chapters, {c: workbooks[c] for c in chapters}


def run(args):
    chapters, workbooks = _check_arguments(args)
    files = collect_submissions(args.submissions)
    from backprop_book.teach.grade_worker import trusted_plan
    from backprop_book.teach.sandbox import isolation_problem

    plans = {c: trusted_plan(workbooks[c]) for c in chapters}
    todo, seen, skipped = [], {}, []
    for path in files:
        student, chapter = identify(path, chapters)
        if chapter is None:
            skipped.append(f"{path}: cannot tell its chapter (name it chNN_….ipynb)")
            continue
        if chapter not in chapters:
            skipped.append(f"{path}: chapter {int(chapter)} is not among --chapters")
            continue
        key = (student, chapter)
        if key in seen:
            raise CommandError(f"{path} and {seen[key]} are both student {student!r}, "
                               f"chapter {int(chapter)}: give one submission each")
        seen[key] = path
        todo.append((path, student, chapter))

    out = Path(args.out)
    feedback = Path(args.feedback) if args.feedback else out.with_name(out.stem + "-feedback")
    results_dir = feedback / ".results"
    if args.restart and results_dir.exists():
        shutil.rmtree(results_dir)
    results = Results(out, args.restart)
    results_dir.mkdir(parents=True, exist_ok=True)
    args.hide_all = [*args.hide, *{p.resolve().parent for p, _, _ in todo},
                     out.resolve().parent, feedback.resolve(), Path(args.workbooks).resolve()]
    problem = isolation_problem() if args.isolation != "none" else "--isolation none"
    if problem and args.isolation == "namespaces":
        raise CommandError(f"--isolation namespaces: not available here ({problem})")
    if not problem:
        print("student processes: isolated (own namespaces and uid: no network, no other "
              "process, the workbooks, submissions and grader's files out of sight, "
              "read-only files but their own folder)")
    else:
        print(f"warning: the student processes are NOT isolated ({problem}): they run with "
              "resource limits and in a folder of their own, but can read whatever this "
              "user can read, the solutions included, and use the network. Grade on a Linux "
              "machine where `unshare` works as root to close that.", file=sys.stderr)

    for line in skipped:
        print(f"skipped {line}", file=sys.stderr)
    pending = [t for t in todo if (t[1], t[2]) not in results.done]
    if len(pending) < len(todo):
        print(f"resuming {out}: {len(todo) - len(pending)} notebook(s) already graded, "
              f"{len(pending)} to go")
    grader = Grader(args, plans, workbooks)
    started, finished = time.monotonic(), 0
    try:
        with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
            futures = {pool.submit(grader.grade, *t): t for t in pending}
            for future in concurrent.futures.as_completed(futures):
                path, student, chapter = futures[future]
                outcome = future.result()
                if outcome is None:
                    continue
                rows = rows_of(student, chapter, outcome)
                # the feedback first: a notebook counts as done once its rows are in the CSV
                (results_dir / f"{_safe_name(student)}--{chapter}.json").write_text(
                    json.dumps(outcome))
                write_feedback(feedback, student, _outcomes_of(results_dir, student))
                results.append((student, chapter), rows)
                finished += 1
                elapsed = time.monotonic() - started
                left = (len(pending) - finished) * elapsed / finished
                total = rows[-1]
                counts = {}
                for item in outcome["results"]:
                    counts[item["status"]] = counts.get(item["status"], 0) + 1
                summary = ", ".join(f"{n} {s}" for s, n in counts.items())
                print(f"[{finished}/{len(pending)}] {student} chapter {int(chapter)}: "
                      f"{total[4]}/{total[5]} points ({summary}) in "
                      f"{_duration(outcome['seconds'])}"
                      + (f"; about {_duration(left)} left" if finished < len(pending) else ""),
                      flush=True)
    except KeyboardInterrupt:
        grader.kill_all()
        print(f"\ninterrupted: {finished} notebook(s) saved in {out}; run the same command "
              "again to resume", file=sys.stderr)
        return 130
    finally:
        grader.cleanup()
    for student in {student for student, _ in results.done}:
        if not (feedback / f"{_safe_name(student)}.md").exists():
            write_feedback(feedback, student, _outcomes_of(results_dir, student))
    totals = results.write_totals()
    print(f"wrote {out}, {totals} and the feedback in {feedback}/ "
          f"({len(results.done)} notebook(s) graded)")
    return 0


def _outcomes_of(results_dir, student):
    outcomes = {}
    for path in sorted(results_dir.glob(f"{_safe_name(student)}--*.json")):
        try:
            outcomes[path.stem.rpartition("--")[2]] = json.loads(path.read_text())
        except (OSError, ValueError):
            continue
    return outcomes
