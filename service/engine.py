"""What the CLI and the web service share: one encoder per process, the search index, the answerer."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import Any

from ingest.load import load_lexicon
from ingest.records import Report
from kg.store import GraphStore
from search.answer import Answerer
from search.cache import EmbeddingCache
from search.encoder import Encoder, HashingEncoder, SentenceTransformerEncoder
from search.errors import IndexMissingError
from search.index import SearchIndex, build_index, embedding_texts
from search.units import Unit, activities_from_reports, units_from_reports
from service.config import Settings, offline_model_environment

__all__ = ["IndexStep", "answerer", "encoder_for", "index_hook", "search_index"]


@lru_cache(maxsize=2)
def _encoder(kind: str, model_dir: Path | None) -> Encoder:
    if kind == "hashing":
        return HashingEncoder()
    offline_model_environment()
    return SentenceTransformerEncoder(model_dir)


def encoder_for(settings: Settings) -> Encoder:
    """The process-wide encoder the settings ask for (loaded once)."""
    return _encoder(settings.encoder, settings.model_dir)


class IndexStep:
    """The build step that writes the search index into a new store folder (a ``kg.corpus.BuildStep``).

    ``inputs`` turns one report into its search units and activity titles (cached with the report);
    ``prepare`` computes the embeddings of new reports into the cache while the graph is validated and
    reasoned over; ``write`` assembles the index of the whole corpus from the inputs, all embeddings cached.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.key = settings.encoder

    def inputs(self, report: Report) -> dict[str, Any]:
        return {
            "units": [u.as_dict() for u in units_from_reports([report])],
            "activities": activities_from_reports([report]),
        }

    @staticmethod
    def _merged(inputs: list[dict[str, Any]]) -> tuple[list[Unit], list[dict[str, Any]]]:
        units = [Unit(**u) for part in inputs for u in part["units"]]
        for i, unit in enumerate(units):
            unit.id = i
        return units, [a for part in inputs for a in part["activities"]]

    def prepare(self, inputs: list[dict[str, Any]]) -> None:
        """Fill the embedding cache in a separate process, so that encoding (torch) and validation and
        reasoning (Python under one interpreter lock, HermiT in Java) share the cores as processes."""
        units, activities = self._merged(inputs)
        texts = embedding_texts(units, load_lexicon(), activities)
        cache = EmbeddingCache(self.settings.embedding_cache)
        if not cache.missing(encoder_for(self.settings), texts):
            return
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
            pool.submit(_fill_cache, self.settings, texts).result()

    def write(self, folder: Path, inputs: list[dict[str, Any]], build_id: str) -> None:
        units, activities = self._merged(inputs)
        cache = EmbeddingCache(self.settings.embedding_cache)
        encoder = encoder_for(self.settings)
        build_index(units, load_lexicon(), encoder, folder / "search", cache, activities, build_id)


def _fill_cache(settings: Settings, texts: list[str]) -> None:
    EmbeddingCache(settings.embedding_cache).encode_documents(encoder_for(settings), texts)


def index_hook(settings: Settings) -> IndexStep:
    """The search-index step of a build for ``settings``."""
    return IndexStep(settings)


@lru_cache(maxsize=4)
def _index(folder: Path, kind: str, model_dir: Path | None) -> SearchIndex:
    index = SearchIndex(folder / "search", load_lexicon(), _encoder(kind, model_dir))
    built = GraphStore(folder.parent.parent).manifest(folder).get("build_id", "")
    recorded = index.meta.get("build_id", "")
    if recorded != built:
        raise IndexMissingError(
            f"the search index in {folder} belongs to build {recorded or '(unknown)'}, the graph to "
            f"build {built or '(unknown)'}; rebuild with `camikg build --force`"
        )
    return index


def search_index(settings: Settings, folder: Path | None = None) -> SearchIndex:
    """The search index of the current store, or of the store in ``folder`` (cached per store)."""
    folder = folder or GraphStore(settings.data_dir).require_current()
    return _index(folder, settings.encoder, settings.model_dir)


def answerer(settings: Settings, folder: Path | None = None) -> Answerer:
    """A question answerer over the graph and search index of one store (the current one by default).

    The store folder is resolved once, so graph and index come from the same build even while a
    rebuild switches stores.
    """
    store = GraphStore(settings.data_dir)
    folder = folder or store.require_current()
    return Answerer(store.open_graph(folder), search_index(settings, folder))
