"""Hybrid search with the real model: beats both baselines, filters, best sentences."""

from __future__ import annotations

import json
from pathlib import Path

from search.evaluate import score_search
from search.index import Filters

EVAL = Path(__file__).resolve().parents[2].parent / "shared" / "eval"
OWN = Path(__file__).resolve().parents[1] / "data" / "extra_search.json"


def _ndcg(index, gold, mode):  # type: ignore[no-untyped-def]
    ranked = {q["id"]: [h.paragraph.paragraph for h in index.search(q["query"], mode=mode)] for q in gold}
    return score_search(gold, ranked)["ndcg@10"]


def test_hybrid_beats_both_baselines(index):
    for path in (EVAL / "dev_search.json", OWN):
        gold = json.loads(path.read_text())
        hybrid = _ndcg(index, gold, "hybrid")
        assert hybrid > _ndcg(index, gold, "lexical"), path.name
        assert hybrid > _ndcg(index, gold, "dense"), path.name


def test_best_sentence_is_from_the_paragraph(index):
    hits = index.search("public tip-off app for reporting poachers", limit=5)
    assert {102, 110, 120, 412} & {h.paragraph.paragraph for h in hits}  # the dev set's grade-2 paragraphs
    for h in hits:
        assert h.sentence is not None and h.sentence.paragraph == h.paragraph.paragraph


def test_filters(index):
    kz = "https://w3id.org/cami-kg/vocab/country/KZ"
    hits = index.search("wildlife passages", limit=10, filters=Filters(country=kz))
    assert hits and all(kz in h.paragraph.positive for h in hits)
    themed = index.search("training", limit=10, filters=Filters(theme="Capacity"))
    assert themed and all(h.paragraph.theme == "Capacity Development" for h in themed)
    rated = index.search("monitoring", limit=10, filters=Filters(rating="Not achieved"))
    assert rated and all(h.paragraph.rating == "Not achieved" for h in rated)
    snow = "https://w3id.org/cami-kg/vocab/species/snow-leopard"
    assert all(snow in h.paragraph.species for h in index.search("conflict", filters=Filters(species=snow)))
