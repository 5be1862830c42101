"""Command line of the book's package: ``python -m backprop_book COMMAND ...``.

Each command lives in its own module of :mod:`backprop_book.teach`, which provides
``HELP`` (one line), ``configure(parser)`` to declare its arguments and ``run(args)``,
returning the exit status. A command reports a problem the user can fix by raising
:class:`CommandError` (or ``OSError``): it is printed as one line, without a traceback.
"""

import argparse
import sys

from backprop_book.teach import CommandError, assign, grade, student

COMMANDS = {
    "assign": assign,
    "grade": grade,
    "student": student,
}


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m backprop_book",
        description="The tools of Backprop, Step by Step for teachers and authors.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, module in COMMANDS.items():
        module.configure(commands.add_parser(name, help=module.HELP, description=module.HELP))
    args = parser.parse_args(argv)
    try:
        return COMMANDS[args.command].run(args)
    except (OSError, CommandError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
