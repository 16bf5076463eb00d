"""LLM backends as a registry: the built-ins, an unknown name, and adding one backend."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

import pytest

from assistant.llm.backends import (
    BACKENDS,
    BackendConfig,
    LLMBackend,
    backend_names,
    chat_model_from_settings,
    get_backend,
    register_backend,
)
from core.config import Settings
from core.errors import ConfigError
from ingest.index import close_index
from tests.builders import fresh_python, memory_assistant
from tests.fakes import HashEmbedder

_PASSAGE = re.compile(r"^\[(\d+)\] \(.*?\)\n(.+)$", re.M)


class FirstSentenceModel:
    """A chat model that answers with the first sentence of passage [1], cited."""

    def __init__(self, config: BackendConfig) -> None:
        self.name = config.model
        self.config = config
        self.prompts: list[Sequence[tuple[str, str]]] = []

    def stream(self, messages: Sequence[tuple[str, str]]) -> Iterator[str]:
        self.prompts.append(messages)
        passages = dict(_PASSAGE.findall(messages[-1][1]))
        first = re.split(r"(?<=[.!?])\s+", passages["1"].strip())[0].rstrip(".!? ")
        yield f"{first} [1]."


@pytest.fixture
def first_sentence() -> Iterator[LLMBackend]:
    backend = register_backend(
        LLMBackend("first-sentence", FirstSentenceModel, example_url="http://127.0.0.1:9/v1")
    )
    yield backend
    BACKENDS.unregister("first-sentence")


def test_the_builtins_are_registered_once_each() -> None:
    assert backend_names()[:3] == ("openai", "llama-cpp", "ollama")
    assert get_backend("ollama").example_url == "http://localhost:11434"
    with pytest.raises(ConfigError, match="already registered"):
        register_backend(get_backend("openai"))
    with pytest.raises(ConfigError, match="cannot be registered"):
        register_backend(LLMBackend("none", FirstSentenceModel, example_url="http://x"))


def test_an_unknown_backend_is_a_config_error_listing_the_registered_ones() -> None:
    with pytest.raises(ConfigError) as caught:
        Settings(llm_backend="vllm-direct")
    message = str(caught.value)
    assert "'vllm-direct'" in message and "REVIEW_ASSISTANT_LLM_BACKEND" in message
    assert "openai, llama-cpp, ollama" in message
    assert Settings(llm_backend="none").llm_backend == "none"
    # Settings copied without validation still cannot reach an unregistered backend.
    sneaked = Settings().model_copy(update={"llm_backend": "vllm-direct", "llm_model": "m"})
    with pytest.raises(ConfigError, match="choose one of"):
        chat_model_from_settings(sneaked)


def test_llama_cpp_is_the_openai_protocol_against_llama_server() -> None:
    from langchain_openai import ChatOpenAI

    model = chat_model_from_settings(
        Settings(llm_backend="llama-cpp", llm_model="m.gguf", llm_base_url="http://h:8080/v1/")
    )
    assert isinstance(getattr(model, "model", None), ChatOpenAI)
    assert model.name == "m.gguf"


def test_a_registered_backend_is_accepted_and_answers_through_the_service(
    first_sentence: LLMBackend, settings: Settings, hash_embedder: HashEmbedder
) -> None:
    """One registration: settings accept the name, the service builds the model from the
    checked settings and its reply goes through the validator into the answer."""
    assert Settings(llm_backend="first-sentence").llm_backend == "first-sentence"
    chosen = settings.model_copy(
        update={
            "llm_backend": "first-sentence",
            "llm_model": "toy",
            "llm_base_url": "http://127.0.0.1:9/v1/",
        }
    )
    assistant = memory_assistant(chosen, hash_embedder)
    try:
        model = assistant.chat_model
        assert isinstance(model, FirstSentenceModel)
        assert model.config.base_url == "http://127.0.0.1:9/v1"  # checked and normalised
        assistant.ingest()
        answer = assistant.ask("who must be involved in strategy discussions?")
        assert answer.backend == "llm:toy"
        assert model.prompts and not answer.abstained
        assert [c.marker for c in answer.citations] == [1]
        assert answer.text.endswith("[1].")
    finally:
        close_index(chosen)


def test_the_default_extractive_path_imports_no_llm_client() -> None:
    """Registering the built-in backends imports none of their packages: only building one
    does (the default, extractive, path never pays for LangChain's clients)."""
    code = (
        "import sys, ui.cli, assistant.service\n"
        "from assistant.llm.backends import backend_names\n"
        "assert 'ollama' in backend_names()\n"
        "names = ('langchain_openai', 'langchain_ollama', 'openai', 'ollama')\n"
        "print(sorted(m for m in names if m in sys.modules))\n"
    )
    done = fresh_python(code)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]"
