"""The CLI's help texts."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "command", [[], ["ingest"], ["corpus"], ["ask"], ["eval"], ["ui"], ["feedback", "export"]]
)
def test_help_shows_no_stray_bool(command: list[str]) -> None:
    from typer.testing import CliRunner

    from ui.cli import app

    result = CliRunner().invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "<bool>" not in result.output and "--help" in result.output
