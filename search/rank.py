"""Score fusion for hybrid search (pure): min-max normalized dense and BM25 scores plus entity overlap."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Weights", "entity_overlap", "fuse", "normalize"]


@dataclass(frozen=True)
class Weights:
    """Fusion weights. Measured on the dev and our own query sets (bench), expanding BM25 with SKOS labels
    and boosting units that mention the query's concepts lowered nDCG@10, so both default to 0; the graph
    informs search through filters and through the answerer instead."""

    dense: float = 0.5
    lexical: float = 0.35
    entity: float = 0.0
    expansion: float = 0.0


def normalize(scores: np.ndarray) -> np.ndarray:
    """Scale to [0, 1] by min and max; a flat list becomes all zeros."""
    scores = np.asarray(scores, dtype=np.float64)
    if scores.size == 0:
        return scores
    low, high = float(scores.min()), float(scores.max())
    if high - low <= 1e-12:
        return np.zeros_like(scores)
    return (scores - low) / (high - low)


def entity_overlap(query_concepts: set[str], unit_concepts: list[set[str]]) -> np.ndarray:
    """Share of the query's recognized concepts that each unit mentions (0 when the query has none)."""
    if not query_concepts:
        return np.zeros(len(unit_concepts))
    return np.array([len(query_concepts & c) / len(query_concepts) for c in unit_concepts], dtype=np.float64)


def fuse(
    dense: np.ndarray,
    lexical: np.ndarray,
    entity: np.ndarray,
    weights: Weights = Weights(),
    expansion: np.ndarray | None = None,
) -> np.ndarray:
    """Weighted sum of normalized dense, lexical and expansion scores and the raw entity overlap."""
    out = weights.dense * normalize(dense) + weights.lexical * normalize(lexical) + weights.entity * entity
    if expansion is not None and weights.expansion:
        out = out + weights.expansion * normalize(expansion)
    return out
