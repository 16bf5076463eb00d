"""`streamlit run ui/app.py` binds to 127.0.0.1 (issue 13, item 10)."""

from __future__ import annotations


def test_streamlit_run_binds_to_this_machine_only() -> None:
    """``streamlit run ui/app.py`` (the app's docstring) reads the project's config."""
    import tomllib
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    config = tomllib.loads((root / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["address"] == "127.0.0.1"
    assert "streamlit run ui/app.py" in (root / "ui" / "app.py").read_text(encoding="utf-8")
