"""Fusion and lexical scoring against hand-computed values."""

from __future__ import annotations

import numpy as np
import pytest

from search.lexical import BM25Index, tokenize
from search.rank import Weights, entity_overlap, fuse, normalize


def test_normalize_min_max():
    assert normalize(np.array([2.0, 4.0, 3.0])).tolist() == [0.0, 1.0, 0.5]
    assert normalize(np.array([5.0, 5.0])).tolist() == [0.0, 0.0]


def test_fusion_by_hand():
    dense = np.array([0.2, 0.6, 0.4])  # normalized: 0, 1, 0.5
    lexical = np.array([3.0, 0.0, 1.5])  # normalized: 1, 0, 0.5
    entity = np.array([1.0, 0.0, 0.5])
    fused = fuse(dense, lexical, entity, Weights(dense=0.5, lexical=0.3, entity=0.2))
    assert fused.tolist() == pytest.approx([0.3 + 0.2, 0.5, 0.25 + 0.15 + 0.1])


def test_expansion_scores_count_only_when_weighted():
    dense, lexical, entity = np.array([0.0, 1.0]), np.array([1.0, 0.0]), np.zeros(2)
    expansion = np.array([0.0, 2.0])
    plain = fuse(dense, lexical, entity, Weights(0.5, 0.5, 0.0, 0.0), expansion)
    weighted = fuse(dense, lexical, entity, Weights(0.5, 0.5, 0.0, 0.25), expansion)
    assert plain.tolist() == [0.5, 0.5]
    assert weighted.tolist() == [0.5, 0.75]


def test_entity_overlap():
    assert entity_overlap({"a", "b"}, [{"a"}, {"a", "b", "c"}, set()]).tolist() == [0.5, 1.0, 0.0]
    assert entity_overlap(set(), [{"a"}]).tolist() == [0.0]


def test_tokenize_folds_plurals_and_drops_stopwords():
    assert tokenize("The wildlife passages in border fences") == ["wildlife", "passage", "border", "fence"]
    assert tokenize("passage") == tokenize("passages")
    assert tokenize("community") == tokenize("communities")


def test_bm25_prefers_the_matching_text():
    index = BM25Index.build(
        ["SMART patrols in parks", "livestock insurance schemes", "insurance for herders"]
    )
    scores = index.scores(tokenize("livestock insurance"))
    assert int(np.argmax(scores)) == 1
    assert index.scores(["unknownword"]).tolist() == [0.0, 0.0, 0.0]
