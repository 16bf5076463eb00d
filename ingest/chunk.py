"""Chunk stage: learning-point blocks -> :class:`Chunk` records ready to embed.

One chunk is one learning point. A block longer than ``max_chars`` is split at sentence
boundaries; the text that is embedded is prefixed with its heading path (review › section),
while the stored quote stays the block's exact wording.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from core.models import Block, Chunk, DocumentMeta, LoadedDocument
from core.text import split_sentences
from ingest.themes import tag_themes


def _split_long(text: str, max_chars: int) -> list[str]:
    if len(text) <= max_chars:
        return [text]
    pieces: list[str] = []
    current = ""
    for sentence in split_sentences(text):
        while len(sentence) > max_chars:  # a single run-on sentence: cut at a space
            cut = sentence.rfind(" ", 0, max_chars) if " " in sentence[:max_chars] else max_chars
            head, sentence = sentence[:cut].strip(), sentence[cut:].strip()
            if current:
                pieces.append(current)
                current = ""
            pieces.append(head)
        candidate = f"{current} {sentence}".strip()
        if len(candidate) > max_chars and current:
            pieces.append(current)
            current = sentence
        else:
            current = candidate
    if current:
        pieces.append(current)
    return pieces


def embed_text_for(review: str, section: str, text: str) -> str:
    """The enriched text that is embedded and indexed for BM25 (heading path + wording)."""
    return f"{review} › {section}\n{text}"


def chunk_id_for(doc_id: str, doc_hash: str, ordinal: int, text: str) -> str:
    """Stable id: the same document content always yields the same ids."""
    digest = hashlib.sha1(f"{doc_id}|{doc_hash}|{ordinal}|{text}".encode()).hexdigest()[:16]
    return f"{doc_id}::{digest}"


def _locate(source: str, piece: str, start_hint: int) -> tuple[int, int]:
    """Best span of ``piece``'s first and last words inside ``source`` from ``start_hint``."""
    words = piece.split()
    if not words:
        return start_hint, start_hint
    first = source.find(words[0], start_hint)
    first = start_hint if first < 0 else first
    last_word = words[-1]
    last = source.find(last_word, first + max(0, len(piece) // 2 - 40))
    end = last + len(last_word) if last >= 0 else min(len(source), first + len(piece))
    return first, max(end, first)


def make_chunks(
    doc: LoadedDocument,
    meta: DocumentMeta,
    blocks: Sequence[Block],
    *,
    max_chars: int = 1000,
) -> tuple[Chunk, ...]:
    """Turn a document's blocks into chunks (splitting any block over ``max_chars``)."""
    chunks: list[Chunk] = []
    for block in blocks:
        pieces = _split_long(block.text, max_chars)
        cursor = block.start
        for index, piece in enumerate(pieces, start=1):
            if len(pieces) == 1:
                start, end, label = block.start, block.end, block.label
            else:
                start, end = _locate(doc.text, piece, cursor)
                end = min(max(end, start), block.end)
                cursor = end
                label = f"{block.label} (part {index} of {len(pieces)})"
            ordinal = len(chunks)
            embed = embed_text_for(block.review, block.section, piece)
            chunks.append(
                Chunk(
                    chunk_id=chunk_id_for(doc.doc_id, doc.content_hash, ordinal, piece),
                    doc_id=doc.doc_id,
                    doc_title=meta.title,
                    review=block.review,
                    section=block.section,
                    learning_point=label,
                    start=start,
                    end=end,
                    source_text=doc.text[start:end],
                    text=piece,
                    embed_text=embed,
                    doc_hash=doc.content_hash,
                    ordinal=ordinal,
                    page=block.page if block.page is not None else doc.page_at(start),
                    themes=tag_themes(f"{block.section}\n{piece}"),
                    role=block.role,
                    practice=block.practice,
                )
            )
    return tuple(chunks)
