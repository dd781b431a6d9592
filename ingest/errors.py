"""Errors raised while reading and parsing a report.

    IngestError                 base: the input cannot become a report
    ├── InputFileError          the file is missing, unreadable or not a file
    ├── EmptyInputError         the file holds no text
    ├── BinaryInputError        the file is binary (an image, a zip) where text was expected
    ├── DocumentFormatError     a .docx or .pdf cannot be read: damaged, encrypted, or a scan without text
    ├── EncodingError           the bytes are not UTF-8 (e.g. cp1252); re-save the file as UTF-8
    ├── InputTooLargeError      the file is larger than a report can be (CAMIKG_MAX_INPUT_BYTES)
    ├── LayoutError             a layout file (CAMIKG_LAYOUT) is not valid TOML or has a bad pattern
    └── NoParagraphsError       the text has no numbered paragraphs ("1. ...")

Messages name the file, say what was wrong and what to do.
"""

from __future__ import annotations

__all__ = [
    "BinaryInputError",
    "DocumentFormatError",
    "EmptyInputError",
    "EncodingError",
    "IngestError",
    "InputFileError",
    "InputTooLargeError",
    "LayoutError",
    "NoParagraphsError",
]


class IngestError(Exception):
    """The input cannot be turned into a report."""


class InputFileError(IngestError):
    """The file is missing or unreadable."""


class EmptyInputError(IngestError):
    """The file holds no text."""


class BinaryInputError(IngestError):
    """The file is binary, not text."""


class DocumentFormatError(IngestError):
    """A DOCX or PDF file cannot be read (damaged, encrypted, or a scanned PDF without a text layer)."""


class EncodingError(IngestError):
    """The file is not valid UTF-8."""


class InputTooLargeError(IngestError):
    """The file is larger than a report can be."""


class LayoutError(IngestError):
    """A layout file cannot be used."""


class NoParagraphsError(IngestError):
    """The text has no numbered paragraphs."""
