"""Reading reports and vocabularies from disk: the only place in ``ingest`` that touches files."""

from __future__ import annotations

import codecs
import tomllib
from functools import lru_cache
from pathlib import Path

from rdflib import Graph

from ingest.errors import (
    BinaryInputError,
    EmptyInputError,
    EncodingError,
    InputFileError,
    InputTooLargeError,
    LayoutError,
)
from ingest.formats import read_document
from ingest.layout import DEFAULT_LAYOUT, DEFAULT_TOML, Layout, layout_from_toml
from ingest.lexicon import Lexicon, lexicon_from_graph
from ingest.parse import parse_report
from ingest.records import Report
from ontology import vocab_files

__all__ = ["load_layout", "load_lexicon", "read_report", "read_text", "vocabulary_graph"]

# Control characters that never occur in text (NUL and friends); tab, newline, CR and FF do.
_BINARY = set(range(0, 9)) | {11} | set(range(14, 32))


# Byte-order marks name their encoding unambiguously; anything else must be UTF-8.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
MAX_INPUT_BYTES = 16 * 1024 * 1024  # a report is well under 1 MB of text; more is likely a wrong file


def read_text(path: Path, max_bytes: int = MAX_INPUT_BYTES) -> str:
    """Read a text file (UTF-8, or UTF-16/32 with a byte-order mark) with line endings normalized to \\n.

    Empty, binary, oversized and non-UTF-8 input (cp1252, Latin-1) is refused with a clear error: guessing
    a legacy encoding could silently change characters and with them every evidence offset.
    """
    if not path.exists():
        raise InputFileError(f"{path}: no such file")
    if not path.is_file():
        raise InputFileError(f"{path}: not a file")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputTooLargeError(
                f"{path}: {size / 1e6:.1f} MB is more than the {max_bytes / 1e6:.0f} MB a report may have; "
                "split it into its reports (or raise CAMIKG_MAX_INPUT_BYTES)"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise InputFileError(f"{path}: cannot read ({exc.strerror})") from exc
    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), "utf-8")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        if _looks_binary(data):
            raise _binary(path) from exc
        line = data[: exc.start].count(b"\n") + 1
        raise EncodingError(
            f"{path}: not valid {encoding.upper().removesuffix('-SIG')} (byte 0x{data[exc.start]:02x} on "
            f"line {line}); it may be cp1252/Latin-1 — re-save it as UTF-8"
        ) from exc
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise EmptyInputError(f"{path}: the file is empty; give a report as UTF-8 text")
    if _looks_binary(text[:8192].encode("utf-8", "replace")):
        raise _binary(path)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    return b"\x00" in sample or sum(b in _BINARY for b in sample) > len(sample) // 100 + 1


def _binary(path: Path) -> BinaryInputError:
    return BinaryInputError(
        f"{path}: this is a binary file, not text; give the report as UTF-8 text (.md/.txt)"
    )


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
