"""Deterministic test doubles for the pipeline's seams."""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterator, Sequence

_WORD = re.compile(r"[a-z0-9]+")


class HashEmbedder:
    """Bag-of-words vectors from hashed tokens: same text, same vector; shared words, closer."""

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim
        self.calls = 0
        self.texts_embedded = 0

    def _vector(self, text: str) -> list[float]:
        vec = [0.0] * self.dim
        for word in _WORD.findall(text.lower()):
            digest = int(hashlib.md5(word.encode()).hexdigest(), 16)
            vec[digest % self.dim] += 1.0 if (digest >> 8) % 2 else -1.0
        norm = math.sqrt(sum(v * v for v in vec)) or 1.0
        return [v / norm for v in vec]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.calls += 1
        self.texts_embedded += len(texts)
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)


class ScriptedChatModel:
    """A chat model that replies with scripted text (or raises a scripted error)."""

    def __init__(self, replies: Sequence[str | Exception], name: str = "scripted") -> None:
        self.replies = list(replies)
        self.name = name
        self.prompts: list[Sequence[tuple[str, str]]] = []

    def stream(self, messages: Sequence[tuple[str, str]]) -> Iterator[str]:
        self.prompts.append(list(messages))
        reply = self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]
        if isinstance(reply, Exception):
            raise reply
        yield from re.findall(r"\S+\s*", reply)
