"""Input that cannot become a report fails with one clear error from the ingest hierarchy."""

from __future__ import annotations

import pytest

from ingest.errors import (
    BinaryInputError,
    EmptyInputError,
    EncodingError,
    IngestError,
    InputFileError,
    NoParagraphsError,
)
from ingest.load import read_report, read_text


@pytest.mark.parametrize(
    "error", [InputFileError, EmptyInputError, BinaryInputError, EncodingError, NoParagraphsError]
)
def test_every_input_error_is_an_ingest_error(error):
    assert issubclass(error, IngestError)


@pytest.mark.parametrize("data", [b"", b"  \n\n\t\n"])
def test_empty_file(tmp_path, data):
    path = tmp_path / "empty.md"
    path.write_bytes(data)
    with pytest.raises(EmptyInputError, match="empty"):
        read_text(path)


def test_binary_file(tmp_path):
    path = tmp_path / "scan.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + b"\x00" * 64)
    with pytest.raises(BinaryInputError, match="binary"):
        read_report(path)


def test_cp1252_file(tmp_path):
    path = tmp_path / "report.md"
    path.write_bytes(b"Introduction\n\n1. Caf\xe9 talks on Przewalski\x92s horse were held in 2024.\n")
    with pytest.raises(EncodingError, match="UTF-8") as caught:
        read_text(path)
    assert "report.md" in str(caught.value)


def test_text_without_numbered_paragraphs(tmp_path):
    path = tmp_path / "notes.md"
    path.write_text(
        "Introduction\n\nSome notes on the Snow Leopard, without numbered paragraphs.\n", encoding="utf-8"
    )
    with pytest.raises(NoParagraphsError, match="numbered paragraphs"):
        read_report(path)


def test_missing_file(tmp_path):
    with pytest.raises(InputFileError):
        read_text(tmp_path / "missing.md")


def test_utf8_with_bom_and_windows_line_ends_is_read(tmp_path):
    path = tmp_path / "report.md"
    path.write_bytes("\ufeffIntroduction\r\n\r\n1. Przewalski’s horse returned.\r\n".encode())
    assert read_text(path) == "Introduction\n\n1. Przewalski’s horse returned.\n"
