"""Reading reports and vocabularies from disk: the only place in ``ingest`` that touches files."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rdflib import Graph

from ingest.errors import BinaryInputError, EmptyInputError, EncodingError, InputFileError
from ingest.lexicon import Lexicon, lexicon_from_graph
from ingest.parse import parse_report
from ingest.records import Report
from ontology import vocab_files

__all__ = ["load_lexicon", "read_report", "read_text", "vocabulary_graph"]

# Control characters that never occur in text (NUL and friends); tab, newline, CR and FF do.
_BINARY = set(range(0, 9)) | {11} | set(range(14, 32))


def read_text(path: Path) -> str:
    """Read a UTF-8 text file, refusing empty, binary and non-UTF-8 input with a clear error."""
    if not path.exists():
        raise InputFileError(f"{path}: no such file")
    if not path.is_file():
        raise InputFileError(f"{path}: not a file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputFileError(f"{path}: cannot read ({exc.strerror})") from exc
    if not data.strip():
        raise EmptyInputError(f"{path}: the file is empty; give a report as UTF-8 text")
    sample = data[:8192]
    if b"\x00" in sample or sum(b in _BINARY for b in sample) > len(sample) // 100 + 1:
        raise BinaryInputError(
            f"{path}: this is a binary file, not text; give the report as UTF-8 text (.md/.txt)"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise EncodingError(
            f"{path}: not valid UTF-8 (byte 0x{data[exc.start]:02x} on line {line}); "
            "it may be cp1252/Latin-1 — re-save it as UTF-8"
        ) from exc
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


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


def read_report(path: Path, lexicon: Lexicon | None = None) -> Report:
    """Read and parse one report file."""
    text = read_text(path)
    return parse_report(text, lexicon or load_lexicon(), name=path.name)
