"""LLM backends as a registry: a backend is one :class:`LLMBackend` and one
:func:`register_backend` call; the setting ``llm_backend`` (``REVIEW_ASSISTANT_LLM_BACKEND``)
then accepts its name and :func:`chat_model_from_settings` builds it.

Built in: ``openai`` (any OpenAI-compatible server: vLLM, LM Studio, ...), ``llama-cpp``
(llama.cpp's ``llama-server``, which speaks the same protocol) and ``ollama``. LangChain and
the backends' packages are imported only when a backend is built, never on the default
extractive path.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from core.config import Settings
from core.errors import ConfigError, LLMError
from core.protocols import ChatModel
from core.registry import Registry

if TYPE_CHECKING:
    from langchain_core.language_models.chat_models import BaseChatModel
    from langchain_core.messages import BaseMessage


@dataclass(frozen=True)
class BackendConfig:
    """The checked connection settings a backend's factory gets (``base_url`` without a
    trailing slash)."""

    model: str
    base_url: str
    api_key: str
    timeout_s: float


@dataclass(frozen=True)
class LLMBackend:
    """One LLM backend: ``build`` makes its chat model from the checked settings (raising
    :class:`ConfigError` when its package is missing); ``example_url`` and
    ``example_model`` go into the error messages that say what to set."""

    name: str
    build: Callable[[BackendConfig], ChatModel]
    example_url: str
    example_model: str = "qwen2.5-7b-instruct"
    description: str = ""


BACKENDS: Registry[LLMBackend] = Registry("LLM backend", setting="llm_backend")


def register_backend(backend: LLMBackend, *, replace: bool = False) -> LLMBackend:
    """Make ``backend`` available as ``llm_backend=<backend.name>``."""
    if backend.name == "none":
        raise ConfigError("'none' means no LLM backend; it cannot be registered.")
    return BACKENDS.register(backend.name, backend, replace=replace)


def get_backend(name: str) -> LLMBackend:
    """The backend registered as ``name`` (:class:`ConfigError` listing the registered
    ones when there is none)."""
    return BACKENDS.get(name)


def backend_names() -> tuple[str, ...]:
    """The registered backends' names."""
    return BACKENDS.names()


def chat_model_from_settings(settings: Settings) -> ChatModel:
    """The chat model of the configured backend.

    Raises :class:`ConfigError` when the backend is ``none`` or not registered, the model
    name or base URL is missing, or the backend's package is not installed.
    """
    name = settings.llm_backend
    if name == "none":
        raise ConfigError(
            "No LLM backend is configured (REVIEW_ASSISTANT_LLM_BACKEND=none); set it to one "
            f"of {', '.join(backend_names())} to use a language model."
        )
    backend = get_backend(name)
    model = settings.llm_model.strip()
    if not model:
        raise ConfigError(
            f"REVIEW_ASSISTANT_LLM_MODEL is not set: name the model to use with the "
            f"'{name}' backend (for example '{backend.example_model}')."
        )
    base_url = (settings.llm_base_url or "").strip().rstrip("/")
    if not base_url:
        raise ConfigError(
            f"REVIEW_ASSISTANT_LLM_BASE_URL is not set: give the address of the '{name}' "
            f"server (for example {backend.example_url})."
        )
    if not re.match(r"^https?://[^\s/]+", base_url):
        raise ConfigError(
            f"REVIEW_ASSISTANT_LLM_BASE_URL must be an http:// or https:// address, "
            f"not {base_url!r}."
        )
    config = BackendConfig(model, base_url, settings.llm_api_key, settings.llm_timeout_s)
    return backend.build(config)


# -- the LangChain adapter ------------------------------------------------------------------
class LangChainChatModel:
    """A :class:`~core.protocols.ChatModel` backed by a LangChain ``BaseChatModel``.

    ``stream()`` maps ``(role, content)`` pairs to LangChain messages and yields the text of
    each streamed chunk. Any failure (connection refused, timeout, HTTP error, bad reply) is
    raised as :class:`LLMError`.
    """

    def __init__(self, model: BaseChatModel, name: str) -> None:
        self.model = model
        self.name = name

    def stream(self, messages: Sequence[tuple[str, str]]) -> Iterator[str]:
        """Stream the reply to ``messages`` as text pieces."""
        lc_messages = to_langchain_messages(messages)
        try:
            for chunk in self.model.stream(lc_messages):
                text = _chunk_text(chunk.content)
                if text:
                    yield text
        except LLMError:
            raise
        except Exception as exc:
            raise LLMError(
                f"The language model '{self.name}' failed: {type(exc).__name__}: {exc}"
            ) from exc


def to_langchain_messages(messages: Sequence[tuple[str, str]]) -> list[BaseMessage]:
    """``(role, content)`` pairs -> LangChain messages (system / user / assistant roles)."""
    from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

    kinds: dict[str, type[BaseMessage]] = {
        "system": SystemMessage,
        "user": HumanMessage,
        "human": HumanMessage,
        "assistant": AIMessage,
        "ai": AIMessage,
    }
    converted: list[BaseMessage] = []
    for role, content in messages:
        kind = kinds.get(role.lower())
        if kind is None:
            raise LLMError(f"Unknown chat message role {role!r}.")
        converted.append(kind(content=content))
    return converted


def _chunk_text(content: Any) -> str:
    """The text of a streamed chunk's ``content`` (a string, or a list of content blocks)."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts: list[str] = []
        for block in content:
            if isinstance(block, str):
                parts.append(block)
            elif isinstance(block, dict) and block.get("type") == "text":
                parts.append(str(block.get("text", "")))
        return "".join(parts)
    return ""


# -- the built-in backends --------------------------------------------------------------------
def _missing(backend: str, package: str) -> ConfigError:
    return ConfigError(
        f"The '{backend}' LLM backend needs {package}: run pip install -e \".[llm]\""
    )


def _openai(config: BackendConfig) -> ChatModel:
    try:
        from langchain_openai import ChatOpenAI
    except ImportError as exc:
        raise _missing("openai", "langchain-openai") from exc
    kwargs: dict[str, Any] = {
        "model": config.model,
        "base_url": config.base_url,
        "api_key": config.api_key or "not-needed",
        "timeout": config.timeout_s,
        "max_retries": 0,
        "streaming": True,
        "temperature": 0,
    }
    return LangChainChatModel(ChatOpenAI(**kwargs), name=config.model)


def _ollama(config: BackendConfig) -> ChatModel:
    try:
        from langchain_ollama import ChatOllama
    except ImportError as exc:
        raise _missing("ollama", "langchain-ollama") from exc
    kwargs: dict[str, Any] = {
        "model": config.model,
        "base_url": config.base_url,
        "temperature": 0,
        "client_kwargs": {"timeout": config.timeout_s},
    }
    return LangChainChatModel(ChatOllama(**kwargs), name=config.model)


register_backend(
    LLMBackend(
        "openai",
        _openai,
        example_url="http://localhost:8080/v1",
        description="any OpenAI-compatible server (vLLM, LM Studio, ...)",
    )
)
register_backend(
    LLMBackend(
        "llama-cpp",
        _openai,
        example_url="http://localhost:8080/v1",
        example_model="the GGUF file llama-server loaded",
        description="llama.cpp's llama-server (its OpenAI-compatible API)",
    )
)
register_backend(
    LLMBackend(
        "ollama",
        _ollama,
        example_url="http://localhost:11434",
        example_model="llama3.1:8b",
        description="a local Ollama server",
    )
)

__all__ = [
    "BACKENDS",
    "BackendConfig",
    "LLMBackend",
    "LangChainChatModel",
    "backend_names",
    "chat_model_from_settings",
    "get_backend",
    "register_backend",
    "to_langchain_messages",
]
