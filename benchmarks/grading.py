"""Grading throughput: notebooks per minute for 40 submissions of chapter 04, 2 jobs.

The submissions are generated from the workbook: a third correct, a third wrong answers,
a third untouched stubs (the student version). Grades them with
``python -m backprop_book grade --jobs 2`` into a temporary folder and prints the time,
the throughput, and the time the command took before its first notebook (start-up).

Run it with ``.venv/bin/python benchmarks/grading.py [N]`` (N submissions, default 40).
"""

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.grading.make_submissions import write_plain  # noqa: E402

KINDS = ("correct", "wrong", "stub")


def main(count=40, jobs=2):
    with tempfile.TemporaryDirectory(prefix="grading-bench-") as tmp:
        folder = Path(tmp) / "submitted"
        for k in range(count):
            write_plain(folder, f"student{k:02d}", KINDS[k % len(KINDS)])
        out = Path(tmp) / "grades.csv"
        command = [sys.executable, "-m", "backprop_book", "grade", "--chapters", "4",
                   str(folder), "--out", str(out), "--jobs", str(jobs)]
        start = time.perf_counter()
        first = None
        with subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True) as run:
            for line in run.stdout:
                if line.startswith("[") and first is None:
                    first = time.perf_counter() - start
        seconds = time.perf_counter() - start
        if run.returncode != 0:
            raise SystemExit(f"grade failed with status {run.returncode}")
        totals = [line for line in out.read_text().splitlines() if ",total," in line]
    assert len(totals) == count, f"{len(totals)} of {count} notebooks graded"
    print(f"graded {count} submissions of chapter 04 ({', '.join(KINDS)}) with {jobs} jobs "
          f"in {seconds:.1f} s: {count / seconds * 60:.1f} notebooks per minute "
          f"({seconds / count:.2f} s each; first result after {first:.1f} s)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 40)
