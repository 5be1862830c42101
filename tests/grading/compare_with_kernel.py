"""Does the grader judge as the notebook does? For each chapter, reference and stub.

For every workbook (or the chapters given), this writes the reference notebook (with its
solutions) and its student version, runs the student version in a Jupyter kernel as a
student would, takes the reference's committed outputs (which nbval keeps current), grades
both with ``python -m backprop_book grade``, and compares each check's verdict and message:
passed with the ✓ line, failed with the CheckError's message, error otherwise.

Run: ``.venv/bin/python tests/grading/compare_with_kernel.py [NN ...]`` (a few minutes).
Exits with status 1 if any verdict or message differs.
"""

import csv
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from backprop_book.teach.student import student_version  # noqa: E402

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def verdicts(nb):
    out = {}
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("grade") and not meta.get("solution"):
            errors = [o for o in cell.outputs if o.output_type == "error"]
            if errors:
                kind = "failed" if errors[0].ename == "CheckError" else "error"
                out[meta["grade_id"]] = (kind, errors[0].evalue)
            else:
                text = "".join(o.get("text", "") for o in cell.outputs)
                out[meta["grade_id"]] = ("passed", ANSI.sub("", text).strip())
    return out


def compare(chapter, folder):
    workbook = next((ROOT / "exercises").glob(f"ch{chapter}_*.ipynb"))
    reference = nbformat.read(workbook, as_version=4)
    stub = student_version(reference)
    for name, nb in (("reference", reference), ("stub", stub)):
        (folder / name).mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, folder / name / workbook.name)
    NotebookClient(stub, timeout=600, allow_errors=True, kernel_name="python3",
                   resources={"metadata": {"path": str(folder)}}).execute()
    expected = {"reference": verdicts(reference), "stub": verdicts(stub)}
    out = folder / f"ch{chapter}.csv"
    subprocess.run([sys.executable, "-m", "backprop_book", "grade", "--chapters", chapter,
                    str(folder / "reference"), str(folder / "stub"), "--out", str(out),
                    "--restart"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    differences = 0
    with out.open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if not row["exercise"].endswith("-check"):
                continue
            want = expected[row["student"]][row["exercise"]]
            if (row["status"], row["message"]) != want:
                differences += 1
                print(f"  {row['student']} {row['exercise']}: grader {row['status']} "
                      f"{row['message'][:160]!r}\n    notebook {want[0]} {want[1][:160]!r}")
    checks = sum(len(v) for v in expected.values())
    print(f"chapter {chapter}: {checks - differences} of {checks} verdicts agree")
    return differences


def main(chapters):
    chapters = chapters or sorted(p.name[2:4] for p in (ROOT / "exercises").glob("ch*.ipynb"))
    with tempfile.TemporaryDirectory(prefix="grade-compare-") as tmp:
        bad = sum(compare(f"{int(c):02d}", Path(tmp) / c) for c in chapters)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
