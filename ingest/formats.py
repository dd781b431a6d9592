"""Report files in the formats users receive (markdown/text, DOCX, PDF) as the text the parser reads.

The parser reads a markdown-ish text: headings on their own lines, each numbered paragraph as one line
"60. ...", italics as ``*...*``, bold as ``**...**``, sub-items as "- a) ..." lines, blank lines between
blocks. DOCX is converted by ``ingest.docx_reader``, PDF by ``ingest.pdf_reader`` (with what they share
in ``ingest.markup``); anything else is read as text. Offsets in the parsed report point into this text.
"""

from __future__ import annotations

from pathlib import Path

from ingest.docx_reader import read_docx
from ingest.errors import DocumentFormatError, EmptyInputError, InputFileError, InputTooLargeError
from ingest.pdf_reader import read_pdf

__all__ = ["read_document"]


def read_document(path: Path, max_bytes: int) -> str:
    """Return the text of a report file: .docx and .pdf are converted, anything else is read as text."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return _nonempty(read_docx(_read_bytes(path, max_bytes), path), path)
    if suffix == ".pdf":
        return _nonempty(read_pdf(_read_bytes(path, max_bytes), path), path)
    if suffix in {".doc", ".odt", ".rtf"}:
        raise DocumentFormatError(f"{path}: {suffix} files are not read; save the report as .docx or .pdf")
    from ingest.load import read_text  # load imports this module for read_report

    return read_text(path, max_bytes)


def _read_bytes(path: Path, max_bytes: int) -> bytes:
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
