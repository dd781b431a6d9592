"""What the CLI and the web service share: one encoder per process, the search index, the answerer."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from ingest.load import load_lexicon
from ingest.records import Report
from kg.store import GraphStore
from search.answer import Answerer
from search.cache import EmbeddingCache
from search.encoder import Encoder, HashingEncoder, SentenceTransformerEncoder
from search.index import SearchIndex, build_index
from search.units import activities_from_reports, units_from_reports
from service.config import Settings, offline_model_environment

__all__ = ["answerer", "encoder_for", "index_hook", "search_index"]


@lru_cache(maxsize=2)
def _encoder(kind: str, model_dir: Path | None) -> Encoder:
    if kind == "hashing":
        return HashingEncoder()
    offline_model_environment()
    return SentenceTransformerEncoder(model_dir)


def encoder_for(settings: Settings) -> Encoder:
    """The process-wide encoder the settings ask for (loaded once)."""
    return _encoder(settings.encoder, settings.model_dir)


def index_hook(settings: Settings) -> Callable[[Path, list[Report]], None]:
    """The build step that writes the search index into a new store folder."""

    def write(folder: Path, reports: list[Report]) -> None:
        build_index(
            units_from_reports(reports),
            load_lexicon(),
            encoder_for(settings),
            folder / "search",
            EmbeddingCache(settings.embedding_cache),
            activities_from_reports(reports),
        )

    return write


@lru_cache(maxsize=4)
def _index(folder: Path, kind: str, model_dir: Path | None) -> SearchIndex:
    return SearchIndex(folder, load_lexicon(), _encoder(kind, model_dir))


def search_index(settings: Settings) -> SearchIndex:
    """The search index of the current store (cached per store folder)."""
    return _index(GraphStore(settings.data_dir).search_dir, settings.encoder, settings.model_dir)


def answerer(settings: Settings) -> Answerer:
    """A question answerer over the current graph and search index."""
    store = GraphStore(settings.data_dir)
    return Answerer(store.open_graph(), search_index(settings))
