"""core.registry: named extensions bound to the setting that chooses one."""

from __future__ import annotations

import pytest

from core.errors import ConfigError
from core.registry import Registry, check_setting
from tests.builders import fresh_python


def test_register_get_names_and_the_unknown_name_message() -> None:
    registry: Registry[int] = Registry("widget", setting="test_widget")
    assert registry.register("one", 1) == 1
    registry.register("two", 2)
    assert registry.get("two") == 2 and registry.names() == ("one", "two")
    assert "one" in registry and list(registry) == ["one", "two"]
    with pytest.raises(ConfigError, match="already registered"):
        registry.register("one", 11)
    registry.register("one", 11, replace=True)
    assert registry.get("one") == 11
    with pytest.raises(ConfigError) as caught:
        registry.get("three")
    assert str(caught.value) == (
        "Unknown widget 'three' in the setting 'test_widget' (REVIEW_ASSISTANT_TEST_WIDGET); "
        "choose one of: one, two."
    )
    for bad in ("", " one"):
        with pytest.raises(ConfigError, match="non-empty name"):
            registry.register(bad, 0)
    registry.unregister("two")
    registry.unregister("absent")
    assert registry.names() == ("one",)


def test_check_setting_uses_the_registry_bound_to_the_setting() -> None:
    registry: Registry[str] = Registry("gadget", setting="test_gadget")
    registry.register("g1", "x")
    assert check_setting("test_gadget", "g1") == "g1"
    with pytest.raises(ConfigError, match="choose one of: g1"):
        check_setting("test_gadget", "g2")
    # No registry bound to a setting: nothing to check against yet.
    assert check_setting("test_unbound", "anything") == "anything"


def test_settings_work_before_and_after_the_assistant_registers_its_builtins() -> None:
    """A process that never imports ``assistant`` (e.g. an ingest-only script) still reads
    settings naming a built-in; once ``assistant`` is imported, names are checked."""
    script = (
        "import sys\n"
        "from core.config import Settings\n"
        "assert 'assistant' not in sys.modules\n"
        "assert Settings(fusion='rrf', llm_backend='ollama').fusion == 'rrf'\n"
        "import assistant\n"
        "from core.errors import ConfigError\n"
        "try:\n"
        "    Settings(fusion='borda')\n"
        "except ConfigError as exc:\n"
        "    print(exc)\n"
    )
    done = fresh_python(script)
    assert done.returncode == 0, done.stderr
    assert "Unknown fusion method 'borda'" in done.stdout
    assert "minmax, rrf, weighted" in done.stdout
