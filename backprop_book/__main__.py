"""Command line of the book's package: ``python -m backprop_book COMMAND ...``."""

import argparse
import sys

from backprop_book.teach.student import WorkbookError, write_student_versions


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m backprop_book", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    student = commands.add_parser(
        "student", help="write student versions of workbooks (solutions removed)")
    student.add_argument("workbooks", nargs="+", help="workbook notebooks (exercises/*.ipynb)")
    student.add_argument("--out", required=True, help="folder for the student versions")
    args = parser.parse_args(argv)

    try:
        written = write_student_versions(args.workbooks, args.out)
    except (OSError, WorkbookError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
