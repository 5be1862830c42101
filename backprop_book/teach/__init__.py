"""What a teacher needs: student versions, assignments and grading of the workbooks."""


class CommandError(Exception):
    """A problem with a command's arguments or files that the user can fix; printed as one
    line by ``python -m backprop_book``."""
