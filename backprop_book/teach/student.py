"""Student versions of the exercise workbooks.

A workbook (``exercises/chNN_topic.ipynb``) is the single source of its exercises and
their solutions, in nbgrader's format: a solution cell carries
``metadata.nbgrader.solution = true``; in a code cell, the solution is the text between
``### BEGIN SOLUTION`` and ``### END SOLUTION``; a Markdown answer cell is a model answer
as a whole. The student version replaces each solution with nbgrader's stubs, clears
every output and the saved widget state, and keeps everything else.
"""

import copy
from pathlib import Path

import nbformat

from backprop_book.teach import CommandError

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
CODE_STUB = ("# YOUR CODE HERE", "raise NotImplementedError()")
ANSWER_STUB = "YOUR ANSWER HERE"


class WorkbookError(CommandError, ValueError):
    """A workbook whose solution markers or metadata are not as described above."""


def is_solution(cell):
    return bool(cell.get("metadata", {}).get("nbgrader", {}).get("solution"))


def strip_solution(source, where="cell"):
    """Replace each BEGIN…END SOLUTION block of ``source`` by the stub, at its indent."""
    lines, out, inside = source.splitlines(), [], False
    for line in lines:
        marker = line.strip()
        if marker == BEGIN:
            if inside:
                raise WorkbookError(f"{where}: {BEGIN} inside another solution block")
            inside = True
            indent = line[: len(line) - len(line.lstrip())]
            out += [indent + stub for stub in CODE_STUB]
        elif marker == END:
            if not inside:
                raise WorkbookError(f"{where}: {END} without {BEGIN}")
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise WorkbookError(f"{where}: {BEGIN} is never closed by {END}")
    return "\n".join(out)


def student_version(notebook):
    """A copy of ``notebook`` (an nbformat node) with every solution removed."""
    nb = copy.deepcopy(notebook)
    nb.metadata.pop("widgets", None)
    for index, cell in enumerate(nb.cells):
        where = f"cell {index}"
        has_markers = BEGIN in cell.source or END in cell.source
        if has_markers and not is_solution(cell):
            raise WorkbookError(f"{where} has solution markers but no nbgrader solution metadata")
        if cell.cell_type == "code":
            if is_solution(cell):
                if not has_markers:
                    raise WorkbookError(f"{where} is a solution cell without {BEGIN}/{END}")
                cell.source = strip_solution(cell.source, where)
                cell.metadata.pop("mystnb", None)
                tags = [t for t in cell.metadata.get("tags", []) if t != "hide-input"]
                cell.metadata["tags"] = tags
                if not tags:
                    del cell.metadata["tags"]
            cell.outputs, cell.execution_count = [], None
        elif is_solution(cell):
            cell.source = strip_solution(cell.source, where) if has_markers else ANSWER_STUB
    return nb


def write_student_versions(paths, out_dir):
    """Write the student version of each workbook in ``paths`` into ``out_dir``."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for path in map(Path, paths):
        try:
            nb = student_version(nbformat.read(path, as_version=4))
        except WorkbookError as error:
            raise WorkbookError(f"{path}: {error}") from None
        target = out_dir / path.name
        nbformat.write(nb, target)
        written.append(target)
    return written


HELP = "write student versions of workbooks (solutions removed)"


def configure(parser):
    parser.add_argument("workbooks", nargs="+", help="workbook notebooks (exercises/*.ipynb)")
    parser.add_argument("--out", required=True, help="folder for the student versions")


def run(args):
    for path in write_student_versions(args.workbooks, args.out):
        print(f"wrote {path}")
    return 0
