"""The sandboxed student process, seen from the grader (the trusted side).

:class:`Sandbox` starts ``python -m backprop_book.teach.sandbox_student`` and talks to it over
two pipes (see :mod:`backprop_book.teach.sandbox_wire`). Where Linux namespaces are available
(``unshare``, as root) the process gets:

- new mount, network, PID, IPC and UTS namespaces: no network at all (only a loopback that is
  down), no other process in sight (it is PID 1 of its own namespace, so it cannot signal the
  grader or another student), and its own view of the files;
- in that view, tmpfs over the folders that may hold solutions or other students' work (the
  parent of the repository, the grader's HOME, /tmp, /var/tmp, /dev/shm and every
  ``hide`` path), with only the Python installation, the virtualenv and the
  ``backprop_book`` package put back; every mount read-only; a fresh 64 MB tmpfs as its
  folder, HOME and working directory;
- a uid of its own (no capabilities, ``no_new_privs``), and resource limits set before any
  student code runs: memory (RLIMIT_AS), CPU seconds, file size, processes, open files.

Where namespaces are not available it falls back to a plain process in a temporary folder
with the same resource limits and its own session, and says so (:attr:`Sandbox.isolated` is
False, :func:`isolation_problem` gives the reason): then the student's code can read what
the grader's user can read.
"""

import contextlib
import functools
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from backprop_book.teach.sandbox_wire import PeerGone, ProtocolError, Session

PACKAGE = Path(__file__).resolve().parents[1]
REPOSITORY = PACKAGE.parent
#: The first uid of the sandboxes; worker slot k runs as BASE_UID + k.
BASE_UID = 61000
#: Seconds a student process may take to start (Python, NumPy and IPython under load).
START_TIMEOUT = 60.0
#: Seconds to wait for an interrupted request to stop before the process is killed.
GRACE = 2.0
STAGES = ("/mnt", "/media", "/srv")


@dataclass
class Limits:
    """What a student process may use."""

    memory_mb: int = 1536
    cell_timeout: float = 30.0
    cpu_seconds: int = 600
    file_mb: int = 16
    processes: int = 64
    open_files: int = 256
    hide: list = field(default_factory=list)
    isolation: str = "auto"        # "auto", "namespaces" or "none"

    def for_process(self):
        return {"memory_bytes": self.memory_mb * 1024 * 1024,
                "cpu_seconds": int(self.cpu_seconds), "file_bytes": self.file_mb * 1024 * 1024,
                "processes": self.processes, "open_files": self.open_files}


@functools.cache
def isolation_problem():
    """None if namespaces work here, else why not (one line)."""
    if not sys.platform.startswith("linux"):
        return "namespaces need Linux"
    if os.geteuid() != 0:
        return "namespaces and a separate uid need root"
    for tool in ("unshare", "setpriv"):
        if shutil.which(tool) is None:
            return f"the {tool} command is missing (util-linux)"
    try:
        done = subprocess.run(
            ["unshare", "--mount", "--net", "--pid", "--ipc", "--uts", "--fork", "--mount-proc",
             "--propagation", "private", "/bin/sh", "-c",
             "mount -t tmpfs -o size=1m none /tmp && setpriv --reuid=61000 --regid=61000 "
             "--clear-groups --inh-caps=-all --bounding-set=-all --no-new-privs true"],
            capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"unshare failed: {error}"
    if done.returncode != 0:
        return f"unshare failed: {done.stderr.decode(errors='replace').strip()[:200]}"
    return None


def _kept_paths():
    """What the student process needs to see: the interpreter, the virtualenv, the package."""
    paths = {Path(sys.prefix), Path(sys.base_prefix), PACKAGE, Path(sys.executable).parent}
    paths = {Path(os.path.realpath(p)) for p in paths} | {Path(sys.prefix)}
    paths = sorted(paths, key=lambda p: len(p.parts))
    kept = []
    for path in paths:
        if not any(path == k or k in path.parents for k in kept):
            kept.append(path)
    return kept


def hidden_paths(extra=()):
    """The folders a tmpfs hides in the student's view (those that exist)."""
    candidates = [REPOSITORY.parent if REPOSITORY.parent != Path("/") else REPOSITORY,
                  Path.home(), Path("/tmp"), Path("/var/tmp"), Path("/dev/shm"),
                  *map(Path, extra)]
    out = []
    for path in candidates:
        path = Path(os.path.realpath(path))
        if path == Path("/") or not path.is_dir() or path in out:
            continue
        out.append(path)
    return out


def _quote(text):
    return "'" + str(text).replace("'", "'\\''") + "'"


def setup_script(uid, limits, argv, env):
    """The shell script that builds the student's view of the files and drops to ``uid``."""
    stage = next((s for s in STAGES if Path(s).is_dir()), None)
    if stage is None:
        raise OSError("no folder to stage the sandbox's mounts in (/mnt, /media or /srv)")
    kept = _kept_paths()
    hidden = [h for h in hidden_paths(limits.hide) if str(h) != stage]
    lines = ["set -e", f"mount -t tmpfs -o size=1m,mode=755 stage {stage}"]
    for k, path in enumerate(kept):
        lines += [f"mkdir -p {stage}/k{k}", f"mount --rbind {_quote(path)} {stage}/k{k}"]
    for path in hidden:
        lines.append(f"if [ -d {_quote(path)} ]; then "
                     f"mount -t tmpfs -o size=1m,mode=755 hidden {_quote(path)}; fi")
    # The student's own folder goes on /tmp before the kept folders are put back, since
    # those may lie below /tmp (a checkout in /tmp); it alone stays writable.
    lines.append(f"mount -t tmpfs -o size=64m,mode=700,uid={uid},gid={uid} work /tmp")
    for k, path in enumerate(kept):
        lines += [f"mkdir -p {_quote(path)}", f"mount --move {stage}/k{k} {_quote(path)}"]
    lines += [
        "awk '{print $5}' /proc/self/mountinfo | sort -u | while read -r m; do "
        "[ \"$m\" = /tmp ] || mount -o remount,bind,ro \"$m\" 2>/dev/null || true; done",
        "cd /tmp",
        f"exec setpriv --reuid={uid} --regid={uid} --clear-groups --inh-caps=-all "
        "--bounding-set=-all --no-new-privs -- env -i "
        + " ".join(_quote(f"{k}={v}") for k, v in env.items()) + " "
        + " ".join(_quote(a) for a in argv),
    ]
    return "\n".join(lines)


def _environment(home):
    bin_dir = Path(sys.executable).parent
    return {"HOME": str(home), "PATH": f"{bin_dir}:/usr/bin:/bin", "LANG": "C.UTF-8",
            "PYTHONDONTWRITEBYTECODE": "1", "PYTHONNOUSERSITE": "1", "PYTHONHASHSEED": "0",
            "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
            "MPLBACKEND": "Agg", "MPLCONFIGDIR": f"{home}/.matplotlib",
            "IPYTHONDIR": f"{home}/.ipython", "JUPYTER_CONFIG_DIR": f"{home}/.jupyter",
            "JUPYTER_DATA_DIR": f"{home}/.jupyter-data", "TMPDIR": str(home)}


#: The package's module attributes as first seen by the checker (before any check ran).
_ORIGINALS = {}


def remember_package_state():
    """Record the package's functions before the checks run (see _HostSession.patches)."""
    for module_name, module in list(sys.modules.items()):
        if module_name.startswith("backprop_book.") and module is not None:
            _ORIGINALS.setdefault(module_name, dict(vars(module)))


class _HostSession(Session):
    """The checker's end: every wait for the student has a deadline."""

    def __init__(self, sandbox, read_fd, write_fd):
        super().__init__(read_fd, write_fd)
        self.sandbox = sandbox
        self.deadline = None
        self.depth = 0
        self.originals = _ORIGINALS

    def receive_message(self):
        while True:
            left = None if self.deadline is None else self.deadline - time.monotonic()
            if left is not None and left <= 0:
                gone = PeerGone("timeout", "time limit")
                gone.depth = self.depth
                raise gone
            ready, _, _ = select.select([self.read_fd], [], [], left)
            if ready:
                break
        try:
            return super().receive_message()
        except EOFError:
            raise PeerGone("crashed", self.sandbox.death()) from None
        except (ProtocolError, OSError) as error:
            raise PeerGone("error", f"the student process broke the protocol: {error}") from None

    def send_message(self, message):
        try:
            super().send_message(message)
        except (BrokenPipeError, OSError):
            raise PeerGone("crashed", self.sandbox.death()) from None

    def patches(self, encoder):
        """The package's functions a check has replaced right now (compared with the
        state when the first check started): the student process mirrors them."""
        out = []
        for module_name, module in list(sys.modules.items()):
            if not module_name.startswith("backprop_book.") or module_name.startswith(
                    ("backprop_book.checks", "backprop_book.teach")) or module is None:
                continue
            original = self.originals.setdefault(module_name, dict(vars(module)))
            for name, value in vars(module).items():
                if name in original and original[name] is not value and callable(value):
                    out.append([module_name, name, encoder.encode(value)])
        return out

    def call_remote(self, handle, args, kwargs):
        """A check calls a student's function: each top-level call has the cell time limit."""
        self.depth += 1
        try:
            if self.depth == 1:
                return self.sandbox.within(self.sandbox.limits.cell_timeout,
                                           lambda: Session.call_remote(self, handle, args,
                                                                       kwargs))
            return super().call_remote(handle, args, kwargs)
        finally:
            self.depth -= 1


class Sandbox:
    """One student process: ``run`` a cell, ``evaluate`` check arguments, ``close``."""

    def __init__(self, limits, slot=0):
        self.limits, self.uid = limits, BASE_UID + slot
        problem = isolation_problem() if limits.isolation != "none" else "isolation is off"
        if problem and limits.isolation == "namespaces":
            raise OSError(f"namespaces are not available: {problem}")
        self.isolated = problem is None
        self.process = self.session = None
        self.folder = None
        #: A time (time.monotonic()) no request may run past: the notebook's time limit.
        self.deadline = None
        self.ipython = False

    # ------------------------------------------------------------------ life cycle
    def start(self):
        self.close()
        to_student = os.pipe()
        from_student = os.pipe()
        argv = [sys.executable, "-m", "backprop_book.teach.sandbox_student",
                json.dumps(self.limits.for_process())]
        fds = {3: to_student[0], 4: from_student[1]}
        if self.isolated:
            env = _environment("/tmp")
            command = ["unshare", "--mount", "--net", "--pid", "--ipc", "--uts", "--fork",
                       "--kill-child", "--mount-proc", "--propagation", "private",
                       "/bin/sh", "-c", setup_script(self.uid, self.limits, argv, env)]
            cwd, host_env = "/", {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
        else:
            self.folder = tempfile.mkdtemp(prefix="grade-student-")
            env = _environment(self.folder)
            command, cwd, host_env = argv, self.folder, env
        self.process = subprocess.Popen(
            command, cwd=cwd, env=host_env, stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE if self.isolated else None,
            start_new_session=True, pass_fds=(3, 4),
            preexec_fn=functools.partial(_move_fds, fds))
        os.close(to_student[0])
        os.close(from_student[1])
        self.session = _HostSession(self, from_student[0], to_student[1])
        self.session.deadline = time.monotonic() + START_TIMEOUT
        try:
            hello = self.session.receive_message()
        except PeerGone as gone:
            raise PeerGone(gone.status, "the student process did not start: "
                           f"{gone.reason}") from None
        finally:
            self.session.deadline = None
        if hello.get("op") != "ready":
            self.kill()
            raise PeerGone("error", "the student process did not start")
        self.ipython = bool(hello.get("ipython"))
        return self

    def death(self):
        """Why the student process is gone (waits briefly for its exit status)."""
        if self.process is None:
            return "the student process is not running"
        try:
            code = self.process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            self.kill()
            return "the student process stopped answering"
        if code is not None and code < 0:
            code = 128 - code
        if code in (128 + signal.SIGKILL, -signal.SIGKILL):
            return "the student process was killed (SIGKILL)"
        if code is not None and code > 128:
            try:
                name = signal.Signals(code - 128).name
            except ValueError:
                name = f"signal {code - 128}"
            return f"the student process crashed ({name})"
        return f"the student process exited (status {code})"

    def kill(self):
        if self.process is not None and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        if self.session is not None:
            for fd in (self.session.read_fd, self.session.write_fd):
                with contextlib.suppress(OSError):
                    os.close(fd)
            self.session = None

    def close(self):
        if self.session is not None and self.process is not None and self.process.poll() is None:
            try:
                self.session.send_message({"op": "bye"})
                self.process.wait(timeout=2)
            except (PeerGone, subprocess.TimeoutExpired):
                pass
        self.kill()
        if self.process is not None and self.process.stderr is not None:
            self.process.stderr.close()
        self.process = None
        if self.folder:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None

    @property
    def alive(self):
        return self.session is not None and self.process is not None and self.process.poll() is None

    # ------------------------------------------------------------------ requests
    def _student_pid(self):
        """The host pid of the Python process (under unshare it is unshare's child)."""
        if not self.isolated:
            return self.process.pid
        try:
            children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
            return int(children.read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def _request(self, message, answers, timeout):
        """Send a top-level request and return its answer; PeerGone on timeout or death."""
        if not self.alive:
            raise PeerGone("crashed", "the student process is not running")
        session = self.session
        session.send_message(message)
        return self.within(timeout, lambda: self._answer(answers))

    def _answer(self, answers):
        while True:
            reply = self.session.receive_message()
            if reply.get("op") in answers:
                return reply
            if reply.get("op") == "call":        # a callback outside a check: refuse
                raise PeerGone("error", "the student process called back unexpectedly")
            raise PeerGone("error", f"unexpected answer {str(reply.get('op'))[:30]!r}")

    def within(self, timeout, action):
        """Run ``action`` (which talks to the student) with a time limit.

        On timeout the student process is interrupted (SIGINT, as Jupyter does); if it
        answers within a grace period it stays, else it is killed. Either way PeerGone.
        """
        session = self.session
        base = session.depth
        if self.deadline is not None:
            timeout = min(timeout, max(self.deadline - time.monotonic(), 0.001))
        session.deadline = time.monotonic() + timeout
        try:
            return action()
        except PeerGone as gone:
            if gone.status == "timeout":
                self._interrupt(at_top=getattr(gone, "depth", base) == base)
                raise PeerGone("timeout", f"it ran longer than the time limit of "
                               f"{timeout:g} s") from None
            self.kill()
            raise
        finally:
            if self.session is not None:
                self.session.deadline = None

    def _interrupt(self, at_top):
        pid = self._student_pid()
        if not at_top or pid is None:
            self.kill()
            return
        try:
            os.kill(pid, signal.SIGINT)
        except ProcessLookupError:
            self.kill()
            return
        self.session.deadline = time.monotonic() + GRACE
        try:
            while True:
                reply = self.session.receive_message()
                if reply.get("op") in ("ran", "values", "return", "raise", "interrupted"):
                    return
        except PeerGone:
            self.kill()

    def run(self, code, timeout=None):
        """Run one cell: (error dict or None, printed output)."""
        reply = self._request({"op": "run", "code": code}, ("ran",),
                              timeout or self.limits.cell_timeout)
        return reply.get("error"), str(reply.get("output", ""))

    def evaluate(self, sources, timeout=None):
        """Evaluate expressions in the student's namespace: [(True, value) | (False, error)]."""
        from backprop_book.teach.sandbox_wire import Decoder

        reply = self._request({"op": "eval", "sources": list(sources)}, ("values",),
                              timeout or self.limits.cell_timeout)
        decoder = Decoder(self.session)
        out = []
        for item in reply.get("values", []):
            if isinstance(item, dict) and "ok" in item:
                out.append((True, decoder.decode(item["ok"])))
            else:
                error = item.get("error", {}) if isinstance(item, dict) else {}
                out.append((False, error if isinstance(error, dict) else {}))
        return out


def _move_fds(fds):
    """In the child: die with the grader (PR_SET_PDEATHSIG), and put the channel's pipes
    on fds 3 and 4."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    # dup everything out of the way first, so that targets and sources cannot collide
    temporary = {target: os.dup(source) for target, source in fds.items()}
    for target, source in temporary.items():
        os.dup2(source, target, inheritable=True)
        os.close(source)
