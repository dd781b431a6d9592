"""Reading reports, vocabularies and layout files from disk (report files through ``ingest.formats``,
which with the readers it calls is the only other place in ``ingest`` that touches files)."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

from rdflib import Graph

from ingest.errors import (
    LayoutError,
)
from ingest.formats import MAX_INPUT_BYTES, read_document, read_text
from ingest.layout import DEFAULT_LAYOUT, DEFAULT_TOML, Layout, layout_from_toml
from ingest.lexicon import Lexicon, lexicon_from_graph
from ingest.parse import parse_report
from ingest.records import Report
from ontology import vocab_files

__all__ = ["load_layout", "load_lexicon", "read_report", "read_text", "vocabulary_graph"]


@lru_cache(maxsize=4)
def vocabulary_graph(paths: tuple[Path, ...] | None = None) -> Graph:
    """Load the SKOS vocabularies (the shipped ones by default) into one graph."""
    graph = Graph()
    for path in paths or tuple(vocab_files()):
        graph.parse(path, format="turtle")
    return graph


@lru_cache(maxsize=4)
def load_lexicon(paths: tuple[Path, ...] | None = None) -> Lexicon:
    """Return the lexicon built from the vocabularies."""
    return lexicon_from_graph(vocabulary_graph(paths))


@lru_cache(maxsize=4)
def load_layout(path: Path | None = None) -> Layout:
    """The shipped report layout, or a user's layout file (TOML) over it: keys it sets replace the shipped
    ones (see docs/layout.md)."""
    if path is None:
        return DEFAULT_LAYOUT
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise LayoutError(f"{path}: cannot read the layout file ({exc.strerror})") from exc
    except UnicodeDecodeError as exc:
        raise LayoutError(f"{path}: the layout file is not UTF-8 text") from exc
    return layout_from_toml(text, str(path), base=tomllib.loads(DEFAULT_TOML))


def read_report(
    path: Path,
    lexicon: Lexicon | None = None,
    max_bytes: int = MAX_INPUT_BYTES,
    layout: Layout | None = None,
) -> Report:
    """Read and parse one report file (markdown/text, .docx or .pdf) with ``layout`` (default: shipped)."""
    text = read_document(path, max_bytes)
    return parse_report(text, lexicon or load_lexicon(), name=path.name, layout=layout or DEFAULT_LAYOUT)
