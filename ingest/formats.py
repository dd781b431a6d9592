"""Report files in the formats users receive (markdown/text, DOCX, PDF) as the text the parser reads.

The parser reads a markdown-ish text: headings on their own lines, each numbered paragraph as one line
"60. ...", italics as ``*...*``, bold as ``**...**``, sub-items as "- a) ..." lines, blank lines between
blocks. DOCX is converted by ``ingest.docx_reader``, PDF by ``ingest.pdf_reader`` (with what they share
in ``ingest.markup``); anything else is read as text — UTF-8, or UTF-16/32 with a byte-order mark, line
endings normalized — and refused with a clear error when empty, binary, oversized or in a legacy
encoding. Offsets in the parsed report point into this text.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from ingest.docx_reader import read_docx
from ingest.errors import (
    BinaryInputError,
    DocumentFormatError,
    EmptyInputError,
    EncodingError,
    InputFileError,
    InputTooLargeError,
)
from ingest.pdf_reader import read_pdf

__all__ = ["MAX_INPUT_BYTES", "read_bytes", "read_document", "read_text"]

MAX_INPUT_BYTES = 16 * 1024 * 1024  # a report is well under 1 MB of text; more is likely a wrong file


def read_document(path: Path, max_bytes: int) -> str:
    """Return the text of a report file: .docx and .pdf are converted, anything else is read as text."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return _nonempty(read_docx(read_bytes(path, max_bytes), path), path)
    if suffix == ".pdf":
        return _nonempty(read_pdf(read_bytes(path, max_bytes), path), path)
    if suffix in {".doc", ".odt", ".rtf"}:
        raise DocumentFormatError(f"{path}: {suffix} files are not read; save the report as .docx or .pdf")
    return read_text(path, max_bytes)


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, or a clear error: missing, not a file, unreadable, larger than ``max_bytes``."""
    if not path.is_file():
        raise InputFileError(f"{path}: {'not a file' if path.exists() else 'no such file'}")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputTooLargeError(
                f"{path}: {size / 1e6:.1f} MB is more than the {max_bytes / 1e6:.0f} MB a report may have; "
                "split it into its reports (or raise CAMIKG_MAX_INPUT_BYTES)"
            )
        return path.read_bytes()
    except OSError as exc:
        raise InputFileError(f"{path}: cannot read ({exc.strerror})") from exc


def _nonempty(text: str, path: Path) -> str:
    if not text.strip():
        raise EmptyInputError(f"{path}: the document holds no text")
    return text


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
    data = read_bytes(path, max_bytes)
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
