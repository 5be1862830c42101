"""The student process of the grader: runs a submission's cells, nothing else.

Started by :mod:`backprop_book.teach.sandbox` (``python -m backprop_book.teach.sandbox_student
LIMITS_JSON``) with its channel on file descriptors 3 (requests) and 4 (answers). Before any
student code runs it sets its resource limits and sends everything the student's code
prints to a file in its own folder, so that nothing can reach the channel by accident.
It answers four requests: ``run`` (one cell's code, with IPython, as a notebook runs it),
``eval`` (the arguments of a check call, sent back as plain data), ``call`` (a student's
function, called by a check) and ``bye``. It never sees a check or a solution.
"""

import contextlib
import json
import os
import resource
import sys

REQUESTS, ANSWERS = 3, 4
OUTPUT_FILE = "output.txt"
#: How much of a cell's printed output is sent back for the feedback.
OUTPUT_CHARS = 4000


def set_limits(limits):
    """RLIMIT_AS (memory), CPU seconds, file size, processes and open files."""
    plan = {
        resource.RLIMIT_AS: limits.get("memory_bytes"),
        resource.RLIMIT_CPU: limits.get("cpu_seconds"),
        resource.RLIMIT_FSIZE: limits.get("file_bytes"),
        resource.RLIMIT_NPROC: limits.get("processes"),
        resource.RLIMIT_NOFILE: limits.get("open_files"),
        resource.RLIMIT_CORE: 0,
    }
    for which, value in plan.items():
        if value is None:
            continue
        value = int(value)
        _soft, hard = resource.getrlimit(which)
        if hard != resource.RLIM_INFINITY:
            value = min(value, hard)
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(which, (value, value))


class Output:
    """The student's stdout and stderr, both sent to one file; read back after each cell."""

    def __init__(self):
        self.fd = os.open(OUTPUT_FILE, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(self.fd, 1)
        os.dup2(self.fd, 2)
        self.offset = 0

    def take(self):
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):  # the student may have replaced them
                stream.flush()
        try:
            end = os.lseek(self.fd, 0, os.SEEK_END)
            start = max(self.offset, end - OUTPUT_CHARS)
            text = os.pread(self.fd, end - start, start).decode(errors="replace")
            self.offset = end
        except OSError:
            return ""
        return text


def make_shell():
    """An IPython shell (magics, display, top-level await as in a notebook), or None."""
    try:
        from IPython.core.interactiveshell import InteractiveShell
        from traitlets.config import Config
    except ImportError:
        return None
    config = Config()
    config.HistoryManager.enabled = False
    config.InteractiveShell.colors = "NoColor"
    config.InteractiveShell.xmode = "Plain"
    return InteractiveShell.instance(config=config)


def main():
    limits = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}
    os.environ.pop("LIMITS", None)
    set_limits(limits)
    output = Output()
    from backprop_book.teach.sandbox_wire import (
        ProtocolError,
        Session,
        describe_exception,
    )

    session = Session(REQUESTS, ANSWERS)
    session.catch = BaseException
    shell = make_shell()
    namespace = shell.user_ns if shell else {"__name__": "__main__"}
    import numpy  # noqa: F401 - loaded before any student code, within the limits

    def run(code):
        error = None
        if shell is not None:
            result = shell.run_cell(code, store_history=False)
            raised = result.error_before_exec or result.error_in_exec
            if raised is not None:
                error = describe_exception(raised)
        else:
            try:
                exec(compile(code, "<cell>", "exec"), namespace)
            except BaseException as raised:  # the student's code: anything at all
                error = describe_exception(raised)
        return error

    def evaluate(sources):
        values = []
        for source in sources:
            try:
                values.append([True, eval(compile(source, "<check>", "eval"), namespace)])
            except BaseException as raised:
                values.append([False, describe_exception(raised)])
        return values

    def serve(message):
        op = message.get("op")
        if op == "run":
            error = run(str(message.get("code", "")))
            session.send_message({"op": "ran", "error": error, "output": output.take()})
        elif op == "eval":
            values = evaluate([str(s) for s in message.get("sources", [])])
            from backprop_book.teach.sandbox_wire import Encoder
            encoder = Encoder(session)
            encoded = []
            for ok, value in values:
                if ok:
                    try:
                        encoded.append({"ok": encoder.encode(value)})
                    except RecursionError:
                        encoded.append({"error": {"type": "RecursionError",
                                                  "message": "a value nested too deeply"}})
                else:
                    encoded.append({"error": value})
            output.take()
            try:
                session.send_message({"op": "values", "values": encoded})
            except ProtocolError as problem:  # too large: nothing was sent
                error = {"type": "ValueError", "message": f"too large to check: {problem}"}
                session.send_message({"op": "values", "values": [{"error": error}] * len(
                    encoded)})
        elif op == "call":
            session.serve_call(message)
            output.take()
        elif op == "bye":
            raise SystemExit(0)
        else:
            raise ProtocolError(f"unknown request {op!r}")

    session.send_message({"op": "ready", "ipython": shell is not None})
    while True:
        try:
            message = session.receive_message()
        except EOFError:
            return
        try:
            serve(message)
        except KeyboardInterrupt:
            # an interrupt that stopped the request outside the student's code: say so
            session.send_message({"op": "interrupted"})


if __name__ == "__main__":
    main()
