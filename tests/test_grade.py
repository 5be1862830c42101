"""The grader, ``python -m backprop_book grade``: hostile and broken submissions, resuming,
command-line errors. Uses chapter 04 and short time limits."""

import csv
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from backprop_book.__main__ import main
from backprop_book.teach.sandbox import isolation_problem
from tests.grading.make_submissions import (
    CHECKS,
    MARKER,
    WORKBOOK,
    write_hostile,
    write_plain,
)

ROOT = Path(__file__).resolve().parents[1]
needs_namespaces = pytest.mark.skipif(
    isolation_problem() is not None, reason=f"no namespaces: {isolation_problem()}")
FAST = ["--cell-timeout", "3", "--timeout", "150", "--memory", "1024"]


def grade(*args, **kwargs):
    return subprocess.run([sys.executable, "-m", "backprop_book", "grade", *args],
                          capture_output=True, text=True, cwd=ROOT, check=False, **kwargs)


def rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


class Listener:
    """A TCP server on the grader's loopback that counts who reaches it."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.connections = 0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                connection, _ = self.server.accept()
            except OSError:
                return
            self.connections += 1
            connection.close()


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    base = tmp_path_factory.mktemp("grading")
    precious = base / "precious"
    precious.mkdir()
    (precious / "keep.txt").write_text("a teacher's file")
    listener = Listener()
    expected = write_hostile(base / "submitted", ROOT, precious, listener.port)
    out = base / "out" / "grades.csv"
    started = time.monotonic()
    done = grade("--chapters", "4", str(base / "submitted"), "--out", str(out), *FAST)
    listener.server.close()
    return {"expected": expected, "done": done, "out": out, "precious": precious,
            "listener": listener, "seconds": time.monotonic() - started}


@needs_namespaces
def test_every_submission_gets_its_status_in_one_run(hostile):
    done = hostile["done"]
    assert done.returncode == 0, done.stderr
    got = {}
    for row in rows(hostile["out"]):
        got.setdefault(row["student"], {})[row["exercise"]] = row
    assert set(got) == set(hostile["expected"])
    for student, statuses in hostile["expected"].items():
        seen = {check: got[student][check]["status"] for check in CHECKS}
        assert seen == statuses, (student, {c: got[student][c]["message"][:120]
                                            for c in CHECKS})
        for check in CHECKS:
            row = got[student][check]
            assert row["max_points"] == "1"
            assert row["points"] == ("1" if row["status"] == "passed" else "0")
        total = got[student]["total"]
        assert total["status"] == "graded"
        assert total["points"] == str(sum(s == "passed" for s in statuses.values()))
        assert total["max_points"] == str(len(CHECKS))
        assert got[student]["ch04-ex1-answer"]["status"] == "manual"


@needs_namespaces
def test_statuses_say_why(hostile):
    got = {(r["student"], r["exercise"]): r["message"] for r in rows(hostile["out"])}
    assert "time limit of 3 s" in got[("looper", "ch04-ex1-check")]
    assert "your function gradient_descent_step" in got[("looper", "ch04-ex3-check")]
    assert "SIGSEGV" in got[("crasher", "ch04-ex2-check")]
    assert "NameError" in got[("crasher", "ch04-ex5-check")]
    assert "not valid JSON" in got[("broken", "ch04-ex1-check")]
    # the tampering solution's wrong answer is judged by the untouched check
    assert got[("vandal", "ch04-ex3-check")].startswith("Exercise 4.3: ")
    assert got[("shuffler", "ch04-ex1-check")].startswith("Exercise 4.1: ")
    # a check's own guard (the game's hints replaced by a refusal) reaches the student
    assert "_UsedHintError" in got[("vandal", "ch04-ex6-check")]
    assert got[("alice", "ch04-ex1-check")].startswith("✓ Exercise 4.1")
    feedback = (hostile["out"].parent / "grades-feedback" / "crasher.md").read_text()
    assert "**Total: 2 / 6**" in feedback and "SystemExit" in feedback
    assert "MemoryError" in feedback


@needs_namespaces
def test_nothing_outside_the_student_folder_changed(hostile):
    assert (hostile["precious"] / "keep.txt").read_text() == "a teacher's file"
    assert (ROOT / "backprop_book" / "checks" / "ch04.py").is_file()
    assert not (ROOT / MARKER).exists() and not (ROOT / "backprop_book" / MARKER).exists()
    assert not (hostile["precious"] / MARKER).exists() and not Path(f"/{MARKER}").exists()
    assert hostile["listener"].connections == 0


def test_command_line_errors(tmp_path, capsys):
    notebook = write_plain(tmp_path / "in", "alice", "correct")
    out = str(tmp_path / "grades.csv")
    cases = [
        (["--chapters", "99", str(notebook), "--out", out], "chapter 99: there is no workbook"),
        (["--chapters", "x4", str(notebook), "--out", out], "give at least one chapter"),
        (["--chapters", "4", "123", str(notebook), "--out", out], "chapter 123"),
        (["--chapters", "4", str(tmp_path / "missing.ipynb"), "--out", out], "no such file"),
        (["--chapters", "4", "--out", out], "no submissions given"),
        (["--chapters", "4", str(notebook), "--out", str(tmp_path)], "is a folder"),
        (["--chapters", "4", str(notebook), "--out", out, "--jobs", "0"], "--jobs"),
        (["--chapters", "4", str(tmp_path / "in" / "alice"), "--out", out,
          "--memory", "10"], "--memory"),
    ]
    for argv, message in cases:
        assert main(["grade", *argv]) == 1, argv
        assert message in capsys.readouterr().err, argv
    other = tmp_path / "other.csv"
    other.write_text("name,score\nalice,3\n")
    assert main(["grade", "--chapters", "4", str(notebook), "--out", str(other)]) == 1
    assert "not a grades file" in capsys.readouterr().err
    assert other.read_text() == "name,score\nalice,3\n"
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["grade", "--chapters", "4", str(empty), "--out", out]) == 1
    assert "no notebooks" in capsys.readouterr().err


def test_help_documents_every_option(capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["grade", "--help"])
    assert stopped.value.code == 0
    text = capsys.readouterr().out
    for option in ("--chapters", "--out", "--restart", "--feedback", "--jobs",
                   "--cell-timeout", "--timeout", "--memory", "--workbooks", "--hide",
                   "--isolation", "max_points", "total"):
        assert option in text


@needs_namespaces
def test_an_interrupted_run_resumes_without_grading_again(tmp_path):
    folder = tmp_path / "submitted"
    for k in range(3):
        write_plain(folder, f"s{k}", "correct" if k % 2 else "stub")
    out = tmp_path / "grades.csv"
    command = [sys.executable, "-m", "backprop_book", "grade", "--chapters", "4", str(folder),
               "--out", str(out), "--jobs", "1", *FAST]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and not (
            out.exists() and sum(r["exercise"] == "total" for r in rows(out)) >= 1):
        time.sleep(0.2)
    os.killpg(process.pid, signal.SIGKILL)         # no chance to clean up
    process.wait()
    first = [r for r in rows(out)]
    done_before = {r["student"] for r in first if r["exercise"] == "total"}
    assert 1 <= len(done_before) < 3
    with out.open("a", newline="") as f:           # half a notebook, as if cut off mid-write
        csv.writer(f).writerow(["s9", "04", "ch04-ex1-check", "passed", "1", "1", "stale"])

    again = grade("--chapters", "4", str(folder), "--out", str(out), "--jobs", "2", *FAST)
    assert again.returncode == 0, again.stderr
    assert f"{len(done_before)} notebook(s) already graded" in again.stdout
    graded_now = [line for line in again.stdout.splitlines() if line.startswith("[")]
    assert len(graded_now) == 3 - len(done_before)
    assert not any(s in line for s in done_before for line in graded_now)
    final = rows(out)
    assert all(r["student"] != "s9" for r in final)
    assert [r for r in final if r["student"] in done_before] == [
        r for r in first if r["student"] in done_before]
    totals = {r["student"]: r["points"] for r in final if r["exercise"] == "total"}
    assert totals == {"s0": "0", "s1": "6", "s2": "0"}
    assert (tmp_path / "grades-totals.csv").read_text().splitlines()[1:] == [
        "s0,0,6", "s1,6,6", "s2,0,6"]
    assert sorted(p.name for p in (tmp_path / "grades-feedback").glob("*.md")) == [
        "s0.md", "s1.md", "s2.md"]


def test_workbook_name_is_the_chapter_and_the_folder_the_student(tmp_path):
    from backprop_book.teach.grade import identify

    assert identify(tmp_path / "alice" / WORKBOOK.name, ["04", "05"]) == ("alice", "04")
    assert identify(tmp_path / "bob.ipynb", ["05"]) == ("bob", "05")
