"""Start the Streamlit chat UI (``review-assistant ui``) as a child process.

The settings reach the app through ``REVIEW_ASSISTANT_*`` environment variables, which
``load_settings()`` inside the app reads back, so CLI flags and the environment agree.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from assistant.config import Settings

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
    """Run the chat UI until it stops (Ctrl+C) and return Streamlit's exit code."""
    process = subprocess.Popen(
        streamlit_command(settings, port, headless), env=settings_env(settings)
    )
    try:
        return process.wait()
    except KeyboardInterrupt:
        # Ctrl+C reaches the child too (same process group); let it shut down cleanly.
        try:
            return process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.terminate()
            return process.wait()
