"""Lexical retrieval: BM25 (bm25s) over our own tokenizer with light stemming."""

from __future__ import annotations

import re
from pathlib import Path

import bm25s
import numpy as np

__all__ = ["BM25Index", "tokenize"]

_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "that",
        "the",
        "their",
        "these",
        "this",
        "those",
        "to",
        "was",
        "were",
        "which",
        "with",
        "what",
        "who",
        "whom",
        "how",
        "many",
        "much",
        "does",
        "do",
        "did",
        "not",
        "no",
        "which",
        "countries",
        "country",
    ]
)


def _stem(token: str) -> str:
    """Fold English plurals: communities -> community, fences -> fence, boxes -> box, passages -> passage."""
    if len(token) <= 3 or token.endswith(("ss", "us", "is")):
        return token
    if token.endswith("ies") and len(token) > 4:
        return token[:-3] + "y"
    if token.endswith(("ses", "xes", "zes", "ches", "shes")):
        return token[:-2]
    if token.endswith("s"):
        return token[:-1]
    return token


def tokenize(text: str) -> list[str]:
    """Lower-case word tokens without stopwords, plurals folded ("passages" -> "passag")."""
    return [_stem(t) for t in re.findall(r"[a-z0-9]+", text.lower().replace("’", "'")) if t not in _STOP]


class BM25Index:
    """BM25 scores of every unit for a query."""

    def __init__(self, model: bm25s.BM25, size: int) -> None:
        self._model = model
        self._size = size
        self._vocab = set(getattr(model, "vocab_dict", {}) or {})

    @classmethod
    def build(cls, texts: list[str]) -> BM25Index:
        model = bm25s.BM25()
        model.index([tokenize(t) or ["<empty>"] for t in texts], show_progress=False)
        return cls(model, len(texts))

    def save(self, folder: Path) -> None:
        self._model.save(str(folder), show_progress=False)

    @classmethod
    def load(cls, folder: Path, size: int) -> BM25Index:
        return cls(bm25s.BM25.load(str(folder), show_progress=False), size)

    def scores(self, tokens: list[str]) -> np.ndarray:
        known = [t for t in tokens if t in self._vocab] if self._vocab else tokens
        if not known:
            return np.zeros(self._size, dtype=np.float32)
        return np.asarray(self._model.get_scores(known), dtype=np.float32)
