"""Start the Streamlit chat UI (``review-assistant ui``) as a child process.

The settings reach the app through ``REVIEW_ASSISTANT_*`` environment variables, which
``load_settings()`` inside the app reads back, so CLI flags and the environment agree.
"""

from __future__ import annotations

import math
import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path

from core.config import Settings

APP_PATH = Path(__file__).resolve().parent / "app.py"
ENV_PREFIX = "REVIEW_ASSISTANT_"


def settings_env(settings: Settings, base: Mapping[str, str] | None = None) -> dict[str, str]:
    """``base`` (default: this process's environment) with every setting as an env var.

    Unset optional settings (``None``) are removed so the app sees their default.
    """
    env = dict(os.environ if base is None else base)
    for name, value in settings.model_dump(mode="json").items():
        key = ENV_PREFIX + name.upper()
        if value is None:
            env.pop(key, None)
        elif isinstance(value, bool):
            env[key] = "true" if value else "false"
        else:
            env[key] = str(value)
    return env


def streamlit_command(
    settings: Settings, port: int | None = None, headless: bool = False
) -> list[str]:
    """The ``streamlit run ui/app.py ...`` command line."""
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP_PATH),
        "--browser.gatherUsageStats",
        "false",
        # Trainers and practitioners get no developer menu or "Deploy" button.
        "--client.toolbarMode",
        "minimal",
        # Streamlit refuses bigger uploads itself; the app checks the exact limit.
        "--server.maxUploadSize",
        str(max(1, math.ceil(settings.upload_max_mb))),
        # Local only: the chat is not exposed to the network (use a reverse proxy to share it).
        "--server.address",
        "127.0.0.1",
    ]
    if port is not None:
        command += ["--server.port", str(port)]
    if headless:
        command += ["--server.headless", "true"]
    return command


def run_ui(settings: Settings, port: int | None = None, headless: bool = False) -> int:
    """Run the chat UI until it stops and return its exit code (0 after SIGTERM/SIGINT).

    In embedded mode the index folder is served by a ``chroma run`` server on 127.0.0.1 for
    the life of the UI (:class:`ingest.serve.SharedServer`), so the CLI's ``ask``, ``corpus``,
    ``eval`` and ``ingest`` work meanwhile (they connect to it) and their ingests show in the
    UI. SIGTERM or SIGINT (Ctrl+C) stops Streamlit, then the server; the folder lock is
    released and the port freed.
    """
    from ingest.serve import SharedServer

    server: SharedServer | None = None
    if not settings.server_mode:
        server = SharedServer(settings.index_dir)
        state = server.start()
        settings = settings.model_copy(
            update={"chroma_host": state.host, "chroma_port": state.port}
        )
    stopping: list[int] = []
    process: subprocess.Popen[bytes] | None = None

    def stop(signum: int, _frame: object) -> None:
        stopping.append(signum)
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        process = subprocess.Popen(
            streamlit_command(settings, port, headless),
            env=settings_env(settings),
            # Its own process group: a terminal's Ctrl+C reaches this launcher only, which
            # stops Streamlit and then the index server in that order.
            start_new_session=True,
        )
        if stopping:  # a signal arrived before Popen returned
            process.send_signal(signal.SIGTERM)
        code = _wait(process, stopping)
    finally:
        if process is not None and process.poll() is None:
            process.kill()
            process.wait()
        if server is not None:
            server.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0 if stopping else code


def _wait(process: subprocess.Popen[bytes], stopping: list[int], grace_s: float = 20.0) -> int:
    """Wait for Streamlit; once asked to stop, give it ``grace_s`` before killing it."""
    asked_at: float | None = None
    while True:
        try:
            return process.wait(timeout=0.5)
        except subprocess.TimeoutExpired:
            if stopping and asked_at is None:
                asked_at = time.monotonic()
            if asked_at is not None and time.monotonic() - asked_at > grace_s:
                process.kill()
