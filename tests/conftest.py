"""Session fixtures: the bundled report parsed once, and one graph store built from it (with reasoning)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.lexicon import Lexicon
from ingest.load import load_lexicon, read_report
from ingest.records import Report

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus" / "cami3-doc2-overview-report.md"
EVAL = REPO.parent / "shared" / "eval"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def lexicon() -> Lexicon:
    return load_lexicon()


@pytest.fixture(scope="session")
def report(lexicon: Lexicon) -> Report:
    """The bundled CAMI report, parsed once."""
    return read_report(CORPUS, lexicon)


@pytest.fixture(scope="session")
def built_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory holding the graph of the bundled report, built once with reasoning."""
    from kg.corpus import build_store
    from service.config import Settings
    from service.engine import index_hook

    data_dir = tmp_path_factory.mktemp("store")
    build_store([CORPUS], data_dir, reason=True, extra=index_hook(Settings(data_dir=data_dir)))
    return data_dir


@pytest.fixture(scope="session")
def settings(built_store: Path):  # type: ignore[no-untyped-def]
    from service.config import Settings

    return Settings(data_dir=built_store)


@pytest.fixture(scope="session")
def index(settings):  # type: ignore[no-untyped-def]
    """The search index of the built store, with the real embedding model (loaded once)."""
    from service.engine import search_index

    return search_index(settings)


@pytest.fixture(scope="session")
def answerer(settings):  # type: ignore[no-untyped-def]
    from service.engine import answerer as make

    return make(settings)


@pytest.fixture(scope="session")
def graph(built_store: Path):  # type: ignore[no-untyped-def]
    """The built graph, opened read-only."""
    from kg.store import GraphStore

    return GraphStore(built_store).open_graph()
