"""Assignments: a folder (and a zip of it) to hand out for chosen chapters.

``python -m backprop_book assign --chapters 4 5 --out DIR`` writes

- ``DIR/chNN_topic.ipynb``: the student version of each chosen chapter's workbook
  (:mod:`backprop_book.teach.student`), with one setup cell added after its title;
- ``DIR/backprop_book-VERSION-py3-none-any.whl``: the book's package, built from this
  repository, which the workbooks import (the checks, the data, the widgets);
- ``DIR/README.md``: what students do, and how they check their work;
- ``DIR.zip``: the same folder as one file, to upload to a course page.

Why a wheel: the checks need ``backprop_book.checks`` and what it imports (the maths, the
data and the widgets), i.e. most of the package; a wheel installs it with its dependencies
on any Python 3.11+ with ``pip``. The setup cell does nothing where the package is
installed already (the book's own environment, a prepared JupyterHub); elsewhere it
installs the wheel lying beside the notebook: JupyterLab, Notebook 7 and VS Code run a
notebook in its own folder, and Colab runs it in ``/content``, where the Files panel
uploads go. With ``--package-url`` the cell installs from that address when the wheel is
not there, so a notebook uploaded to Colab on its own works too.
"""

import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell

import backprop_book
from backprop_book.teach import CommandError
from backprop_book.teach.student import WorkbookError, student_version

ROOT = Path(backprop_book.__file__).resolve().parents[1]
EXERCISES = ROOT / "exercises"
ZIP_DATE = (2026, 1, 1, 0, 0, 0)  # fixed times: the same folder gives the same zip


def workbooks(exercises=EXERCISES):
    """{chapter number: workbook path} of every ``chNN_topic.ipynb`` in ``exercises``."""
    found = {}
    for path in sorted(Path(exercises).glob("ch[0-9][0-9]_*.ipynb")):
        found[int(path.name[2:4])] = path
    return found


def choose(chapters, exercises=EXERCISES):
    """The workbooks of ``chapters`` (numbers; all of them if empty), in chapter order."""
    available = workbooks(exercises)
    if not available:
        raise CommandError(f"no workbooks (chNN_*.ipynb) in {exercises}")
    unknown = sorted(set(chapters) - set(available))
    if unknown:
        names = ", ".join(str(n) for n in unknown)
        have = " ".join(str(n) for n in available)
        raise CommandError(f"no workbook for chapter {names}: the chapters with workbooks "
                           f"are {have}")
    return [available[n] for n in sorted(set(chapters or available))]


def title_of(nb):
    """The text of a notebook's first heading."""
    for cell in nb.cells:
        match = re.search(r"^#\s+(.+)$", cell.source, re.MULTILINE)
        if cell.cell_type == "markdown" and match:
            return match.group(1).strip()
    return "Exercises"


def setup_cells(wheel, package_url=None):
    """A Markdown cell and a code cell that install the package where it is missing."""
    if package_url:
        fallback = f"        %pip install --quiet {package_url}"
    else:
        fallback = (
            "        raise FileNotFoundError(\n"
            "            f\"Put {WHEEL} (from your teacher's folder) next to this notebook \"\n"
            "            \"(on Colab: upload it in the Files panel on the left), then run \"\n"
            "            \"this cell again.\")")
    code = "\n".join([
        "# Setup: the checks of this workbook need the book's package, backprop_book.",
        "# Where it is installed already, this cell does nothing.",
        "import importlib",
        "import importlib.util",
        "import pathlib",
        "",
        f'WHEEL = "{wheel}"',
        'if importlib.util.find_spec("backprop_book") is None:',
        "    if pathlib.Path(WHEEL).exists():",
        "        %pip install --quiet {WHEEL}",
        "    else:",
        fallback,
        "    importlib.invalidate_caches()",
        'print("backprop_book is ready: go on with the next cells.")',
    ])
    text = ("**Setup.** Run the next cell once, before anything else. On your own computer, "
            "JupyterHub or Colab it installs the book's package if this Python lacks it "
            "(from the file `" + wheel + "` beside this notebook).")
    return [new_markdown_cell(text, metadata={"tags": ["assignment-setup"]}),
            new_code_cell(code, metadata={"tags": ["assignment-setup"]})]


def handout(notebook, wheel, package_url=None):
    """The student version of a workbook with the setup cells after its title cell."""
    nb = student_version(notebook)
    nb.cells[1:1] = setup_cells(wheel, package_url)
    return nb


def build_wheel(out_dir, root=ROOT):
    """Build the package's wheel into ``out_dir`` from a clean copy of its sources (so the
    repository gets no build/ or egg-info folders); return its path."""
    with tempfile.TemporaryDirectory(prefix="backprop-wheel-") as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        for name in ("pyproject.toml", "README.md"):
            shutil.copy2(root / name, src / name)
        shutil.copytree(root / "backprop_book", src / "backprop_book",
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        build = ("import sys, setuptools.build_meta as b; "
                 "print(b.build_wheel(sys.argv[1]))")
        result = subprocess.run([sys.executable, "-c", build, str(Path(tmp) / "dist")],
                                cwd=src, capture_output=True, text=True, check=False)
        if result.returncode:
            raise CommandError("could not build the package's wheel:\n"
                               + (result.stderr or result.stdout)[-2000:])
        name = result.stdout.strip().splitlines()[-1]
        target = Path(out_dir) / name
        shutil.copy2(Path(tmp) / "dist" / name, target)
    return target


def readme(chapters, wheel, package_url=None):
    """The students' README: (number, title, file name) per chapter."""
    listed = "\n".join(f"- `{name}`: {title}" for _, title, name in chapters)
    colab_wheel = (f"Colab installs the package from `{package_url}` if you upload only the "
                   "notebook." if package_url else
                   f"Upload `{wheel}` as well: open the *Files* panel on the left and drop "
                   "the file into it (Colab forgets uploaded files when the session ends: "
                   "upload it again in a new session).")
    return f"""# Exercises of *Backprop, Step by Step*

This folder holds the workbooks you are to do:

{listed}

and `{wheel}`, the book's Python package, which the workbooks need for their checks.

## Getting started

Each workbook starts with a **setup** cell: run it first. Where the package is missing,
it installs it from the `.whl` file beside the notebook, so keep the two files together.

- **On your own computer** (Python 3.11 or newer): in a terminal, in this folder,

  ```bash
  python -m venv .venv
  .venv/bin/pip install {wheel} jupyterlab
  .venv/bin/jupyter lab
  ```

  (on Windows `.venv\\Scripts\\pip` and `.venv\\Scripts\\jupyter`), and open a workbook. You
  can also open the workbook in any Jupyter you have: its setup cell installs the package.
- **On your course's JupyterHub:** upload the whole folder (or the zip, and unpack it),
  open a workbook, run the setup cell.
- **On Google Colab:** *File → Upload notebook*. {colab_wheel} Then run the setup cell.

## Doing the exercises

Each exercise has a task, a cell for your answer and a check cell under it.

1. Write your answer in the answer cell: replace `raise NotImplementedError()` (in a text
   cell, `YOUR ANSWER HERE`) with your own work.
2. Run the answer cell, then the check cell under it.
3. A green **✓** means your answer is right. A red message means *not yet*: it says what
   to look at. Fix your answer and run both cells again.

Hints are folded under **Hint** in the task: open one when you are stuck.

## Handing in

Before you hand in, run *Kernel → Restart Kernel and Run All Cells* and check that every
check shows its ✓. Hand in each workbook as its `.ipynb` file, under its own name.
Do not change the check cells: when your work is graded, the original checks are run on
your answers, so an edited check changes nothing.
"""


def write_zip(folder, target):
    """A zip of ``folder`` with the folder's name as its top level and fixed dates."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                info = zipfile.ZipInfo(f"{folder.name}/{path.relative_to(folder).as_posix()}",
                                       ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, path.read_bytes())


def assign(chapters, out, package_url=None, exercises=EXERCISES, root=ROOT):
    """Write the hand-out folder ``out`` and ``out.zip`` for ``chapters``; return both."""
    out = Path(out)
    archive = out.with_name(out.name + ".zip")
    paths = choose(chapters, exercises)
    for existing in (out, archive):
        if existing.exists():
            raise CommandError(f"{existing} exists already: choose another --out or remove it")
    if not out.parent.is_dir():
        raise CommandError(f"{out.parent} is not a folder")
    notebooks = []
    for path in paths:
        try:
            notebooks.append((path, nbformat.read(path, as_version=4)))
        except (OSError, ValueError) as error:
            raise CommandError(f"{path}: cannot read the workbook: {error}") from None
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        wheel = build_wheel(staging, root).name
        listed = []
        for path, nb in notebooks:
            try:
                nbformat.write(handout(nb, wheel, package_url), staging / path.name)
            except WorkbookError as error:
                raise WorkbookError(f"{path}: {error}") from None
            listed.append((int(path.name[2:4]), title_of(nb), path.name))
        (staging / "README.md").write_text(readme(listed, wheel, package_url),
                                           encoding="utf-8")
        staging.chmod(0o755)  # mkdtemp made it private to its owner
        staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    write_zip(out, archive)
    return out, archive


HELP = "write a folder (and a zip) of student workbooks to hand out for chosen chapters"

DESCRIPTION = """\
Write a folder to hand out: the student version of each chosen chapter's workbook
(solutions removed, outputs cleared, a setup cell added that installs the book's package
where it is missing), the package itself as a wheel (backprop_book-*.whl, which the
workbooks' checks import), and a README.md for students. A zip of the folder is written
beside it (OUT.zip). Neither may exist already."""


def configure(parser):
    parser.description = DESCRIPTION
    parser.add_argument("--chapters", nargs="+", type=int, default=[], metavar="N",
                        help="chapter numbers, e.g. 4 5 (default: every chapter with a "
                             "workbook in exercises/)")
    parser.add_argument("--out", required=True, type=Path, metavar="OUT",
                        help="the folder to write (must not exist); OUT.zip is written too")
    parser.add_argument("--package-url", metavar="URL",
                        help="where the setup cell installs the package from when the wheel "
                             "is not beside the notebook, e.g. the address where you publish "
                             "the wheel; without it the student must upload the wheel too")


def run(args):
    folder, archive = assign(args.chapters, args.out, args.package_url)
    for path in sorted(folder.iterdir()):
        print(f"wrote {path}")
    print(f"wrote {archive}")
    return 0
