"""Named registries: the one place an extension (a fusion method, an LLM backend) is added.

A :class:`Registry` maps names to extensions and is bound to the setting that chooses one
(``fusion``, ``llm_backend``). :class:`~core.config.Settings` validates such a setting with
:func:`check_setting`: a name no registry holds is a :class:`~core.errors.ConfigError` naming
the setting and the registered choices. The registries themselves live with their
extensions (``assistant.fusion``, ``assistant.llm.backends``; ``core`` imports neither):
until the package that owns a setting's registry is imported, nothing can use the setting,
so it is not checked yet (``import assistant`` registers every built-in).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Generic, TypeVar

from core.errors import ConfigError

T = TypeVar("T")

_BY_SETTING: dict[str, Registry[object]] = {}


class Registry(Generic[T]):
    """Extensions of one kind by name, chosen by the setting ``setting``."""

    def __init__(self, kind: str, setting: str) -> None:
        self.kind = kind
        self.setting = setting
        self._items: dict[str, T] = {}
        _BY_SETTING[setting] = self  # type: ignore[assignment]

    def register(self, name: str, item: T, *, replace: bool = False) -> T:
        """Add ``item`` as ``name`` (returned, so this works as a one-line registration).

        Registering a taken name raises :class:`ConfigError` unless ``replace`` is given:
        two extensions silently fighting over one name would make a setting ambiguous.
        """
        if not name or name != name.strip():
            raise ConfigError(f"A {self.kind} needs a non-empty name without spaces around it.")
        if name in self._items and not replace:
            raise ConfigError(f"A {self.kind} named {name!r} is already registered.")
        self._items[name] = item
        return item

    def unregister(self, name: str) -> None:
        """Remove ``name`` (no error when absent; for plugins that withdraw and tests)."""
        self._items.pop(name, None)

    def get(self, name: str) -> T:
        """The extension registered as ``name`` (:class:`ConfigError` when there is none)."""
        try:
            return self._items[name]
        except KeyError:
            raise self.unknown(name) from None

    def names(self) -> tuple[str, ...]:
        """The registered names, in registration order."""
        return tuple(self._items)

    def __contains__(self, name: object) -> bool:
        return name in self._items

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def unknown(self, name: str) -> ConfigError:
        """The error for a name this registry does not hold: the setting and the choices."""
        env = f"REVIEW_ASSISTANT_{self.setting.upper()}"
        choices = ", ".join(self._items) or "(none registered)"
        return ConfigError(
            f"Unknown {self.kind} {name!r} in the setting '{self.setting}' ({env}); "
            f"choose one of: {choices}."
        )


def check_setting(setting: str, name: str) -> str:
    """``name`` when the registry bound to ``setting`` holds it (or no registry is bound to
    it yet); else raise :class:`ConfigError` naming the setting and the choices."""
    registry = _BY_SETTING.get(setting)
    if registry is not None and name not in registry:
        raise registry.unknown(name)
    return name


__all__ = ["Registry", "check_setting"]
