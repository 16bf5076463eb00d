"""The UI's shared index server: who connects to it, and what a stale state file does."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from filelock import FileLock

from core.config import Settings
from core.errors import IndexBusyError
from ingest.serve import STATE_NAME, SharedServer, connect_shared, live_server


def _settings(tmp_path: Path, **extra: object) -> Settings:
    return Settings(index_dir=tmp_path / "index", **extra)  # type: ignore[arg-type]


def _write_state(index_dir: Path, pid: int, port: int = 9) -> None:
    index_dir.mkdir(parents=True, exist_ok=True)
    state = {"host": "127.0.0.1", "port": port, "pid": pid, "owner": pid}
    (index_dir / STATE_NAME).write_text(json.dumps(state), encoding="utf-8")


def test_no_state_file_keeps_embedded_mode(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    assert connect_shared(settings) is settings


def test_stale_state_file_is_ignored(tmp_path: Path) -> None:
    """A UI killed with -9 leaves server.json behind: nothing holds the lock, nothing answers."""
    settings = _settings(tmp_path)
    _write_state(settings.index_dir, os.getpid())
    assert live_server(settings.index_dir) is None  # the folder lock is free
    lock = FileLock(str(settings.index_dir / ".lock"), timeout=0)
    with lock:
        assert live_server(settings.index_dir) is None  # locked, but no server answers
    assert not connect_shared(settings).server_mode


def test_configured_server_mode_is_left_alone(tmp_path: Path) -> None:
    settings = _settings(tmp_path, chroma_host="127.0.0.1", chroma_port=8123)
    _write_state(settings.index_dir, os.getpid())
    assert connect_shared(settings) is settings


def test_a_second_ui_on_a_busy_index_is_refused_clearly(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    index_dir.mkdir()
    held = FileLock(str(index_dir / ".lock"), timeout=0)
    with held, pytest.raises(IndexBusyError, match="in use by another process"):
        SharedServer(index_dir).start()
    assert not (index_dir / STATE_NAME).exists()
