"""A throw-away JupyterLab or Notebook 7 server on 127.0.0.1 for the browser tests.

The server is the venv's own ``jupyter lab`` or ``jupyter notebook``. Everything it would
read or write per user (config, data, runtime, settings, workspaces, the IPython profile)
lives in one fresh folder, so neither the developer's setup nor an earlier run (a saved
workspace reopens old tabs) changes what a test sees. It checks for no news or updates,
never asks whether to rebuild, and answers only to a random token. It runs in its own
process group; ``stop()`` shuts it down over REST, then by signal, and finally kills
whatever it started (kernels run in sessions of their own).
"""

import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil

JUPYTER = Path(sys.executable).parent / "jupyter"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


#: The front ends the tests drive: the command, and the address of a notebook in it.
APPS = {"lab": "/lab/tree/", "notebook": "/notebooks/"}


class LabServer:
    """``jupyter <app>`` serving ``root``; its state, settings and log live under ``state``."""

    def __init__(self, root, state, app="lab"):
        if app not in APPS:
            raise ValueError(f"app must be one of {sorted(APPS)}, not {app!r}")
        self.app = app
        self.root = Path(root)
        self.state = Path(state)
        self.port = free_port()
        self.token = secrets.token_hex(16)
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = self.state / "server.log"
        self.proc = None
        self._log = None

    def notebook_url(self, name):
        """The address that opens notebook ``name`` (in ``root``) in this front end."""
        return self.url(APPS[self.app] + name)

    def url(self, path):
        """The address of ``path``, carrying the token (the server then sets its cookie)."""
        return f"{self.base}{path}?token={self.token}"

    def _env(self):
        state = self.state
        env = dict(os.environ)
        env.update({
            "JUPYTER_CONFIG_DIR": str(state / "config"),
            "JUPYTER_DATA_DIR": str(state / "data"),
            "JUPYTER_RUNTIME_DIR": str(state / "runtime"),
            "JUPYTERLAB_SETTINGS_DIR": str(state / "lab-settings"),
            "JUPYTERLAB_WORKSPACES_DIR": str(state / "lab-workspaces"),
            "IPYTHONDIR": str(state / "ipython"),
            "PATH": os.pathsep.join([str(JUPYTER.parent), env.get("PATH", "")]),
        })
        # No "Would you like to get notified about Jupyter news?" toast over the notebook.
        notification = state / "lab-settings" / "@jupyterlab" / "apputils-extension"
        notification.mkdir(parents=True, exist_ok=True)
        (notification / "notification.jupyterlab-settings").write_text(
            json.dumps({"fetchNews": "false", "checkForUpdates": False}))
        # No "Build recommended" dialog: pip-installed extensions never need a build.
        labconfig = state / "config" / "labconfig"
        labconfig.mkdir(parents=True, exist_ok=True)
        (labconfig / "page_config.json").write_text(
            json.dumps({"buildCheck": False, "buildAvailable": False}))
        return env

    def start(self, timeout=60):
        """Start the server and return once its REST API answers."""
        cmd = [
            str(JUPYTER), self.app, "--no-browser",
            "--ip=127.0.0.1", f"--port={self.port}", "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.root}",
            "--LabApp.extension_manager=readonly",
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            # window.jupyterapp: lets a test wait for the exact kernel state.
            "--LabApp.expose_app_in_browser=True",
            "--JupyterNotebookApp.expose_app_in_browser=True",
        ]
        if os.geteuid() == 0:
            cmd.append("--allow-root")
        self._log = open(self.log_path, "w")  # noqa: SIM115 (closed in stop())
        self.proc = subprocess.Popen(cmd, cwd=self.root, env=self._env(), stdout=self._log,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"jupyter {self.app} exited early:\n{self.log_tail()}")
            try:
                self.api("/api/status")
                return
            except (OSError, urllib.error.URLError) as error:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"jupyter {self.app} not up in {timeout} s:\n"
                                       f"{self.log_tail()}") from error
                time.sleep(0.1)

    def api(self, path, method="GET"):
        request = urllib.request.Request(self.base + path, method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=5) as response:
            return json.loads(response.read() or b"null")

    def log_tail(self, chars=4000):
        return self.log_path.read_text(errors="replace")[-chars:] if self.log_path.exists() else ""

    def stop(self):
        """Stop the server and every process it started; safe to call more than once."""
        if self.proc is None:
            return
        try:
            started = psutil.Process(self.proc.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            started = []
        if self.proc.poll() is None:
            try:  # the clean way: the server shuts its kernels down too
                self.api("/api/shutdown", method="POST")
                self.proc.wait(timeout=15)
            except (OSError, urllib.error.URLError, subprocess.TimeoutExpired):
                pass
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        # Kernels live in sessions of their own, out of reach of the group kill.
        _, alive = psutil.wait_procs(started, timeout=5)
        for process in alive:
            with contextlib.suppress(psutil.NoSuchProcess):
                process.kill()
        psutil.wait_procs(alive, timeout=5)
        self._log.close()
        self.proc = None
