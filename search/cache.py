"""Embedding cache keyed by content hash: unchanged text is never encoded twice (SQLite on disk)."""

from __future__ import annotations

import contextlib
import hashlib
import sqlite3
from pathlib import Path

import numpy as np

from search.encoder import Encoder

__all__ = ["EmbeddingCache"]


class EmbeddingCache:
    """Vectors of document texts per encoder, stored by SHA-256 of (encoder name, text)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.hits = 0
        self.misses = 0

    def _key(self, encoder: Encoder, text: str) -> str:
        return hashlib.sha256(f"{encoder.name}\0{text}".encode()).hexdigest()

    @staticmethod
    def _open(path: Path) -> sqlite3.Connection:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vec BLOB NOT NULL)")
        return conn

    @staticmethod
    def _lookup(conn: sqlite3.Connection, keys: list[str]) -> dict[str, np.ndarray]:
        """The cached vectors of ``keys`` (SQLite takes at most 999 parameters: 500 at a time)."""
        found: dict[str, np.ndarray] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for key, blob in conn.execute(f"SELECT key, vec FROM vectors WHERE key IN ({marks})", chunk):
                found[key] = np.frombuffer(blob, dtype=np.float32)
        return found

    def missing(self, encoder: Encoder, texts: list[str]) -> int:
        """How many distinct ``texts`` have no cached vector."""
        keys = list({self._key(encoder, t) for t in texts})
        if self.path is None or not self.path.exists():
            return len(keys)
        with contextlib.closing(self._open(self.path)) as conn:
            return len(keys) - len(self._lookup(conn, keys))

    def encode_documents(self, encoder: Encoder, texts: list[str]) -> np.ndarray:
        """Vectors for ``texts``, computing only those not cached yet."""
        keys = [self._key(encoder, t) for t in texts]
        conn = self._open(self.path) if self.path is not None else None
        found = self._lookup(conn, keys) if conn is not None else {}
        first: dict[str, int] = {}
        for i, key in enumerate(keys):
            if key not in found:
                first.setdefault(key, i)
        unique_missing = list(first)
        self.hits += sum(1 for k in keys if k in found)
        self.misses += len(unique_missing)
        if unique_missing:
            vectors = encoder.encode_document([texts[first[k]] for k in unique_missing])
            for key, vec in zip(unique_missing, vectors, strict=True):
                found[key] = np.asarray(vec, dtype=np.float32)
            if conn is not None:
                conn.executemany(
                    "INSERT OR REPLACE INTO vectors VALUES (?, ?)",
                    [(k, found[k].tobytes()) for k in unique_missing],
                )
                conn.commit()
        if conn is not None:
            conn.close()
        if not texts:
            return np.zeros((0, encoder.dimension), dtype=np.float32)
        return np.stack([found[k] for k in keys]).astype(np.float32)
