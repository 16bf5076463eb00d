"""One index for the chat UI and the CLI: a ``chroma run`` server over the index folder.

Chroma's embedded ``PersistentClient`` is not safe for two processes, so embedded mode takes a
file lock on the index folder and a second process is refused. While ``review-assistant ui``
runs it therefore *serves* the index instead (:class:`SharedServer`): it takes that same lock
itself (no embedded process may open the folder behind the server's back), starts
``chroma run`` on 127.0.0.1 and a free port over the folder's own ``chroma/`` data (the same
files the embedded mode reads and writes), and writes the address to ``server.json`` in the
index folder. The UI and every other process open the index through the server
(:func:`connect_shared`): a CLI ``ask``/``corpus``/``eval``/``ingest`` that finds the folder
locked and a live server in the state file connects to it in server mode (``HttpClient``)
automatically. Server mode re-reads the index generation at most every couple of seconds, so
an ingest from the CLI is visible in the UI without a restart. With no UI running, scripts keep
the embedded single-process mode. On stop the server is terminated, the state file removed and
the lock released.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from filelock import FileLock, Timeout

from core.config import Settings
from core.errors import IndexBusyError, IndexError_

STATE_NAME = "server.json"
HOST = "127.0.0.1"
START_TIMEOUT_S = 120.0


@dataclass(frozen=True)
class ServerState:
    """Where the index folder's server listens (the content of ``server.json``)."""

    host: str
    port: int
    pid: int
    owner_pid: int


def state_path(index_dir: Path) -> Path:
    """The state file of the index folder ``index_dir``."""
    return Path(index_dir) / STATE_NAME


def lock_path(index_dir: Path) -> Path:
    """The embedded mode's folder lock (the same file :class:`~ingest.index.ChromaStore`
    takes)."""
    return Path(index_dir) / ".lock"


def free_port(host: str = HOST) -> int:
    """A TCP port free on ``host`` now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def heartbeat(host: str, port: int, timeout: float = 1.0) -> bool:
    """Whether a Chroma server answers on ``host:port``."""
    try:
        url = f"http://{host}:{port}/api/v2/heartbeat"
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return bool(response.status == 200)
    except (OSError, ValueError):
        return False


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _locked(index_dir: Path) -> bool:
    """Whether another process holds the folder lock (checked without keeping it)."""
    lock = FileLock(str(lock_path(index_dir)), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        return True
    except OSError:
        return False
    lock.release()
    return False


def read_state(index_dir: Path) -> ServerState | None:
    """The state file's content, or ``None`` when missing or unreadable."""
    try:
        raw = json.loads(state_path(index_dir).read_text(encoding="utf-8"))
        return ServerState(str(raw["host"]), int(raw["port"]), int(raw["pid"]), int(raw["owner"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def live_server(index_dir: Path) -> ServerState | None:
    """The server serving ``index_dir`` now: the folder is locked, the state file names a
    living process and the server answers its heartbeat. ``None`` otherwise (a stale file
    left by a killed UI is ignored)."""
    if not state_path(index_dir).is_file():
        return None
    state = read_state(index_dir)
    if state is None or not _alive(state.pid) or not _locked(index_dir):
        return None
    return state if heartbeat(state.host, state.port) else None


def connect_shared(settings: Settings) -> Settings:
    """``settings`` in server mode when a :class:`SharedServer` serves its index folder
    (see the module docstring); unchanged otherwise (server mode already set, or embedded)."""
    if settings.server_mode:
        return settings
    state = live_server(settings.index_dir)
    if state is None:
        return settings
    return settings.model_copy(update={"chroma_host": state.host, "chroma_port": state.port})


def chroma_executable() -> str:
    """The ``chroma`` CLI installed next to this Python (chromadb's console script)."""
    exe = Path(sys.executable).parent / "chroma"
    if exe.is_file():
        return str(exe)
    raise IndexError_(
        f"The 'chroma' command is missing next to {sys.executable}; reinstall chromadb "
        "(pip install -e .), or start the UI with REVIEW_ASSISTANT_CHROMA_HOST set."
    )


class SharedServer:
    """``chroma run`` over an index folder for the life of the UI (a context manager).

    ``start()`` takes the folder lock (raises :class:`IndexBusyError` if another process holds
    it), starts the server, waits for its heartbeat and writes the state file; ``stop()``
    undoes all three and is safe to call twice.
    """

    def __init__(self, index_dir: Path, log: IO[bytes] | None = None) -> None:
        self.index_dir = Path(index_dir)
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None
        self._lock = FileLock(str(lock_path(self.index_dir)), timeout=0)
        self._log = log

    def __enter__(self) -> SharedServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> ServerState:
        """Start serving; returns the address (also written to ``server.json``)."""
        self.index_dir.mkdir(parents=True, exist_ok=True)
        try:
            self._lock.acquire()
        except Timeout as exc:
            raise IndexBusyError(
                f"The index at {self.index_dir} is in use by another process (another chat UI "
                "or an ingest). Stop it first, or point this UI at another "
                "REVIEW_ASSISTANT_INDEX_DIR."
            ) from exc
        try:
            return self._launch()
        except BaseException:
            self.stop()
            raise

    def _launch(self) -> ServerState:
        self.port = free_port()
        command = [
            chroma_executable(),
            "run",
            "--path",
            str(self.index_dir / "chroma"),
            "--host",
            HOST,
            "--port",
            str(self.port),
        ]
        self.process = subprocess.Popen(
            command,
            stdout=self._log or subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
            # Its own process group: a Ctrl+C in the terminal reaches the launcher, which
            # stops the server after the UI (the UI may still be writing to it).
            start_new_session=True,
        )
        deadline = time.monotonic() + START_TIMEOUT_S
        while not heartbeat(HOST, self.port):
            if self.process.poll() is not None:
                raise IndexError_(
                    f"The index server (chroma run) stopped at start with exit code "
                    f"{self.process.returncode}; check the index folder {self.index_dir}."
                )
            if time.monotonic() > deadline:
                raise IndexError_(
                    f"The index server (chroma run) did not answer within {START_TIMEOUT_S:g} s."
                )
            time.sleep(0.2)
        state = ServerState(HOST, self.port, self.process.pid, os.getpid())
        partial = state_path(self.index_dir).with_suffix(".json.part")
        partial.write_text(
            json.dumps(
                {"host": state.host, "port": state.port, "pid": state.pid, "owner": state.owner_pid}
            ),
            encoding="utf-8",
        )
        partial.replace(state_path(self.index_dir))
        return state

    def stop(self) -> None:
        """Stop the server, remove the state file, release the lock (idempotent)."""
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        state = read_state(self.index_dir)
        if state is not None and state.owner_pid == os.getpid():
            with contextlib.suppress(OSError):
                state_path(self.index_dir).unlink()
        if self._lock.is_locked:
            self._lock.release()
