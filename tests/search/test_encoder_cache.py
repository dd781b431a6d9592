"""Encoders and the content-hash embedding cache."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from search.cache import EmbeddingCache
from search.encoder import HashingEncoder, SentenceTransformerEncoder
from search.errors import ModelError


class CountingEncoder(HashingEncoder):
    def __init__(self) -> None:
        super().__init__(16)
        self.encoded: list[str] = []

    def encode_document(self, texts: list[str]) -> np.ndarray:
        self.encoded += texts
        return super().encode_document(texts)


def test_hashing_encoder_is_deterministic_and_normalized():
    enc = HashingEncoder(32)
    a, b = enc.encode_query(["snow leopard"]), enc.encode_query(["snow leopard"])
    assert np.array_equal(a, b)
    assert float(np.linalg.norm(a[0])) == pytest.approx(1.0)


def test_cache_encodes_unchanged_text_once(tmp_path: Path):
    enc = CountingEncoder()
    cache = EmbeddingCache(tmp_path / "cache.sqlite")
    first = cache.encode_documents(enc, ["a text", "another text", "a text"])
    assert enc.encoded == ["a text", "another text"]
    again = EmbeddingCache(tmp_path / "cache.sqlite").encode_documents(enc, ["another text", "new text"])
    assert enc.encoded == ["a text", "another text", "new text"]
    assert np.array_equal(first[1], again[0])


def test_model_with_wrong_checksum_is_refused(tmp_path: Path):
    (tmp_path / "model.safetensors").write_bytes(b"not the model")
    with pytest.raises(ModelError, match="SHA-256"):
        SentenceTransformerEncoder(tmp_path)


def test_missing_model_is_refused(tmp_path: Path):
    with pytest.raises(ModelError, match="no model weights"):
        SentenceTransformerEncoder(tmp_path)
